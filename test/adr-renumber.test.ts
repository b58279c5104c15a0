/** `docpact adr renumber` through the built bin: every format and series, references, sealed messages, rollback. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATE, adopted, edit, initRepo, ok, read, run, runAsync, snapshot, write } from './helpers.js';

const ADR = 'docs/source/adr';
const CHATS = 'theory_api/agents/chats';

describe('docpact adr renumber', () => {
  it('moves an ADR and every reference in one plan; sealed chat messages are reported, not edited; a failed apply is undone', () => {
    const dir = initRepo();
    ok(run(dir, ['adr', 'new', 'Use SQLite', '--status', 'Accepted', '--date', DATE]));
    ok(run(dir, ['adr', 'new', 'Use Postgres', '--supersedes', '2', '--date', DATE]));
    ok(run(dir, ['adr', 'new', 'Tune Postgres', '--amends', '3', '--date', DATE]));
    edit(dir, `${ADR}/ADR-0004-tune-postgres.md`, (t) => t.replace('## Context\n', '## Context\n\nFollows [the Postgres record](./ADR-0003-use-postgres.md) (see ADR-0003).\n'));
    edit(dir, 'docs/source/concepts/index.md', (t) => `${t}\n[Storage][pg] is decided in {doc}\`ADR-0003 <../adr/ADR-0003-use-postgres>\`.\n\n[pg]: ../adr/ADR-0003-use-postgres.md\n`);
    // A thread whose first message (sealed by the reply) and open second message both link the ADR.
    ok(run(dir, ['chat', 'new', 'pg', '--title', 'Postgres?', '--date', DATE]));
    const link = '\nSee [ADR-0003](../../../../docs/source/adr/ADR-0003-use-postgres.md).\n';
    edit(dir, `${CHATS}/pg/001-to-engineer.md`, (t) => t + link);
    ok(run(dir, ['chat', 'reply', 'pg', '--as', 'engineer', '--date', DATE]));
    edit(dir, `${CHATS}/pg/002-to-architect.md`, (t) => t + link);
    expect(run(dir, ['check']).code).toBe(0);

    // Dry run: the plan, nothing written. A failure part-way (after the old name is removed): everything undone.
    const before = snapshot(dir);
    const dry = run(dir, ['adr', 'renumber', 'ADR-0003', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would create  ${ADR}/ADR-0005-use-postgres.md`);
    expect(dry.stdout).toContain(`would delete  ${ADR}/ADR-0003-use-postgres.md`);
    expect(snapshot(dir)).toEqual(before);
    const failed = run(dir, ['adr', 'renumber', '3'], { env: { DOCPACT_FAIL_AT: 'move:2:EPERM' } });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/Nothing was changed: .*undid the 2 files/);
    expect(snapshot(dir)).toEqual(before);
    // Killed after the removal: the next command completes the rename.
    expect(run(dir, ['adr', 'renumber', '3'], { env: { DOCPACT_CRASH_AT: 'move:1' } }).code).not.toBe(0);
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0003-use-postgres.md'))).toBe(false);
    expect(run(dir, ['adr', 'list']).code).toBe(0);
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0005-use-postgres.md'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.docpact/journal.json'))).toBe(false);
    // Back to the start, by renumbering again (5 → 3), then the real run with --json.
    ok(run(dir, ['adr', 'renumber', '5', '3']));
    expect(snapshot(dir).keys()).toEqual(before.keys());

    const r = run(dir, ['adr', 'renumber', '3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result).toMatchObject({ from: 'ADR-0003', to: 'ADR-0005', file: `${ADR}/ADR-0005-use-postgres.md` });
    expect(out.result.sealed).toEqual([{ file: `${CHATS}/pg/001-to-engineer.md`, lines: [expect.any(Number)] }]);
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0003-use-postgres.md'))).toBe(false);
    const moved = read(dir, `${ADR}/ADR-0005-use-postgres.md`);
    expect(moved).toMatch(/^# ADR-0005 — Use Postgres\n/);
    expect(moved).toContain('- Supersedes: [ADR-0002](ADR-0002-use-sqlite.md)');
    // Relation lines on the other side, a link in the body (its "./" kept); prose mentions stay as written.
    expect(read(dir, `${ADR}/ADR-0002-use-sqlite.md`)).toContain('- Superseded by: [ADR-0005](ADR-0005-use-postgres.md)');
    const tune = read(dir, `${ADR}/ADR-0004-tune-postgres.md`);
    expect(tune).toContain('- Amends: [ADR-0005](ADR-0005-use-postgres.md)');
    expect(tune).toContain('Follows [the Postgres record](./ADR-0005-use-postgres.md) (see ADR-0003).');
    const concepts = read(dir, 'docs/source/concepts/index.md');
    expect(concepts).toContain('{doc}`ADR-0005 <../adr/ADR-0005-use-postgres>`');
    expect(concepts).toContain('[pg]: ../adr/ADR-0005-use-postgres.md');
    expect(read(dir, `${CHATS}/pg/001-to-engineer.md`)).toContain('ADR-0003-use-postgres.md'); // sealed: untouched
    expect(read(dir, `${CHATS}/pg/002-to-architect.md`)).toContain('[ADR-0005](../../../../docs/source/adr/ADR-0005-use-postgres.md)');
    expect(read(dir, `${ADR}/index.md`)).toContain('| [ADR-0005](ADR-0005-use-postgres.md) | Use Postgres |');
    expect(read(dir, '.docpact/lock.yaml')).not.toContain('ADR-0003-use-postgres.md');
    // The sealed message's link is now dead: check says so as a warning (it cannot change); everything else is clean
    // (but for the warnings that these Proposed ADRs still hold the template's sections).
    const check = run(dir, ['check', '--json']);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout).problems as { rule: string }[]).filter((p) => p.rule !== 'adr/placeholder')).toEqual([expect.objectContaining({ file: `${CHATS}/pg/001-to-engineer.md`, rule: 'links/dead', severity: 'warning' })]);

    // Refusals: a taken number, a number that does not fit, the same number, not a number; nothing changes.
    const after = snapshot(dir);
    const taken = run(dir, ['adr', 'renumber', '5', '2']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('ADR-0002 is taken by ADR-0002-use-sqlite.md');
    expect(run(dir, ['adr', 'renumber', '5', '12345']).stderr).toContain('does not fit the configured 4 digits');
    expect(run(dir, ['adr', 'renumber', '5', '5']).code).toBe(2);
    expect(run(dir, ['adr', 'renumber', '5', 'x']).stderr).toContain('whole number');
    expect(snapshot(dir)).toEqual(after);
  }, 180_000);

  it('refuses a number taken by hand while it waited for the repository lock, though its questions saw it free', async () => {
    const dir = initRepo();
    ok(run(dir, ['adr', 'new', 'Use SQLite', '--date', DATE]));
    ok(run(dir, ['adr', 'new', 'Use Postgres', '--date', DATE]));
    // A live holder of the lock (this test's process), released once the renumber is waiting for it.
    const lock = path.join(dir, '.docpact/.lock');
    const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    fs.writeFileSync(lock, `${process.pid}@${os.hostname()}#0123456789abcdef/${boot}/${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]}`);
    const renumber = runAsync(dir, ['adr', 'renumber', '3', '5', '--yes'], { DOCPACT_LOCK_TIMEOUT_MS: '60000' });
    await waitingOnLock(dir);
    write(dir, `${ADR}/ADR-0005-by-hand.md`, '# ADR-0005 — By hand\n\n- Status: Proposed\n- Date: 2026-11-23\n- Deciders: architect\n');
    fs.rmSync(lock);
    const r = await renumber;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('ADR-0005 is taken by ADR-0005-by-hand.md');
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0003-use-postgres.md'))).toBe(true);
    expect(fs.readdirSync(path.join(dir, ADR)).filter((f) => f.startsWith('ADR-0005-'))).toEqual(['ADR-0005-by-hand.md']);
  });

  it('refuses a number below the series’ first number, changing nothing', () => {
    const dir = initRepo();
    ok(run(dir, ['adr', 'new', 'Use SQLite', '--date', DATE]));
    const before = snapshot(dir);
    const r = run(dir, ['adr', 'renumber', '2', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ADR numbers in this series start at 1 (got 0).');
    expect(snapshot(dir)).toEqual(before);
  });

  it('keeps each format’s naming: Nygard’s "# N. Title" and link texts, MADR’s file names, a second series', () => {
    const nygard = adopted('adr-tools');
    const dec = 'doc/architecture/decisions';
    write(nygard, 'docs/source/guides/storage.md', '# Storage\n\nSee [the SQLite record](../../../doc/architecture/decisions/0002-store-the-catalogue-in-sqlite.md).\n');
    ok(run(nygard, ['adr', 'renumber', '2', '7']));
    expect(read(nygard, `${dec}/0007-store-the-catalogue-in-sqlite.md`)).toMatch(/^# 7\. Store the catalogue in SQLite\n/);
    expect(read(nygard, `${dec}/0003-store-the-catalogue-in-postgres.md`)).toContain('Supersedes [7. Store the catalogue in SQLite](0007-store-the-catalogue-in-sqlite.md)');
    expect(read(nygard, 'docs/source/guides/storage.md')).toContain('(../../../doc/architecture/decisions/0007-store-the-catalogue-in-sqlite.md)');

    const madr = adopted('madr');
    ok(run(madr, ['adr', 'renumber', '0001-bundle-with-esbuild.md']));
    const m = read(madr, 'docs/decisions/0003-bundle-with-esbuild.md');
    expect(m).toMatch(/^(---\n[\s\S]*?---\n\n)?# Bundle with esbuild\n/);
    expect(run(madr, ['check']).stdout).toMatch(/no problems \(3 ADRs/);

    const l4b = adopted('log4brains');
    write(l4b, 'docs/adr/0002-deploy-with-blue-green-releases.md', `${read(l4b, 'docs/adr/0002-deploy-with-blue-green-releases.md')}\nAmounts follow [billing's record](../../packages/billing/docs/adr/0001-charge-in-minor-units.md).\n`);
    expect(run(l4b, ['adr', 'renumber', '1', '4']).stdout).toContain('ADR-0001 → ADR-0004: 0001-use-log4brains'); // the main series
    const r = run(l4b, ['adr', 'renumber', '1', '4', '--series', 'billing', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).result.rewritten).toEqual([{ file: 'docs/adr/0002-deploy-with-blue-green-releases.md', lines: [expect.any(Number)] }]);
    expect(read(l4b, 'docs/adr/0002-deploy-with-blue-green-releases.md')).toContain('(../../packages/billing/docs/adr/0004-charge-in-minor-units.md)');
    expect(run(l4b, ['check']).stdout).toMatch(/no problems \(3 ADRs/);
  }, 180_000);
});

/** Until the docpact run working in `dir` sleeps on the repository's lock: asleep, its CPU time unchanged for 300 ms (its questions are answered by then). */
async function waitingOnLock(dir: string): Promise<void> {
  const real = fs.realpathSync(dir);
  let last = '';
  let since = Date.now();
  for (let i = 0; i < 1200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && p !== String(process.pid))) {
      let fields: string[];
      try {
        if (fs.readlinkSync(`/proc/${pid}/cwd`) !== real) continue;
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      } catch {
        continue;
      }
      const now = `${pid}:${fields[0]}:${fields[11]}:${fields[12]}`;
      if (now !== last) (last = now), (since = Date.now());
      else if (fields[0] === 'S' && Date.now() - since >= 300) return;
    }
  }
  throw new Error('the docpact run never waited for the lock');
}
