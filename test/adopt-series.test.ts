/**
 * Adopting the ADR series real repositories have (issue #22): edits to ADRs
 * docpact did not write lose nothing and are verified; the statuses,
 * relations and dates teams really write are understood; series are found
 * by their content wherever they live; and adoption reports no ADR problem
 * that is not one. Fixtures in test/fixtures/adopt-series/ are written for
 * these tests from what real repositories do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATE, REPO, adrList, read, type ListedAdr, run, snapshot, tempRepo, withDate, write } from './helpers.js';

const FIXTURES = path.join(REPO, 'test/fixtures/adopt-series');

/** A fixture copied into a fresh git repo. */
function fixture(name: string): string {
  const dir = tempRepo();
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const original = (name: string, rel: string) => fs.readFileSync(path.join(FIXTURES, name, rel), 'utf8');

function ok(dir: string, args: string[]): string {
  const readOnly = args[0] === 'check' || args.includes('list');
  const r = run(dir, readOnly ? args : withDate(args));
  expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout;
}

function adopted(name: string): string {
  const dir = fixture(name);
  ok(dir, ['init', '--yes']);
  return dir;
}

const list = adrList;

/** check's ADR problems (rules adr/*), as "file:line: rule: message" lines; after a hand edit, the index is brought up to date first. */
function adrProblems(dir: string, fix = false): string[] {
  const r = run(dir, ['check', '--json', ...(fix ? ['--fix'] : [])]);
  const all = JSON.parse(r.stdout).problems as { file: string; line: number; rule: string; message: string }[];
  return all.filter((p) => p.rule.startsWith('adr/')).map((p) => `${p.file}:${p.line}: ${p.rule}: ${p.message}`);
}

const NYGARD = 'docs/decisions';
/** What a new ADR says in its sections (an unwritten section is reported: adr/placeholder). */
const WRITTEN = ['--context', 'The forces.', '--decision', 'What we do.', '--consequences', 'What follows.', '--alternatives', 'What we left.'];

describe('edits to an ADR docpact did not write', () => {
  it('changes a prose status without losing a word: the new status goes before the paragraph', () => {
    const dir = adopted('nygard-prose');
    const rel = `${NYGARD}/0002-store-orders-in-postgres.md`;
    ok(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, rel)).toBe(original('nygard-prose', rel).replace('## Status\n\nAccepted at the March', '## Status\n\nDeprecated\n\nAccepted at the March'));
    expect(list(dir).find((a) => a.id === 'ADR-0002')?.status).toBe('Deprecated');
    expect(adrProblems(dir)).toEqual([]);
  });

  it('supersedes an ADR with a prose status: "Superseded by" goes before the prose, which stays whole', () => {
    const dir = adopted('nygard-prose');
    const rel = `${NYGARD}/0002-store-orders-in-postgres.md`;
    ok(dir, ['adr', 'new', 'Store orders in CockroachDB', '--supersedes', '2', ...WRITTEN]);
    expect(read(dir, rel)).toBe(
      original('nygard-prose', rel).replace(
        '## Status\n\nAccepted at the March',
        '## Status\n\nSuperseded by [9. Store orders in CockroachDB](0009-store-orders-in-cockroachdb.md)\n\nAccepted at the March',
      ),
    );
    expect(list(dir).find((a) => a.id === 'ADR-0002')).toMatchObject({ status: 'Superseded', supersededBy: ['ADR-0009'] });
    expect(adrProblems(dir)).toEqual([]);
  });

  it('keeps every relation and link line of the Status section, and decoration around a bare status word', () => {
    const dir = adopted('nygard-prose');
    const at = (n: string) => `${NYGARD}/${fs.readdirSync(path.join(dir, NYGARD)).find((f) => f.startsWith(n)) as string}`;
    // "Reverted by [discussion #31](…)." is prose: kept whole, after the new status.
    ok(dir, ['adr', 'status', '5', 'accepted']);
    expect(read(dir, at('0005'))).toBe(original('nygard-prose', at('0005')).replace('## Status\n\nReverted by', '## Status\n\nAccepted\n\nReverted by'));
    // A bare status word is replaced in place; the relation line after it stays.
    ok(dir, ['adr', 'status', '1', 'deprecated']);
    expect(read(dir, at('0001'))).toBe(original('nygard-prose', at('0001')).replace('## Status\n\nAccepted\n', '## Status\n\nDeprecated\n'));
    ok(dir, ['adr', 'status', '7', 'deprecated']);
    expect(read(dir, at('0007'))).toBe(original('nygard-prose', at('0007')).replace('✅ Accepted', '✅ Deprecated'));
    // "Superceded by" (adr-tools' old spelling) makes 3 superseded: its status is not changed by hand.
    const before = read(dir, at('0003'));
    const r = run(dir, ['adr', 'status', '3', 'accepted']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ADR-0003 is Superseded by ADR-0004/);
    expect(read(dir, at('0003'))).toBe(before);
    ok(dir, ['adr', 'new', 'Publish events with a schema', '--amends', '8', ...WRITTEN]);
    expect(read(dir, at('0008'))).toBe(
      original('nygard-prose', at('0008')).replace('left open.\n', 'left open.\n\nAmended by [9. Publish events with a schema](0009-publish-events-with-a-schema.md)\n'),
    );
    expect(adrProblems(dir)).toEqual([]);
  });

  it('supersedes an ADR that a "Superseded by" line already supersedes: a line more, the status word kept as history', () => {
    const dir = adopted('nygard-prose');
    const rel = `${NYGARD}/0009-queue-with-kafka.md`;
    const text = '# 9. Queue with Kafka\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\nSuperseded by [4. Queue with NATS](0004-queue-with-nats.md)\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n';
    write(dir, rel, text);
    expect(list(dir).find((a) => a.id === 'ADR-0009')?.status).toBe('Superseded');
    ok(dir, ['adr', 'new', 'Queue with Pulsar', '--supersedes', '9', ...WRITTEN]);
    expect(read(dir, rel)).toBe(text.replace('0004-queue-with-nats.md)\n', '0004-queue-with-nats.md)\n\nSuperseded by [10. Queue with Pulsar](0010-queue-with-pulsar.md)\n'));
  });

  it('refuses an edit it cannot verify: exit 2, nothing written, and the exact edit to make by hand', () => {
    const dir = adopted('madr-optional');
    const before = snapshot(dir);
    const r = run(dir, ['adr', 'status', '3', 'deprecated']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Nothing was changed: docpact cannot edit docs\/decisions\/0003-test-with-vitest\.md safely/);
    expect(r.stderr).toMatch(/\n\s+In its front matter, set the line: status: deprecated\n/);
    const sup = run(dir, withDate(['adr', 'new', 'Test with node:test', '--supersedes', '3']));
    expect(sup.code).toBe(2);
    expect(sup.stderr).toMatch(/\n\s+In its front matter, set the line: status: "superseded by \[ADR-0004\]\(0004-test-with-node-test\.md\)"\n/);
    const after = snapshot(dir);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, { sha }] of before) expect(after.get(file)?.sha, file).toBe(sha);
  });

  it('sets a status where MADR keeps it: the value alone changes (a YAML comment stays), and an ADR without front matter gets it', () => {
    const dir = adopted('madr-optional');
    ok(dir, ['adr', 'status', '0', 'deprecated']);
    expect(read(dir, 'docs/decisions/0000-use-madr.md')).toBe(original('madr-optional', 'docs/decisions/0000-use-madr.md').replace('status: accepted #', 'status: deprecated #'));
    ok(dir, ['adr', 'status', '1', 'accepted']);
    expect(read(dir, 'docs/decisions/0001-bundle-with-vite.md')).toBe(original('madr-optional', 'docs/decisions/0001-bundle-with-vite.md').replace('Ana, Bo\n---', 'Ana, Bo\nstatus: accepted\n---'));
    ok(dir, ['adr', 'status', '2', 'accepted']);
    expect(read(dir, 'docs/decisions/0002-lint-with-biome.md')).toBe(`---\nstatus: accepted\n---\n${original('madr-optional', 'docs/decisions/0002-lint-with-biome.md')}`);
    expect(list(dir).map((a) => a.status)).toEqual(['deprecated', 'accepted', 'accepted', 'accepted']);
    expect(adrProblems(dir)).toEqual([]);
  });

  it('keeps metadata where a series keeps it: a MADR series whose ADRs either have none or bullets is MADR 2, and gets bullets', () => {
    const dir = fixture('madr-mixed');
    expect(ok(dir, ['init', '--yes'])).toMatch(/^found\s+ADR series: docs\/decisions \(madr2, /m);
    const rel = (n: string) => `docs/decisions/${fs.readdirSync(path.join(dir, 'docs/decisions')).find((f) => f.startsWith(n)) as string}`;
    ok(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, rel('0002'))).toBe(original('madr-mixed', rel('0002')).replace('- Status: Accepted', '- Status: Deprecated'));
    ok(dir, ['adr', 'status', '0', 'accepted']);
    expect(read(dir, rel('0000'))).toBe(original('madr-mixed', rel('0000')).replace('# Write components with Lit\n', '# Write components with Lit\n\n- Status: Accepted\n'));
    // The series writes its statuses capitalised ("- Status: Accepted"): docpact writes the one it adds so too.
    expect(list(dir).map((a) => a.status)).toEqual(['Accepted', '', 'Deprecated']);
    expect(adrProblems(dir)).toEqual([]);
  });

  it('adds a relation where log4brains states them: a bullet of the Links section, in its style', () => {
    const dir = adopted('log4brains-links');
    const rel = 'docs/adr/20240115-sign-with-ed25519.md';
    const r = run(dir, ['adr', 'new', 'Rotate keys monthly', '--amends', '20240115-sign-with-ed25519.md', '--date', '2024-03-01', ...WRITTEN]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, rel)).toBe(original('log4brains-links', rel).replace('20230601-keep-keys-in-a-vault.md)\n', '20230601-keep-keys-in-a-vault.md)\n- Amended by [ADR-20240301](20240301-rotate-keys-monthly.md)\n'));
    expect(list(dir).find((a) => a.file === '20240115-sign-with-ed25519.md')?.amendedBy).toEqual(['20240301-rotate-keys-monthly']);
    expect(adrProblems(dir)).toEqual([]);
  });
});

describe('renumbering and converting a series docpact did not write', () => {
  it('renumbers an ADR of a folder of older records in place, in the series\' own heading, and the links to it follow', () => {
    const dir = adopted('nested');
    const arch = 'docs/references/architecture';
    ok(dir, ['adr', 'new', 'Keep a remote mempool', '--amends', '2', ...WRITTEN]);
    ok(dir, ['adr', 'renumber', '2', '3']);
    expect(read(dir, `${arch}/tendermint/adr-003-event-subscription.md`)).toMatch(/^# ADR 003: Event subscription\n\n## Status\n\nImplemented\n\nAmended by \[ADR 103: Keep a remote mempool\]\(\.\.\/adr-103-keep-a-remote-mempool\.md\)\n/);
    expect(read(dir, `${arch}/adr-103-keep-a-remote-mempool.md`)).toContain('Amends [ADR 003: Event subscription](tendermint/adr-003-event-subscription.md)');
    expect(list(dir).find((a) => a.id === 'ADR-103')?.amends).toEqual(['ADR-003']);
    expect(adrProblems(dir)).toEqual([]);
  });

  it('converts a series keeping every word: a prose status, a note after the date, prose that opens with a relation word', () => {
    const dir = adopted('nygard-prose');
    ok(dir, ['adr', 'migrate', '--to', 'docpact', '--keep-names']);
    expect(read(dir, `${NYGARD}/0005-number-decisions-by-day.md`)).toMatch(
      /^# ADR-0005 — Number decisions by day\n\n- Status: Reverted\n- Date: 2023-05-09, updated 2024-01-10 \(wording\)\n- Amends: \[ADR-0001\]\(0001-keep-a-decision-log\.md\)\n\nReverted by \[discussion #31\]\(https:\/\/example\.org\/orders\/discussions\/31\)\.\n\nThe team went back to numbering decisions one after another\.\n\n## Context\n/,
    );
    expect(read(dir, `${NYGARD}/0008-publish-order-events.md`)).toMatch(/^- Date: 2023-10-03\n\nSupersedes the draft event plan in the wiki, which \[ADR 2\]\(0002-store-orders-in-postgres\.md\) left open\.\n\n## Context\n/m);
    expect(read(dir, `${NYGARD}/0002-store-orders-in-postgres.md`)).toMatch(/^- Status: Accepted\n- Date: 2023-03-14\n\nAccepted at the March review for #212, which this settles rather than closes, because\nthe migration/m);
    expect(list(dir).map((a) => a.status)).toEqual(['Accepted', 'Accepted', 'Superseded', 'Accepted', 'Reverted', 'Superseded', 'Accepted', 'Accepted']);
    expect(adrProblems(dir)).toEqual([]);
  });
});

describe('statuses, relations and dates as real repositories write them', () => {
  it('reads prose statuses, old spellings, Replaces, Reverted by, relations as links and dates with a note', () => {
    const dir = adopted('nygard-prose');
    const adrs = list(dir);
    expect(adrs.map((a) => [a.id, a.status])).toEqual([
      ['ADR-0001', 'Accepted'],
      ['ADR-0002', 'Accepted'],
      ['ADR-0003', 'Superseded'],
      ['ADR-0004', 'Accepted'],
      ['ADR-0005', 'Reverted'],
      ['ADR-0006', 'Superseded'],
      ['ADR-0007', 'Accepted'],
      ['ADR-0008', 'Accepted'],
    ]);
    const rel = (id: string) => {
      const a = adrs.find((x) => x.id === id) as ListedAdr;
      return { supersedes: a.supersedes, supersededBy: a.supersededBy, amends: a.amends, amendedBy: a.amendedBy };
    };
    expect(rel('ADR-0003')).toEqual({ supersedes: [], supersededBy: ['ADR-0004'], amends: [], amendedBy: [] });
    expect(rel('ADR-0004')).toEqual({ supersedes: ['ADR-0003'], supersededBy: [], amends: [], amendedBy: [] });
    expect(rel('ADR-0005')).toEqual({ supersedes: [], supersededBy: [], amends: ['ADR-0001'], amendedBy: [] });
    expect(rel('ADR-0007')).toEqual({ supersedes: ['ADR-0006'], supersededBy: [], amends: [], amendedBy: [] });
    // "Supersedes the draft event plan …, which [ADR 2](…) left open" only mentions ADR 2.
    expect(rel('ADR-0008')).toEqual({ supersedes: [], supersededBy: [], amends: [], amendedBy: [] });
    expect(adrs.find((a) => a.id === 'ADR-0005')?.date).toBe('2023-05-09');
    expect(adrProblems(dir)).toEqual([]);
  });

  it('an ADR without a status (optional in MADR) is no error, nor a date in MADR 2 brackets', () => {
    const madr = adopted('madr-optional');
    expect(list(madr).map((a) => a.status)).toEqual(['accepted', '', '', 'accepted']);
    expect(adrProblems(madr)).toEqual([]);
    const l4b = adopted('log4brains-links');
    expect(list(l4b).map((a) => [a.date, a.status])).toEqual([
      ['2023-05-09', ''],
      ['2023-06-01', 'accepted'],
      ['2024-01-15', 'accepted'],
    ]);
    expect(adrProblems(l4b)).toEqual([]);
  });

  it('still reports an unknown status word behind prose and a date that is no calendar day', () => {
    const dir = adopted('nygard-prose');
    const edit = (rel: string, from: string, to: string) => write(dir, rel, read(dir, rel).replace(from, to));
    edit(`${NYGARD}/0004-queue-with-nats.md`, 'Accepted. Fixes #77.', 'Acepted. Fixes #77.');
    edit(`${NYGARD}/0008-publish-order-events.md`, 'Date: 2023-10-03', 'Date: 2023-13-03');
    expect(adrProblems(dir, true)).toEqual([
      `${NYGARD}/0004-queue-with-nats.md:7: adr/unknown-status: status "Acepted" is not one of Proposed, Accepted, Rejected, Deprecated, Superseded, Reverted; did you mean "Accepted"?`,
      `${NYGARD}/0008-publish-order-events.md:3: adr/date: date "2023-13-03" is not a day (a placeholder, or no such date); write the day the decision was made, as YYYY-MM-DD`,
    ]);
    const l4b = adopted('log4brains-links');
    write(l4b, 'docs/adr/20230509-route-messages-per-tenant.md', read(l4b, 'docs/adr/20230509-route-messages-per-tenant.md').replace('[2023-05-09]', '[2023-02-30]'));
    write(l4b, 'docs/adr/20240115-sign-with-ed25519.md', read(l4b, 'docs/adr/20240115-sign-with-ed25519.md').replace('- Status: accepted', '- Status: acepted'));
    expect(adrProblems(l4b, true)).toEqual([
      'docs/adr/20230509-route-messages-per-tenant.md:4: adr/date: date "[2023-02-30]" is not a day (a placeholder, or no such date); write the day the decision was made, as YYYY-MM-DD',
      'docs/adr/20240115-sign-with-ed25519.md:3: adr/unknown-status: status "acepted" is not one of proposed, accepted, rejected, deprecated, superseded; did you mean "accepted"?',
    ]);
  });
});

describe('finding a series by its content, wherever it lives', () => {
  it('finds ADRnnn- and DRnnn- series in folders of any name, reads "# ADR045: Title" headings, and never starts a second series', () => {
    const dir = fixture('prefixed');
    const dry = run(dir, ['init', '--yes', '--dry-run', '--date', DATE]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^found\s+ADR series: ADR \(nygard, ADR\{number\}-\{slug\}\.md, headings "# ADR\{number\}: <title>", 3 ADRs/m);
    expect(dry.stdout).toMatch(/^found\s+ADR series "decision-record": decision-record \(nygard, DR\{number\}-\{slug\}\.md, headings "# DR\{number\}: <title>", 2 ADRs/m);
    expect(fs.existsSync(path.join(dir, 'docpact.yaml'))).toBe(false);
    ok(dir, ['init', '--yes']);
    // No docpact series beside theirs: no docs/source/adr, no ADR-0001.
    expect(fs.existsSync(path.join(dir, 'docs/source/adr'))).toBe(false);
    expect(list(dir).map((a) => a.file)).toEqual([
      'ADR000-record-decisions.md',
      'ADR001-deploy-continuously.md',
      'ADR002-send-mail-with-notify.md',
      'DR001-charge-nothing-for-small-services.md',
      'DR002-charge-nothing-at-all.MD',
    ]);
    expect(list(dir, ['--series', 'decision-record']).map((a) => [a.status, a.supersededBy, a.supersedes])).toEqual([
      ['Superseded', ['ADR-002'], []],
      ['Accepted', [], ['ADR-001']],
    ]);
    expect(adrProblems(dir)).toEqual([]);
    // The series continues in its own naming and heading.
    ok(dir, ['adr', 'new', 'Store form schemas in an API', '--supersedes', '1', ...WRITTEN]);
    expect(read(dir, 'ADR/ADR003-store-form-schemas-in-an-api.md')).toMatch(/^# ADR003: Store form schemas in an API\n\nDate: 2026-11-23\n\n## Status\n\nAccepted\n\nSupersedes \[ADR001: Deploy continuously\]\(ADR001-deploy-continuously\.md\)\n/);
    // A quoted status ("> Accepted") is the status: superseding replaces it where it is.
    expect(read(dir, 'ADR/ADR001-deploy-continuously.md')).toBe(
      original('prefixed', 'ADR/ADR001-deploy-continuously.md').replace('> Accepted', 'Superseded by [ADR003: Store form schemas in an API](ADR003-store-form-schemas-in-an-api.md)'),
    );
    ok(dir, ['adr', 'status', 'DR002-charge-nothing-at-all.MD', 'deprecated', '--series', 'decision-record']);
    expect(read(dir, 'decision-record/DR002-charge-nothing-at-all.MD')).toBe(original('prefixed', 'decision-record/DR002-charge-nothing-at-all.MD').replace('\nAccepted\n', '\nDeprecated\n'));
    expect(adrProblems(dir)).toEqual([]);
  });

  it('reads a subfolder of older records as part of the series, and skips dependencies and numbered pages that are no decisions', () => {
    const dir = fixture('nested');
    write(dir, '.gitignore', 'node_modules/\n');
    for (const n of ['0001-use-lodash', '0002-use-ramda']) {
      write(dir, `node_modules/some-lib/docs/adr/${n}.md`, `# ${Number(n.slice(0, 4))}. ${n.slice(5)}\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Consequences\n\nz\n`);
    }
    const out = ok(dir, ['init', '--yes']);
    expect(out).toMatch(/^found\s+ADR series: docs\/references\/architecture \(nygard, adr-\{number\}-\{slug\}\.md, headings "# ADR \{number\}: <title>", 4 ADRs, older ones in tendermint\//m);
    expect(out).not.toMatch(/node_modules|tutorial/);
    const arch = 'docs/references/architecture';
    expect(list(dir).map((a) => [a.id, a.file, a.status])).toEqual([
      ['ADR-001', 'tendermint/adr-001-logging.md', 'Implemented'],
      ['ADR-002', 'tendermint/adr-002-event-subscription.md', 'Implemented'],
      ['ADR-101', 'adr-101-push-data-to-companions.md', 'Rejected'],
      ['ADR-102', 'adr-102-let-companions-pull.md', 'Accepted'],
    ]);
    expect(read(dir, `${arch}/by-number/000-099.md`)).toContain('| [ADR-001](../tendermint/adr-001-logging.md) | Logging | Implemented |');
    expect(adrProblems(dir)).toEqual([]);
    ok(dir, ['adr', 'new', 'Keep a remote mempool', '--amends', 'adr-002-event-subscription.md', ...WRITTEN]);
    expect(read(dir, `${arch}/adr-103-keep-a-remote-mempool.md`)).toMatch(/^# ADR 103: Keep a remote mempool\n/);
    expect(read(dir, `${arch}/tendermint/adr-002-event-subscription.md`)).toBe(
      original('nested', `${arch}/tendermint/adr-002-event-subscription.md`).replace('Implemented\n', 'Implemented\n\nAmended by [ADR 103: Keep a remote mempool](../adr-103-keep-a-remote-mempool.md)\n'),
    );
    ok(dir, ['adr', 'status', '1', 'deprecated']);
    expect(read(dir, `${arch}/tendermint/adr-001-logging.md`)).toBe(original('nested', `${arch}/tendermint/adr-001-logging.md`).replace('Implemented', 'Deprecated'));
    expect(adrProblems(dir)).toEqual([]);
  });

  it('reads every file of a series configured by hand, and says which heading pattern fits when none does', () => {
    const dir = fixture('prefixed');
    const config = ['version: 1', 'preset: blank', 'paths:', '  adr: ADR', 'adr:', '  format: nygard', '  pattern: "ADR{number}-{slug}.md"', '  digits: 3', '  first: 0', ''].join('\n');
    write(dir, 'docpact.yaml', config);
    run(dir, ['check', '--fix']);
    expect(list(dir).map((a) => a.file)).toEqual(['ADR000-record-decisions.md', 'ADR001-deploy-continuously.md', 'ADR002-send-mail-with-notify.md']);
    expect(adrProblems(dir)).toEqual(['docpact.yaml:1: adr/h1: no ADR in ADR starts with a heading like "# 0. <title>"; they read like "# ADR000: <title>": set adr.heading to "ADR{number}: {title}" in docpact.yaml']);
    write(dir, 'docpact.yaml', config.replace('  first: 0\n', '  first: 0\n  heading: "ADR{number}: {title}"\n'));
    expect(adrProblems(dir, true)).toEqual([]);
    expect(list(dir).map((a) => a.title)).toEqual(['Record architecture decisions', 'Deploy continuously', 'Send mail with Notify']);
  });
});

describe('no ADR false positives after adoption', () => {
  it('keeps the index where log4brains does not read ADRs, and splits a dated series by year, with titles', () => {
    const dir = fixture('log4brains-links');
    const before = snapshot(dir);
    const out = ok(dir, ['init', '--yes']);
    const created = [...snapshot(dir).keys()].filter((f) => !before.has(f));
    // log4brains lists every .md file of its folder but index.md, README.md, template.md and backlog.md: docpact adds none there.
    expect(created.filter((f) => path.posix.dirname(f) === 'docs/adr')).toEqual([]);
    expect(out).toMatch(/its index: docs\/adr\/_index\/index\.md/);
    expect(read(dir, 'docs/adr/_index/index.md')).toContain('- [Decisions of 2023](by-year/2023.md)\n- [Decisions of 2024](by-year/2024.md)\n');
    expect(read(dir, 'docs/adr/_index/by-year/2023.md')).toMatch(/^# Decisions of 2023\n[\s\S]*\| \[20230509-route-messages-per-tenant\]\(\.\.\/\.\.\/20230509-route-messages-per-tenant\.md\) \| Route messages per tenant \|/);
    expect(created.some((f) => /by-number|\d{8}-\d{8}/.test(f))).toBe(false);
    expect(adrProblems(dir)).toEqual([]);
  });
});
