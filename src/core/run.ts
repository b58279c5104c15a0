/**
 * The flow of every generator run: prompt → plan → validate → apply.
 * Planning and applying happen while holding the repo mutex, so concurrent
 * runs see each other's results (unique numbers, no lost messages).
 */
import { checkDate } from '../text/date.js';
import { openConfig } from '../config/open.js';
import { findRoot } from '../config/root.js';
import type { DocpactConfig } from '../config/schema.js';
import { openFolders, type Root } from '../io/fs.js';
import { applyPlan, type Applied } from './apply.js';
import { resolveAnswers, type Answers, type Ask, type GenContext, type Generator } from './generator.js';
import { planLockUpdate } from './lock-update.js';
import { PlanBuilder, type Plan } from './plan.js';
import { acquire } from '../io/mutex.js';
import * as journal from '../io/journal.js';

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
  /** Refuse what check would report (see GenContext.strict): the MCP server. */
  strict?: boolean;
  /** Aborted (an MCP client cancelled the call): stop before anything is written. */
  signal?: AbortSignal;
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


/** Where a run works: the repo holding docpact.yaml, or where the generator says (init: its target folder). */
export async function locate(gen: Generator, opts: Pick<RunOptions, 'cwd' | 'given'>): Promise<{ root: Root; base: string }> {
  if (gen.target) return gen.target(opts.cwd, opts.given ?? {});
  return { root: findRoot(opts.cwd), base: '' };
}

/** A run's context, from where it works and (for a generator that needs one) the repo's configuration. */
export function makeContext(gen: Generator, opts: Pick<RunOptions, 'cwd' | 'date' | 'force' | 'given' | 'strict'>, target: { root: Root; base: string }, config: DocpactConfig | undefined): GenContext {
  // --series picks the ADR series every question and plan works on (its question refuses an unknown name).
  const series = typeof opts.given?.series === 'string' ? opts.given.series : '';
  return {
    root: target.root,
    ...(target.base ? { base: target.base } : {}),
    ...(series ? { series } : {}),
    config,
    date: opts.date !== undefined ? checkDate(opts.date) : today(),
    force: !!opts.force,
    ...(opts.strict ? { strict: true } : {}),
  };
}

export async function runGenerator(gen: Generator, opts: RunOptions): Promise<RunResult> {
  // 1. Locate the repo and its configuration (cache first: src/config/open.ts).
  const target = await locate(gen, opts);
  const opened = gen.needsConfig ? await openConfig(target.root) : undefined;
  const ctx = makeContext(gen, opts, target, opened?.config);
  const root = ctx.root;
  // 2. Answers: flags, then prompts (TTY only), then defaults.
  const answers = await resolveAnswers(gen, ctx, opts.given ?? {}, opts.ask);

  // 3. Plan and apply under the repo mutex (a dry run only reads).
  const held = opts.dryRun ? undefined : acquire(root);
  // The planning reads open each file relative to its folder, verified once (src/io/list.ts openFolders):
  // sync and renumber read every ADR. Writes and apply take the root as it is.
  const folders = openFolders();
  try {
    if (held) journal.recover(root);
    const reading: Root = folders ? { ...root, folders } : root;
    const builder = new PlanBuilder(reading);
    if (opened?.remember) builder.afterApply.push(opened.remember);
    // YAML is read and written by libraries loaded only by the generators that need them.
    if (gen.writesYaml) await (await import('../text/yaml.js')).loadYamlWriter();
    // The same context the questions had, reading through the verified folders: what a generator found once per run
    // for its defaults (init's adoption, kept by context) is not found again for the plan.
    ctx.root = reading;
    await gen.plan(ctx, answers, builder);
    await planLockUpdate(builder, !!opts.force);
    const plan = builder.build();
    if (!opts.dryRun && opts.signal) {
      // Planning runs without giving the event loop a turn, so a cancel that arrived meanwhile is still unread: let the
      // loop poll for input once (an immediate queued from an immediate runs after the next poll) before deciding.
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
      opts.signal.throwIfAborted();
    }
    const applied = applyPlan(root, plan, { dryRun: opts.dryRun, force: opts.force, partial: gen.partial });
    // Conflicts kept in place, or conflict markers a merge wrote: exit 1.
    const conflicted = applied.conflicts.length > 0 || applied.ops.some((op) => op.outcome === 'conflict');
    if (!opts.dryRun && !conflicted) for (const after of builder.afterApply) after();
    return { plan, applied, answers, exitCode: conflicted ? 1 : 0 };
  } finally {
    folders?.close();
    held?.release();
  }
}
