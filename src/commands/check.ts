/**
 * `docpact check`: validate the whole governed repo in one pass. Exit 0 when
 * clean, 1 with problems, 2 when the configuration itself cannot be read.
 * Never loads plop or inquirer.
 */
import path from 'node:path';
import { CONFIG_FILE, findRoot, loadConfig } from '../config/load.js';
import { applyPlan } from '../core/apply.js';
import { DocpactError } from '../core/errors.js';
import { PlanBuilder, writes } from '../core/plan.js';
import { planLockUpdate } from '../core/lockfile.js';
import { acquire } from '../io/mutex.js';
import * as journal from '../io/journal.js';
import { cachedReader, planFixes, runCheck } from '../check/index.js';
import { RememberedFacts, checkContext } from '../check/facts.js';
import { Inputs, replay } from '../check/verdict.js';
import { failing, problem, RULES, type Problem } from '../check/problem.js';
import { BASELINE_PATH, renderBaseline } from '../check/suppress.js';
import { prepareSyncCheck } from '../check/rules/sync.js';
import type { Command } from '../cli/args.js';
import { paint, plural } from '../cli/output.js';
import { loadYamlWriter } from '../text/yaml.js';

export const check: Command = {
  command: 'check',
  summary: 'validate the governed repo (CI and git hooks)',
  usage: 'docpact check [--fix] [--base REF] [--update-baseline] [--json]',
  description:
    'Validate config, issue forms, ADRs, the docs tree, links and chat threads in one pass.\n' +
    'Prints "path:line: rule: message" per problem and a count per rule.\n' +
    'Problems accepted by check.ignore (docpact.yaml) or .docpact/baseline.json do not fail.\n' +
    'Exit 0 clean (warnings allowed), 1 errors found, 2 usage or configuration error.\n\n' +
    `Rules:\n${Object.entries(RULES).map(([id, what]) => `  ${id.padEnd(26)}${what}`).join('\n')}`,
  examples: ['docpact check', 'docpact check --json', 'docpact check --fix', 'docpact check --base origin/main', 'docpact check --update-baseline', 'docpact check -C path/to/repo --quiet'],
  options: [
    { name: 'fix', type: 'boolean', help: 'regenerate derivable content (ADR index, generated data, toctree entries for generated pages)' },
    { name: 'base', type: 'string', value: 'REF', help: 'also compare with the merge base of REF and HEAD, read through git (pull requests: the target branch)' },
    { name: 'update-baseline', type: 'boolean', help: `accept every current problem: write ${BASELINE_PATH} (later runs fail only on new ones)` },
    { name: 'no-cache', type: 'boolean', help: 'read and parse every file now: neither use nor write the caches in .docpact/cache/ (the default when CI=true)' },
  ],
  maxPositionals: 0,
  async run(args, io) {
    const root = findRoot(path.resolve(String(args.values.cwd ?? '.')));
    let config;
    try {
      config = loadConfig(root);
    } catch (err) {
      // A docpact.yaml that exists but is broken (syntax or schema) is reported like any problem, then exit 2.
      if (!(err instanceof DocpactError) || (err.line === undefined && !err.details.length)) throw err;
      const messages = err.details.length ? err.details : [err.message.replace(`${CONFIG_FILE} `, '')];
      report(messages.map((message) => problem(CONFIG_FILE, err.line ?? 1, 'config/schema', message)), io);
      return 2;
    }
    journal.settle(root);
    // Git problems (no git, unknown ref, no common history) are exit 2 before anything is written.
    const base = typeof args.values.base === 'string' ? (await import('../check/rules/base.js')).checkBase({ root, config, read: cachedReader(root) }, args.values.base) : undefined;
    if (args.values.fix) {
      const held = args.values['dry-run'] ? undefined : acquire(root);
      try {
        const plan = new PlanBuilder(root);
        await loadYamlWriter(); // a conflicted lock file is merged and re-rendered
        planFixes(plan, { root, config, read: cachedReader(root) });
        await planLockUpdate(plan);
        const applied = applyPlan(root, plan.build(), { dryRun: !!args.values['dry-run'] });
        if (!args.values['dry-run'] && !applied.conflicts.length) for (const after of plan.afterApply) after();
        if (!io.quiet) for (const op of applied.ops.filter((o) => writes(o) || o.kind === 'delete')) io.err(`${args.values['dry-run'] ? 'would fix' : 'fixed'}  ${op.path}${op.kind === 'delete' ? ' (removed)' : ''}`);
      } finally {
        held?.release();
      }
    }
    await loadYamlWriter(); // forms are read as GitHub reads them: YAML 1.1, which js-yaml does not do
    await prepareSyncCheck(config); // sync/due renders the generated tree
    // Links leading out of the repo, loops and special files are problems to report, not reasons to stop.
    const unsafe = new Map<string, Problem>();
    const lenient = { dir: root.dir, refused: (rel: string, message: string) => unsafe.set(rel, problem(rel, 1, 'repo/unsafe-path', message.replace(/^Refusing to read \S+: /, 'docpact does not read this file: '))) };
    // A CI job's clone is checked once and thrown away: caches there would only cost (CI=true: GitHub, GitLab, …).
    const remember = !args.values['no-cache'] && !/^(1|true|yes)$/i.test(process.env.CI ?? '');
    const checkNow = (baseline: boolean) => {
      unsafe.clear();
      // Nothing changed since the last check: its verdict stands (src/check/verdict.ts). Never with --base, which asks git.
      const replayable = remember && baseline && !base;
      const last = replayable ? replay(root) : null;
      if (last) return last;
      const inputs = replayable ? new Inputs() : undefined;
      const traced = { ...lenient, trace: inputs?.trace };
      const read = cachedReader(traced);
      const facts = remember ? new RememberedFacts(traced, read, checkContext(traced, config), inputs?.start) : undefined;
      const result = runCheck({ root: traced, config, read, facts }, { baseline, extra: base?.problems });
      facts?.save();
      if (inputs && !unsafe.size) inputs.save(root, result, (rel) => facts?.stampOf(rel));
      return result;
    };
    if (args.values['update-baseline']) {
      // Under the lock, so no writer changes the repository between reading the problems and writing them down.
      const held = args.values['dry-run'] ? undefined : acquire(root);
      try {
        const now = held ? checkNow(false) : journal.readConsistently(root, () => checkNow(false));
        const accepted = [...unsafe.values(), ...now.problems].filter((p) => !p.suppressed);
        const plan = new PlanBuilder(root);
        plan.write(BASELINE_PATH, renderBaseline(accepted));
        const applied = applyPlan(root, plan.build(), { dryRun: !!args.values['dry-run'] });
        const verb = args.values['dry-run'] ? 'would write' : applied.ops.some(writes) ? 'wrote' : 'unchanged';
        if (!io.quiet) io.err(`${verb}  ${BASELINE_PATH} (${plural(accepted.length, 'problem')} accepted)`);
      } finally {
        held?.release();
      }
    }
    const result = journal.readConsistently(root, () => checkNow(true));
    const problems = [...unsafe.values(), ...result.problems];
    const { counts } = result;
    const failed = problems.some(failing);
    if (failed || io.json) report(problems, io);
    else if (!io.quiet) {
      // Only warnings: show them, but the repository passes.
      const shown = problems.filter((p) => !p.suppressed);
      for (const p of shown) io.out(problemLine(io, p));
      const warned = shown.length ? `; ${plural(shown.length, 'warning')} above` : '';
      io.out(paint(io, 'green', `docpact check: no problems (${plural(counts.adrs, 'ADR')}, ${plural(counts.threads, 'thread')}, ${plural(counts.pages, 'page')}${base ? `; compared with ${args.values.base} at ${base.info.base.slice(0, 12)}` : ''})${warned}${acceptedNote(problems)}.`));
    }
    // Warnings are reported but do not fail the check.
    return failed ? 1 : 0;
  },
};

const problemLine = (io: Parameters<Command['run']>[1], p: Problem) =>
  `${p.file}:${p.line}: ${paint(io, p.severity === 'error' ? 'red' : 'yellow', p.rule)}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;

/** "; 3 accepted (2 by the baseline, 1 by check.ignore)" or "". */
function acceptedNote(problems: Problem[]): string {
  const base = problems.filter((p) => p.suppressed === 'baseline').length;
  const ignored = problems.filter((p) => p.suppressed === 'ignore').length;
  if (!base && !ignored) return '';
  const parts = [base ? `${base} by the baseline` : '', ignored ? `${ignored} by check.ignore` : ''].filter(Boolean);
  return `; ${base + ignored} accepted (${parts.join(', ')})`;
}

/** Problems (accepted ones only in --json, marked "suppressed"), then a count per rule. */
function report(all: Problem[], io: Parameters<Command['run']>[1]): void {
  if (io.json) {
    io.out(JSON.stringify(all, null, 2));
    return;
  }
  const problems = all.filter((p) => !p.suppressed);
  for (const p of problems) io.out(problemLine(io, p));
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  io.out('');
  io.out(`${plural(problems.length, 'problem')}${warnings ? ` (${plural(warnings, 'warning')})` : ''}${acceptedNote(all)}:`);
  for (const [rule, n] of [...counts].sort()) io.out(`  ${rule.padEnd(26)} ${n}`);
}
