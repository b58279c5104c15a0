/**
 * check after an edit that changes an ADR's facts (src/check/delta.ts): a
 * warm check, just after the edit, answers from the last verdict and the
 * range the ADR is in, rendered again — and whatever the edit, a warm check
 * prints exactly what a check without a cache prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyOf, edit, initRepo, keepForFile, ok, read, run, seededRandom, write } from './helpers.js';

/** A random edit may find nothing to change: the file is written again all the same (a new stamp, the same text). */
const rewrite = (dir: string, rel: string, fn: (text: string) => string) => write(dir, rel, fn(read(dir, rel)));

const ADR = 'docs/source/adr';
const CACHE = '.docpact/cache';
/** Caches on, outside CI; files settle after the usual two seconds (an edit checked at once is not settled). */
const ENV = { CI: '' };

/** Wait until every file written so far is settled (two seconds and a tick). */
const settle = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2200);

/** The cache's files, each with what says it was written again: a full check writes at least the facts of the edited file. */
function cacheFiles(dir: string): string {
  return fs
    .readdirSync(path.join(dir, CACHE))
    .sort()
    .map((name) => {
      const st = fs.statSync(path.join(dir, CACHE, name));
      return `${name}:${st.ino}:${st.mtimeMs}`;
    })
    .join('\n');
}

const adrText = (n: number, title: string, extra = '') =>
  `# ADR-${String(n).padStart(4, '0')} — ${title}\n\n- Status: Accepted\n- Date: 2026-11-23\n- Deciders: architect\n${extra}\n## Context\n\nWhy ${n}.\n\n## Decision\n\nWhat ${n}.\n\n## Consequences\n\nThen ${n}.\n\n## Alternatives\n\nNone.\n`;
const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const fileOf = (n: number, title: string) => `${ADR}/ADR-${String(n).padStart(4, '0')}-${slug(title)}.md`;

/** ADRs in three number ranges (0000-0099, 0100-0199, 0200-0299), one amending another, and the index generated. */
function seed(dir: string): void {
  for (const n of [2, 3, 4, 5, 101, 102, 103, 250]) write(dir, fileOf(n, `Decision ${n}`), adrText(n, `Decision ${n}`, n === 103 ? '- Amends: ADR-0102\n' : n === 102 ? '- Amended by: ADR-0103\n' : ''));
  ok(run(dir, ['check', '--fix', '--quiet'], { env: ENV }));
}

const adrs = (dir: string) => fs.readdirSync(path.join(dir, ADR)).filter((n) => /^ADR-\d{4}-.*\.md$/.test(n)).sort().map((n) => `${ADR}/${n}`);

/** Two checks, each after the files settled: the second keeps a verdict over every file. The cache's files then. */
function verdictKept(dir: string): string {
  for (let i = 0; i < 2; i++) {
    settle();
    expect(run(dir, ['check', '--quiet'], { env: ENV }).code).toBe(0);
  }
  return cacheFiles(dir);
}

describe('check after an ADR edit that changes its facts', () => {
  let base: string;
  beforeAll(() => {
    base = keepForFile(initRepo());
    seed(base);
  });

  it('answers a retitled ADR from the last verdict and its range rendered again, printing what a check without a cache prints', () => {
    const dir = copyOf(base);
    const cache = verdictKept(dir);
    // Retitled without --fix: its range's page and data are out of date; the rest of the index is not.
    const file = fileOf(101, 'Decision 101');
    edit(dir, file, (t) => t.replace('— Decision 101', '— Decision one hundred and one'));
    const warm = run(dir, ['check', '--json'], { env: ENV });
    const cold = run(dir, ['check', '--json', '--no-cache']);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
    const drift = (JSON.parse(warm.stdout).problems as { rule: string; file: string }[]).map((p) => `${p.rule} ${p.file}`);
    expect(drift).toEqual(['generated/drift docs/_generated/adr/index/0100-0199.json', 'adr/index-drift docs/source/adr/by-number/0100-0199.md']);
    // Nothing was written: no full check ran.
    expect(cacheFiles(dir)).toBe(cache);
    // Retitled back: the index is in step again, answered the same way.
    edit(dir, file, (t) => t.replace('— Decision one hundred and one', '— Decision 101'));
    const back = run(dir, ['check', '--json'], { env: ENV });
    expect(back.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
    expect(JSON.parse(back.stdout).problems).toEqual([]);
    expect(cacheFiles(dir)).toBe(cache);
  });

  it('answers a retitle the same way when the check comes later, the edit settled (a hook after a commit), and falls back past a few edited ADRs', () => {
    const dir = copyOf(base);
    // Twelve more ADRs without relations (6-17), each in the index.
    const more = Array.from({ length: 12 }, (_, i) => 6 + i);
    for (const n of more) write(dir, fileOf(n, `Decision ${n}`), adrText(n, `Decision ${n}`));
    ok(run(dir, ['check', '--fix', '--quiet'], { env: ENV }));
    const cache = verdictKept(dir);
    edit(dir, fileOf(4, 'Decision 4'), (t) => t.replace('— Decision 4', '— Decision four'));
    settle();
    const warm = run(dir, ['check', '--json'], { env: ENV });
    expect(warm.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
    expect((JSON.parse(warm.stdout).problems as { file: string }[]).map((p) => p.file)).toEqual(['docs/_generated/adr/index/0000-0099.json', 'docs/source/adr/by-number/0000-0099.md']);
    // No full check ran for it: nothing was written.
    expect(cacheFiles(dir)).toBe(cache);
    // Seventeen ADRs retitled (none with relations): more than the delta takes on; the full check runs and keeps a verdict over the settled edits.
    for (const n of [2, 3, 5, 101, 250, ...more]) edit(dir, fileOf(n, `Decision ${n}`), (t) => t.replace(`— Decision ${n}`, `— Decision ${n} renamed`));
    settle();
    const full = run(dir, ['check', '--json'], { env: ENV });
    expect(full.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
    expect(cacheFiles(dir)).not.toBe(cache);
  });

  it('answers a retitle in a series of one range (the index page region lists the ADRs) the way a check without a cache does', () => {
    const dir = initRepo();
    write(dir, fileOf(2, 'Decision 2'), adrText(2, 'Decision 2'));
    ok(run(dir, ['check', '--fix', '--quiet'], { env: ENV }));
    settle();
    expect(run(dir, ['check', '--quiet'], { env: ENV }).code).toBe(0);
    const cache = cacheFiles(dir);
    edit(dir, fileOf(2, 'Decision 2'), (t) => t.replace('— Decision 2', '— Decision two'));
    const warm = run(dir, ['check', '--json'], { env: ENV });
    expect(warm.stdout).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
    expect((JSON.parse(warm.stdout).problems as { file: string }[]).map((p) => p.file)).toEqual(['docs/_generated/adr/index/0000-0099.json', 'docs/source/adr/index.md']);
    expect(cacheFiles(dir)).toBe(cache);
  });

  /** A copy of the seeded repo after `setup`, settled, with a kept verdict; then `change`: the warm check must print what --no-cache prints. */
  const afterEdit = (setup: (dir: string) => void, change: (dir: string) => void) => {
    const dir = copyOf(base);
    setup(dir);
    settle();
    run(dir, ['check', '--quiet'], { env: ENV });
    change(dir);
    const warm = run(dir, ['check', '--json'], { env: ENV });
    const cold = run(dir, ['check', '--json', '--no-cache']);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
    return JSON.parse(warm.stdout).problems as { rule: string; file: string; suppressed?: string }[];
  };
  const retitle = (n: number, to: string) => (dir: string) => edit(dir, fileOf(n, `Decision ${n}`), (t) => t.replace(`— Decision ${n}`, `— ${to}`));

  it("judges a retitled ADR's range under the configured ignores and severities", () => {
    const yaml = (dir: string) => edit(dir, 'docpact.yaml', (t) => `${t}\ncheck:\n  ignore:\n    - rule: generated/drift\n      paths: ["docs/**"]\n      reason: regenerated nightly\n  severity:\n    adr/index-drift: warning\n`);
    const problems = afterEdit(yaml, retitle(4, 'Renamed'));
    expect(problems.map((p) => `${p.rule} ${p.suppressed ?? ''}`)).toEqual(['generated/drift ignore', 'adr/index-drift ']);
  });

  it('reports the baseline entries a retitle back leaves unused, and accepts a drift a baseline entry holds', () => {
    // The baseline accepts the drift of a retitled ADR's range; retitled back, the entries no longer occur.
    const problems = afterEdit((dir) => {
      retitle(4, 'Renamed')(dir);
      run(dir, ['check', '--update-baseline', '--quiet'], { env: ENV });
    }, (dir) => edit(dir, fileOf(4, 'Decision 4'), (t) => t.replace('— Renamed', '— Decision 4')));
    expect(problems.map((p) => p.rule)).toEqual(['baseline/unused', 'baseline/unused']);
    // The baseline accepts a drift that no longer occurs when the verdict is kept (two entries unused); the retitle makes it occur again.
    const accepted = afterEdit((dir) => {
      retitle(101, 'Renamed')(dir);
      run(dir, ['check', '--update-baseline', '--quiet'], { env: ENV });
      edit(dir, fileOf(101, 'Decision 101'), (t) => t.replace('— Renamed', '— Decision 101'));
    }, retitle(101, 'Renamed'));
    expect(accepted.map((p) => `${p.rule} ${p.suppressed}`)).toEqual(['generated/drift baseline', 'adr/index-drift baseline']);
  });

  it('renders the relation graph again when the retitled ADR has relations (its title is in the graph)', () => {
    const problems = afterEdit(() => {}, retitle(103, 'Renamed'));
    expect(problems.map((p) => `${p.rule} ${p.file}`)).toContain('generated/drift docs/_generated/diagrams/adr-relations.dot');
  });

  it('judges again what a status edit changes (the status is in the range page and may be unknown)', () => {
    const problems = afterEdit(() => {}, (dir) => edit(dir, fileOf(5, 'Decision 5'), (t) => t.replace('- Status: Accepted', '- Status: Acepted')));
    expect(problems.map((p) => p.rule)).toContain('adr/unknown-status');
  });

  it('prints what a check without a cache prints after each of a random sequence of edits', { timeout: 600_000 }, () => {
    const dir = copyOf(base);
    const rnd = seededRandom(29);
    const pick = <T>(xs: T[]): T => xs[rnd(xs.length)];
    let next = 300;
    const edits: [string, () => void][] = [
      ['retitle', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^# (ADR-\d+) — .*$/m, `# $1 — Retitled ${rnd(1000)}`))],
      ['retitle', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^# (ADR-\d+) — (.*)$/m, '# $1 — $2 again'))],
      ['retitle back', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^# (ADR-(\d+)) — .*$/m, (_m, id, n) => `# ${id} — Decision ${Number(n)}`))],
      ['deciders', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^- Deciders: .*$/m, `- Deciders: ${pick(['architect', 'engineer', 'architect, engineer'])}`))],
      ['status', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^- Status: .*$/m, `- Status: ${pick(['Accepted', 'Proposed', 'Acepted', 'Superseded', 'Rejected'])}`))],
      ['relation', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^(- Deciders: .*\n)/m, `$1- ${pick(['Superseded by', 'Amends', 'Supersedes'])}: ADR-${String(pick([2, 3, 101, 250, 999])).padStart(4, '0')}\n`))],
      ['unrelate', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^- (Superseded by|Supersedes|Amends|Amended by): .*\n/m, ''))],
      ['date', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^- Date: .*$/m, `- Date: ${pick(['2026-11-24', '2026-13-45', 'YYYY-MM-DD'])}`))],
      ['section', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/## Consequences\n\n.*\n\n/, ''))],
      ['paragraph', () => rewrite(dir, pick(adrs(dir)), (t) => `${t}\nOne more word.\n`)],
      ['heading number', () => rewrite(dir, pick(adrs(dir)), (t) => t.replace(/^# ADR-(\d+)/m, '# ADR-0042'))],
      ['duplicate', () => { const f = pick(adrs(dir)); write(dir, f.replace(/-([a-z0-9-]+)\.md$/, '-twin.md'), read(dir, f)); }],
      ['renumber file', () => { const f = pick(adrs(dir)); fs.renameSync(path.join(dir, f), path.join(dir, f.replace(/ADR-\d{4}/, `ADR-0${next++}`))); }],
      ['add', () => { const n = next++; write(dir, fileOf(n, `Decision ${n}`), adrText(n, `Decision ${n}`)); }],
      ['delete', () => { const all = adrs(dir); if (all.length > 3) fs.rmSync(path.join(dir, pick(all))); }],
      ['range page', () => rewrite(dir, 'docs/source/adr/by-number/0100-0199.md', (t) => `${t}\nA note by hand.\n`)],
      ['range data', () => { const f = path.join(dir, 'docs/_generated/adr/index/0000-0099.json'); if (fs.existsSync(f)) fs.appendFileSync(f, ' '); }],
      ['baseline', () => void run(dir, ['check', '--update-baseline', '--quiet'], { env: ENV })],
      ['no baseline', () => fs.rmSync(path.join(dir, '.docpact/baseline.json'), { force: true })],
      ['ignore', () => rewrite(dir, 'docpact.yaml', (t) => (t.includes('\ncheck:') ? t.replace(/\ncheck:[\s\S]*$/, '\n') : `${t}\ncheck:\n  ignore:\n    - rule: ${pick(['adr/index-drift', 'generated/drift', 'adr/*'])}\n      paths: ["docs/**"]\n      reason: regenerated nightly\n`))],
      ['severity', () => rewrite(dir, 'docpact.yaml', (t) => (t.includes('\ncheck:') ? t.replace(/\ncheck:[\s\S]*$/, '\n') : `${t}\ncheck:\n  severity:\n    adr/index-drift: warning\n`))],
      ['fix', () => void run(dir, ['check', '--fix', '--quiet'], { env: ENV })],
    ];
    const titles = edits.slice(0, 4).map(([, apply]) => apply);
    // Retitles are what the delta answers: most of the edits.
    const weighted = [...edits, ...Array.from({ length: 8 }, () => edits[rnd(3)]), edits[3], edits[3]];
    settle();
    run(dir, ['check', '--quiet'], { env: ENV });
    for (let step = 0; step < 24; step++) {
      const [name, apply] = pick(weighted);
      apply();
      const warm = run(dir, ['check', '--json'], { env: ENV });
      const cold = run(dir, ['check', '--json', '--no-cache']);
      expect(warm.stdout, `step ${step}: ${name}`).toBe(cold.stdout);
      expect(warm.code, `step ${step}: ${name}`).toBe(cold.code);
      // After an edit the delta does not answer, and now and then after one it does, the edits settle and a check keeps
      // a new verdict (no check keeps one over a file just edited), which the next edits are answered from.
      if (!titles.includes(apply) || step % 6 === 5) {
        settle();
        const kept = run(dir, ['check', '--json'], { env: ENV });
        expect(kept.stdout, `step ${step}: settled`).toBe(run(dir, ['check', '--json', '--no-cache']).stdout);
      }
    }
  });
});
