/**
 * Adopting repositories docpact had never seen, round 8 (wild8). Each fixture
 * is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { exists, ok, read, run, tempRepo, withDate, write } from './helpers.js';

const must = (dir: string, args: string[]) => ok(run(dir, withDate(args)));
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
