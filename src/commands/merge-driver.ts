/**
 * `docpact merge-driver BASE OURS THEIRS PATH` — a git merge driver for the
 * files docpact derives (registered by `.gitattributes` lines that init
 * writes, plus one `git config` line from the README). git's own three-way
 * merge runs first; conflicts left inside generated regions are then
 * resolved, so a local `git merge` does not stop on them. Exit 0 when the
 * file is clean, 1 when hunks outside generated regions remain for a person.
 */
import fs from 'node:fs';
import { DocpactError } from '../errors.js';
import { gitSync } from '../git/run.js';
import type { DocpactConfig } from '../config/schema.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { rangeDataDir } from '../adr/store.js';
import { DRIVER_CONFIG, derivedKind, numbersAddedTwice, resolveDerived } from '../merge/files.js';
import { hasConflict } from '../text/conflict-markers.js';
import { loadYamlWriter } from '../text/yaml.js';
import type { Command } from './command.js';

export const mergeDriver: Command = {
  command: 'merge-driver',
  summary: 'git merge driver for derived files (used through .gitattributes)',
  usage: 'docpact merge-driver -- %O %A %B %P',
  description:
    'Called by git, not by people. Register it once per clone:\n' +
    `  ${DRIVER_CONFIG}\n` +
    'The .gitattributes lines docpact init writes route the ADR index, its data,\n' +
    'section indexes (toctrees) and .docpact/lock.yaml to it.',
  examples: [DRIVER_CONFIG],
  options: [],
  maxPositionals: 4,
  machine: true,
  async run(args, io) {
    // Exactly git's four arguments and nothing else: anything this does not understand is exit 2, which git records as a
    // conflict — never a success that keeps "ours" and silently drops "theirs" (a path named like a flag, a wrong line).
    const flags = Object.entries(args.values).filter(([, v]) => v !== undefined && v !== false).map(([k]) => `--${k}`);
    if (args.positionals.length !== 4 || flags.length) {
      throw new DocpactError('usage', `merge-driver takes exactly the four paths git passes (%O %A %B %P)${flags.length ? `, and no options (got ${flags.join(' ')})` : `, not ${args.positionals.length}`}. Register it with: ${DRIVER_CONFIG}`);
    }
    const [base, ours, theirs, file] = args.positionals;
    const kind = derivedKind(file);
    // These are git's temporary files in the work tree: git owns them, so they are read and written directly.
    // Two ADRs given one number on the two sides: read before git merge-file rewrites ours.
    const twice = kind === 'index-data' ? await addedTwice(file, base, ours, theirs) : [];
    const merged = gitSync(['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs], { encoding: 'utf8' });
    if (merged.error || (merged.status ?? -1) < 0) throw new DocpactError('usage', `git merge-file failed: ${merged.error?.message ?? String(merged.stderr).trim()}`);
    if (merged.status === 0 && !twice.length) return 0;
    // git's own temp file: a regular file, never a link to follow.
    if (!fs.lstatSync(ours).isFile()) throw new DocpactError('usage', `merge-driver: ${ours} is not a regular file; git passes its own temporary files.`);
    const text = fs.readFileSync(ours, 'utf8');
    if (!kind || (!hasConflict(text) && !twice.length)) return 1;
    if (kind === 'lock') await loadYamlWriter();
    const res = hasConflict(text) ? resolveDerived(kind, text) : { text, left: 0 };
    fs.writeFileSync(ours, res.text);
    if (res.left && !io.quiet) io.err(`docpact merge-driver: ${file}: ${res.left} conflict${res.left === 1 ? '' : 's'} outside generated regions left for you.`);
    // The file lists both ADRs, but the merge stops here: which one keeps the number is for a person.
    for (const t of twice) {
      io.err(
        `docpact merge-driver: ${t.id} was added on both sides (ours: ${t.ours}, theirs: ${t.theirs}). ` +
          `Keep the number for one and renumber the other, then refresh the derived files and mark the file resolved: ` +
          `docpact adr renumber ${t.theirs}${t.series ? ` --series ${t.series}` : ''} && docpact check --fix && git add -A`,
      );
    }
    return res.left || twice.length ? 1 : 0;
  },
};

/**
 * ADR numbers both sides added for different files, in the index data git
 * is merging; none in a series numbered by date, where ADRs share a day by
 * design (the series is found through docpact.yaml, read where git runs the
 * driver: the top of the work tree).
 */
async function addedTwice(file: string, base: string, ours: string, theirs: string): Promise<{ id: string; ours: string; theirs: string; series?: string }[]> {
  const read = (f: string) => (fs.existsSync(f) && fs.lstatSync(f).isFile() ? fs.readFileSync(f, 'utf8') : null);
  const found = numbersAddedTwice(read(base), read(ours) ?? '', read(theirs) ?? '');
  if (!found.length) return [];
  let series: DocpactConfig | undefined;
  try {
    const [{ findRoot }, { loadConfig }] = await Promise.all([import('../config/root.js'), import('../config/load.js')]);
    series = seriesConfigs(loadConfig(findRoot(process.cwd()))).find((c) => file.startsWith(`${rangeDataDir(c)}/`));
  } catch {
    // No readable docpact.yaml here (a conflict in it, a package below the git root): a sequence, the safe guess.
  }
  if (series && seriesOf(series).numbering === 'date') return [];
  const name = (series?.adr as { name?: string } | undefined)?.name;
  return found.map((t) => ({ ...t, ...(name ? { series: name } : {}) }));
}
