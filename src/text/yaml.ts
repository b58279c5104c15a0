/**
 * YAML in and out. Writing goes through the `yaml` library (block style,
 * comments, quoting that round-trips). Reading uses js-yaml with the YAML 1.2
 * core schema — the same semantics as `yaml`'s default, about nine times
 * faster, which is what lets `check` read a thousand thread files within its
 * budget. The round-trip tests (test/chat.test.ts, test/yaml.test.ts) hold
 * the two to the same meaning.
 */
import jsyaml from 'js-yaml';
import { DocpactError } from '../core/errors.js';

/** Parse YAML; a syntax error becomes a config error naming the file and line. */
export function readYaml(text: string, file: string): unknown {
  try {
    return jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number }; message: string };
    const line = e.mark ? e.mark.line + 1 : 1;
    throw new DocpactError('config', `${file} is not valid YAML (line ${line}): ${e.reason ?? e.message.split('\n')[0]}`, [], line);
  }
}

type YamlLib = typeof import('yaml');
let writer: YamlLib | undefined;

/**
 * Load the writer. The `yaml` library takes ~30 ms to load, so only commands
 * that write YAML pay for it: they await this before planning (or, for the
 * lock file, once they know it changes).
 */
export async function loadYamlWriter(): Promise<void> {
  if (writer) return;
  // `yaml` is CommonJS: bundled, its API sits on the namespace or on `default`.
  const mod = (await import('yaml')) as YamlLib & { default?: YamlLib };
  writer = typeof mod.stringify === 'function' ? mod : mod.default;
}

export function writeYaml(data: unknown): string {
  if (!writer) throw new Error('internal: writeYaml() called before loadYamlWriter()');
  return writer.stringify(data, { lineWidth: 0 });
}
