/**
 * check's facts cache (src/check/facts.ts) with one file edited: what changed
 * is noticed, only the part of the cache that holds it is written again, a
 * forged or damaged cache never hides a problem, and a warm check prints
 * exactly what a check without a cache prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { WARM, copyOf, edit, everyGenerator, initRepo, keepForFile, rules, run, write } from './helpers.js';

const ADR = 'docs/source/adr';
const ADR1 = `${ADR}/ADR-0001-record-architecture-decisions.md`;
/** Caches on at once (a file is remembered as soon as it is read), outside CI. */
const CACHE = '.docpact/cache';

/** The facts cache's files, each with what says it was written again (inode and modification time). */
function factsFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(path.join(dir, CACHE))) {
    if (!name.startsWith('check-facts')) continue;
    const st = fs.statSync(path.join(dir, CACHE, name));
    out.set(name, `${st.ino}:${st.mtimeMs}`);
  }
  return out;
}

/** The facts file holding a key's line, and the line's index. */
function lineOf(dir: string, key: string): { file: string; lines: string[]; at: number } {
  for (const name of factsFiles(dir).keys()) {
    const lines = fs.readFileSync(path.join(dir, CACHE, name), 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${key}\t`));
    if (at !== -1) return { file: path.join(dir, CACHE, name), lines, at };
  }
  throw new Error(`no facts line for ${key}`);
}


describe('check with its facts cache', () => {
  let base: string;
  beforeAll(() => {
    base = keepForFile(initRepo());
    everyGenerator(base);
  });

  it('notices a fact changed in one file, and writes again only the part of the facts cache that holds it', () => {
    const dir = copyOf(base);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    const before = factsFiles(dir);
    // The cache is spread over several files, so one edited file does not cost all of them.
    expect(before.size).toBeGreaterThan(4);
    // A section renamed: nothing the generated index shows changes.
    edit(dir, ADR1, (t) => t.replace('## Consequences', '## Results'));
    const r = run(dir, ['check', '--json'], { env: WARM });
    expect(r.code).toBe(1);
    expect(rules(r)).toEqual([`adr/missing-section ${ADR1}`]);
    const after = factsFiles(dir);
    const rewritten = [...after].filter(([name, id]) => before.get(name) !== id).map(([name]) => name);
    // The ADR's own facts, and the summary of the index range it belongs to (keyed by its ADRs' stamps): nothing else.
    const own = path.basename(lineOf(dir, ADR1).file);
    expect(rewritten).toContain(own);
    for (const name of rewritten.filter((n) => n !== own)) expect(fs.readFileSync(path.join(dir, CACHE, name), 'utf8'), name).toMatch(/^adr-range/m);
    expect(rewritten.length).toBeLessThanOrEqual(2);
    // Edited back: noticed again, the problem gone.
    edit(dir, ADR1, (t) => t.replace('## Results', '## Consequences'));
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
  });

  it('never lets a forged or damaged facts file hide a problem', () => {
    const dir = copyOf(base);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    edit(dir, ADR1, (t) => t.replace('## Consequences', '## Results'));
    const st = fs.statSync(path.join(dir, ADR1));
    const stamp = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    const { file, lines, at } = lineOf(dir, ADR1);
    const [key, , json] = lines[at].split('\t');
    // The old facts under the new stamp, planted in another file of the cache than the one that holds the ADR: not believed.
    const others = [...factsFiles(dir).keys()].map((n) => path.join(dir, CACHE, n)).filter((f) => f !== file);
    for (const other of others) fs.appendFileSync(other, `${key}\t${stamp}\t${json}\n`);
    const planted = run(dir, ['check', '--json'], { env: WARM });
    expect(rules(planted)).toContain(`adr/missing-section ${ADR1}`);
    // A file of the cache cut short, or garbled, is no cache: the check runs and finds the problem.
    edit(dir, ADR1, (t) => `${t}\n`);
    for (const f of [...factsFiles(dir).keys()].map((n) => path.join(dir, CACHE, n))) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 120).replace(/\{/g, '['));
    const damaged = run(dir, ['check', '--json'], { env: WARM });
    expect(damaged.stderr).toBe('');
    expect(rules(damaged)).toContain(`adr/missing-section ${ADR1}`);
  });

  it('remembers what an issue form gives, and notices the form edited in place (same size, same modification time)', () => {
    const dir = copyOf(base);
    const FORM = '.github/ISSUE_TEMPLATE/chore.yaml';
    const file = path.join(dir, FORM);
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000); // a whole second: put back exactly below
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    // The form's problems are remembered while it is unchanged (the lock's entry for it was looked up before its folder was listed).
    expect(lineOf(dir, FORM).lines[lineOf(dir, FORM).at]).toMatch(/"form":/);
    // Two body elements with one id, in a text of the same size, the old modification time put back: only the inode's change time differs.
    const st = fs.statSync(file);
    edit(dir, FORM, (t) => t.replace('id: goal', 'id: area'));
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(file).mtimeMs).toBe(st.mtimeMs);
    expect(fs.statSync(file).size).toBe(st.size);
    const r = run(dir, ['check', '--json'], { env: WARM });
    expect(r.code).toBe(1);
    expect(rules(r)).toEqual([`forms/unique-ids ${FORM}`]);
  });

  it('lists again a thread folder whose listing it remembered once a file is added there, its modification time put back', () => {
    const dir = copyOf(base);
    const THREAD = 'theory_api/agents/chats/open-question';
    const folder = path.join(dir, THREAD);
    fs.utimesSync(folder, 1_700_000_000, 1_700_000_000); // a whole second: put back exactly below
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0); // the verdict, the facts and the folders' listings
    expect(fs.readFileSync(path.join(dir, CACHE, 'check-listings.txt'), 'utf8')).toContain(`${THREAD}\t`);
    // A file nobody recorded, in a folder whose modification time is then put back: only its change time tells.
    write(dir, `${THREAD}/009-to-engineer.md`, '# Late\n');
    fs.utimesSync(folder, 1_700_000_000, 1_700_000_000);
    const r = run(dir, ['check', '--json'], { env: WARM });
    expect(r.code).toBe(1);
    expect(rules(r).filter((p) => p.endsWith(`${THREAD}/009-to-engineer.md`)).length).toBeGreaterThan(0);
    // The same once the listing was remembered with the file (a check in between), and the file is gone again.
    fs.rmSync(path.join(dir, THREAD, '009-to-engineer.md'));
    fs.utimesSync(folder, 1_700_000_000, 1_700_000_000);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
  });

  it('prints exactly the problems a check without a cache prints, warm, after an edit, and cold', () => {
    const dir = copyOf(base);
    // Problems of several rules: an ADR's status and section, a dead link, a page no toctree reaches, a chat file nobody recorded.
    edit(dir, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace('- Status: Accepted', '- Status: Acepted').replace('## Alternatives', '## Others'));
    write(dir, 'docs/source/concepts/stray.md', '# Stray\n\nSee [gone](gone.md) and [ADR](../adr/ADR-0009-nothing.md).\n');
    write(dir, 'theory_api/agents/chats/open-question/009-to-engineer.md', '# Late\n');
    edit(dir, ADR1, (t) => t.replace(/^# ADR-0001 .*$/m, '# Record decisions'));
    const cold = run(dir, ['check', '--no-cache']);
    expect(cold.code).toBe(1);
    expect(cold.stdout.split('\n').length).toBeGreaterThan(6);
    const first = run(dir, ['check'], { env: WARM }); // writes the caches
    const replayed = run(dir, ['check'], { env: WARM }); // the verdict answers
    edit(dir, 'docs/source/concepts/index.md', (t) => `${t}\nMore.\n`); // the facts answer, all but one file
    const warm = run(dir, ['check'], { env: WARM });
    for (const r of [first, replayed, warm]) expect(r).toMatchObject({ code: cold.code, stdout: cold.stdout });
    const json = run(dir, ['check', '--json', '--no-cache']).stdout;
    edit(dir, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => `${t}\n`);
    expect(run(dir, ['check', '--json'], { env: WARM }).stdout).toBe(json);
  });
});
