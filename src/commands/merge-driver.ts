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
import { DRIVER_CONFIG, derivedKind, resolveDerived } from '../merge/files.js';
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
    // These are git's temporary files in the work tree: git owns them, so they are read and written directly.
    const merged = gitSync(['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs], { encoding: 'utf8' });
    if (merged.error || (merged.status ?? -1) < 0) throw new DocpactError('usage', `git merge-file failed: ${merged.error?.message ?? String(merged.stderr).trim()}`);
    if (merged.status === 0) return 0;
    const kind = derivedKind(file);
    // git's own temp file: a regular file, never a link to follow.
    if (!fs.lstatSync(ours).isFile()) throw new DocpactError('usage', `merge-driver: ${ours} is not a regular file; git passes its own temporary files.`);
    const text = fs.readFileSync(ours, 'utf8');
    if (!kind || !hasConflict(text)) return 1;
    if (kind === 'lock') await loadYamlWriter();
    const res = resolveDerived(kind, text);
    fs.writeFileSync(ours, res.text);
    if (res.left && !io.quiet) io.err(`docpact merge-driver: ${file}: ${res.left} conflict${res.left === 1 ? '' : 's'} outside generated regions left for you.`);
    return res.left ? 1 : 0;
  },
};
