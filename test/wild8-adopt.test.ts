/**
 * Adopting repositories docpact had never seen, round 8 (wild8). Each fixture
 * is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { exists, must, read, run, tempRepo, write } from './helpers.js';

const nygard = (n: number, title: string, context = 'Why.') =>
  `# ${n}. ${title}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\n${context}\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;

describe('a record whose line starts with an inline code span of three backticks (```Case``` has states)', () => {
  // CommonMark: a backtick fence's info string holds no backtick, so this line is a paragraph, not a code fence.
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'doc/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'doc/adr/0002-use-a-state-machine.md', nygard(2, 'Use a state machine', '```Case``` has states to manage.'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('keeps its Decision and Consequences sections: init baselines no missing section, and check finds none', () => {
    const dir = setup();
    expect(exists(dir, '.docpact/baseline.json') ? read(dir, '.docpact/baseline.json') : '').not.toContain('missing-section');
    const check = run(dir, ['check']);
    expect(check.stdout + check.stderr).not.toMatch(/missing-section|accepted/);
    expect(check.code).toBe(0);
  });
});

describe('MADR records that state their metadata as bold bullets under the H1 (- **Status:** Accepted)', () => {
  const record = (n: number, title: string) =>
    `# ${title}\n\n- **Status:** Accepted\n- **Date:** 2026-01-0${n}\n- **Deciders:** Core team\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n- One\n- Two\n\n## Decision Outcome\n\nOne, because it is simpler.\n\n### Consequences\n\n- Good, because it is simpler.\n`;
  const setup = () => {
    const dir = tempRepo();
    write(dir, 'docs/adr/0001-use-madr.md', record(1, 'Use MADR'));
    write(dir, 'docs/adr/0002-use-queues.md', record(2, 'Use queues'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('lists each record with the status and date its bullets state', () => {
    const dir = setup();
    const list = JSON.parse(must(dir, ['adr', 'list', '--json']).stdout) as { adrs: { id: string; status: string; date: string }[] };
    expect(list.adrs.map((a) => [a.id, a.status, a.date])).toEqual([
      ['ADR-0001', 'Accepted', '2026-01-01'],
      ['ADR-0002', 'Accepted', '2026-01-02'],
    ]);
  });

  it('adr status and --supersedes edit the Status bullet, and add no front matter beside it', () => {
    const dir = setup();
    must(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, 'docs/adr/0002-use-queues.md')).toBe(record(2, 'Use queues').replace('- **Status:** Accepted', '- **Status:** Deprecated'));
    must(dir, ['adr', 'new', 'Use streams', '--supersedes', '1']);
    const one = read(dir, 'docs/adr/0001-use-madr.md');
    expect(one).not.toContain('---');
    expect(one).toMatch(/^- \*\*Status:\*\* Superseded by \[.*\]\(0003-use-streams\.md\)$/m);
    expect(one.replace(/^- \*\*Status:\*\* .*$/m, '- **Status:** Accepted')).toBe(record(1, 'Use MADR'));
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('--amends adds the Amended by bullet in the style of the others, after them', () => {
    const dir = setup();
    must(dir, ['adr', 'new', 'Tune queues', '--amends', '2']);
    expect(read(dir, 'docs/adr/0002-use-queues.md')).toBe(
      record(2, 'Use queues').replace('- **Deciders:** Core team\n', '- **Deciders:** Core team\n- **Amended by:** [ADR-0003](0003-tune-queues.md)\n'),
    );
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('a team template that explains itself under its own H1 before the record (# ADR template … # Title)', () => {
  const TEMPLATE =
    '# ADR template by the platform team\n\nCopy this page for a new ADR and write these sections:\n\n# Title\n\n## Status\n\nWhat is the status?\n\n## Context\n\nWhat is the issue?\n\n## Decision\n\nWhat is the change?\n\n## Consequences\n\nWhat becomes easier?\n';
  it('writes new ADRs from the record part only: one H1, their number and title, no explanation', () => {
    const dir = tempRepo();
    write(dir, 'doc/adr/template.md', TEMPLATE);
    write(dir, 'doc/adr/0001-record-architecture-decisions.md', nygard(1, 'Record architecture decisions'));
    write(dir, 'doc/adr/0002-use-queues.md', nygard(2, 'Use queues'));
    must(dir, ['init', '--yes']);
    must(dir, ['adr', 'new', 'Use streams']);
    const made = read(dir, 'doc/adr/0003-use-streams.md');
    expect(made.match(/^# .*$/gm)).toEqual(['# 3. Use streams']);
    expect(made).not.toContain('Copy this page');
    expect(made).toMatch(/^# 3\. Use streams\n\n## Status\n\nProposed\n/);
    expect(read(dir, 'doc/adr/template.md')).toBe(TEMPLATE);
    expect(run(dir, ['check']).code).toBe(0);
  });
});
