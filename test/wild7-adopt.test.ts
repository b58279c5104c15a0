/**
 * Adopting repositories docpact had never seen, round 7 (wild7). Each fixture
 * is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { ok, read, run, tempRepo, withDate, write } from './helpers.js';

const must = (dir: string, args: string[]) => ok(run(dir, withDate(args)));
const nygard = (n: number, title: string) => `# ${n}. ${title}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;

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
