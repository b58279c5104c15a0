// Gaps the session-7 tester and real-repository rounds left (retest7 "Left
// alone", wild6 "Noticed, left"), each through the built bin in a temp repo.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, ok, read, run, snapshot, tempRepo, withDate, write } from './helpers.js';

const NYGARD = (n: number, title: string, status = 'Accepted') =>
  `# ${n}. ${title}\n\nDate: 2024-01-0${n}\n\n## Status\n\n${status}\n\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n`;

/** An adr-tools series inside an mdBook book (docs/book.toml, its sources in docs/src), its ADRs listed in SUMMARY.md. */
function book(summary: string): string {
  const dir = tempRepo();
  write(dir, 'docs/book.toml', '[book]\ntitle = "Team book"\nauthors = ["Team"]\n\n[output.html]\n');
  write(dir, 'docs/src/SUMMARY.md', summary);
  write(dir, 'docs/src/README.md', '# Introduction\n');
  write(dir, 'docs/src/adr/README.md', '# Decisions\n\nOur ADRs.\n');
  write(dir, '.adr-dir', 'docs/src/adr\n');
  write(dir, 'docs/src/adr/0001-record-architecture-decisions.md', NYGARD(1, 'Record architecture decisions'));
  write(dir, 'docs/src/adr/0002-use-rust.md', NYGARD(2, 'Use Rust'));
  commitAll(dir, 'a team book');
  ok(run(dir, withDate(['init', '--yes'])));
  return dir;
}

const SUMMARY = [
  '# Summary',
  '',
  '[Introduction](README.md)',
  '',
  '- [Decisions](adr/README.md)',
  '  - [1. Record architecture decisions](adr/0001-record-architecture-decisions.md)',
  '  - [2. Use Rust](adr/0002-use-rust.md)',
  '- [Operations](ops.md)',
  '',
].join('\n');

describe('an ADR folder inside an mdBook book', () => {
  it('adr new leaves SUMMARY.md as it is and says the line to add, as the ADRs beside it are written, and where', () => {
    const dir = book(SUMMARY);
    const made = ok(run(dir, withDate(['adr', 'new', 'Use Postgres', '--json'])));
    const warnings: string[] = JSON.parse(made.stdout).warnings;
    expect(warnings).toContainEqual(
      'docs/src/SUMMARY.md is the mdBook table of contents, which docpact does not edit, and mdBook renders only the pages it lists: add    - [3. Use Postgres](adr/0003-use-postgres.md)  after line 7, or ADR-0003 is left out of the book.',
    );
    expect(read(dir, 'docs/src/SUMMARY.md')).toBe(SUMMARY);
    // The line is one mdBook reads as a nested numbered chapter: the siblings' indentation and marker, a path from SUMMARY.md's folder.
    const line = /add {2}(.*?) {2}after line (\d+)/.exec(warnings.find((w) => w.includes('SUMMARY.md'))!)!;
    const lines = SUMMARY.split('\n');
    lines.splice(Number(line[2]), 0, line[1]);
    expect(lines.slice(4, 9)).toEqual([
      '- [Decisions](adr/README.md)',
      '  - [1. Record architecture decisions](adr/0001-record-architecture-decisions.md)',
      '  - [2. Use Rust](adr/0002-use-rust.md)',
      '  - [3. Use Postgres](adr/0003-use-postgres.md)',
      '- [Operations](ops.md)',
    ]);
    write(dir, 'docs/src/SUMMARY.md', lines.join('\n'));
    // Once it is there, the next ADR is said to go after it; labels that are not the ADRs' H1s are the title.
    write(dir, 'docs/src/SUMMARY.md', read(dir, 'docs/src/SUMMARY.md').replace('[3. Use Postgres]', '[Postgres]'));
    const next = JSON.parse(ok(run(dir, withDate(['adr', 'new', 'Use Redis', '--json']))).stdout).warnings as string[];
    expect(next.join('\n')).toMatch(/add {4}- \[Use Redis\]\(adr\/0004-use-redis\.md\) {2}after line 8,/);
  });

  it('says nothing when SUMMARY.md lists no ADR of the folder (the team does not publish them there)', () => {
    const dir = book('# Summary\n\n- [Introduction](README.md)\n');
    const made = ok(run(dir, withDate(['adr', 'new', 'Use Postgres', '--json'])));
    expect(JSON.stringify(JSON.parse(made.stdout).warnings ?? [])).not.toMatch(/SUMMARY/);
  });
});

describe('init in a repository whose docs tree holds a link out of it', () => {
  it('names the link, that check will fail on it (repo/unsafe-path, never accepted) and what to do', () => {
    const dir = tempRepo();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.md'), '# Secret\n');
    write(dir, 'docs/source/guides/setup.md', '# Setup\n');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'docs/source/guides/evil.md'));
    const init = ok(run(dir, withDate(['init', '--yes', '--json'])));
    const warnings: string[] = JSON.parse(init.stdout).warnings;
    expect(warnings.filter((w) => /unsafe-path/.test(w))).toEqual([
      expect.stringMatching(/^docs\/source\/guides\/evil\.md: docpact does not read this file \(.*outside the repository.*\); check reports it as repo\/unsafe-path, which no baseline accepts, so check fails until you remove it or make it a file \(or a link\) inside the repository\.$/),
    ]);
    // What it said is what check then does.
    const check = run(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/^docs\/source\/guides\/evil\.md:1: repo\/unsafe-path: /m);
  });
});

describe('a status line with a relation word docpact does not know', () => {
  const MADR = (n: number, title: string, status: string) =>
    `# ${title}\n\n* Status: ${status}\n* Date: 2023-01-0${n + 1}\n\n## Context and Problem Statement\n\nC.\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: "A", because it is.\n`;
  const FIRST = 'docs/decisions/0000-use-madr.md';

  it('superseding it is refused, saying why and what to do; done as said, it supersedes', () => {
    const dir = tempRepo();
    write(dir, FIRST, MADR(0, 'Use MADR', 'augmented by [ADR-0004](0004-decision-making.md)'));
    for (const [n, slug, title] of [[1, 'ci', 'CI'], [2, 'oidc', 'OIDC'], [3, 'ecr', 'ECR'], [4, 'decision-making', 'Decision making']] as const) write(dir, `docs/decisions/000${n}-${slug}.md`, MADR(n, title, 'accepted'));
    commitAll(dir, 'team ADRs');
    ok(run(dir, withDate(['init', '--yes'])));
    commitAll(dir, 'docpact');
    const before = snapshot(dir);
    const refused = run(dir, withDate(['adr', 'new', 'Replace it', '--supersedes', '0']));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'cannot edit docs/decisions/0000-use-madr.md safely (its status line says "augmented by [ADR-0004](0004-decision-making.md)", and "augmented by" is no relation docpact knows (supersedes, superseded by, amends, amended by), so ADR-0004 would then read as "Superseded by" too; move that phrase to a line of its own ("* Augmented by [ADR-0004](0004-decision-making.md)") below "* Status: accepted" (the status alone) and run the command again). Or make this edit by hand',
    );
    expect(snapshot(dir)).toEqual(before);
    // As it said: the phrase on a line of its own, then the command again.
    write(dir, FIRST, read(dir, FIRST).replace('* Status: augmented by [ADR-0004](0004-decision-making.md)\n', '* Status: accepted\n* Augmented by [ADR-0004](0004-decision-making.md)\n'));
    ok(run(dir, withDate(['adr', 'new', 'Replace it', '--supersedes', '0'])));
    expect(read(dir, FIRST)).toContain('* Status: superseded by [ADR-0005](0005-replace-it.md)\n* Augmented by [ADR-0004](0004-decision-making.md)\n');
  });
});

describe('init beside folders that look like decisions but are no series it adopts', () => {
  it('names each in one line: which folder, and why it is not adopted', () => {
    const dir = tempRepo();
    write(dir, '.adr-dir', 'doc/decisions/adr\n');
    write(dir, 'doc/decisions/adr/0001-record-architecture-decisions.md', NYGARD(1, 'Record architecture decisions'));
    write(dir, 'doc/decisions/adr/0002-use-rust.md', NYGARD(2, 'Use Rust'));
    const y = (what: string) => `**In the context of** ${what},\n**facing** slow builds,\n**we decided for** caching\n**and against** rebuilding,\n**to achieve** speed,\n**accepting that** caches go stale.\n`;
    write(dir, 'doc/decisions/y-statements/0001-use-y-statements.md', y('recording decisions'));
    write(dir, 'doc/decisions/y-statements/0002-cache-builds.md', y('the build'));
    write(dir, 'doc/decisions/notes/0001-kickoff.md', '# Kickoff\n\nWe met.\n');
    write(dir, 'doc/decisions/notes/0002-retro.md', '# Retro\n\nWe met again.\n');
    // Numbered pages elsewhere that are no decisions are not named.
    write(dir, 'guides/0001-setup.md', '# Setup\n');
    write(dir, 'guides/0002-deploy.md', '# Deploy\n');
    commitAll(dir, 'team docs');
    const found: string[] = JSON.parse(ok(run(dir, withDate(['init', '--yes', '--json']))).stdout).result.found;
    expect(found.filter((f) => f.startsWith('Not adopted'))).toEqual([
      'Not adopted: doc/decisions/notes (2 numbered Markdown files) — they do not read as decision records (no Status, Decision or Considered Options section, no "# ADR 1" heading); docpact leaves them as they are, and its ADR series is doc/decisions/adr.',
      'Not adopted: doc/decisions/y-statements (2 numbered Markdown files) — they are Y-statements ("In the context of …, we decided for …"), which have no status for docpact to read, list or check; docpact leaves them as they are, and its ADR series is doc/decisions/adr.',
    ]);
    expect(read(dir, 'doc/decisions/y-statements/0002-cache-builds.md')).toBe(y('the build'));
  });
});

describe('a front-matter status the team wrote in quotes', () => {
  const MADR3 = (n: number, title: string, status: string) =>
    `---\nstatus: ${status}\ndate: 2023-01-0${n}\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nC.\n\n## Considered Options\n\n* A\n* B\n\n## Decision Outcome\n\nChosen option: "A", because it is.\n`;

  it('keeps its quotes on a status edit, double or single, and changes nothing else', () => {
    const dir = tempRepo();
    write(dir, 'docs/decisions/0001-use-madr.md', MADR3(1, 'Use MADR', '"Accepted"'));
    write(dir, 'docs/decisions/0002-use-rust.md', MADR3(2, 'Use Rust', "'Accepted'"));
    write(dir, 'docs/decisions/0003-use-go.md', MADR3(3, 'Use Go', 'Accepted'));
    commitAll(dir, 'team ADRs');
    ok(run(dir, withDate(['init', '--yes'])));
    ok(run(dir, ['adr', 'status', '1', 'Deprecated']));
    expect(read(dir, 'docs/decisions/0001-use-madr.md')).toBe(MADR3(1, 'Use MADR', '"Deprecated"'));
    ok(run(dir, withDate(['adr', 'new', 'Use Zig', '--supersedes', '2'])));
    expect(read(dir, 'docs/decisions/0002-use-rust.md')).toMatch(/^---\nstatus: 'Superseded by \[ADR-0004\]\(0004-use-zig\.md\)'\ndate: 2023-01-02\n---\n/);
    // A plain value stays plain.
    ok(run(dir, ['adr', 'status', '3', 'Deprecated']));
    expect(read(dir, 'docs/decisions/0003-use-go.md')).toBe(MADR3(3, 'Use Go', 'Deprecated'));
  });
});
