/**
 * One template per series: in an adopted series whose folder holds the
 * team's own template (adr-tools' `templates/template.md`, MADR's
 * `adr-template.md` or `template.md`), `adr new` writes from it, and what
 * check's adr/placeholder and `adr new` call "the template's text" is its
 * text, not docpact's. Fixtures are written here, in the style of those tools.
 */
import { describe, expect, it } from 'vitest';
import { adrList, checkProblems, read, run, tempRepo, withDate, write } from './helpers.js';

function ok(dir: string, args: string[], env?: Record<string, string>): { stdout: string; stderr: string } {
  const r = run(dir, args[0] === 'check' || args[1] === 'list' ? args : withDate(args), env ? { env } : {});
  expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r;
}

function adopted(files: Record<string, string>): string {
  const dir = tempRepo();
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  ok(dir, ['init', '--yes']);
  return dir;
}

const MADR2 = (n: number, title: string) =>
  `# ${title}\n\n* Status: accepted\n* Date: 2024-01-0${n}\n\n## Context and Problem Statement\n\nWe had to choose.\n\n## Considered Options\n\n* One\n* Two\n\n## Decision Outcome\n\nChosen option: one.\n`;

/** A team's MADR 2 template: guidance in brackets, a status wrapped onto a second line, a section of its own. */
const MADR2_TEMPLATE = `# [short title of the problem and the solution]

* Status: [proposed | rejected | accepted | deprecated | superseded by
  [ADR-0009](0009-example.md)] <!-- optional -->
* Deciders: [who decided] <!-- optional -->
* Date: [YYYY-MM-DD of the last change] <!-- optional -->

Ticket: [the issue that asked for this decision]

## Context and Problem Statement

[The context and the question, in two or three sentences.]

## Considered Options

* [option 1]
* [option 2]

## Decision Outcome

Chosen option: "[option 1]", because [why].

## Rollout Plan <!-- optional -->

[How the team rolls this out, and who owns it.]
`;

const MADR4 = (n: number, title: string) =>
  `---\nstatus: accepted\ndate: 2024-02-0${n}\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nWe had to choose.\n\n## Considered Options\n\n* One\n* Two\n\n## Decision Outcome\n\nChosen option: one.\n\n### Consequences\n\n* Good, because it is simple.\n`;

/** A team's MADR 4 template: front matter whose values are guidance (`{…}` is a YAML mapping), sections of its own. */
const MADR4_TEMPLATE = `---
# Remove what you do not need.
status: "{proposed | rejected | accepted | deprecated | superseded by ADR-0123}"
date: {YYYY-MM-DD of the last change}
decision-makers: {everyone who decided}
---

# {short title of the problem and the solution}

## Context and Problem Statement

{The context and the question.}

## Considered Options

* {option 1}
* {option 2}

## Decision Outcome

Chosen option: "{option 1}", because {why}.

### Consequences

* Good, because {a good consequence}

### Confirmation

{How the team confirms the decision was carried out.}
`;

describe("adr new in an adopted series with the team's own template", () => {
  it("writes from MADR 2's template.md: its fields filled, its own sections, and check and adr new name those sections as still to write", () => {
    const dir = adopted({
      'docs/decisions/0001-use-markdown.md': MADR2(1, 'Use Markdown'),
      'docs/decisions/0002-pick-a-queue.md': MADR2(2, 'Pick a queue'),
      'docs/decisions/template.md': MADR2_TEMPLATE,
    });
    const r = ok(dir, ['adr', 'new', 'Use Kafka', '--decision', 'We use Kafka.']);
    const made = read(dir, 'docs/decisions/0003-use-kafka.md');
    expect(made).toMatch(/^# Use Kafka\n\n\* Status: proposed <!-- optional -->\n\* Deciders: \[who decided\] <!-- optional -->\n\* Date: 2026-11-23 <!-- optional -->\n\nTicket: \[the issue/);
    expect(made).toContain('\n## Decision Outcome\n\nWe use Kafka.\n\n## Rollout Plan <!-- optional -->\n\n[How the team rolls this out');
    expect(made).not.toContain('0009-example.md');
    expect(r.stdout).toContain('Still to write: "Context and Problem Statement", "Considered Options", "Rollout Plan"');
    expect(checkProblems(dir)).toEqual([
      'docs/decisions/0003-use-kafka.md:1: adr/placeholder: "Context and Problem Statement", "Considered Options", "Rollout Plan" still hold the template\'s text; write it before the ADR is accepted',
    ]);
    // Accepted while the team's guidance is still there: check says so as an error.
    ok(dir, ['adr', 'status', '3', 'accepted']);
    expect(run(dir, ['check']).code).toBe(1);
  });

  it("writes from MADR 4's adr-template.md: the front matter's status and date set, its sections kept", () => {
    const dir = adopted({
      'docs/decisions/0001-use-markdown.md': MADR4(1, 'Use Markdown'),
      'docs/decisions/0002-pick-a-queue.md': MADR4(2, 'Pick a queue'),
      'docs/decisions/adr-template.md': MADR4_TEMPLATE,
    });
    const written = ['--context', 'Why.', '--decision', 'We use Kafka.'];
    const r = ok(dir, ['adr', 'new', 'Use Kafka', ...written]);
    const made = read(dir, 'docs/decisions/0003-use-kafka.md');
    expect(made).toMatch(/^---\n# Remove what you do not need\.\nstatus: proposed\ndate: 2026-11-23\ndecision-makers: \{everyone who decided\}\n---\n\n# Use Kafka\n\n## Context and Problem Statement\n\nWhy\.\n/);
    expect(made).toContain('\n### Confirmation\n\n{How the team confirms');
    expect(r.stdout).toContain('Still to write: "Considered Options", "Consequences", "Confirmation"');
    expect(adrList(dir).find((a) => a.id === 'ADR-0003')).toMatchObject({ title: 'Use Kafka', status: 'proposed', date: '2026-11-23' });
    expect(checkProblems(dir).filter((p) => !p.includes('adr/placeholder'))).toEqual([]);
  });

  it("starts an adr-tools skeleton Proposed when its sections still hold the team's guidance, and check holds an accepted one to it", () => {
    const NYGARD = (n: number, title: string) => `# ${n}. ${title}\n\nDate: 2024-03-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;
    const dir = adopted({
      'doc/adr/0001-record-architecture-decisions.md': NYGARD(1, 'Record architecture decisions'),
      'doc/adr/0002-use-go.md': NYGARD(2, 'Use Go'),
      'doc/adr/templates/template.md': '# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nOur team writes here what forced the choice.\n\n## Decision\n\nOur team writes here what we do.\n\n## Consequences\n\nOur team writes here what follows.\n',
    });
    const r = ok(dir, ['adr', 'new', 'Use Kafka']);
    expect(read(dir, 'doc/adr/0003-use-kafka.md')).toMatch(/^# 3\. Use Kafka\n\nDate: 2026-11-23\n\n## Status\n\nProposed\n\n## Context\n\nOur team writes here/);
    expect(r.stdout).toContain('Still to write: "Context", "Decision", "Consequences" (the template\'s text is there). ADR-0003 starts Proposed; once written: docpact adr status 3 Accepted');
    // An older record left as the team's template, yet Accepted, is what adr/placeholder is for.
    write(dir, 'doc/adr/0004-left-unwritten.md', read(dir, 'doc/adr/templates/template.md').replace('NUMBER. TITLE', '4. Left unwritten').replace('DATE', '2024-03-04').replace('STATUS', 'Accepted'));
    expect(checkProblems(dir, 'adr/placeholder')).toEqual([
      'doc/adr/0003-use-kafka.md:1: adr/placeholder: "Context", "Decision", "Consequences" still hold the template\'s text; write it before the ADR is accepted',
      'doc/adr/0004-left-unwritten.md:1: adr/placeholder: "Context", "Decision", "Consequences" still hold the template\'s text, but ADR-0004 is Accepted: write what was decided',
    ]);
  });

  it("gives the same verdict with its cache as without once the team's template changes", () => {
    const dir = adopted({
      'docs/decisions/0001-use-markdown.md': MADR2(1, 'Use Markdown'),
      'docs/decisions/0002-pick-a-queue.md': MADR2(2, 'Pick a queue'),
      'docs/decisions/template.md': MADR2_TEMPLATE,
    });
    const warm = { DOCPACT_CACHE_SETTLE_MS: '0', CI: '' };
    ok(dir, ['adr', 'new', 'Use Kafka', '--decision', 'We use Kafka.'], warm);
    const before = run(dir, ['check', '--json'], { env: warm });
    expect(before.stdout).toContain('Rollout Plan');
    // The team rewrites its template's guidance: the skeleton no longer holds the template's text there.
    write(dir, 'docs/decisions/template.md', MADR2_TEMPLATE.replace('[How the team rolls this out, and who owns it.]', '[Who rolls this out, and when.]'));
    const cached = run(dir, ['check', '--json'], { env: warm });
    const fresh = run(dir, ['check', '--json', '--no-cache'], { env: warm });
    expect(fresh.stdout).not.toContain('Rollout Plan');
    expect(cached.stdout).toBe(fresh.stdout);
  });

  it("writes a team template's example link to a file that does not exist as code, so the new ADR passes check, and still names its sections as unwritten", () => {
    const record = (n: number, title: string) => `# ADR 00${n}: ${title}\n\n## Status\n\nAccepted\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n\n## Consequences\n\nWhat follows.\n`;
    const dir = adopted({
      'docs/architecture/adr-001-use-go.md': record(1, 'Use Go'),
      'docs/architecture/adr-002-use-grpc.md': record(2, 'Use gRPC'),
      'docs/architecture/guide.md': '# How we write ADRs\n',
      // Guidance quoted, with an example in an indented block and one in prose; one link reaches a real page.
      'docs/architecture/adr-template.md':
        '# ADR {ADR-NUMBER}: {TITLE}\n\n## Status\n\n> Name the record this one replaces, e.g.:\n>\n>     Superseded by [ADR 9](./adr-009.md)\n\nAccepted | Rejected\n\n## Context\n\n> Why we decide; see [the guide](./guide.md) and [an example](adr-042-example.md).\n\n## Decision\n\n> What we chose.\n\n## Consequences\n\n> What follows.\n',
    });
    const r = ok(dir, ['adr', 'new', 'Use NATS']);
    const made = read(dir, 'docs/architecture/adr-003-use-nats.md');
    expect(made).toContain('>     Superseded by `[ADR 9](./adr-009.md)`\n');
    expect(made).toContain('> Why we decide; see [the guide](./guide.md) and `[an example](adr-042-example.md)`.\n');
    expect(r.stdout).toContain('Still to write: "Context", "Decision", "Consequences"');
    expect(checkProblems(dir)).toEqual(['docs/architecture/adr-003-use-nats.md:1: adr/placeholder: "Context", "Decision", "Consequences" still hold the template\'s text; write it before the ADR is accepted']);
  });
  it('compares a hostile section with the template in linear time: a code span opening 100,000 link targets does not hold check', () => {
    const record = (n: number, title: string) => `# ADR 00${n}: ${title}\n\n## Status\n\nAccepted\n\n## Context\n\nThe forces.\n\n## Decision\n\nWhat we do.\n`;
    const dir = adopted({
      'docs/architecture/adr-001-use-go.md': record(1, 'Use Go'),
      'docs/architecture/adr-002-use-grpc.md': record(2, 'Use gRPC').replace('What we do.', `\`[${'](x)'.repeat(100_000)}`),
      'docs/architecture/adr-template.md': '# ADR {ADR-NUMBER}: {TITLE}\n\n## Status\n\nAccepted | Rejected\n\n## Context\n\n> Why we decide.\n\n## Decision\n\n> What we chose.\n',
    });
    // Quadratic, this section took ~20 s to compare with the template's; killed: code -1.
    const r = run(dir, ['check', '--json', '--no-cache'], { timeout: 15_000 });
    expect(r.code, r.stderr).not.toBe(-1);
    expect(JSON.parse(r.stdout).problems.filter((p: { rule: string }) => p.rule === 'adr/placeholder')).toEqual([]);
  });
});
