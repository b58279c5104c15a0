/**
 * `docpact check`: validate the whole governed repo in one pass. Exit 0 when
 * clean, 1 with problems, 2 when the configuration itself cannot be read.
 * Never loads plop or inquirer. When nothing changed since the last check,
 * it answers from that check's verdict (src/check/verdict.ts) without loading
 * the rules; otherwise src/check/run.ts does the work.
 */
import path from 'node:path';
import { findRoot } from '../config/root.js';
import { readConsistently } from '../io/journal.js';
import { replay } from '../check/verdict.js';
import { RULES } from '../check/problem.js';
import { printResult } from '../check/report.js';
import type { Command } from './command.js';

export const check: Command = {
  command: 'check',
  summary: 'validate the governed repo (CI and git hooks)',
  usage: 'docpact check [--fix] [--base REF] [--update-baseline] [--no-cache] [--json]',
  description:
    'Validate config, issue forms, ADRs, the docs tree, links and chat threads in one pass.\n' +
    'Prints "path:line: rule: message" per problem and a count per rule.\n' +
    'Problems accepted by check.ignore (docpact.yaml) or .docpact/baseline.json do not fail.\n' +
    'Exit 0 clean (warnings allowed), 1 errors found, 2 usage or configuration error.\n' +
    'Repeated checks read only what changed (caches in .docpact/cache/, ignored by git; off with --no-cache or CI=true).\n\n' +
    `Rules:\n${Object.entries(RULES).map(([id, what]) => `  ${id.padEnd(26)}${what}`).join('\n')}`,
  examples: ['docpact check', 'docpact check --json', 'docpact check --fix', 'docpact check --base origin/main', 'docpact check --update-baseline', 'docpact check --no-cache', 'docpact check -C path/to/repo --quiet'],
  options: [
    { name: 'fix', type: 'boolean', help: 'regenerate derivable content (ADR index, generated data, toctree entries for generated pages)' },
    { name: 'base', type: 'string', value: 'REF', help: 'also compare with the merge base of REF and HEAD, read through git (pull requests: the target branch)' },
    { name: 'update-baseline', type: 'boolean', help: 'accept every current problem: write .docpact/baseline.json (later runs fail only on new ones)' },
    { name: 'no-cache', type: 'boolean', help: 'read and parse every file now: neither use nor write the caches in .docpact/cache/ (the default when CI=true)' },
  ],
  maxPositionals: 0,
  async run(args, io) {
    const root = findRoot(path.resolve(String(args.values.cwd ?? '.')));
    // A CI job's clone is checked once and thrown away: caches there would only cost (CI=true: GitHub, GitLab, …).
    const remember = !args.values['no-cache'] && !/^(1|true|yes)$/i.test(process.env.CI ?? '');
    // Nothing changed since the last plain check: its verdict stands. --fix, --base and --update-baseline do more than read.
    // Otherwise the files it stat'ed are the full check's stamps: not stat'ed again; and when only files whose facts it used
    // changed, those facts, derived again, may show it still stands (src/check/run.ts).
    let stats;
    let cutoff;
    if (remember && !args.values.fix && args.values.base === undefined && !args.values['update-baseline']) {
      const last = readConsistently(root, () => replay(root));
      if (last.result) return printResult(io, last.result);
      stats = last.stats ?? undefined;
      cutoff = last.cutoff;
    }
    return (await import('../check/run.js')).checkFully(root, args, io, remember, stats, cutoff);
  },
};
