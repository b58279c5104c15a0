/**
 * ADR series as teams really write them, round 2 (issue #22, tester report
 * D1–D9): the body's sections decide the format, whatever metadata sits
 * above it (YAML front matter, `- **Status:**` bullets); an edit changes the
 * status everywhere the ADR states it; new headings follow the series'
 * majority; real dates are not errors; a dead link's hint names the ADR with
 * the same slug. Fixtures are written here, small, from what those
 * repositories do.
 */
import { describe, expect, it } from 'vitest';
import { adrList, checkProblems, read, run, tempRepo, withDate, write } from './helpers.js';

const DIR = 'doc/adr';
const BODY = (status: string) => `## Status\n\n${status}\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;
const WRITTEN = ['--context', 'The forces.', '--decision', 'What we do.', '--consequences', 'What follows.', '--alternatives', 'What we left.'];

function ok(dir: string, args: string[]): string {
  const readOnly = args[0] === 'check' || args.includes('list');
  const r = run(dir, readOnly ? args : withDate(args));
  expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout;
}

/** A repository holding these ADR files, adopted with init. */
function adopted(files: Record<string, string>): { dir: string; init: string } {
  const dir = tempRepo();
  for (const [name, text] of Object.entries(files)) write(dir, `${DIR}/${name}`, text);
  const init = ok(dir, ['init', '--yes']);
  return { dir, init };
}

const list = adrList;

const problems = (dir: string, prefix = 'adr/') => checkProblems(dir, prefix);

/** adr-tools' files with a block of YAML front matter a site generator reads (tags, or a copy of the status). */
const FRONT_MATTER = {
  '0001-record-architecture-decisions.md': `---\ntag: General\n---\n\n# 1. Record architecture decisions\n\nDate: 2018-08-28\n\n${BODY('Accepted')}`,
  '0002-build-with-webpack.md': `---\nid: 0002-build-with-webpack\ntitle: "Build with webpack"\nstatus: Accepted\ncreated: 2019-08-01\ntags:\n  - "build"\n---\n\n# 2. Build with webpack\n\nDate: 2019-08-01\n\n${BODY('Accepted')}`,
  '0003-test-with-jest.md': `---\nid: 0003-test-with-jest\nstatus: Accepted\n---\n\n# 3. Test with jest\n\nDate: 2019-09-02\n\n${BODY('Accepted')}`,
};

/** Nygard's sections with the status and date as bold bullets under an "ADR-0002:" heading, no Status section. */
const BOLD = {
  '0001-record-architecture-decisions.md': `# ADR-0001: Record architecture decisions\n\n- **Status:** Accepted\n- **Date:** 2026-06-30\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`,
  '0002-sign-in-through-oidc.md': `# ADR-0002: Sign in through OIDC\n\n- **Status:** Accepted\n- **Date:** 2026-07-01\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n\n## References\n\n- [ADR-0001](0001-record-architecture-decisions.md)\n`,
};

describe('the body decides the format (D1)', () => {
  it('reads adr-tools ADRs with YAML front matter as Nygard: statuses and dates where the team wrote them, no MADR sections asked for', () => {
    const { dir, init } = adopted(FRONT_MATTER);
    expect(init).toMatch(/ADR series: doc\/adr \(nygard,/);
    expect(list(dir).map((a) => [a.id, a.status, a.date])).toEqual([
      ['ADR-0001', 'Accepted', '2018-08-28'],
      ['ADR-0002', 'Accepted', '2019-08-01'],
      ['ADR-0003', 'Accepted', '2019-09-02'],
    ]);
    expect(problems(dir)).toEqual([]);
    ok(dir, ['adr', 'new', 'Lint with eslint', ...WRITTEN]);
    const added = read(dir, `${DIR}/0004-lint-with-eslint.md`);
    expect(added).toMatch(/^# 4\. Lint with eslint\n/);
    expect(added).toMatch(/\n## Status\n\nAccepted\n/);
    expect(added).not.toMatch(/Context and Problem Statement|^---/m);
  });

  it('reads "- **Status:**" bullets above Context / Decision / Consequences: not MADR, status and date listed, check clean', () => {
    const { dir, init } = adopted(BOLD);
    expect(init).not.toMatch(/madr/);
    expect(list(dir).map((a) => [a.id, a.status, a.date])).toEqual([
      ['ADR-0001', 'Accepted', '2026-06-30'],
      ['ADR-0002', 'Accepted', '2026-07-01'],
    ]);
    expect(problems(dir)).toEqual([]);
  });
});

describe('an edit changes the status the team wrote, everywhere it is written (D2)', () => {
  it('adr status on a bold bullet changes that bullet only: no front matter appears', () => {
    const { dir } = adopted(BOLD);
    const rel = `${DIR}/0002-sign-in-through-oidc.md`;
    ok(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, rel)).toBe(BOLD['0002-sign-in-through-oidc.md'].replace('- **Status:** Accepted', '- **Status:** Deprecated'));
    expect(list(dir).find((a) => a.id === 'ADR-0002')?.status).toBe('Deprecated');
  });

  it('superseding a bold-bullet ADR states it in the Status bullet, as adr-tools states it in its Status section', () => {
    const { dir } = adopted(BOLD);
    const rel = `${DIR}/0001-record-architecture-decisions.md`;
    ok(dir, ['adr', 'new', 'Record decisions in the wiki', '--supersedes', '1', ...WRITTEN]);
    const text = read(dir, rel);
    expect(text).toBe(BOLD['0001-record-architecture-decisions.md'].replace('- **Status:** Accepted', '- **Status:** Superseded by [ADR-0003: Record decisions in the wiki](0003-record-decisions-in-the-wiki.md)'));
    expect(list(dir).find((a) => a.id === 'ADR-0001')).toMatchObject({ status: 'Superseded', supersededBy: ['ADR-0003'] });
    expect(problems(dir)).toEqual([]);
  });

  it('a status kept both in front matter and in the Status section changes in both places', () => {
    const { dir } = adopted(FRONT_MATTER);
    const rel = `${DIR}/0002-build-with-webpack.md`;
    ok(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, rel)).toBe(FRONT_MATTER['0002-build-with-webpack.md'].replace('status: Accepted', 'status: Deprecated').replace('## Status\n\nAccepted', '## Status\n\nDeprecated'));
    // Front matter without a status gains none.
    ok(dir, ['adr', 'status', '1', 'deprecated']);
    expect(read(dir, `${DIR}/0001-record-architecture-decisions.md`)).toBe(FRONT_MATTER['0001-record-architecture-decisions.md'].replace('## Status\n\nAccepted', '## Status\n\nDeprecated'));
    ok(dir, ['adr', 'new', 'Test with vitest', '--supersedes', '3', ...WRITTEN]);
    const three = read(dir, `${DIR}/0003-test-with-jest.md`);
    expect(three).toBe(
      FRONT_MATTER['0003-test-with-jest.md']
        .replace('status: Accepted', 'status: Superseded')
        .replace('## Status\n\nAccepted', '## Status\n\nSuperseded by [4. Test with vitest](0004-test-with-vitest.md)'),
    );
    expect(list(dir).find((a) => a.id === 'ADR-0003')).toMatchObject({ status: 'Superseded', supersededBy: ['ADR-0004'] });
    expect(problems(dir)).toEqual([]);
  });
});

describe('an ADR that would state two statuses (D2)', () => {
  it('refuses when the front-matter copy is not a value docpact can edit: exit 2, nothing written, both places named', () => {
    const files = { ...FRONT_MATTER, '0002-build-with-webpack.md': FRONT_MATTER['0002-build-with-webpack.md'].replace('status: Accepted', 'status: [Accepted]') };
    const { dir } = adopted(files);
    const rel = `${DIR}/0002-build-with-webpack.md`;
    const r = run(dir, withDate(['adr', 'status', '2', 'deprecated']));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Nothing was changed: docpact cannot edit doc\/adr\/0002-build-with-webpack\.md safely \(its front matter's status would read "\[Accepted\]", not "Deprecated"\)/);
    expect(r.stderr).toMatch(/In its "## Status" section, write this as the first paragraph \(keep the text after it\): Deprecated; and in its front matter, set the line: status: Deprecated/);
    expect(read(dir, rel)).toBe(files['0002-build-with-webpack.md']);
  });
});

describe('new headings follow the series (D4)', () => {
  it('writes "# 5." when most headings are unpadded, and the supersede link says the same', () => {
    const h = (n: string, title: string) => `# ${n}. ${title}\n\nDate: 2020-01-0${Number(n)}\n\n${BODY('Accepted')}`;
    const { dir, init } = adopted({
      '0001-record-decisions.md': h('1', 'Record decisions'),
      '0002-use-java.md': h('2', 'Use Java'),
      '0003-use-maven.md': h('0003', 'Use Maven'),
      '0004-use-junit.md': h('4', 'Use JUnit'),
    });
    expect(init).toMatch(/ADR series: doc\/adr \(nygard,/);
    ok(dir, ['adr', 'new', 'Use Gradle', '--supersedes', '3', ...WRITTEN]);
    expect(read(dir, `${DIR}/0005-use-gradle.md`)).toMatch(/^# 5\. Use Gradle\n/);
    expect(read(dir, `${DIR}/0003-use-maven.md`)).toMatch(/\nSuperseded by \[5\. Use Gradle\]\(0005-use-gradle\.md\)\n/);
    expect(problems(dir)).toEqual([]);
  });
});

describe('dates people write (D6)', () => {
  it('a real day in any common writing is not an error; placeholders and impossible days are', () => {
    const dated = (n: number, date: string) => [`${String(n).padStart(4, '0')}-decision-${n}.md`, `# ${n}. Decision ${n}\n\nDate: ${date}\n\n${BODY('Accepted')}`];
    // A month alone, or a bound on a day, is what a team knows of an old decision: not a placeholder.
    const real = ['21.07.2017', 'Jan 29, 2021', '10 Apr 2022', '2 Sept 2024', '20/11/2018', '2026/01/23', 'March 3rd, 2019', '08/01/24', '2018-11', '<2018-08-31'];
    const wrong = ['YYYY-MM-DD', 'TBD', '2023-02-30', '31.02.2017', '{date}'];
    const files = Object.fromEntries([...real, ...wrong].map((d, i) => dated(i + 1, d)));
    const { dir } = adopted(files);
    const dates = problems(dir, 'adr/date');
    expect(dates.map((p) => /date "([^"]*)"/.exec(p)?.[1])).toEqual(wrong);
    expect(dates[0]).toMatch(/date "YYYY-MM-DD" is not a day/);
  });
});

describe('a dead link to an ADR (D7)', () => {
  it('names the ADR that has the link\'s slug under another number, and never an unrelated ADR that shares the number', () => {
    const h = (n: number, title: string, extra = '') => `# ${n}. ${title}\n\nDate: 2020-01-01\n\n${BODY('Accepted')}${extra}`;
    const { dir } = adopted({
      '0001-record-decisions.md': h(1, 'Record decisions', '\nSee [DLQ](0003-provide-dlq.md), [reads](0003-optimise-reads.md) and [gone](0003-something-else.md).\n'),
      '0002-use-kafka.md': h(2, 'Use Kafka'),
      '0003-optimise-read.md': h(3, 'Optimise read'),
      '0004-provide-dlq.md': h(4, 'Provide DLQ'),
    });
    const dead = problems(dir, 'links/dead');
    expect(dead).toHaveLength(3);
    expect(dead[0]).toMatch(/0003-provide-dlq\.md.*; "provide-dlq" is now ADR-0004 \(0004-provide-dlq\.md\)$/);
    expect(dead[1]).toMatch(/0003-optimise-reads\.md.*; ADR-0003 is now 0003-optimise-read\.md$/);
    expect(dead[2]).toMatch(/0003-something-else\.md" does not exist \([^)]*\)$/);
  });
});

describe('a missing status (D9)', () => {
  it('says the status is missing and where to write it', () => {
    const { dir } = adopted({
      '0001-record-decisions.md': `# 1. Record decisions\n\nDate: 2020-01-01\n\n${BODY('Accepted')}`,
      '0002-use-kafka.md': `# 2. Use Kafka\n\nDate: 2020-01-02\n\n${BODY('')}`,
    });
    const p = problems(dir, 'adr/unknown-status');
    expect(p).toHaveLength(1);
    expect(p[0]).not.toMatch(/\(none\)/);
    expect(p[0]).toMatch(/0002-use-kafka\.md:\d+: adr\/unknown-status: it states no status; write one of .* as the first paragraph of its "## Status" section/);
  });
});

describe('a status line with a note after a bar', () => {
  it('reads "Accepted | 2024-01-02" as Accepted, while a choice list of statuses left unfilled is still reported', () => {
    const { dir } = adopted({
      '0001-record-decisions.md': `# 1. Record decisions\n\nDate: 2024-01-02\n\n${BODY('Accepted | 2024-01-02')}`,
      '0002-use-kafka.md': `# 2. Use Kafka\n\nDate: 2024-01-03\n\n${BODY('Accepted')}`,
    });
    expect(list(dir).map((a) => [a.id, a.status])).toEqual([
      ['ADR-0001', 'Accepted'],
      ['ADR-0002', 'Accepted'],
    ]);
    expect(problems(dir)).toEqual([]);
    write(dir, `${DIR}/0002-use-kafka.md`, `# 2. Use Kafka\n\nDate: 2024-01-03\n\n${BODY('proposed | accepted | rejected')}`);
    expect(problems(dir, 'adr/unknown-status')).toHaveLength(1);
  });
});
