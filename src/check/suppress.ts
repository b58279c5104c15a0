/**
 * Accepting known problems, in two ways:
 *
 * - `check.ignore` in docpact.yaml: a rule id (or glob), optional path globs
 *   and a required reason — for classes of problem the team has decided to
 *   live with.
 * - `.docpact/baseline.json`, written by `check --update-baseline`: the exact
 *   problems that exist today (file, rule, message, count), as ESLint's
 *   suppressions file or RuboCop's todo file. Afterwards only new problems
 *   fail; entries that no longer occur are reported so they can be pruned.
 *
 * Line numbers are not part of a baseline entry: they move with every edit.
 */
import picomatch from 'picomatch';
import type { DocpactConfig } from '../config/schema.js';
import { CONFIG_FILE } from '../config/load.js';
import { problem, RULES, type Problem } from './problem.js';

export const BASELINE_PATH = '.docpact/baseline.json';

/**
 * Rules that protect history: under `check --base` their problems are
 * accepted (or not) by the merge base's settings and baseline, never by the
 * change under review (src/check/rules/base.ts, History).
 */
export const protectsHistory = (rule: string) => rule.startsWith('base/') || rule === 'chat/seal' || rule === 'chat/chain';

export interface BaselineEntry {
  file: string;
  rule: string;
  message: string;
  count: number;
}

const key = (p: Pick<Problem, 'file' | 'rule' | 'message'>) => `${p.file}\u0000${p.rule}\u0000${p.message}`;

/** Configured severities (check.severity) override each rule's default. */
export function applySeverity(problems: Problem[], config: DocpactConfig): Problem[] {
  const severity = config.check?.severity ?? {};
  return problems.map((p) => (severity[p.rule] && severity[p.rule] !== p.severity ? { ...p, severity: severity[p.rule] } : p));
}

const UNSAFE = 'repo/unsafe-path';
const NEVER_ACCEPTED = `${UNSAFE} is never accepted: a link out of the repository or into .git, or a FIFO, stays an error until it is replaced; remove this entry`;

/** Problems in docpact.yaml's check section itself: unknown rule ids, ignore patterns that match no rule. */
export function checkSettingsProblems(config: DocpactConfig): Problem[] {
  const out: Problem[] = [];
  const ids = Object.keys(RULES);
  (config.check?.ignore ?? []).forEach((e, i) => {
    const matches = picomatch(e.rule);
    if (!ids.some((id) => matches(id))) out.push(problem(CONFIG_FILE, 1, 'config/schema', `check.ignore.${i}.rule: "${e.rule}" matches no rule id (see "docpact check --help")`));
    else if (e.rule === UNSAFE) out.push(problem(CONFIG_FILE, 1, 'config/schema', `check.ignore.${i}.rule: ${NEVER_ACCEPTED}`));
  });
  for (const rule of Object.keys(config.check?.severity ?? {})) {
    if (!ids.includes(rule)) out.push(problem(CONFIG_FILE, 1, 'config/schema', `check.severity.${rule}: no rule has that id`));
    else if (rule === UNSAFE) out.push(problem(CONFIG_FILE, 1, 'config/schema', `check.severity.${rule}: ${NEVER_ACCEPTED}`));
  }
  return out;
}

/** Mark problems that an ignore entry covers (the first matching entry's reason is kept). */
export function applyIgnore(problems: Problem[], config: DocpactConfig): Problem[] {
  const entries = (config.check?.ignore ?? []).map((e) => ({
    rule: picomatch(e.rule),
    path: e.paths ? picomatch(e.paths, { dot: true }) : () => true,
    reason: e.reason,
  }));
  if (!entries.length) return problems;
  return problems.map((p) => {
    if (p.suppressed) return p;
    const hit = entries.find((e) => e.rule(p.rule) && e.path(p.file));
    return hit ? { ...p, suppressed: 'ignore', reason: hit.reason } : p;
  });
}

/** Parse the baseline; a damaged file is reported as a problem (and suppresses nothing). */
export function parseBaseline(text: string | null): { entries: BaselineEntry[]; problems: Problem[] } {
  if (text === null) return { entries: [], problems: [] };
  try {
    const data = JSON.parse(text) as { version?: unknown; problems?: unknown };
    if (data.version !== 1 || !Array.isArray(data.problems)) throw new Error('expected {"version":1,"problems":[…]}');
    const entries = data.problems.map((e: BaselineEntry, i: number) => {
      if (typeof e?.file !== 'string' || typeof e.rule !== 'string' || typeof e.message !== 'string' || !Number.isInteger(e.count) || e.count < 1) {
        throw new Error(`problems[${i}] needs file, rule, message and a positive count`);
      }
      return e;
    });
    return { entries, problems: [] };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { entries: [], problems: [problem(BASELINE_PATH, 1, 'config/schema', `the baseline cannot be read (${why}); run "docpact check --update-baseline" to rewrite it`)] };
  }
}

/**
 * Mark problems the baseline accepts (up to each entry's count, in file
 * order), and return the entries, or parts of them, that no longer occur.
 */
export function applyBaseline(problems: Problem[], entries: BaselineEntry[]): { problems: Problem[]; unused: BaselineEntry[] } {
  const left = new Map<string, number>();
  for (const e of entries) left.set(key(e), (left.get(key(e)) ?? 0) + e.count);
  const marked = problems.map((p) => {
    if (p.suppressed) return p;
    const n = left.get(key(p)) ?? 0;
    if (n <= 0) return p;
    left.set(key(p), n - 1);
    return { ...p, suppressed: 'baseline' as const };
  });
  const unused: BaselineEntry[] = [];
  for (const e of entries) {
    const n = left.get(key(e)) ?? 0;
    if (n > 0) {
      unused.push({ ...e, count: Math.min(n, e.count) });
      left.set(key(e), n - Math.min(n, e.count));
    }
  }
  return { problems: marked, unused };
}

/** The baseline for these problems: one entry per line, sorted, so diffs stay readable. */
export function renderBaseline(problems: Problem[]): string {
  const counts = new Map<string, BaselineEntry>();
  for (const p of problems) {
    const k = key(p);
    const e = counts.get(k);
    if (e) e.count++;
    else counts.set(k, { file: p.file, rule: p.rule, message: p.message, count: 1 });
  }
  const sorted = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => JSON.stringify(e));
  return sorted.length ? `{"version":1,"problems":[\n${sorted.join(',\n')}\n]}\n` : '{"version":1,"problems":[]}\n';
}
