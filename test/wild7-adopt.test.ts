/**
 * Adopting repositories docpact had never seen, round 7 (wild7). Each fixture
 * is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { exists, must, nygard, read, run, tempRepo, write } from './helpers.js';


describe('a team template numbered zero and named in capitals (0000-TEMPLATE.md)', () => {
  const TEMPLATE = '<!-- Copy this file to the next number and fill it in. -->\n\n# 0. Template\n\nDate: <!-- the day -->\n\n## Status\n\nPending\n\n## Context\n\nThe issue motivating this decision.\n\n## Decision\n\nThe change we agreed.\n\n## Consequences\n\nWhat becomes easier.\n\n## Rollback\n\nHow we undo it.\n';
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0000-TEMPLATE.md', TEMPLATE);
    write(dir, 'docs/decisions/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'docs/decisions/0002-use-queues.md', nygard(2, 'Use queues'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('is no ADR: not listed, the series starts at 1, and check says nothing about it', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { id: string }[] };
    expect(list.adrs.map((a) => a.id)).toEqual(['ADR-0001', 'ADR-0002']);
    expect(read(dir, 'docpact.yaml')).toMatch(/^ {2}first: 1$/m);
    const check = run(dir, ['check']);
    expect(check.stdout + check.stderr).not.toContain('0000-TEMPLATE.md');
    expect(check.code).toBe(0);
  });

  it('is the template new ADRs are written from, and superseding the first ADR never edits it', () => {
    const dir = setup();
    must(dir, ['adr', 'new', 'Drop the cache', '--supersedes', '1']);
    expect(read(dir, 'docs/decisions/0000-TEMPLATE.md')).toBe(TEMPLATE);
    const made = read(dir, 'docs/decisions/0003-drop-the-cache.md');
    expect(made).toMatch(/^# 3\. Drop the cache$/m);
    expect(made).toContain('## Rollback');
    expect(made).toMatch(/^Date: \d{4}-\d{2}-\d{2}$/m);
    expect(read(dir, 'docs/decisions/0001-record-architecture-decisions.md')).toContain('Superseded by');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('records that state their metadata in a table under the H1 (| **Status** | Accepted |)', () => {
  const record = (n: number, title: string) =>
    `---\nid: adr-00${n}\ntitle: "ADR-00${n}: ${title}"\n---\n# ADR-00${n}: ${title}\n\n| Property | Value |\n|----------|-------|\n| **Status** | Accepted |\n| **Date** | 2026-01-0${n} |\n| **Deciders** | Core team |\n| **Superseded by** | N/A |\n\n---\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
  const TEMPLATE = '---\nid: adr-XXX-short-title\ntitle: "ADR-XXX: Full Title"\n---\n\n# ADR-XXX: Full Title\n\n| Property | Value |\n|----------|-------|\n| **Status** | [Proposed \\| Accepted \\| Deprecated] |\n| **Date** | YYYY-MM-DD |\n| **Deciders** | Core team |\n| **Supersedes** | N/A |\n\n---\n\n## Context\n\nWhy we decide.\n\n## Decision\n\nWhat we decide.\n\n## Consequences\n\nWhat follows.\n\n## Compliance\n\nHow we check it.\n';
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'docs/adrs/TEMPLATE.md', TEMPLATE);
    write(dir, 'docs/adrs/001-use-maven.md', record(1, 'Use Maven'));
    write(dir, 'docs/adrs/002-use-picocli.md', record(2, 'Use Picocli'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('lists each record with the status and date its table states, and check finds no missing status', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { id: string; status: string; date: string }[] };
    expect(list.adrs.map((a) => [a.id, a.status, a.date])).toEqual([
      ['ADR-001', 'Accepted', '2026-01-01'],
      ['ADR-002', 'Accepted', '2026-01-02'],
    ]);
    const check = run(dir, ['check']);
    expect(check.stdout).not.toContain('adr/unknown-status');
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/unknown-status');
    expect(check.code).toBe(0);
  });

  it('adr status and --supersedes edit the Status cell, and add no second Status section', () => {
    const dir = setup();
    must(dir, ['adr', 'status', '2', 'deprecated']);
    const two = read(dir, 'docs/adrs/002-use-picocli.md');
    expect(two).toBe(record(2, 'Use Picocli').replace('| **Status** | Accepted |', '| **Status** | Deprecated |'));
    must(dir, ['adr', 'new', 'Use Gradle', '--supersedes', '1']);
    const one = read(dir, 'docs/adrs/001-use-maven.md');
    expect(one).not.toContain('## Status');
    expect(one).toMatch(/^\| \*\*Status\*\* \| Superseded by \[.*\]\(003-use-gradle\.md\) \|$/m);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('a new ADR comes from the team template in capitals (TEMPLATE.md), its status, date and supersedes stated in the table rows', () => {
    const dir = setup();
    must(dir, ['adr', 'new', 'Use Gradle', '--supersedes', '1']);
    const made = read(dir, 'docs/adrs/003-use-gradle.md');
    expect(made).toContain('## Compliance');
    expect(made).toMatch(/^# ADR-003: Use Gradle$/m);
    expect(made).toMatch(/^\| \*\*Status\*\* \| Proposed \|$/m);
    expect(made).toMatch(/^\| \*\*Date\*\* \| \d{4}-\d{2}-\d{2} \|$/m);
    expect(made).toMatch(/^\| \*\*Supersedes\*\* \| \[.*\]\(001-use-maven\.md\) \|$/m);
    expect(made).not.toContain('## Status');
    expect(read(dir, 'docs/adrs/TEMPLATE.md')).toBe(TEMPLATE);
  });
});

describe('a record whose table under the H1 has columns named Status and Date (a header row)', () => {
  it('is not read as the status "Date": the row under the header states it', () => {
    const dir = tempRepo();
    const rec = (n: number) => `# ${n}. Use queues ${n}\n\n| Status | Date |\n|---|---|\n| Accepted | 2026-01-0${n} |\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
    write(dir, 'doc/adr/0001-use-queues-1.md', rec(1));
    write(dir, 'doc/adr/0002-use-queues-2.md', rec(2));
    must(dir, ['init', '--yes']);
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { status: string }[] };
    expect(list.adrs.map((a) => a.status)).not.toContain('Date');
  });
});

describe('records with a Status section and Nygard sections, plus MADR-like "Considered Options" and no front matter', () => {
  const record = (n: number, title: string) =>
    `# ADR-00${n}: ${title}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision Drivers\n\n- Speed\n\n## Considered Options\n\n1. One\n2. Two\n\n## Decision\n\nOne.\n\n## Consequences\n\nSo.\n`;
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'docs/adr/ADR-001-state-store.md', record(1, 'State Store'));
    write(dir, 'docs/adr/ADR-002-runtime.md', record(2, 'Runtime'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('are read as the Nygard records they are: no MADR sections demanded', () => {
    const dir = setup();
    expect(read(dir, 'docpact.yaml')).toMatch(/^ {2}format: nygard$/m);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/missing-section');
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('adr status edits the Status section, and adds no front matter that contradicts it', () => {
    const dir = setup();
    must(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, 'docs/adr/ADR-002-runtime.md')).toBe(record(2, 'Runtime').replace('\nAccepted\n', '\nDeprecated\n'));
  });
});

describe('a Nygard record among others that states its status only in front matter (status: accepted, no Status section)', () => {
  it('is not missing a Status section: its status is stated, and adr status edits it there', () => {
    const dir = tempRepo();
    write(dir, 'docs/adrs/001-use-maven.md', nygard(1, 'Use maven'));
    write(dir, 'docs/adrs/002-use-picocli.md', nygard(2, 'Use picocli'));
    const fmOnly = '---\nstatus: accepted\ndate: 2026-01-03\n---\n\n# 3. Cache builds\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n';
    write(dir, 'docs/adrs/003-cache-builds.md', fmOnly);
    must(dir, ['init', '--yes']);
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('adr/missing-section');
    expect(run(dir, ['check']).code).toBe(0);
    must(dir, ['adr', 'status', '3', 'deprecated']);
    expect(read(dir, 'docs/adrs/003-cache-builds.md')).toBe(fmOnly.replace('status: accepted', 'status: deprecated'));
  });
});
