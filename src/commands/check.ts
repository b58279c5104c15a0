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
import { problem, type Problem } from '../check/problem.js';
import type { Command } from '../cli/args.js';
import { paint } from '../cli/output.js';
import { loadYamlWriter } from '../text/yaml.js';

export const check: Command = {
  command: 'check',
  summary: 'validate the governed repo (CI and git hooks)',
  usage: 'docpact check [--fix] [--json]',
  description:
    'Validate config, issue forms, ADRs, the docs tree and chat threads in one pass.\n' +
    'Prints "path:line: rule: message" per problem and a count per rule.\n' +
    'Exit 0 clean, 1 problems found, 2 usage or configuration error.',
  examples: ['docpact check', 'docpact check --json', 'docpact check --fix', 'docpact check -C path/to/repo --quiet'],
  options: [{ name: 'fix', type: 'boolean', help: 'regenerate derivable content (ADR index, generated data, toctree entries for generated pages)' }],
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
    if (args.values.fix) {
      const held = args.values['dry-run'] ? undefined : acquire(root);
      try {
        const plan = new PlanBuilder(root);
        planFixes(plan, { root, config, read: cachedReader(root) });
        await planLockUpdate(plan);
        const applied = applyPlan(root, plan.build(), { dryRun: !!args.values['dry-run'] });
        if (!io.quiet) for (const op of applied.ops.filter(writes)) io.err(`${args.values['dry-run'] ? 'would fix' : 'fixed'}  ${op.path}`);
      } finally {
        held?.release();
      }
    }
    await loadYamlWriter(); // forms are read as GitHub reads them: YAML 1.1, which js-yaml does not do
    // Links leading out of the repo, loops and special files are problems to report, not reasons to stop.
    const unsafe = new Map<string, Problem>();
    const lenient = { dir: root.dir, refused: (rel: string, message: string) => unsafe.set(rel, problem(rel, 1, 'repo/unsafe-path', message.replace(/^Refusing to read \S+: /, 'docpact does not read this file: '))) };
    const result = journal.readConsistently(root, () => {
      unsafe.clear();
      return runCheck({ root: lenient, config, read: cachedReader(lenient) });
    });
    const problems = [...unsafe.values(), ...result.problems];
    const { counts } = result;
    if (problems.length || io.json) report(problems, io);
    else if (!io.quiet) io.out(paint(io, 'green', `docpact check: no problems (${counts.adrs} ADRs, ${counts.threads} threads, ${counts.pages} pages).`));
    return problems.length ? 1 : 0;
  },
};

function report(problems: Problem[], io: Parameters<Command['run']>[1]): void {
  if (io.json) {
    io.out(JSON.stringify(problems, null, 2));
    return;
  }
  for (const p of problems) io.out(`${p.file}:${p.line}: ${paint(io, 'red', p.rule)}: ${p.message}`);
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  io.out('');
  io.out(`${problems.length} problem${problems.length === 1 ? '' : 's'}:`);
  for (const [rule, n] of [...counts].sort()) io.out(`  ${rule.padEnd(26)} ${n}`);
}
