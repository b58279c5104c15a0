/**
 * Adopting repositories docpact had never seen, round 6 (wild6): a team's
 * template kept in the ADR folder under number zero (`0000-template.md`), a
 * site's series whose records carry their title in front matter and no H1.
 * Each fixture is written here, small, from what those
 * repositories do.
 */
import { describe, expect, it } from 'vitest';
import { exists, must, nygard, read, run, snapshot, tempRepo, write } from './helpers.js';


describe('a team template numbered zero in the ADR folder (0000-template.md, adr-tools tokens)', () => {
  const TEMPLATE = '# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nThe issue motivating this decision.\n\n## Decision\n\nThe change we agreed.\n\n## Consequences\n\nWhat becomes easier.\n\n## Owner\n\nWho keeps it.\n';
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'doc/adr/0000-template.md', TEMPLATE);
    write(dir, 'doc/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'doc/adr/0002-use-queues.md', nygard(2, 'Use queues'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('is no ADR: not listed, not counted, the series still starts at 1, and check has nothing to say about it', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { id: string; file: string }[] };
    expect(list.adrs.map((a) => a.id)).toEqual(['ADR-0001', 'ADR-0002']);
    expect(read(dir, 'docpact.yaml')).toMatch(/^ {2}first: 1$/m);
    const check = run(dir, ['check']);
    expect(check.stdout + check.stderr).not.toContain('0000-template.md');
    expect(check.code).toBe(0);
  });

  it('is the template new ADRs are written from, and superseding never edits it', () => {
    const dir = setup();
    must(dir, ['adr', 'new', 'Drop the cache', '--supersedes', '1']);
    expect(read(dir, 'doc/adr/0000-template.md')).toBe(TEMPLATE);
    const made = read(dir, 'doc/adr/0003-drop-the-cache.md');
    expect(made).toMatch(/^# 3\. Drop the cache$/m);
    expect(made).toContain('## Owner');
    expect(read(dir, 'doc/adr/0001-record-architecture-decisions.md')).toContain('Superseded by');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('a team template numbered zero that states the status its records start with (## Status / Accepted)', () => {
  it('an accepted record does not hold "the template\'s text" in its Status section: check reports no placeholder', () => {
    const dir = tempRepo();
    write(dir, 'doc/adr/0000-template.md', '# TITLE\n\nDate: DATE\n\n## Status\n\nAccepted\n\n## Context\n\nThe issue motivating this decision.\n\n## Decision\n\nThe change we agreed.\n\n## Consequences\n\nWhat becomes easier.\n');
    write(dir, 'doc/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions').replace('# 1. ', '# '));
    write(dir, 'doc/adr/0002-use-queues.md', nygard(2, 'Use queues').replace('# 2. ', '# '));
    must(dir, ['init', '--yes']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/placeholder');
    const check = run(dir, ['check']);
    expect(check.stdout).not.toContain('adr/placeholder');
    expect(check.code).toBe(0);
  });
});

describe('a site series whose records carry their title in front matter and no H1 (Docusaurus pages)', () => {
  const record = (n: number, slug: string, title: string) =>
    `---\nid: ${slug}\ntitle: "${title} - ADR 00${n}"\ntags: [adr]\nnumber: "${n}"\ndate-issued: "2026-01-0${n}"\nstatus: "Accepted"\n---\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'docs/decision-log/001-record-architecture-decisions.md', record(1, 'record-architecture-decisions', 'Record Architecture Decisions'));
    write(dir, 'docs/decision-log/002-ingest-sheets.md', record(2, 'ingest-sheets', 'Ingest Sheets'));
    write(dir, 'docs/decision-log/003-partition-by-day.md', record(3, 'partition-by-day', 'Partition By Day'));
    write(dir, 'docs/decision-log/templates/template.md', '---\ntitle: "TITLE"\ntags: [adr]\nnumber: "NUMBER"\ndate-issued: "DATE"\nstatus: "STATUS"\n---\n\n## Context\n\nThe issue.\n\n## Decision\n\nThe change.\n\n## Consequences\n\nWhat follows.\n');
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('lists each record by its front-matter title', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { title: string }[] };
    expect(list.adrs.map((a) => a.title)).toEqual(['Record Architecture Decisions - ADR 001', 'Ingest Sheets - ADR 002', 'Partition By Day - ADR 003']);
  });

  it('writes a new ADR from the team template, titled in front matter with no H1, and check stays as clean as before', () => {
    const dir = setup();
    const before = run(dir, ['check']);
    const adr = must(dir, ['adr', 'new', 'Stream events']);
    expect(adr.stderr).not.toContain('does not read back');
    const made = read(dir, 'docs/decision-log/004-stream-events.md');
    expect(made).toMatch(/^title: Stream events$/m);
    expect(made).toMatch(/^number: "4"$/m);
    expect(made).toMatch(/^date-issued: "\d{4}-\d{2}-\d{2}"$/m);
    expect(made).not.toMatch(/^# /m);
    const after = run(dir, ['check']);
    expect(after.code).toBe(before.code);
    expect(after.stdout).not.toContain('adr/h1');
  });
});

describe('a site series titled in front matter, with no team template', () => {
  it('check takes the front-matter title for the heading: no adr/h1 on the team records, before or after adr new', () => {
    const dir = tempRepo();
    const page = (n: number, title: string) => `---\ntitle: "${title}"\nstatus: "Accepted"\n---\n\nDate: 2026-01-0${n}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
    write(dir, 'website/docs/adr/001-use-postgres.md', page(1, 'Use Postgres'));
    write(dir, 'website/docs/adr/002-use-queues.md', page(2, 'Use queues'));
    must(dir, ['init', '--yes']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/h1');
    must(dir, ['adr', 'new', 'Stream events']);
    const check = run(dir, ['check']);
    expect(check.stdout).not.toContain('adr/h1');
    expect(check.code).toBe(0);
  });
});

describe("a series with the team's own index page and a .prettierignore", () => {
  it('prettier keeps formatting the team index: .prettierignore gets only what docpact generates', () => {
    const dir = tempRepo();
    write(dir, '.prettierignore', 'dist/\n');
    write(dir, 'docs/decisions/0001-use-postgres.md', nygard(1, 'Use Postgres'));
    write(dir, 'docs/decisions/0002-use-queues.md', nygard(2, 'Use queues'));
    write(dir, 'docs/decisions/index.md', '# Decisions\n\n- [Use Postgres](0001-use-postgres.md)\n- [Use queues](0002-use-queues.md)\n');
    expect(must(dir, ['init', '--yes']).stdout).toContain("the project's own page");
    const ignore = read(dir, '.prettierignore');
    expect(ignore).toContain('dist/');
    expect(ignore).toContain('docs/_generated/');
    expect(ignore).not.toMatch(/^docs\/decisions\/index\.md$/m);
  });
});

describe('a series named by the day written with dashes (2022-03-22-record-architecture-decisions.md)', () => {
  const page = (title: string, day: string) => `# ${title}\n\nDate: ${day}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'contributing/adr/2022-03-22-record-architecture-decisions.md', page('Record architecture decisions', '2022-03-22'));
    write(dir, 'contributing/adr/2022-03-22-use-cypress.md', page('Use Cypress', '2022-03-22'));
    write(dir, 'contributing/adr/2022-07-26-use-erb.md', page('Use ERB', '2022-07-26'));
    write(dir, 'contributing/adr/2025-02-10-drop-typescript.md', page('Drop TypeScript', '2025-02-10'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('is one series numbered by day: every record listed by its file name, no duplicate numbers, nothing baselined', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { id: string }[] };
    expect(list.adrs.map((a) => a.id)).toEqual(['2022-03-22-record-architecture-decisions', '2022-03-22-use-cypress', '2022-07-26-use-erb', '2025-02-10-drop-typescript']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/duplicate-number');
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('names a new ADR by today written the same way, and supersedes by file name', () => {
    const dir = setup();
    const adr = must(dir, ['adr', 'new', 'Use Vitest', '--supersedes', '2022-07-26-use-erb']);
    const made = /contributing\/adr\/(\S+\.md)/.exec(adr.stdout)?.[1] ?? '';
    expect(made).toMatch(/^\d{4}-\d{2}-\d{2}-use-vitest\.md$/);
    expect(read(dir, `contributing/adr/${made}`)).toMatch(/^# Use Vitest$/m);
    expect(read(dir, 'contributing/adr/2022-07-26-use-erb.md')).toContain(`Superseded by [Use Vitest](${made})`);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('renumbers a record only to a day given as NUMBER (YYYYMMDD): none given, or one that is no day, is refused with nothing changed', () => {
    const dir = setup();
    const before = snapshot(dir);
    // The next free "number" would be the day after the last record's (2025-02-11), 5 would be 0000-00-05: neither is this record's day.
    for (const number of [[], ['5'], ['20221332']]) {
      const r = run(dir, ['adr', 'renumber', '2022-07-26-use-erb', ...number, '--yes']);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/YYYYMMDD/);
      expect(snapshot(dir)).toEqual(before);
    }
    must(dir, ['adr', 'renumber', '2022-07-26-use-erb', '20220727', '--yes']);
    expect(exists(dir, 'contributing/adr/2022-07-27-use-erb.md')).toBe(true);
    expect(exists(dir, 'contributing/adr/2022-07-26-use-erb.md')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('never overwrites a record of the same day whose title gives the same file name, not even with --force', () => {
    const dir = setup();
    const before = snapshot(dir);
    for (const force of [[], ['--force']]) {
      const r = run(dir, ['adr', 'new', 'Use ERB', '--date', '2022-07-26', ...force]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(/contributing\/adr\/2022-07-26-use-erb\.md is already an ADR/);
      expect(r.stderr).not.toMatch(/--force/);
      expect(snapshot(dir)).toEqual(before);
    }
  });

  it('refuses a {day} pattern in a series numbered in sequence: the next "number" would be the last day plus one', () => {
    const dir = setup();
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace(/^( +)numbering: date$/m, '$1numbering: sequence'));
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/docpact\.yaml:\d+: config\/schema: adr\.pattern: \{day\} names each ADR by the day it was written: it needs adr\.numbering: date/);
  });

  it('names the file names it expects by their day, not by a number', () => {
    const dir = setup();
    write(dir, 'contributing/adr/adr-7-old-notes.md', page('Old notes', '2022-01-01'));
    expect(run(dir, ['check']).stdout).toContain('contributing/adr/adr-7-old-notes.md:1: adr/file-name: ADR files are named YYYY-MM-DD-<slug>.md (the day the ADR was written)\n');
  });

  it('renumbers a record to another day: the record superseding it links its new file, with its relation named by the new file name', () => {
    const dir = setup();
    const made = /contributing\/adr\/(\S+\.md)/.exec(must(dir, ['adr', 'new', 'Use Vitest', '--supersedes', '2022-07-26-use-erb']).stdout)?.[1] ?? '';
    must(dir, ['adr', 'renumber', '2022-07-26-use-erb', '20220727', '--yes']);
    expect(exists(dir, 'contributing/adr/2022-07-27-use-erb.md')).toBe(true);
    expect(read(dir, `contributing/adr/${made}`)).toContain('Supersedes [Use ERB](2022-07-27-use-erb.md)');
    const shown = JSON.parse(must(dir, ['adr', 'show', made.replace(/\.md$/, ''), '--json']).stdout) as { adr: { supersedes: string[] } };
    expect(shown.adr.supersedes).toEqual(['2022-07-27-use-erb']);
    expect(run(dir, ['check']).code).toBe(0);
  });
});
