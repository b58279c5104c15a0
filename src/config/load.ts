import { DocpactError } from '../errors.js';
import { keyLines, readYaml, writeYaml } from '../text/yaml.js';
import { closest } from '../text/suggest.js';
import { settle } from '../io/journal.js';
import { readStamped, readText, type Root } from '../io/fs.js';
import { CONFIG_FILE, findRoot } from './root.js';
import { DocpactConfig, type DocpactConfigInput } from './schema.js';
import { configExamples } from './examples.js';
import type { DocpactConfig as Config } from './schema.js';

// Where the repo and its config are found; re-exported for the commands that parse the config directly.
export { CONFIG_FILE, findRoot };

/** A zod issue, as far as docpact reads it. */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: unknown[];
  keys?: string[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  exact?: boolean;
}

/** zod's words for a value it did not accept, when nobody wrote better ones. */
const GENERIC = 'Invalid input';
const TYPES: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', array: 'a list', object: 'a mapping', boolean: 'true or false' };

/** The value at a key path of what the file says (undefined when it is not there). */
function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

/** A value as the message quotes it. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'nothing (null)';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** The keys the schema knows at a path (for "did you mean"): zod's own definitions, unwrapped. */
function keysAt(path: readonly PropertyKey[]): string[] {
  type Def = { type: string; in?: Schema; innerType?: Schema; element?: Schema; shape?: Record<string, Schema> };
  type Schema = { _zod: { def: Def } };
  const unwrap = (s: Schema | undefined): Schema | undefined => {
    for (let d = s?._zod.def; s && d; d = s?._zod.def) {
      if (d.type === 'pipe') s = d.in;
      else if (d.type === 'default' || d.type === 'optional' || d.type === 'prefault') s = d.innerType;
      else return s;
    }
    return s;
  };
  let s = unwrap(DocpactConfig as unknown as Schema);
  for (const seg of path) s = unwrap(typeof seg === 'number' ? s?._zod.def.element : s?._zod.def.shape?.[String(seg)]);
  return Object.keys(s?._zod.def.shape ?? {});
}

/** What was expected and what the file has, in words: "expected a number, got "four"". */
function explain(i: Issue, data: unknown): string {
  const got = valueAt(data, i.path);
  const gotten = got === undefined ? 'nothing' : shown(got);
  const custom = i.message && i.message !== GENERIC ? i.message : undefined;
  const size = (n: number | bigint | undefined, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;
  const bound = (word: 'least' | 'most', n: number | bigint | undefined) => {
    if (i.origin === 'string') return `expected ${i.exact ? 'exactly' : `at ${word}`} ${size(n, 'character')}`;
    if (i.origin === 'array') return `expected ${i.exact ? 'exactly' : `at ${word}`} ${size(n, 'item')}`;
    return `expected ${i.exact ? 'exactly' : `at ${word}`} ${n}`;
  };
  switch (i.code) {
    case 'invalid_type':
      return custom ?? `expected ${TYPES[i.expected ?? ''] ?? i.expected}, got ${gotten}`;
    case 'invalid_value': {
      const values = (i.values ?? []).map(String);
      const near = typeof got === 'string' ? closest(got, values) : undefined;
      return `${custom ?? `expected ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`}, got ${gotten}${near ? `; did you mean "${near}"?` : ''}`;
    }
    case 'too_small':
      return custom ?? `${bound('least', i.minimum)}, got ${Array.isArray(got) ? size(got.length, 'item') : gotten}`;
    case 'too_big':
      return custom ?? `${bound('most', i.maximum)}, got ${Array.isArray(got) ? size(got.length, 'item') : gotten}`;
    default:
      return got === undefined || !custom ? (custom ?? i.message) : `${custom} (got ${gotten})`;
  }
}

/**
 * Validate parsed YAML; every bad key is listed at once, each with what was
 * expected and what the file has, a "did you mean" for a mistyped key or
 * value, and (given the file's text) the line of the key.
 */
export function validateConfig(data: unknown, file = CONFIG_FILE, text?: string): DocpactConfig {
  const res = DocpactConfig.safeParse(data ?? {});
  if (res.success) return res.data;
  const lineOf = text === undefined ? () => undefined : keyLines(text);
  const problems = (res.error.issues as Issue[]).flatMap((i) => {
    const name = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : '(top level)');
    // zod/mini says only "Invalid input" for unknown keys: name each one, and the key it is closest to.
    if (i.code === 'unrecognized_keys') {
      return (i.keys ?? []).map((k) => {
        const near = closest(k, keysAt(i.path));
        return { line: lineOf([...i.path, k] as (string | number)[]), text: `${name([...i.path, k])}: unknown key; ${near ? `did you mean "${near}"?` : 'see the "Configuration" section of docpact\'s README for the keys'}` };
      });
    }
    return [{ line: lineOf(i.path as (string | number)[]), text: `${name(i.path)}: ${explain(i, data)}` }];
  });
  // In the order of the file (a key it does not have, by the parent's line or first).
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new DocpactError(
    'config',
    `${file} is invalid. Fix these keys and run again:`,
    problems.map((p) => p.text),
    undefined,
    problems.map((p) => p.line),
  );
}

export function parseConfig(text: string, file = CONFIG_FILE): DocpactConfig {
  const data = readYaml(text, file);
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new DocpactError('config', `${file} must be a mapping of keys (version, project, paths, …).`, [], 1);
  }
  return validateConfig(data, file, text);
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
