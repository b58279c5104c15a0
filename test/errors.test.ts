/**
 * Every slip gets one clear message that says what to do next; --json
 * failures are one JSON object on stdout; derived output is honest
 * (pluralised counts, null owners, dry-run content, no flags that do nothing).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATE, exists, prepared, read, run, snapshot, write } from './helpers.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const ADR1 = 'docs/source/adr/ADR-0001-record-architecture-decisions.md';

describe('errors with a next step', () => {
  it('suggests the flag, command, kind and status the user meant', () => {
    const dir = repo();
    const before = snapshot(dir);
    const cases: [string[], RegExp][] = [
      [['adr', 'new', 'X', '--supercedes', '1'], /Unknown option --supercedes\. Did you mean --supersedes\?/],
      [['chek'], /Unknown command "chek"\. Did you mean "docpact check"\?/],
      [['docs', 'add', 'howto', 'X'], /^docpact: KIND must be one of: guide, concept, app, use-case \(got "howto"\)\.$/m],
      [['docs', 'add', 'concpt', 'X'], /KIND must be one of: .*Did you mean "concept"\?/],
      [['adr', 'list', '--status', 'bogus'], /--status must be one of: Proposed, Accepted, Rejected, Deprecated, Superseded \(got "bogus"\)\.$/m],
      [['adr', 'list', '--status', 'acepted'], /Did you mean "Accepted"\?/],
      [['adr', 'status', '9', 'accepted'], /No ADR matches "9"[\s\S]*Candidates:\n\s+ADR-0001-record-architecture-decisions\.md/],
      [['adr', 'status', '1', 'superseded'], /An ADR becomes Superseded only when a new ADR replaces it/],
      // --date does nothing for these, so it is not accepted.
      [['adr', 'status', '1', 'accepted', '--date', DATE], /Unknown option --date/],
      [['docs', 'add', 'concept', 'X', '--date', DATE], /Unknown option --date/],
      [['docs', 'term', 'X', 'Y.', '--date', DATE], /Unknown option --date/],
    ];
    for (const [args, message] of cases) {
      const r = run(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(run(dir, ['docs', 'add', '--help']).stdout).not.toMatch(/--date/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('answers --json failures with one JSON object and the same exit code', () => {
    const dir = repo();
    const bad = run(dir, ['adr', 'new', 'X', '--supersedes', '99', '--json']);
    expect(bad.code).toBe(2);
    const got = JSON.parse(bad.stdout);
    expect(got).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/No ADR matches "99"/) } });
    // The details a terminal shows under the message (here the candidates) are in the object too.
    expect(got.error.details).toEqual(['Candidates:', '  ADR-0001-record-architecture-decisions.md']);
    expect(bad.stderr).toBe(''); // with --json, the object says it all
    expect(run(dir, ['adr', 'new', 'X', '--supersedes', '99']).stderr).toContain('\n  Candidates:\n    ADR-0001-record-architecture-decisions.md\n');
    const flag = run(dir, ['chat', 'list', '--bogus', '--json']);
    expect(flag.code).toBe(2);
    expect(JSON.parse(flag.stdout).error.code).toBe('usage');
    const outside = run(dir, ['check', '--json', '-C', '/nonexistent-docpact-dir']);
    expect(outside.code).not.toBe(0);
    expect(JSON.parse(outside.stdout).ok).toBe(false);
  });

  it('guides a closed thread to a new one, and warns when superseding a superseded ADR', () => {
    const dir = repo();
    for (const args of [['chat', 'new', 'done', '--title', 'Done'], ['chat', 'close', 'done', '--as', 'architect'], ['adr', 'new', 'Two', '--supersedes', '1']]) {
      expect(run(dir, [...args, '--date', DATE]).code, args.join(' ')).toBe(0);
    }
    const again = run(dir, ['chat', 'new', 'done', '--date', DATE]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/Thread "done" exists and was closed on 2026-11-23; .*"docpact chat new done-2"/);
    expect(again.stderr).not.toMatch(/chat reply/);
    const reply = run(dir, ['chat', 'reply', 'done', '--as', 'engineer', '--date', DATE]);
    expect(reply.stderr).toMatch(/Thread "done" is closed; .*"docpact chat new done-2"/);
    expect(run(dir, ['chat', 'reply', 'dnoe', '--as', 'engineer']).stderr).toMatch(/No open chat thread "dnoe"\. There are no open threads; start one with "docpact chat new <slug>"/);
    const three = run(dir, ['adr', 'new', 'Three', '--supersedes', '1', '--date', DATE]);
    expect(three.code).toBe(0);
    expect(three.stderr).toMatch(/warning: ADR-0001 was already Superseded by ADR-0002; ADR-0003 supersedes it too/);
    const list = JSON.parse(run(dir, ['chat', 'list', '--json']).stdout).threads;
    expect(list).toEqual([expect.objectContaining({ slug: 'done', status: 'closed', owner: null })]);
  });
});

describe('check finds hand-made slips and says how to fix them', () => {
  it('suggests the status, refuses placeholder dates and missing decisions, and fixes dangling toctree entries', () => {
    const dir = repo();
    for (const args of [['docs', 'add', 'concept', 'Leases'], ['chat', 'new', 'done', '--date', DATE, '--body-file', '-'], ['chat', 'close', 'done', '--as', 'architect', '--date', DATE]]) {
      expect(run(dir, args, { input: 'Please decide.\n' }).code, args.join(' ')).toBe(0);
    }
    expect(run(dir, ['check']).stdout).toMatch(/no problems \(1 ADR, 1 thread, \d+ pages\)/);
    write(dir, ADR1, read(dir, ADR1).replace('- Status: Accepted', '- Status: Acepted').replace(`- Date: ${DATE}`, '- Date: YYYY-MM-DD'));
    fs.rmSync(`${dir}/theory_api/agents/chats/done/DECISION.md`);
    fs.rmSync(`${dir}/docs/source/concepts/leases.md`);
    const r = run(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ADR-0001-record-architecture-decisions\.md:3: adr\/unknown-status: status "Acepted" is not one of .*[Dd]id you mean "Accepted"\?/);
    expect(r.stdout).toMatch(/ADR-0001-record-architecture-decisions\.md:4: adr\/date: date "YYYY-MM-DD" is not a day /);
    expect(r.stdout).toMatch(/chats\/done\/DECISION\.md:1: chat\/closure-file: the thread is closed but DECISION\.md is missing/);
    expect(r.stdout).toMatch(/concepts\/index\.md:\d+: docs\/missing-entry: toctree entry "leases" names no page .*restore the page, or delete the entry \("docpact check --fix"/);
    const fixed = run(dir, ['check', '--fix']);
    expect(fixed.stderr).toMatch(/fixed\s+docs\/source\/concepts\/index\.md/);
    expect(read(dir, 'docs/source/concepts/index.md')).not.toMatch(/^leases$/m);
    expect(fixed.stdout).not.toMatch(/docs\/missing-entry/);
  });
});

describe('dry run', () => {
  it('shows the content of a file it would create', () => {
    const dir = repo();
    const r = run(dir, ['adr', 'new', 'Shown in full', '--dry-run', '--date', DATE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--- \/dev\/null\s*\n\+\+\+ b\/docs\/source\/adr\/ADR-0002-shown-in-full\.md/);
    expect(r.stdout).toMatch(/^\+# ADR-0002 — Shown in full$/m);
    expect(r.stdout).toMatch(/^\+## Alternatives$/m);
    expect(exists(dir, 'docs/source/adr/ADR-0002-shown-in-full.md')).toBe(false);
  });
});
