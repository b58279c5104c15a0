/**
 * ADR series from the wild, round 3 (tester2's report, D5, D6, D8, D10 and
 * the smaller ADR edges): guidance comments left in a Status section,
 * several records on one day in a dated series, a new skeleton in a series
 * whose records start Accepted, a MADR variant with its options under
 * `## Decision`, and edits in the series' own style. Fixtures are written
 * here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { adrList, checkProblems, read, run, tempRepo, withDate, write } from './helpers.js';

function ok(dir: string, args: string[]): string {
  const readOnly = args[0] === 'check' || args.includes('list');
  const r = run(dir, readOnly ? args : withDate(args));
  expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout;
}

/** A repository holding these files, adopted with init. */
function adopted(files: Record<string, string>): string {
  const dir = tempRepo();
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  ok(dir, ['init', '--yes']);
  return dir;
}

const list = adrList;

const problems = (dir: string, prefix = 'adr/') => checkProblems(dir, prefix);

const WRITTEN = ['--context', 'The forces.', '--decision', 'What we do.', '--consequences', 'What follows.', '--alternatives', 'What we left.'];

// ---------------------------------------------------------------------------
// D5: adr-tools' guidance comment in the Status section, the status after it.

const GUIDE = '<!--\nA decision may be "proposed" if the team has not agreed yet, or "accepted" once it is agreed.\nIf a later ADR changes or reverses a decision, it may be marked as "deprecated" or "superseded".\n-->';
const COMMENTED = (n: number, title: string, status: string) =>
  `# ${n}. ${title}\n\nDate: 2024-07-0${n}\n\n## Status\n${GUIDE}\n${status}\n\n## Context\n<!--\nThe forces at play.\n-->\nThe forces.\n\n## Decision\n<!--\nThe response.\n-->\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;
const ADR_TOOLS = {
  'docs/architecture/0001-record-architecture-decisions.md': COMMENTED(1, 'Record architecture decisions', 'Accepted'),
  'docs/architecture/0002-import-subcommand.md': COMMENTED(2, 'Import subcommand', 'Accepted'),
  'docs/architecture/0003-list-output.md': COMMENTED(3, 'List output', 'Accepted'),
};

describe('a status written after a guidance comment (D5)', () => {
  it('is read: adr list shows it and check reports no unknown status', () => {
    const dir = adopted(ADR_TOOLS);
    expect(list(dir).map((a) => [a.id, a.status])).toEqual([
      ['ADR-0001', 'Accepted'],
      ['ADR-0002', 'Accepted'],
      ['ADR-0003', 'Accepted'],
    ]);
    expect(problems(dir)).toEqual([]);
  });

  it('adr status replaces the status line itself and keeps the comment', () => {
    const dir = adopted(ADR_TOOLS);
    const rel = 'docs/architecture/0002-import-subcommand.md';
    expect(ok(dir, ['adr', 'status', '2', 'deprecated'])).toMatch(/ADR-0002: Accepted → Deprecated/);
    expect(read(dir, rel)).toBe(ADR_TOOLS[rel].replace(`-->\nAccepted\n`, `-->\nDeprecated\n`));
    expect(problems(dir)).toEqual([]);
  });

  it('adr new --supersedes turns the old status into the relation, as adr-tools does, and keeps the comment', () => {
    const dir = adopted(ADR_TOOLS);
    const rel = 'docs/architecture/0003-list-output.md';
    ok(dir, ['adr', 'new', 'List output as a table', '--supersedes', '3', ...WRITTEN]);
    expect(read(dir, rel)).toBe(ADR_TOOLS[rel].replace(`-->\nAccepted\n`, `-->\nSuperseded by [4. List output as a table](0004-list-output-as-a-table.md)\n`));
    expect(list(dir).find((a) => a.id === 'ADR-0003')?.status).toBe('Superseded');
    expect(problems(dir)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// D10: a new skeleton in a series whose records start Accepted (adr-tools).

const NYGARD = (n: number, title: string) => `# ${n}. ${title}\n\nDate: 2024-07-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;
const PLAIN = {
  'doc/adr/0001-record-architecture-decisions.md': NYGARD(1, 'Record architecture decisions'),
  'doc/adr/0002-use-postgres.md': NYGARD(2, 'Use Postgres'),
};

describe('a new ADR skeleton in a series that starts Accepted (D10)', () => {
  it('starts Proposed while its sections hold the template text, says what is left to write, and check passes', () => {
    const dir = adopted(PLAIN);
    const r = run(dir, withDate(['adr', 'new', 'Plain new ADR']));
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'doc/adr/0003-plain-new-adr.md')).toMatch(/\n## Status\n\nProposed\n/);
    expect(r.stdout + r.stderr).toMatch(/"Context", "Decision", "Consequences"/);
    expect(r.stdout + r.stderr).toMatch(/docpact adr status 3 Accepted/);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('starts Proposed with --supersedes too, and check passes', () => {
    const dir = adopted(PLAIN);
    ok(dir, ['adr', 'new', 'Use Postgres 16', '--supersedes', '2']);
    expect(read(dir, 'doc/adr/0003-use-postgres-16.md')).toMatch(/\n## Status\n\nProposed\n\nSupersedes \[2\. Use Postgres\]/);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('starts Accepted, as the series does, once every section is written', () => {
    const dir = adopted(PLAIN);
    ok(dir, ['adr', 'new', 'Written in full', ...WRITTEN]);
    expect(read(dir, 'doc/adr/0003-written-in-full.md')).toMatch(/\n## Status\n\nAccepted\n/);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('keeps an Accepted status given with --status, and warns that check fails until the sections are written', () => {
    const dir = adopted(PLAIN);
    const r = run(dir, withDate(['adr', 'new', 'Accepted anyway', '--status', 'Accepted']));
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'doc/adr/0003-accepted-anyway.md')).toMatch(/\n## Status\n\nAccepted\n/);
    expect(r.stderr).toMatch(/adr\/placeholder/);
  });
});

// ---------------------------------------------------------------------------
// D6: a series numbered by day (log4brains), where several records share a day.

const MADR2 = (title: string, date: string, status: string) =>
  `# ${title}\n\n- Status: ${status}\n- Date: ${date}\n\n## Context and Problem Statement\n\nThe question.\n\n## Considered Options\n\n- One\n- Two\n\n## Decision Outcome\n\nChosen option: "One".\n`;
const DATED = {
  '.log4brains.yml': 'project:\n  name: Decisions\n  tz: Europe/Amsterdam\n  adrFolder: ./docs/adr\n  packages: []\n',
  'docs/adr/20221213-prefer-serverless.md': MADR2('Prefer serverless', '2022-12-13', 'accepted'),
  'docs/adr/20221214-use-log4brains.md': MADR2('Use Log4brains', '2022-12-14', 'accepted'),
  'docs/adr/20221214-use-madr.md': MADR2('Use MADR', '2022-12-14', 'accepted'),
};
const MADR_WRITTEN = ['--context', 'The question.', '--decision', 'Chosen option: "One".', '--alternatives=- One\n- Two', '--consequences', 'What follows.'];

describe('several records on one day in a dated series (D6)', () => {
  it('gives each record its own id, the file name as log4brains names it, and docpact\'s supersede on a shared day passes check', () => {
    const dir = adopted(DATED);
    ok(dir, ['adr', 'new', 'Adopt docpact', '--date', '2026-12-07', ...MADR_WRITTEN]);
    const r = run(dir, ['adr', 'new', 'Replace the old way', '--supersedes', '20221213', '--date', '2026-12-07', ...MADR_WRITTEN]);
    expect(r.code, r.stderr).toBe(0);
    const ids = list(dir).map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    const old = list(dir).find((a) => a.file === '20221213-prefer-serverless.md');
    expect(old?.supersededBy).toEqual(['20261207-replace-the-old-way']);
    expect(list(dir).find((a) => a.file === '20261207-replace-the-old-way.md')?.supersedes).toEqual(['20221213-prefer-serverless']);
    expect(problems(dir)).toEqual([]);
  });

  it('matches a relation by the file it links: a link to the other record of that day is reported', () => {
    const dir = adopted({
      ...DATED,
      'docs/adr/20221213-prefer-serverless.md': MADR2('Prefer serverless', '2022-12-13', 'superseded by [ADR-20221214](20221214-use-madr.md)'),
      'docs/adr/20221214-use-log4brains.md': MADR2('Use Log4brains', '2022-12-14', 'accepted').replace('- Date:', '- Supersedes: [ADR-20221213](20221213-prefer-serverless.md)\n- Date:'),
    });
    expect(problems(dir).join('\n')).toMatch(/adr\/relation-reciprocal: 20221213-prefer-serverless says "Superseded by 20221214-use-madr" but 20221214-use-madr has no/);
  });
});

// ---------------------------------------------------------------------------
// D8 and the case of statuses: a MADR variant whose options and outcome are H3 under "## Decision" (CumulusCI).

const VARIANT = (n: number, title: string, author = 'jane') =>
  `---\ndate: 2023-0${n}-05\nstatus: Accepted\nauthor: ${author}\n---\n\n# ${n}. ${title}\n\n## Context and Problem Statement\n\nThe question.\n\n## Decision\n\n### Considered Options\n\n1. One\n2. Two\n\n### Decision Outcome\n\nOne, because it is simpler.\n\n## Consequences\n\nWhat follows.\n`;
const CUMULUS = {
  'docs/adrs/0001-record-architecture-decisions.md': VARIANT(1, 'Record architecture decisions'),
  'docs/adrs/0002-remove-the-lint-task.md': VARIANT(2, 'Remove the lint task'),
  'docs/adrs/0003-switch-the-cli.md': VARIANT(3, 'Switch the CLI'),
};

describe('a MADR variant with its options and outcome under "## Decision" (D8)', () => {
  it('is not missing sections', () => {
    const dir = adopted(CUMULUS);
    expect(problems(dir)).toEqual([]);
  });

  it('writes a status in the case the series writes it', () => {
    const dir = adopted(CUMULUS);
    const rel = 'docs/adrs/0002-remove-the-lint-task.md';
    expect(ok(dir, ['adr', 'status', '2', 'deprecated'])).toMatch(/ADR-0002: Accepted → Deprecated/);
    expect(read(dir, rel)).toBe(CUMULUS[rel].replace('status: Accepted', 'status: Deprecated'));
  });

  it('adopts the case the records write their statuses in: a new ADR is "Proposed", list and check agree', () => {
    const dir = adopted(CUMULUS);
    expect(read(dir, 'docpact.yaml')).toMatch(/^ {4}- Accepted$/m);
    ok(dir, ['adr', 'new', 'Cache the org config', ...MADR_WRITTEN]);
    const made = list(dir).find((a) => a.title === 'Cache the org config');
    expect(made?.status).toBe('Proposed');
    expect(read(dir, `docs/adrs/${made?.file.split('/').pop()}`)).toMatch(/^status: Proposed$/m);
    expect(problems(dir)).toEqual([]);
  });

  it('names the YAML error when the front matter cannot be read, and changes nothing', () => {
    const dir = adopted({ ...CUMULUS, 'docs/adrs/0003-switch-the-cli.md': VARIANT(3, 'Switch the CLI', '@jane') });
    const r = run(dir, ['adr', 'status', '3', 'deprecated']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/front matter/i);
    expect(r.stderr).toMatch(/@/);
    expect(r.stderr).not.toMatch(/set the line: status/);
    expect(read(dir, 'docs/adrs/0003-switch-the-cli.md')).toBe(VARIANT(3, 'Switch the CLI', '@jane'));
  });
});

// ---------------------------------------------------------------------------
// Relation links in the series' own heading style (dsp-api: "# ADR-0005 Title").

const DSP = (n: number, title: string) => `# ADR-000${n} ${title}\n\nDate: 2022-06-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;

describe('relation links in the series heading style', () => {
  it('writes "Superseded by [ADR-0004 Title]" and "Supersedes [ADR-0002 …]" where the headings read "# ADR-0002 Title"', () => {
    const dir = adopted({
      'docs/adr/ADR-0001-record-architecture-decisions.md': DSP(1, 'Record architecture decisions'),
      'docs/adr/ADR-0002-use-actors.md': DSP(2, 'Use actors'),
      'docs/adr/ADR-0003-use-zio.md': DSP(3, 'Use ZIO'),
    });
    ok(dir, ['adr', 'new', 'Use plain classes', '--supersedes', '2', ...WRITTEN]);
    expect(read(dir, 'docs/adr/ADR-0002-use-actors.md')).toContain('\nSuperseded by [ADR-0004 Use plain classes](ADR-0004-use-plain-classes.md)\n');
    expect(read(dir, 'docs/adr/ADR-0004-use-plain-classes.md')).toMatch(/^# ADR-0004 Use plain classes\n[\s\S]*\nSupersedes \[ADR-0002 Use actors\]\(ADR-0002-use-actors\.md\)\n/);
    expect(problems(dir)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// D8: adr new follows the team's own template (adr-tools' templates/template.md, NUMBER/TITLE/DATE/STATUS).

const TEAM_TEMPLATE = `---\ndate: DATE\nstatus: STATUS\nauthor: <!--@githubusername-->\n---\n\n# NUMBER. TITLE\n\n## Context and Problem Statement\n\nDescribe the issue.\n\n## Decision\n\n### Considered Options\n\n1. Option 1\n\n### Decision Outcome\n\nThe option chosen.\n\n## Consequences\n\nWhat becomes easier.\n`;

describe("adr new in a series with its own template (D8)", () => {
  it('writes the new ADR from templates/template.md, as adr-tools does: its structure, its fields, the content under its headings', () => {
    const dir = adopted({ ...CUMULUS, 'docs/adrs/templates/template.md': TEAM_TEMPLATE });
    const r = run(dir, withDate(['adr', 'new', 'Use the new CLI', '--supersedes', '3', '--context', 'Why we change.', '--decision', 'We use the new CLI.']));
    expect(r.code, r.stderr).toBe(0);
    const made = read(dir, 'docs/adrs/0004-use-the-new-cli.md');
    expect(made).toMatch(/^---\ndate: 2026-11-23\nstatus: [Pp]roposed\nauthor: <!--@githubusername-->\n/);
    expect(made).toMatch(/\n# 4\. Use the new CLI\n/);
    expect(made).toMatch(/\n## Context and Problem Statement\n\nWhy we change\.\n\n## Decision\n\n### Considered Options\n\n1\. Option 1\n\n### Decision Outcome\n\nWe use the new CLI\.\n\n## Consequences\n/);
    expect(made).not.toMatch(/^## Decision Outcome|decision-makers/m);
    expect(list(dir).find((a) => a.id === 'ADR-0004')?.supersedes).toEqual(['ADR-0003']);
    // What is left of the team's template is what check names (one series template).
    expect(problems(dir)).toEqual([`docs/adrs/0004-use-the-new-cli.md:8: adr/placeholder: "Considered Options", "Consequences" still hold the template's text; write it before the ADR is accepted`]);
  });
});
