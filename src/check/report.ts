/**
 * How check (and gate, and generate --check) print a result: a line per
 * problem and a count per rule, or one line when clean; in GitHub Actions
 * also one annotation per problem, so it shows on its file and line in the
 * pull request; --json as data (the problems, and what the caller adds), with
 * `error.code: "problems"` when an error nobody accepted fails the run.
 */
import type { Io } from '../commands/command.js';
import { paint, plural } from '../text/style.js';
import type { Problem } from './problem.js';
import type { CheckResult } from './index.js';

/** A problem as every reporter has it (check's Problem, gate's GateProblem); `file` "" when it is about no file. */
type Reported = Pick<Problem, 'file' | 'line' | 'rule' | 'severity' | 'message' | 'suppressed'>;

const problemLine = (io: Io, p: Reported) =>
  `${p.file ? `${p.file}:${p.line}: ` : ''}${paint(io, p.severity === 'error' ? 'red' : 'yellow', p.rule)}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;

/** Escaping of GitHub's workflow commands (as @actions/core does): data, and properties, which also escape ":" and ",". */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * In GitHub Actions (GITHUB_ACTIONS=true), one `::error` or `::warning`
 * workflow command per problem not accepted: GitHub shows it on the file and
 * line in the pull request. Paths are relative to the docpact root, which is
 * the repository root unless docpact governs a folder of its own (--here).
 */
export function annotate(io: Io, problems: Reported[]): void {
  if (io.json || !io.workflow || process.env.GITHUB_ACTIONS !== 'true') return;
  for (const p of problems) {
    if (p.suppressed) continue;
    const where = p.file ? `file=${escapeProperty(p.file)},line=${p.line},` : '';
    io.workflow(`::${p.severity === 'error' ? 'error' : 'warning'} ${where}title=${escapeProperty(p.rule)}::${escapeData(p.message)}`);
  }
}

/** "; 3 accepted (2 by the baseline, 1 by check.ignore)" or "". */
function acceptedNote(problems: Reported[]): string {
  const base = problems.filter((p) => p.suppressed === 'baseline').length;
  const ignored = problems.filter((p) => p.suppressed === 'ignore').length;
  if (!base && !ignored) return '';
  const parts = [base ? `${base} by the baseline` : '', ignored ? `${ignored} by check.ignore` : ''].filter(Boolean);
  return `; ${base + ignored} accepted (${parts.join(', ')})`;
}

/** Problems (accepted ones only in --json, marked "suppressed"), then a count per rule; --json emits `data` (default: the problems). */
export function report(all: Reported[], io: Io, data: Record<string, unknown> = { problems: all }): void {
  if (io.json) {
    io.emit(data);
    return;
  }
  const problems = all.filter((p) => !p.suppressed);
  annotate(io, problems);
  for (const p of problems) io.out(problemLine(io, p));
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  io.out('');
  io.out(`${plural(problems.length, 'problem')}${warnings ? ` (${plural(warnings, 'warning')})` : ''}${acceptedNote(all)}:`);
  for (const [rule, n] of [...counts].sort()) io.out(`  ${rule.padEnd(26)} ${n}`);
}

/**
 * Print a result; the exit code: 1 when an error nobody accepted remains
 * (warnings do not fail). Clean, it prints the warnings and `passed` (the
 * accepted count appended), in green.
 */
export function printOutcome(io: Io, problems: Reported[], passed: string, data: Record<string, unknown> = { problems }): number {
  const failing = problems.filter((p) => p.severity === 'error' && !p.suppressed);
  const failed = failing.length > 0;
  if (io.json) {
    report(problems, io, data);
    if (failed) io.emit({ error: { code: 'problems', message: failedMessage(failing) } });
  } else if (failed) report(problems, io);
  else if (!io.quiet) {
    // Only warnings: show them, but the change or repository passes.
    const shown = problems.filter((p) => !p.suppressed);
    annotate(io, shown);
    for (const p of shown) io.out(problemLine(io, p));
    const warned = shown.length ? `; ${plural(shown.length, 'warning')} above` : '';
    io.out(paint(io, 'green', `${passed}${warned}${acceptedNote(problems)}.`));
  }
  return failed ? 1 : 0;
}

/** The --json error of a failed run: "2 errors (links/dead 1, adr/format 1); each is in problems". */
function failedMessage(failing: Reported[]): string {
  const counts = new Map<string, number>();
  for (const p of failing) counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  return `${plural(failing.length, 'error')} (${[...counts].sort().map(([rule, n]) => `${rule} ${n}`).join(', ')}); each is in problems.`;
}

/** Print a check's result; the exit code: 1 when an error nobody accepted remains (warnings do not fail). */
export function printResult(io: Io, { problems, counts }: CheckResult, compared = ''): number {
  return printOutcome(io, problems, `docpact check: no problems (${plural(counts.adrs, 'ADR')}, ${plural(counts.threads, 'thread')}, ${plural(counts.pages, 'page')}${compared})`, { problems, counts });
}
