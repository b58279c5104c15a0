/**
 * `docpact check` without a verdict to replay: load and validate the
 * configuration, fix, compare with git, read the tree (remembering what it
 * derives, src/check/facts.ts) and keep the verdict for the next run. Loaded
 * only when src/commands/check.ts could not answer from the last verdict.
 */
import { CONFIG_FILE, loadConfig } from '../config/load.js';
import { applyPlan } from '../core/apply.js';
import { DocpactError } from '../errors.js';
import { PlanBuilder, writes } from '../core/plan.js';
import { planLockUpdate } from '../core/lock-update.js';
import { acquire } from '../io/mutex.js';
import * as journal from '../io/journal.js';
import { openFolders, readText, type Root } from '../io/fs.js';
import { prepareCache, type Taken } from '../io/cache.js';
import { cachedReader, eagerFacts, factDerivers, planFixes, runCheck, type CheckResult } from './index.js';
import { PassFacts, RememberedFacts, checkContext, storedFacts } from './facts.js';
import { Inputs, type Cutoff } from './verdict.js';
import { deltaResult, type AdrChange } from './delta.js';
import { problem, type Problem } from './problem.js';
import { BASELINE_PATH, renderBaseline } from './suppress.js';
import type { DocpactConfig } from '../config/schema.js';
import { prepareSyncCheck } from './rules/sync.js';
import { printResult, report } from './report.js';
import type { Io, Parsed } from '../commands/command.js';
import { plural } from '../text/style.js';
import { loadYamlWriter } from '../text/yaml.js';

/**
 * The last verdict's result, when every file that changed since (`cutoff`:
 * files only whose facts went into it) gives each of those facts as it gave
 * them then: derived now from its text, equal to what the facts cache
 * stored under the stamp the verdict recorded. Else null: the check runs.
 * A fact is a pure function of its file's text and of the cache's context
 * (docpact's build, docpact.yaml, the template overrides), so the rules,
 * run again, would see what they saw.
 */
function cutoffResult(root: Root, config: DocpactConfig, cutoff: Cutoff): CheckResult | null {
  let refused = false;
  const quiet: Root = { dir: root.dir, refused: () => void (refused = true) };
  const stored = storedFacts(quiet, checkContext(quiet, config), cutoff.files.map((f) => f.rel));
  const derivers = factDerivers({ root: quiet, config, read: (rel) => readText(quiet, rel) });
  const changes: AdrChange[] = [];
  for (const f of cutoff.files) {
    // Stored under the stamp the verdict recorded: the facts of the text the verdict was made from.
    const line = stored.get(f.rel);
    if (line === undefined || !line.startsWith(`${f.was}\t`)) return null;
    let was: Record<string, unknown>;
    try {
      was = JSON.parse(line.slice(f.was.length + 1)) as Record<string, unknown>;
    } catch {
      return null;
    }
    if (!was || typeof was !== 'object') return null;
    const text = readText(quiet, f.rel);
    if (text === null || refused) return null;
    const derive = derivers(f.rel);
    for (const kind of f.kinds) {
      const d = derive.get(kind);
      if (!d || !Object.hasOwn(was, kind)) return null;
      const now = d(text);
      if (JSON.stringify(now) === JSON.stringify(was[kind])) continue;
      // An ADR's parse changed: perhaps only what the index renders (src/check/delta.ts).
      if (kind !== 'adr') return null;
      changes.push({ rel: f.rel, was: was[kind], now });
    }
  }
  if (refused) return null;
  if (!changes.length) return cutoff.result;
  const result = deltaResult(quiet, config, cutoff.result, changes, (rel) => readText(quiet, rel));
  return refused ? null : result;
}

/**
 * `stats`: files the failed replay stat'ed (src/check/verdict.ts), before
 * anything was read: the facts' stamps for them. `cutoff`: the files whose
 * facts alone may have changed since the last verdict (`cutoffResult`).
 */
export async function checkFully(root: Root, args: Parsed, io: Io, remember: boolean, stats?: Taken, cutoff?: Cutoff): Promise<number> {
  let config;
  try {
    config = loadConfig(root);
  } catch (err) {
    // A docpact.yaml that exists but is broken (syntax or schema) is reported like any problem, then exit 2.
    if (!(err instanceof DocpactError) || (err.line === undefined && !err.details.length)) throw err;
    const messages = err.details.length ? err.details : [err.message.replace(`${CONFIG_FILE} `, '')];
    report(messages.map((message, i) => problem(CONFIG_FILE, err.lines[i] ?? err.line ?? 1, 'config/schema', message)), io);
    io.emit({ error: { code: err.code, message: err.message } });
    return 2;
  }
  journal.settle(root);
  if (cutoff && remember && !args.values.fix && args.values.base === undefined && !args.values['update-baseline']) {
    const stands = journal.readConsistently(root, () => cutoffResult(root, config, cutoff));
    if (stands) return printResult(io, stands);
  }
  await loadYamlWriter(); // forms are read as GitHub reads them: YAML 1.1, which js-yaml does not do (not the cutoff's facts)
  await prepareSyncCheck(config); // sync/due (and --base's lock rule) render the generated tree
  // Git problems (no git, unknown ref, no common history) are exit 2 before anything is written.
  const base = typeof args.values.base === 'string' ? (await import('./rules/base.js')).checkBase({ root, config, read: cachedReader(root) }, args.values.base) : undefined;
  if (args.values.fix) {
    const held = args.values['dry-run'] ? undefined : acquire(root);
    try {
      const plan = new PlanBuilder(root);
      await loadYamlWriter(); // a conflicted lock file is merged and re-rendered
      // A merge in progress: derived files git left unmerged are merged again from its index (no git, no merge: none).
      const unmerged = (await import('../git/read.js')).GitReader.find(root)?.unmerged();
      planFixes(plan, { root, config, read: cachedReader(root) }, unmerged);
      await planLockUpdate(plan);
      const applied = applyPlan(root, plan.build(), { dryRun: !!args.values['dry-run'] });
      if (!args.values['dry-run'] && !applied.conflicts.length) for (const after of plan.afterApply) after();
      const fixed = applied.ops.filter((o) => writes(o) || o.kind === 'delete');
      io.emit({ fixed: fixed.map((op) => op.path), warnings: plan.warnings });
      if (!io.quiet) for (const op of fixed) io.err(`${args.values['dry-run'] ? 'would fix' : 'fixed'}  ${op.path}${op.kind === 'delete' ? ' (removed)' : ''}`);
      for (const w of plan.warnings) io.err(`docpact: warning: ${w}`);
    } finally {
      held?.release();
    }
  }
  // Links leading out of the repo, loops and special files are problems to report, not reasons to stop.
  const unsafe = new Map<string, Problem>();
  const lenient = { dir: root.dir, refused: (rel: string, message: string) => unsafe.set(rel, problem(rel, 1, 'repo/unsafe-path', message.replace(/^Refusing to read \S+: /, 'docpact does not read this file: '))) };
  if (remember) prepareCache(root);
  const checkNow = (baseline: boolean) => {
    unsafe.clear();
    // This run's inputs, for the next run's replay (src/check/verdict.ts); never with --base, which asks git.
    const inputs = remember && baseline && !base ? new Inputs() : undefined;
    // One pass over the tree: each folder is opened and verified once, and the files in it are opened relative to it.
    const folders = openFolders();
    const traced = { ...lenient, trace: inputs?.trace, folders };
    let result;
    let facts;
    try {
      const read = cachedReader(traced);
      // A rule's read is told to the verdict even when the reader answers from memory (no trace then): that file's text, not only its facts, went into the result.
      const ruleRead = inputs ? Object.assign((rel: string) => (inputs.read(rel), read(rel)), { once: read.once, forget: read.forget }) : read;
      // Without a cache, each file's facts are derived at its first read and its text is not kept.
      const repo = { root: traced, config, read: ruleRead };
      facts = remember ? new RememberedFacts(traced, read, checkContext(traced, config), inputs?.start, stats, inputs) : undefined;
      const pass = facts ? undefined : new PassFacts(traced, read.once, eagerFacts(repo));
      const done = pass && ((rel: string) => {
        const text = read.forget(rel);
        if (text !== undefined) pass.seed(rel, text);
      });
      result = runCheck({ ...repo, facts: facts ?? pass, done }, { baseline, extra: base?.problems, history: base?.history });
    } finally {
      folders?.close();
    }
    // A result that read through a refusal (a link out, a FIFO) must meet it again next time: nothing of this run is kept.
    if (!unsafe.size) facts?.save();
    if (inputs && !unsafe.size) inputs.save(root, result, (rel) => facts?.stampOf(rel), (rel) => facts?.askedOf(rel));
    return result;
  };
  if (args.values['update-baseline']) {
    // Under the lock, so no writer changes the repository between reading the problems and writing them down.
    const held = args.values['dry-run'] ? undefined : acquire(root);
    try {
      const now = held ? checkNow(false) : journal.readConsistently(root, () => checkNow(false));
      // A link out of the repository, into .git or a FIFO is never accepted (no baseline, severity or ignore
      // suppresses repo/unsafe-path), so the baseline does not take it in only to call it unused.
      const accepted = now.problems.filter((p) => !p.suppressed);
      const plan = new PlanBuilder(root);
      plan.write(BASELINE_PATH, renderBaseline(accepted));
      const applied = applyPlan(root, plan.build(), { dryRun: !!args.values['dry-run'] });
      const verb = args.values['dry-run'] ? 'would write' : applied.ops.some(writes) ? 'wrote' : 'unchanged';
      io.emit({ baseline: { file: BASELINE_PATH, accepted: accepted.length, written: verb === 'wrote' } });
      if (!io.quiet) io.err(`${verb}  ${BASELINE_PATH} (${plural(accepted.length, 'problem')} accepted)`);
    } finally {
      held?.release();
    }
  }
  const result = journal.readConsistently(root, () => checkNow(true));
  return printResult(io, { ...result, problems: [...unsafe.values(), ...result.problems] }, base ? `; compared with ${args.values.base} at ${base.info.base.slice(0, 12)}` : '');
}
