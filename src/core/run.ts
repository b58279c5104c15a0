/**
 * The flow of every generator run: prompt → plan → validate → apply.
 * Planning and applying happen while holding the repo mutex, so concurrent
 * runs see each other's results (unique numbers, no lost messages).
 */
import { checkDate } from '../text/date.js';
import { findRoot, loadConfig } from '../config/load.js';
import { applyPlan, type Applied } from './apply.js';
import { resolveAnswers, type Answers, type Ask, type GenContext, type Generator } from './generator.js';
import { planLockUpdate } from './lockfile.js';
import { PlanBuilder, type Plan } from './plan.js';
import { initTarget } from '../adopt/target.js';
import { seriesConfig } from '../adr/series.js';
import { acquire } from '../io/mutex.js';
import * as journal from '../io/journal.js';
import { loadYamlWriter } from '../text/yaml.js';

export interface RunOptions {
  /** Where the command runs; the repo root is found from here (init: the target itself). */
  cwd: string;
  /** Answers given as flags / positionals, keyed by question name. */
  given?: Answers;
  dryRun?: boolean;
  force?: boolean;
  date?: string;
  /** Prompt seam; omit to never prompt. */
  ask?: Ask;
}

export interface RunResult {
  plan: Plan;
  applied: Applied;
  answers: Answers;
  /** 0, or 1 when conflicts were left in place (kept files, or conflict markers written by a merge). */
  exitCode: number;
}

export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}


/** Locate the repo and load its configuration (init: the target folder, or its git root for a package). */
export function makeContext(gen: Generator, opts: Pick<RunOptions, 'cwd' | 'date' | 'force' | 'given'>): GenContext {
  const target = gen.needsConfig ? { root: findRoot(opts.cwd), base: '' } : initTarget(opts.cwd, opts.given?.here === true);
  const root = target.root;
  const config = gen.needsConfig ? loadConfig(root) : undefined;
  // --series picks the ADR series every question and plan works on; an unknown name stops here.
  const series = typeof opts.given?.series === 'string' ? opts.given.series : '';
  if (config && series) seriesConfig(config, series);
  return {
    root,
    ...(target.base ? { base: target.base } : {}),
    ...(series ? { series } : {}),
    config,
    date: opts.date !== undefined ? checkDate(opts.date) : today(),
    force: !!opts.force,
  };
}

export async function runGenerator(gen: Generator, opts: RunOptions): Promise<RunResult> {
  // 1. Locate the repo and its configuration.
  const ctx = makeContext(gen, opts);
  const root = ctx.root;
  // 2. Answers: flags, then prompts (TTY only), then defaults.
  const answers = await resolveAnswers(gen, ctx, opts.given ?? {}, opts.ask);

  // 3. Plan and apply under the repo mutex (a dry run only reads).
  const held = opts.dryRun ? undefined : acquire(root);
  try {
    if (held) journal.recover(root);
    const builder = new PlanBuilder(root);
    if (gen.writesYaml) await loadYamlWriter();
    await gen.plan(ctx, answers, builder);
    await planLockUpdate(builder, !!opts.force);
    const plan = builder.build();
    const applied = applyPlan(root, plan, { dryRun: opts.dryRun, force: opts.force, partial: gen.partial });
    // Conflicts kept in place, or conflict markers a merge wrote: exit 1.
    const conflicted = applied.conflicts.length > 0 || applied.ops.some((op) => op.outcome === 'conflict');
    if (!opts.dryRun && !conflicted) for (const after of builder.afterApply) after();
    return { plan, applied, answers, exitCode: conflicted ? 1 : 0 };
  } finally {
    held?.release();
  }
}
