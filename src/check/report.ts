/** How check prints its result: a line per problem and a count per rule, or one line when clean; --json as is. */
import type { Io } from '../commands/command.js';
import { paint, plural } from '../text/style.js';
import { failing, type Problem } from './problem.js';
import type { CheckResult } from './index.js';

const problemLine = (io: Io, p: Problem) =>
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
export function report(all: Problem[], io: Io): void {
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

/** Print a check's result; the exit code: 1 when an error nobody accepted remains (warnings do not fail). */
export function printResult(io: Io, { problems, counts }: CheckResult, compared = ''): number {
  const failed = problems.some(failing);
  if (failed || io.json) report(problems, io);
  else if (!io.quiet) {
    // Only warnings: show them, but the repository passes.
    const shown = problems.filter((p) => !p.suppressed);
    for (const p of shown) io.out(problemLine(io, p));
    const warned = shown.length ? `; ${plural(shown.length, 'warning')} above` : '';
    io.out(paint(io, 'green', `docpact check: no problems (${plural(counts.adrs, 'ADR')}, ${plural(counts.threads, 'thread')}, ${plural(counts.pages, 'page')}${compared})${warned}${acceptedNote(problems)}.`));
  }
  return failed ? 1 : 0;
}
