/**
 * Declared generators as data (`generated:` in docpact.yaml): which to run,
 * and where their outputs go. Pure; running them is src/gate/generate.ts,
 * which only `docpact generate` loads.
 */
import picomatch from 'picomatch';
import type { DocpactConfig, GeneratedEntry } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';

/** The generators to run: all, or the one named (exit 2 for a name docpact.yaml does not declare). */
export function selectGenerators(config: DocpactConfig, name?: string): GeneratedEntry[] {
  const all = config.generated ?? [];
  if (name === undefined) return all;
  const hit = all.find((g) => g.name === name);
  if (hit) return [hit];
  const names = all.map((g) => g.name);
  throw new DocpactError('not-found', `No generator "${name}" in docpact.yaml (generated:).${names.length ? didYouMean(name, names) || ` Declared: ${names.join(', ')}.` : ' None is declared.'}`);
}

/** Where a glob's files can be: the folder before its first pattern character ("" for the root). */
export const baseOf = (glob: string) => picomatch.scan(glob).base;

/** Which folder of generated references a generator writes into: for the README each folder carries. */
export function writesInto(entry: GeneratedEntry, folder: string): boolean {
  return entry.outputs.some((g) => {
    const base = baseOf(g);
    return base === folder || base.startsWith(`${folder}/`) || folder.startsWith(base ? `${base}/` : '');
  });
}

