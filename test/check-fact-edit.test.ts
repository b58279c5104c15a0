/**
 * check after an edit that changes a fact (src/check/run.ts, verdict.ts,
 * rules/sync.ts): what a warm check reuses from earlier runs — here the
 * generated tree sync's rule compares with, remembered by every path its
 * rendering read — must never keep a result the edit changed. Each test
 * compares with `check --no-cache`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { WARM, copyOf, edit, everyGenerator, initRepo, keepForFile, rules, run, write } from './helpers.js';

const ADR0 = 'docs/source/adr/ADR-0001-record-architecture-decisions.md';
const ADR1 = 'docs/source/adr/ADR-0002-use-postgres-for-the-truthstore.md';
/** Caches on at once (a file is remembered as soon as it is read), outside CI. */


describe('check after an edit that changes a fact', () => {
  let base: string;
  beforeAll(() => {
    base = keepForFile(initRepo());
    everyGenerator(base);
  });

  it("reports a problem another ADR's edit finds in a remembered ADR at the line a check without a cache gives", () => {
    const dir = copyOf(base);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    // ADR-0001 now says ADR-0002 amends it; ADR-0002, unedited (its parse remembered), does not say so: reported at its status line.
    edit(dir, ADR0, (t) => t.replace(/(- Status: .*\n)/, '$1- Amended by: ADR-0002\n'));
    const r = run(dir, ['check', '--json'], { env: WARM });
    const reciprocal = (JSON.parse(r.stdout).problems as { rule: string; file: string; line: number }[]).filter((p) => p.rule === 'adr/relation-reciprocal');
    expect(reciprocal.map((p) => `${p.file}:${p.line}`)).toEqual([`${ADR1}:3`]);
    expect(r.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
  });

  it("sees a file only sync's rendering reads change after a check that used the remembered rendering (package.json, the workflow)", () => {
    const dir = copyOf(base);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    // A fact changes: a full check, which takes the generated tree as the last one rendered it, and keeps its verdict.
    edit(dir, ADR1, (t) => t.replace(/- Status: \w+/, '- Status: Acepted'));
    expect(rules(run(dir, ['check', '--json'], { env: WARM }))).toContain(`adr/unknown-status ${ADR1}`);
    // docpact becomes a dependency: the governance workflow sync would write now runs the project's own docpact.
    write(dir, 'package.json', '{ "name": "x", "devDependencies": { "docpact": "*" } }\n');
    const r = run(dir, ['check', '--json'], { env: WARM });
    expect(rules(r)).toContain('sync/due .github/workflows/governance.yml');
    expect(r.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
  });
});
