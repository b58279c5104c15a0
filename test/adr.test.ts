import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAdr } from '../src/adr/parse.js';
import { escapeMyst } from '../src/text/markdown.js';
import { ADR_CONTENT, DATE, REPO, initRepo, ok, prepared, read, run, runAsync, snapshot, tempRepo, write } from './helpers.js';
import { githubShows } from './render.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const ADR_DIR = 'docs/source/adr';
const adrFiles = (dir: string) => fs.readdirSync(path.join(dir, ADR_DIR)).filter((f) => /^ADR-\d+-/.test(f)).sort();
const newAdr = (dir: string, ...args: string[]) => run(dir, ['adr', 'new', '--date', DATE, ...args]);

describe('docpact adr new', () => {
  it('writes the next ADR in the reference shape, Proposed by default', () => {
    const dir = repo();
    const r = newAdr(dir, 'Use Postgres for the TruthStore');
    expect(r.code, r.stderr).toBe(0);
    const text = read(dir, `${ADR_DIR}/ADR-0002-use-postgres-for-the-truthstore.md`);
    expect(text.split('\n').slice(0, 5)).toEqual(['# ADR-0002 — Use Postgres for the TruthStore', '', '- Status: Proposed', `- Date: ${DATE}`, '- Deciders: architect, engineer']);
    for (const s of ['Context', 'Decision', 'Consequences', 'Alternatives']) expect(text).toContain(`\n## ${s}\n`);
  });

  it('numbers after the highest existing ADR, leaving gaps alone', () => {
    const dir = repo();
    expect(newAdr(dir, 'First one').code).toBe(0); // the numbers cache now knows the folder
    // Added by hand, with the folder's modification time put back to the nanosecond (as tar or rsync -a would):
    // its change time still tells.
    const folder = path.join(dir, ADR_DIR);
    const times = path.join(dir, '.git', 'adr-folder-times');
    fs.writeFileSync(times, '');
    execFileSync('touch', ['-r', folder, times]);
    const before = fs.statSync(folder, { bigint: true }).mtimeNs;
    write(dir, `${ADR_DIR}/ADR-0009-hand-written.md`, '# ADR-0009 — Hand written\n\n- Status: Accepted\n- Date: 2026-01-01\n- Deciders: me\n\n## Context\n\n## Decision\n\n## Consequences\n\n## Alternatives\n');
    execFileSync('touch', ['-r', times, folder]);
    expect(fs.statSync(folder, { bigint: true }).mtimeNs).toBe(before);
    expect(newAdr(dir, 'Next one').code).toBe(0);
    expect(adrFiles(dir)).toEqual(['ADR-0001-record-architecture-decisions.md', 'ADR-0002-first-one.md', 'ADR-0009-hand-written.md', 'ADR-0010-next-one.md']);
    // The hand-written ADR, unknown to the generated data, is in the index now.
    expect(read(dir, `${ADR_DIR}/index.md`)).toContain('| [ADR-0009](ADR-0009-hand-written.md) | Hand written | Accepted |');
  });

  it('supersedes both ways and changes only the status and relation lines of the old ADR', () => {
    const dir = repo();
    ok(newAdr(dir, 'Old choice', '--status', 'Accepted'));
    const oldRel = `${ADR_DIR}/ADR-0002-old-choice.md`;
    const custom = read(dir, oldRel).replace('The decision, stated', 'We chose\u00a0X — with care.\n\nThe decision, stated');
    write(dir, oldRel, custom);
    const r = newAdr(dir, 'New choice', '--supersedes', 'ADR-0002', '--amends', '1');
    expect(r.code, r.stderr).toBe(0);
    const old = read(dir, oldRel);
    const expected = custom
      .replace('- Status: Accepted', '- Status: Superseded')
      .replace('- Deciders: architect, engineer\n', '- Deciders: architect, engineer\n- Superseded by: [ADR-0003](ADR-0003-new-choice.md)\n');
    expect(old).toBe(expected);
    // Round trip through the parser check uses.
    const parsedOld = parseAdr('ADR-0002-old-choice.md', old);
    const parsedNew = parseAdr('ADR-0003-new-choice.md', read(dir, `${ADR_DIR}/ADR-0003-new-choice.md`));
    const parsedFirst = parseAdr('ADR-0001-record-architecture-decisions.md', read(dir, `${ADR_DIR}/ADR-0001-record-architecture-decisions.md`));
    expect(parsedOld.status).toBe('Superseded');
    expect(parsedOld.supersededBy).toEqual(['ADR-0003']);
    expect(parsedNew.supersedes).toEqual(['ADR-0002']);
    expect(parsedNew.amends).toEqual(['ADR-0001']);
    expect(parsedFirst.amendedBy).toEqual(['ADR-0003']);
    expect(parsedFirst.status).toBe('Accepted');
    expect(read(dir, `${ADR_DIR}/index.md`)).toContain('| Superseded | 2026-11-23 | Superseded by [ADR-0003](ADR-0003-new-choice.md) |');
  });

  it('keeps CRLF line endings when editing an old ADR', () => {
    const dir = repo();
    ok(newAdr(dir, 'Windows file'));
    const rel = `${ADR_DIR}/ADR-0002-windows-file.md`;
    write(dir, rel, read(dir, rel).replace(/\n/g, '\r\n'));
    expect(newAdr(dir, 'Replacement', '--supersedes', '2').code).toBe(0);
    const text = read(dir, rel);
    expect(text).toContain('- Status: Superseded\r\n');
    expect(text).toContain('- Superseded by: [ADR-0003](ADR-0003-replacement.md)\r\n');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('resolves REFs exactly: 7, 0007, ADR-0007 and the file name, never by substring', () => {
    const dir = repo();
    for (let i = 2; i <= 7; i++) newAdr(dir, i === 3 ? 'Use Python 3' : `Decision ${i}`);
    for (const ref of ['7', '0007', 'ADR-0007', 'adr-0007', 'ADR-0007-decision-7.md', 'ADR-0007-decision-7']) {
      const before = snapshot(dir);
      const r = run(dir, ['adr', 'status', ref, 'accepted', '--dry-run']);
      expect(r.code, `${ref}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain('ADR-0007-decision-7.md');
      expect(snapshot(dir)).toEqual(before);
    }
    // "Python 3" must not be reachable as "3"'s substring match of anything else, nor "python" at all.
    const bad = run(dir, ['adr', 'new', 'X', '--supersedes', 'python']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/No ADR matches "python"/);
    expect(bad.stderr).toContain('ADR-0003-use-python-3.md');
    // Nor by a prefix: a number followed by anything else is no number.
    for (const ref of ['7x', '0007-', 'ADR-0007x', '7.0']) {
      const r = run(dir, ['adr', 'status', ref, 'accepted']);
      expect(r.code, ref).toBe(2);
      expect(r.stderr, ref).toContain(`No ADR matches "${ref}"`);
    }
    const unknown = run(dir, ['adr', 'status', '42', 'accepted']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Candidates/);
  });

  it('reports an ambiguous REF with both candidates', () => {
    const dir = repo();
    ok(newAdr(dir, 'First five'));
    fs.copyFileSync(path.join(dir, ADR_DIR, 'ADR-0002-first-five.md'), path.join(dir, ADR_DIR, 'ADR-0002-second-five.md'));
    const r = run(dir, ['adr', 'status', '2', 'accepted']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ambiguous/);
    expect(r.stderr).toContain('ADR-0002-first-five.md');
    expect(r.stderr).toContain('ADR-0002-second-five.md');
  });

  it('refuses a title with a line break or without letters, writing nothing', () => {
    const dir = repo();
    const before = snapshot(dir);
    for (const title of ['two\nlines', '!!! ???', '   ', 'tab\there']) {
      const r = newAdr(dir, title);
      expect(r.code, title).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(newAdr(dir).code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
    // adr new has no --slug, so the message does not suggest one; docs add does.
    expect(newAdr(dir, '!!!').stderr).toMatch(/no letters or digits to build a file name from\. Use a title with some\.$/m);
    expect(run(dir, ['docs', 'add', 'guide', '!!!']).stderr).toMatch(/or pass --slug\.$/m);
  });

  it('gives 16 parallel runs 16 distinct numbers and an index listing all of them', async () => {
    const dir = repo();
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => runAsync(dir, ['adr', 'new', `Parallel ${i}`, '--date', DATE, '--json'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const ids = results.map((r) => JSON.parse(r.stdout).result.id);
    expect(new Set(ids).size).toBe(16);
    const files = adrFiles(dir);
    expect(files).toHaveLength(17);
    expect(new Set(files.map((f) => f.slice(0, 8))).size).toBe(17);
    const index = read(dir, `${ADR_DIR}/index.md`);
    for (const f of files) expect(index).toContain(`(${f})`);
    const data = JSON.parse(read(dir, 'docs/_generated/adr/index/0000-0099.json'));
    expect(data.adrs).toHaveLength(17);
    expect(fs.readdirSync(path.join(dir, '.docpact'))).not.toContain('.lock');
  });

  it('keeps any title exactly in the H1 with a safe file name, or refuses it and writes nothing (property)', () => {
    const dir = repo();
    const safe = /^ADR-\d{4}-[a-z0-9]+(-[a-z0-9]+)*\.md$/;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('{{x}} & | \\ / " \' # :', 'Ünïcödé Привет 日本', 'CON', 'a. ', '-')), (title) => {
        if (title.includes('\0')) return; // argv cannot carry NUL
        const before = adrFiles(dir);
        const r = run(dir, ['adr', 'new', `--title=${title}`, '--date', DATE, '--json']);
        if (r.code === 0) {
          const { file } = JSON.parse(r.stdout).result;
          const name = path.basename(file);
          expect(name).toMatch(safe);
          expect(Buffer.byteLength(name)).toBeLessThan(100);
          // The H1 shows the title as typed on GitHub (test/render.ts); the parsed title is exact.
          const h1 = read(dir, file).split('\n')[0];
          expect(h1.startsWith(`# ${name.slice(0, 8)} — `)).toBe(true);
          expect(githubShows(h1, title.trim(), `${name.slice(0, 8)} — `)).toEqual([]);
          expect(parseAdr(name, read(dir, file)).title).toBe(title.trim());
        } else {
          expect(r.code).toBe(2);
          expect(adrFiles(dir)).toEqual(before);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('docpact adr status and list', () => {
  it('validates the status case-insensitively and writes it canonically', () => {
    const dir = repo();
    ok(newAdr(dir, 'Pick a queue'));
    expect(run(dir, ['adr', 'status', '2', 'aCcEpTeD']).code).toBe(0);
    expect(read(dir, `${ADR_DIR}/ADR-0002-pick-a-queue.md`)).toContain('\n- Status: Accepted\n');
    const bad = run(dir, ['adr', 'status', '2', 'Maybe']);
    expect(bad.code).toBe(2);
    // Only the statuses that may be set are offered; Superseded is explained instead.
    expect(bad.stderr).toMatch(/STATUS must be one of: Proposed, Accepted, Rejected, Deprecated \(got "Maybe"\)/);
    const sup = run(dir, ['adr', 'status', '2', 'superseded']);
    expect(sup.code).toBe(2);
    expect(sup.stderr).toMatch(/adr new <title> --supersedes/);
  });

  it('lists ADRs as a table, as JSON and filtered by status', () => {
    const dir = repo();
    ok(newAdr(dir, 'Second'));
    ok(newAdr(dir, 'Third', '--supersedes', '2'));
    const table = run(dir, ['adr', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ADR-0002\s+Superseded\s+2026-11-23\s+Second\s+superseded by ADR-0003$/m);
    const json = JSON.parse(run(dir, ['adr', 'list', '--json']).stdout).adrs;
    expect(json.map((a: { id: string }) => a.id)).toEqual(['ADR-0001', 'ADR-0002', 'ADR-0003']);
    expect(json[2].supersedes).toEqual(['ADR-0002']);
    const accepted = JSON.parse(run(dir, ['adr', 'list', '--json', '--status', 'accepted']).stdout).adrs;
    expect(accepted.map((a: { id: string }) => a.id)).toEqual(['ADR-0001']);
  });

  it('keeps prose around the generated index region', () => {
    const dir = repo();
    const rel = `${ADR_DIR}/index.md`;
    write(dir, rel, read(dir, rel).replace('<!-- docpact:adr-index:start -->', 'Our own note before.\n\n<!-- docpact:adr-index:start -->') + '\nAnd after.\n');
    expect(newAdr(dir, 'Something').code).toBe(0);
    const text = read(dir, rel);
    expect(text).toContain('Our own note before.\n\n<!-- docpact:adr-index:start -->');
    expect(text.endsWith('<!-- docpact:adr-index:end -->\n\nAnd after.\n')).toBe(true);
    expect(text).toContain('ADR-0002-something');
  });
});

describe('the ADR index in ranges of 100 numbers', () => {
  it('rewrites only the ranges a command touches, numbers after hand-added files, and stays equal to a full regeneration', () => {
    const dir = repo();
    const body = (n: number) => `# ADR-${String(n).padStart(4, '0')} — Decision ${n}\n\n- Status: Accepted\n- Date: ${DATE}\n- Deciders: a\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n\n## Alternatives\n\nx\n`;
    for (let n = 2; n <= 99; n++) write(dir, `${ADR_DIR}/ADR-${String(n).padStart(4, '0')}-decision-${n}.md`, body(n));
    // The single data file of an earlier docpact is reported and removed by --fix.
    write(dir, 'docs/_generated/adr/index.json', '{"version":1,"adrs":[]}\n');
    expect(run(dir, ['check']).stdout).toMatch(/^docs\/_generated\/adr\/index\.json:1: generated\/drift: is the single-file ADR data of an earlier docpact/m);
    expect(run(dir, ['check', '--fix']).stderr).toContain('fixed  docs/_generated/adr/index.json (removed)');
    expect(fs.existsSync(path.join(dir, 'docs/_generated/adr/index.json'))).toBe(false);

    // ADR-0100 opens a second range: each range gets a page, the index lists them; range 0's data is untouched.
    const first = newAdr(dir, 'Cross the boundary');
    expect(first.stdout).toMatch(/^created\s+docs\/_generated\/adr\/index\/0100-0199\.json$/m);
    expect(first.stdout).toMatch(/^created\s+docs\/source\/adr\/by-number\/0000-0099\.md$/m);
    expect(first.stdout).not.toMatch(/0000-0099\.json/);
    expect(read(dir, `${ADR_DIR}/index.md`)).toMatch(/:maxdepth: 1\n\nby-number\/0000-0099\nby-number\/0100-0199\n```/);
    expect(read(dir, `${ADR_DIR}/index.md`)).toContain('Decisions by number:\n\n- [ADR-0001 to ADR-0099](by-number/0000-0099.md)\n- [ADR-0100 to ADR-0199](by-number/0100-0199.md)\n');
    // A file added by hand (the folder changed since docpact numbered) is seen: the next number follows it.
    write(dir, `${ADR_DIR}/ADR-0150-by-hand.md`, body(150));
    expect(JSON.parse(run(dir, ['adr', 'new', '--date', DATE, '--json', 'After the hand-made one']).stdout).result.id).toBe('ADR-0151');
    // Superseding across ranges rewrites both ranges' data and pages, and nothing else of the index.
    const sup = newAdr(dir, 'Replace three', '--supersedes', '3');
    expect(sup.stdout).toMatch(/^modified\s+docs\/_generated\/adr\/index\/0000-0099\.json$/m);
    expect(read(dir, `${ADR_DIR}/by-number/0000-0099.md`)).toContain('| Superseded | 2026-11-23 | Superseded by [ADR-0152](../ADR-0152-replace-three.md) |');
    expect(run(dir, ['check']).stdout).toMatch(/no problems \(103 ADRs/);
  });
});

describe('the ADR lifecycle', () => {
  const copyFixture = (name: string) => {
    const dir = tempRepo();
    fs.cpSync(path.join(REPO, 'test/fixtures/adopt', name), dir, { recursive: true });
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    if (r.code !== 0) throw new Error(r.stderr);
    return dir;
  };

  it('refuses to supersede a Rejected ADR, or to start a superseding ADR as Rejected, writing nothing', () => {
    const dir = initRepo();
    expect(newAdr(dir, 'Use MongoDB', '--status', 'Rejected').code).toBe(0);
    const before = snapshot(dir);
    const r = newAdr(dir, 'Use Postgres', '--supersedes', '2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ADR-0002 is Rejected: it never took effect, so nothing can supersede it/);
    expect(r.stderr).toMatch(/without --supersedes/);
    expect(snapshot(dir)).toEqual(before);
    newAdr(dir, 'Use SQLite', '--status', 'Accepted');
    const born = newAdr(dir, 'Use Postgres', '--supersedes', '3', '--status', 'rejected');
    expect(born.code).toBe(2);
    expect(born.stderr).toMatch(/A rejected ADR replaces nothing/);
    expect(read(dir, `${ADR_DIR}/ADR-0003-use-sqlite.md`)).toContain('- Status: Accepted\n');
  });

  it('rejecting a superseding ADR puts what it superseded back in force, with the status named by --restore', () => {
    const dir = initRepo();
    newAdr(dir, 'Use SQLite', '--status', 'Accepted', ...ADR_CONTENT);
    const sqlite = `${ADR_DIR}/ADR-0002-use-sqlite.md`;
    const original = read(dir, sqlite);
    newAdr(dir, 'Use Postgres', '--supersedes', '2');
    const postgres = `${ADR_DIR}/ADR-0003-use-postgres.md`;
    const proposed = read(dir, postgres);
    const before = snapshot(dir);
    const r = run(dir, ['adr', 'status', '3', 'rejected']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ADR-0003 supersedes ADR-0002/);
    expect(r.stderr).toContain('docpact adr status 3 Rejected --restore <status>');
    expect(snapshot(dir)).toEqual(before);
    const bad = run(dir, ['adr', 'status', '3', 'rejected', '--restore', 'superseded']);
    expect(bad.code).toBe(2);
    const ok = run(dir, ['adr', 'status', '3', 'rejected', '--restore', 'accepted']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ADR-0002: Superseded → Accepted/);
    // Both files are as if the superseding never happened, but for the rejection.
    expect(read(dir, sqlite)).toBe(original);
    expect(read(dir, postgres)).toBe(proposed.replace('- Status: Proposed', '- Status: Rejected').replace(/- Supersedes: .*\n/, ''));
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('restores in the adr-tools and MADR formats too', () => {
    const nygard = copyFixture('adr-tools');
    const dec = 'doc/architecture/decisions';
    const r = run(nygard, ['adr', 'status', '3', 'rejected', '--restore', 'Accepted']);
    expect(r.code, r.stderr).toBe(0);
    expect(read(nygard, `${dec}/0002-store-the-catalogue-in-sqlite.md`)).toMatch(/## Status\n\nAccepted\n\n## Context/);
    expect(read(nygard, `${dec}/0003-store-the-catalogue-in-postgres.md`)).toMatch(/## Status\n\nRejected\n\n## Context/);
    expect(run(nygard, ['check']).code).toBe(0);

    const madr = copyFixture('madr');
    expect(run(madr, ['adr', 'new', 'Split settings per app', '--supersedes', '2', '--date', DATE]).code).toBe(0);
    const old = read(madr, 'docs/decisions/0002-ship-a-single-settings-file.md');
    expect(old).toMatch(/^status: "?superseded by/im);
    const m = run(madr, ['adr', 'status', '3', 'rejected', '--restore', 'proposed']);
    expect(m.code, m.stderr).toBe(0);
    expect(read(madr, 'docs/decisions/0002-ship-a-single-settings-file.md')).toMatch(/^status: proposed$/im);
    expect(read(madr, 'docs/decisions/0003-split-settings-per-app.md')).not.toMatch(/supersedes/);
    expect(run(madr, ['check']).code).toBe(0);
  });

  it('check reports a Rejected ADR that still supersedes another', () => {
    const dir = initRepo();
    newAdr(dir, 'Use SQLite', '--status', 'Accepted');
    newAdr(dir, 'Use Postgres', '--supersedes', '2');
    const postgres = `${ADR_DIR}/ADR-0003-use-postgres.md`;
    write(dir, postgres, read(dir, postgres).replace('- Status: Proposed', '- Status: Rejected'));
    expect(run(dir, ['check', '--fix']).code).toBe(1);
    const r = run(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ADR-0003-use-postgres\.md:\d+: adr\/lifecycle: ADR-0003 is Rejected but supersedes ADR-0002/);
    expect(r.stdout).toContain('docpact adr status 3 Rejected --restore <status>');
  });
});
