/**
 * js-yaml's reader (src/text/yaml.ts) for code that reads YAML synchronously
 * but must not load js-yaml itself: MADR front matter, read by the ADR
 * parser, which `adr new` loads in every repository (js-yaml is a sixth of
 * its start-up). yaml.ts provides its reader here when it loads.
 *
 * Whoever holds a configuration can read its ADRs: docpact.yaml is parsed
 * with yaml.ts, and src/config/open.ts, which can answer from its cache
 * instead, imports yaml.ts for any configuration with a MADR series. Other
 * readers of other formats (adr migrate, init's detection) import yaml.ts.
 * This module imports nothing, so it never forms a cycle with yaml.ts.
 */
type Reader = (text: string, file: string) => unknown;
let reader: Reader | undefined;

/** Called by yaml.ts as it loads. */
export const provideYamlReader = (read: Reader): void => {
  reader = read;
};

/** The reader; throws (outside any caller's parse-error handling) if yaml.ts was never loaded. */
export function yamlReader(): Reader {
  if (!reader) throw new Error('internal: YAML front matter read before src/text/yaml.ts was loaded');
  return reader;
}
