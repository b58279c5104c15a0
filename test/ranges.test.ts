/**
 * The ADR index's ranges as sync, adr renumber and check remember them
 * (src/adr/memo.ts, check's facts): a range none of whose ADRs changed is not
 * read again — so every change to an ADR, to the files its page links to, or
 * to the index files themselves must still be seen, and a memo that came
 * with the repository (copied, committed) must never be believed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DATE, WARM, copyOf, edit, editInPlace, exists, ok, prepared, read, run, write } from './helpers.js';

/** Caches on, a file remembered as soon as it is read (no two-second wait), as a developer's machine (not CI). */
const docpact = (dir: string, args: string[]) => run(dir, args, { env: WARM });

const ADR_DIR = 'docs/source/adr';
const PAGE = `${ADR_DIR}/by-number/0100-0199.md`;
const DATA = 'docs/_generated/adr/index/0100-0199.json';
const adrFile = (n: number, slug = `decision-${n}`) => `${ADR_DIR}/ADR-${String(n).padStart(4, '0')}-${slug}.md`;

/** A link ADR-0030 gets by hand in one test; until then it holds as many x's. */
const LINK = '[ADR-0120](ADR-0120-decision-120.md)';

function adrText(n: number, lines: string[] = [], status = 'Accepted'): string {
  const id = `ADR-${String(n).padStart(4, '0')}`;
  const others = n === 30 ? `Others: ${'x'.repeat(LINK.length)}.` : 'Others.';
  return `# ${id} — Decision ${n}\n\n- Status: ${status}\n- Date: ${DATE}\n- Deciders: architect, engineer\n${lines.map((l) => `${l}\n`).join('')}\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n\n## Alternatives\n\n${others}\n`;
}

/** 250 ADRs in three ranges; ADR-0150 supersedes ADR-0005 (so range 0100–0199's page links to ADR-0005's file). */
const repo = prepared((dir) => {
  for (let n = 2; n <= 250; n++) {
    const lines = n === 5 ? ['- Superseded by: [ADR-0150](ADR-0150-decision-150.md)'] : n === 150 ? ['- Supersedes: [ADR-0005](ADR-0005-decision-5.md)'] : [];
    write(dir, adrFile(n), adrText(n, lines, n === 5 ? 'Superseded' : 'Accepted'));
  }
  ok(run(dir, ['check', '--fix', '--quiet']));
});

/** A repository whose index memo is warm: sync summarized every range, check remembered them too. */
function warm(): string {
  const dir = repo();
  // Whole seconds, so a test can put a modification time back exactly.
  for (let n = 2; n <= 250; n++) fs.utimesSync(path.join(dir, adrFile(n)), 1_700_000_000, 1_700_000_000);
  ok(docpact(dir, ['sync', '--quiet']));
  ok(docpact(dir, ['sync', '--quiet']));
  ok(docpact(dir, ['check', '--quiet']));
  expect(fs.readdirSync(path.join(dir, '.docpact/cache')).some((f) => f.startsWith('adr-ranges-'))).toBe(true);
  return dir;
}

const drift = (stdout: string) => stdout.split('\n').filter((l) => /^\S+:\d+: (adr\/index-drift|generated\/drift):/.test(l));

describe('the ADR index remembered by range', () => {
  it('sync and check see an ADR title edited in place (same size, same modification time) and re-render its range', () => {
    const dir = warm();
    editInPlace(dir, adrFile(150), '# ADR-0150 — Decision 150', '# ADR-0150 — Decisiox 150');
    const checked = docpact(dir, ['check']);
    expect(checked.code).toBe(1);
    // ADR-0150 has a relation, so the graph names its title too.
    expect(drift(checked.stdout)).toEqual([
      `${DATA}:1: generated/drift: the generated ADR data is out of date with the ADR files; run "docpact check --fix"`,
      'docs/_generated/diagrams/adr-relations.dot:1: generated/drift: the generated ADR relation graph is out of date with the ADR files; run "docpact check --fix"',
      `${PAGE}:1: adr/index-drift: the generated ADR range page is out of date with the ADR files; run "docpact check --fix"`,
    ]);
    const synced = docpact(dir, ['sync', '--json']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(read(dir, PAGE)).toMatch(/\| \[ADR-0150\]\(\.\.\/ADR-0150-decision-150\.md\) \| Decisiox 150 \|/);
    expect(read(dir, DATA)).toContain('"title":"Decisiox 150"');
    expect(read(dir, 'docs/_generated/diagrams/adr-relations.dot')).toContain('Decisiox 150');
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('catches a hand-edited range page and data file however warm the memo is, and sync puts them back', () => {
    const dir = warm();
    const page = read(dir, PAGE);
    const data = read(dir, DATA);
    write(dir, PAGE, page.replace('Decision 120', 'Decision 120 (hand-edited)'));
    write(dir, DATA, data.replace('"title":"Decision 121"', '"title":"Decision 121 (forged)"'));
    const checked = docpact(dir, ['check']);
    expect(checked.code).toBe(1);
    expect(drift(checked.stdout)).toHaveLength(2);
    ok(docpact(dir, ['sync', '--quiet']));
    expect(read(dir, PAGE)).toBe(page);
    expect(read(dir, DATA)).toBe(data);
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('adr renumber and sync put back a range page and data file edited in place (same size, same modification time) after they remembered them unchanged', () => {
    const dir = warm();
    // Whole seconds, so editInPlace can put the modification time back; a sync then remembers both files as they are.
    for (const rel of [PAGE, DATA]) fs.utimesSync(path.join(dir, rel), 1_700_000_000, 1_700_000_000);
    ok(docpact(dir, ['sync', '--quiet']));
    const page = read(dir, PAGE);
    const data = read(dir, DATA);
    const tamper = () => {
      editInPlace(dir, PAGE, '| Decision 120 |', '| Decisiox 120 |');
      editInPlace(dir, DATA, '"title":"Decision 121"', '"title":"Decisiox 121"');
    };
    tamper();
    // A renumber in another range: this range's ADRs are as remembered, its files are not.
    const moved = docpact(dir, ['adr', 'renumber', '210', '251', '--yes', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    const actions = Object.fromEntries((JSON.parse(moved.stdout).files as { path: string; action: string }[]).map((f) => [f.path, f.action]));
    expect([actions[PAGE], actions[DATA]]).toEqual(['modify', 'modify']);
    expect(read(dir, PAGE)).toBe(page);
    expect(read(dir, DATA)).toBe(data);
    for (const rel of [PAGE, DATA]) fs.utimesSync(path.join(dir, rel), 1_700_000_000, 1_700_000_000);
    ok(docpact(dir, ['sync', '--quiet']));
    tamper();
    ok(docpact(dir, ['sync', '--quiet']));
    expect(read(dir, PAGE)).toBe(page);
    expect(read(dir, DATA)).toBe(data);
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('re-renders a range page whose relation target was renamed by hand, though no ADR of that range changed', () => {
    const dir = warm();
    fs.renameSync(path.join(dir, adrFile(5)), path.join(dir, adrFile(5, 'fifth')));
    ok(docpact(dir, ['sync', '--quiet']));
    expect(read(dir, PAGE)).toMatch(/\| Supersedes \[ADR-0005\]\(\.\.\/ADR-0005-fifth\.md\) \|/);
    // The ADR's own link is the team's to fix; the index is in step.
    expect(drift(docpact(dir, ['check']).stdout)).toEqual([]);
  });

  it('never believes a memo that came with the repository: a copy with a forged memo still shows the hand-edited page', () => {
    const dir = warm();
    const page = read(dir, PAGE);
    const edited = page.replace('Decision 120', 'Decision 666');
    const digest = (t: string) => createHash('sha256').update(t).digest('hex');
    // Forge every cache: wherever the page's true digest is remembered, put the edited page's.
    const cache = path.join(dir, '.docpact/cache');
    let forged = 0;
    for (const f of fs.readdirSync(cache)) {
      const text = fs.readFileSync(path.join(cache, f), 'utf8');
      if (text.includes(digest(page))) forged++, fs.writeFileSync(path.join(cache, f), text.split(digest(page)).join(digest(edited)));
    }
    expect(forged).toBeGreaterThan(0);
    write(dir, PAGE, edited);
    // Shipped as the repository is (an archive, a CI cache): same names, sizes and times, other inodes.
    const copy = copyOf(dir, { preserveTimestamps: true });
    const checked = docpact(copy, ['check']);
    expect(checked.code).toBe(1);
    expect(drift(checked.stdout)).toEqual([`${PAGE}:1: adr/index-drift: the generated ADR range page is out of date with the ADR files; run "docpact check --fix"`]);
    ok(docpact(copy, ['sync', '--quiet']));
    expect(read(copy, PAGE)).toBe(page);
  });

  it('a range page escapes an ADR title as the index does (a pipe would split its table row), and a check without a cache agrees', () => {
    const dir = repo();
    edit(dir, adrFile(120), (t) => t.replace('# ADR-0120 — Decision 120', '# ADR-0120 — Keep a | b, 1. *x*'));
    ok(run(dir, ['check', '--fix', '--quiet']));
    expect(read(dir, PAGE)).toContain('| [ADR-0120](../ADR-0120-decision-120.md) | Keep a \\| b, 1. *x* | Accepted | 2026-11-23 | — |');
    const cold = run(dir, ['check', '--no-cache']);
    expect(cold.stdout).toMatch(/no problems/);
  });

  it('adr renumber with a warm memo leaves the index as a full regeneration makes it', () => {
    const dir = warm();
    fs.rmSync(path.join(dir, adrFile(260)), { force: true });
    const r = docpact(dir, ['adr', 'renumber', '150', '260', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(exists(dir, adrFile(260, 'decision-150'))).toBe(true);
    expect(read(dir, `${ADR_DIR}/by-number/0200-0299.md`)).toMatch(/\| \[ADR-0260\]\(\.\.\/ADR-0260-decision-150\.md\) \| Decision 150 \|/);
    expect(read(dir, `${ADR_DIR}/by-number/0000-0099.md`)).toMatch(/Superseded by \[ADR-0260\]\(\.\.\/ADR-0260-decision-150\.md\)/);
    expect(read(dir, PAGE)).not.toContain('ADR-0150');
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
    // And a second renumber, the memo now holding the ranges the first one rewrote.
    ok(docpact(dir, ['adr', 'renumber', '260', '150', '--yes']));
    expect(read(dir, PAGE)).toMatch(/\| \[ADR-0150\]\(\.\.\/ADR-0150-decision-150\.md\) \| Decision 150 \|/);
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('adr renumber sees an ADR title edited in place (same size, same modification time) in a range it does not move', () => {
    const dir = warm();
    editInPlace(dir, adrFile(50), '# ADR-0050 — Decision 50', '# ADR-0050 — Decisiox 50');
    ok(docpact(dir, ['adr', 'renumber', '120', '261', '--yes']));
    expect(read(dir, 'docs/_generated/adr/index/0000-0099.json')).toContain('"title":"Decisiox 50"');
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('adr renumber rewrites a link added in place (same size, same modification time) to an ADR whose range it remembered without one', () => {
    const dir = warm();
    // A first renumber, within range 0200–0299, remembers what the other ranges could name.
    ok(docpact(dir, ['adr', 'renumber', '210', '251', '--yes']));
    expect(fs.existsSync(path.join(dir, '.docpact/cache/page-digits.json'))).toBe(true);
    editInPlace(dir, adrFile(30), 'x'.repeat(LINK.length), LINK);
    const r = docpact(dir, ['adr', 'renumber', '120', '261', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, adrFile(30))).toContain('Others: [ADR-0261](ADR-0261-decision-120.md).');
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('adr renumber rewrites the link of an ADR in a remembered range that holds the number, not only its first ADR', () => {
    const dir = warm();
    // Remembered: range 0000–0099, whose ADR-0005 links ADR-0150.
    ok(docpact(dir, ['adr', 'renumber', '210', '251', '--yes']));
    ok(docpact(dir, ['adr', 'renumber', '150', '262', '--yes']));
    expect(read(dir, adrFile(5))).toContain('- Superseded by: [ADR-0262](ADR-0262-decision-150.md)');
    expect(ok(docpact(dir, ['check'])).stdout).toMatch(/no problems/);
  });

  it('adr renumber rewrites a link added in place to an open chat message and a docs page it remembered without one', () => {
    const dir = warm();
    const THREAD = 'theory_api/agents/chats/q';
    const CONCEPT = 'docs/source/concepts/index.md';
    const chatLink = '[ADR-0120](../../../../docs/source/adr/ADR-0120-decision-120.md)';
    const docLink = '[ADR-0120](../adr/ADR-0120-decision-120.md)';
    // A thread whose first message is sealed by the reply, and whose second is open.
    ok(docpact(dir, ['chat', 'new', 'q', '--title', 'Question', '--date', DATE]));
    ok(docpact(dir, ['chat', 'reply', 'q', '--as', 'engineer', '--date', DATE]));
    const open = `${THREAD}/002-to-architect.md`;
    write(dir, open, `${read(dir, open)}\nSee ${'y'.repeat(chatLink.length)}.\n`);
    write(dir, CONCEPT, `${read(dir, CONCEPT)}\nSee ${'z'.repeat(docLink.length)}.\n`);
    // Whole seconds, so editInPlace can put a modification time back exactly.
    for (const f of [open, CONCEPT]) fs.utimesSync(path.join(dir, f), 1_700_000_000, 1_700_000_000);
    ok(docpact(dir, ['check']));
    // A first renumber remembers what the thread and the page could name.
    ok(docpact(dir, ['adr', 'renumber', '210', '251', '--yes']));
    editInPlace(dir, open, 'y'.repeat(chatLink.length), chatLink);
    editInPlace(dir, CONCEPT, 'z'.repeat(docLink.length), docLink);
    const r = docpact(dir, ['adr', 'renumber', '120', '261', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).result.rewritten.map((f: { file: string }) => f.file)).toEqual(expect.arrayContaining([open, CONCEPT]));
    expect(read(dir, open)).toContain('See [ADR-0261](../../../../docs/source/adr/ADR-0261-decision-120.md).');
    expect(read(dir, CONCEPT)).toContain('See [ADR-0261](../adr/ADR-0261-decision-120.md).');
  });

  it('adr renumber sees a message added by hand to a thread whose listing it remembered, the folder\'s modification time put back', () => {
    const dir = warm();
    const THREAD = 'theory_api/agents/chats/q';
    ok(docpact(dir, ['chat', 'new', 'q', '--title', 'Question', '--date', DATE]));
    fs.utimesSync(path.join(dir, THREAD), 1_700_000_000, 1_700_000_000);
    // A first renumber remembers the thread's names.
    ok(docpact(dir, ['adr', 'renumber', '210', '251', '--yes']));
    const added = `${THREAD}/002-to-architect.md`;
    write(dir, added, 'See [ADR-0120](../../../../docs/source/adr/ADR-0120-decision-120.md).\n');
    fs.utimesSync(path.join(dir, THREAD), 1_700_000_000, 1_700_000_000);
    const r = docpact(dir, ['adr', 'renumber', '120', '261', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, added)).toBe('See [ADR-0261](../../../../docs/source/adr/ADR-0261-decision-120.md).\n');
  });
});
