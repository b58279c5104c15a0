import { DocpactError } from '../errors.js';
import { readYaml, writeYaml } from '../text/yaml.js';
import { settle } from '../io/journal.js';
import { readStamped, readText, type Root } from '../io/fs.js';
import { CONFIG_FILE, findRoot } from './root.js';
import { DocpactConfig, type DocpactConfigInput } from './schema.js';
import { configExamples } from './examples.js';
import type { DocpactConfig as Config } from './schema.js';

// Where the repo and its config are found; re-exported for the commands that parse the config directly.
export { CONFIG_FILE, findRoot };

/** Validate parsed YAML; every bad key path is listed at once. */
export function validateConfig(data: unknown, file = CONFIG_FILE): DocpactConfig {
  const res = DocpactConfig.safeParse(data ?? {});
  if (res.success) return res.data;
  throw new DocpactError(
    'config',
    `${file} is invalid. Fix these keys and run again:`,
    res.error.issues.flatMap((i) =>
      // zod/mini says only "Invalid input" for unknown keys: name each one.
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => `${[...i.path, k].join('.')}: unknown key; see the "Configuration" section of docpact's README for the keys`)
        : [`${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`],
    ),
  );
}

export function parseConfig(text: string, file = CONFIG_FILE): DocpactConfig {
  const data = readYaml(text, file);
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new DocpactError('config', `${file} must be a mapping of keys (version, project, paths, …).`, [], 1);
  }
  return validateConfig(data, file);
}

/** The last docpact.yaml parsed in this process, by root and stamp (a long-lived MCP server reads it per call). */
const parsed = new Map<string, { text: string; config: DocpactConfig }>();

/** Load docpact.yaml from a root; a missing file means the repo is not initialised. */
export function loadConfig(root: Root): DocpactConfig {
  const got = readStamped(root, CONFIG_FILE);
  if (got === null) {
    throw new DocpactError('config', `No ${CONFIG_FILE} in ${root.dir}. Run "docpact init" there first, or pass -C <repo>.`);
  }
  const known = parsed.get(root.dir);
  // Same bytes as last time: the same configuration (compared by text).
  if (known && known.text === got.text) return known.config;
  const config = parseConfig(got.text);
  parsed.set(root.dir, { text: got.text, config });
  return config;
}

/**
 * docpact.yaml as init writes it: the resolved settings, commented, and —
 * while it declares none — commented examples of gates and generators in the
 * project's words (src/config/examples.ts).
 */
export function renderConfig(input: DocpactConfigInput): string {
  const c = validateConfig(input);
  const header =
    '# docpact configuration. Every key is described in the "Configuration" section of docpact\'s README.\n' +
    '# Paths are relative to this file. Run "docpact check" after editing.\n';
  return header + writeYaml(c, c.gates || c.generated ? undefined : configExamples(c));
}

/**
 * Root and config for a read-only command run from `cwd` (the -C flag or the
 * process cwd). A plan interrupted by a crash is completed first, so what the
 * command reads is never half-applied.
 */
export function openRepo(cwd: string): { root: Root; config: Config } {
  const root = findRoot(cwd);
  const config = loadConfig(root);
  settle(root);
  return { root, config };
}
