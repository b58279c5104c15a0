/**
 * docpact.yaml as a generator run reads it:
 * from a machine-local cache when the file has not changed since it was
 * last validated. Parsing the file needs js-yaml and zod (src/config/load.ts),
 * a fifth of `adr new`'s start-up; the cache keeps both off the path.
 *
 * This module must stay light: it imports neither load.ts nor schema.ts
 * (types aside) at load time.
 */
import { fileCache } from '../io/cache.js';
import { readWithStats, type Root } from '../io/fs.js';
import { CONFIG_FILE } from './root.js';
import type { DocpactConfig } from './schema.js';

const CACHE = 'config.json';

const usesMadr = (c: DocpactConfig) => [c.adr, ...(c.adr.series ?? [])].some((s) => s.format.startsWith('madr'));

/**
 * docpact.yaml, validated: the same result and the same errors as
 * `loadConfig` (load.ts), which runs whenever the cache does not answer.
 * When it did not, `remember` writes the cache; a generator run calls it
 * only after its plan was applied, so a dry run or a failed run leaves
 * nothing behind.
 *
 * The cache answers only for the very file it was written for: same inode,
 * size, modification and change time, read by the same docpact build, and
 * settled (unchanged for two seconds when it was read, so an edit within
 * the same clock tick cannot keep the stamp). A cache committed to the
 * repository (a fork's, or a forged one) is never trusted: its stamp would
 * have to name the inode and change time this machine gave docpact.yaml
 * when it was checked out, which no committed file can know. Any edit,
 * checkout or copy changes the change time, so a changed docpact.yaml is
 * always read again.
 */
export async function openConfig(root: Root): Promise<{ config: DocpactConfig; remember?: () => void }> {
  const got = readWithStats(root, CONFIG_FILE);
  const cache = fileCache<{ config: DocpactConfig }>(root, CACHE, got?.stats);
  const hit = cache.hit?.config;
  if (hit && typeof hit === 'object') {
    // MADR front matter is YAML: parsing docpact.yaml would have loaded the reader (src/text/yaml-reader.ts).
    if (usesMadr(hit)) await import('../text/yaml.js');
    return { config: hit };
  }
  const load = await import('./load.js');
  // No file: loadConfig gives the same "run docpact init" error as every command.
  if (!got) return { config: load.loadConfig(root) };
  const config = load.parseConfig(got.text);
  const keep = cache.keep;
  return keep ? { config, remember: () => keep({ config }) } : { config };
}
