/**
 * A cloned repository is untrusted input, round 2 (issue #21): forged derived
 * data, YAML and template bombs, git configuration shipped with a `.git`,
 * control characters, forged merge bases and seals, committed locks and
 * journals, and the merge driver. One describe per attack of the issue; each
 * test failed on the tree before its fix.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADR_CONTENT, ASK_BODY, BIN, DATE, REPLY_BODY, binEnv, exists, initRepo, read, run, tempRepo, write } from './helpers.js';

const FORMS = '.github/ISSUE_TEMPLATE';
const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
const commit = (dir: string, message: string) => {
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', message);
};
const CHATS = 'theory_api/agents/chats';
const edit = (dir: string, rel: string, fn: (text: string) => string) => write(dir, rel, fn(read(dir, rel)));
const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
  expect(stderr).toMatch(/^docpact: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

/** Eight levels of nine aliases under `key`: 9⁹ copies of "lol" in about 500 bytes. */
function aliasBomb(key: string): string {
  const names = 'abcdefgh';
  const lines = ['a0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < names.length; i++) lines.push(`${names[i]}0: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(',')}]`);
  lines.push(`${key}: [${Array(9).fill('*h').join(',')}]`);
  return lines.join('\n') + '\n';
}

/** A repository with a MADR series beside the main one. */
function withMadr(): string {
  const dir = initRepo();
  edit(dir, 'docpact.yaml', (t) => t.replace(/^adr:\n/m, 'adr:\n  series:\n    - name: dec\n      path: docs/source/decisions\n      format: madr4\n'));
  expect(run(dir, ['sync']).code).toBe(0);
  expect(run(dir, ['adr', 'new', 'First', '--series', 'dec', '--date', DATE]).code).toBe(0);
  return dir;
}

describe('YAML alias bombs (#21.3)', () => {
  it('are refused in every YAML file docpact reads: check reports the file in seconds, commands exit 2, never a stack trace', () => {
    const dir = withMadr();
    const adr = 'docs/source/decisions/0001-first.md';
    edit(dir, adr, (t) => t.replace('status: proposed\n', aliasBomb('status')));
    expect(fs.statSync(path.join(dir, adr)).size).toBeLessThan(1200);
    let r = run(dir, ['check', '--no-cache'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^docs\/source\/decisions\/0001-first\.md:\d+: adr\/unknown-status: /m);
    r = run(dir, ['adr', 'list', '--series', 'dec'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    edit(dir, adr, (t) => t.replace(aliasBomb('status'), 'status: proposed\n'));

    // An issue form: a bomb is a forms/yaml problem; plain aliases (more than 100 of them) are read, not a crash.
    const bug = read(dir, `${FORMS}/bug.yaml`);
    write(dir, `${FORMS}/bug.yaml`, `x-many: &x [${Array(150).fill('"a"').join(',')}]\nx-uses: [${Array(150).fill('*x').join(',')}]\n${bug}`);
    r = run(dir, ['check', '--no-cache', '--json'], { timeout: 30_000 });
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(JSON.parse(r.stdout).problems.filter((p: { file: string }) => p.file === `${FORMS}/bug.yaml`).map((p: { rule: string }) => p.rule)).toEqual(['forms/schema']);
    write(dir, `${FORMS}/bug.yaml`, aliasBomb('x-bomb') + bug);
    r = run(dir, ['check', '--no-cache'], { timeout: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^\.github\/ISSUE_TEMPLATE\/bug\.yaml:1: forms\/yaml: its aliases expand to more than 1,000,000 /m);
    write(dir, `${FORMS}/bug.yaml`, bug);

    // A thread's meta.yaml, the lock and docpact.yaml: the same refusal, as their own problems.
    expect(run(dir, ['chat', 'new', 'talk', '--date', DATE]).code).toBe(0);
    const meta = `${CHATS}/talk/meta.yaml`;
    edit(dir, meta, (t) => aliasBomb('x-bomb') + t);
    r = run(dir, ['check', '--no-cache'], { timeout: 30_000 });
    expect(r.stdout).toMatch(new RegExp(`^${meta}:1: chat/meta-schema: .*aliases expand to more than 1,000,000`, 'm'));
    edit(dir, meta, (t) => t.replace(aliasBomb('x-bomb'), ''));
    const lock = read(dir, '.docpact/lock.yaml');
    write(dir, '.docpact/lock.yaml', aliasBomb('x-bomb') + lock);
    r = run(dir, ['check', '--no-cache'], { timeout: 30_000 });
    expect(r.stdout).toMatch(/^\.docpact\/lock\.yaml:1: config\/schema: .*aliases expand to more than 1,000,000/m);
    r = run(dir, ['sync'], { timeout: 30_000 });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    write(dir, '.docpact/lock.yaml', lock);
    const config = read(dir, 'docpact.yaml');
    write(dir, 'docpact.yaml', `${config}${aliasBomb('x-bomb')}`);
    for (const args of [['check'], ['adr', 'new', 'X', '--date', DATE]]) {
      r = run(dir, args, { timeout: 30_000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/aliases expand to more than 1,000,000/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  }, 240_000);
});

describe('template overrides (#21.4)', () => {
  it('have their work bounded: twelve nested loops are a problem in seconds, not days', () => {
    const dir = initRepo();
    const tpl = '.docpact/templates/github/PULL_REQUEST_TEMPLATE.md.hbs';
    write(dir, tpl, `# PR\n${'{{#each @root.invariants}}'.repeat(12)}x${'{{/each}}'.repeat(12)}\n`);
    let r = run(dir, ['check', '--no-cache'], { timeout: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^docpact\.yaml:1: sync\/due: Template override \.docpact\/templates\/github\/PULL_REQUEST_TEMPLATE\.md\.hbs does too much work: more than 1,000,000 steps/m);
    r = run(dir, ['sync'], { timeout: 60_000 });
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    // Inline partials count too: one calling itself twice is 2^depth calls.
    write(dir, tpl, '{{#*inline "p"}}{{#each @root.invariants}}{{> p}}{{/each}}{{/inline}}{{> p}}\n');
    r = run(dir, ['sync', '--json'], { timeout: 60_000 });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/does too much work|failed to render: Maximum call stack/);
  });

  it('cannot write to stdout or stderr: check --json and sync --json stay JSON', () => {
    const dir = initRepo();
    write(dir, '.docpact/templates/docs/contributing.md.hbs', '# Contributing\n{{log "PWNED-OUT"}}{{log "PWNED-ERR" level="error"}}{{constructor}}{{__proto__.x}}\n');
    for (const args of [['check', '--json', '--no-cache'], ['sync', '--json']]) {
      const r = run(dir, args);
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/PWNED|Handlebars/);
      expect(() => JSON.parse(r.stdout), r.stdout).not.toThrow();
    }
    const r = run(dir, ['check', '--json', '--no-cache']);
    expect(JSON.parse(r.stdout).problems).toEqual([expect.objectContaining({ file: 'docpact.yaml', rule: 'sync/due', message: expect.stringMatching(/contributing\.md\.hbs uses {{log}}, which would write into docpact.s output/) })]);
  });
});

describe('a .git someone else shipped (#21.5)', () => {
  it('never makes git fetch or run a command from its config: a partial clone whose promisor remote has a core.sshCommand', () => {
    const sandbox = tempRepo(false);
    const origin = path.join(sandbox, 'origin');
    execFileSync('git', ['init', '-q', '-b', 'main', origin]);
    expect(run(origin, ['init', '--yes', '--date', DATE]).code).toBe(0);
    expect(run(origin, ['chat', 'new', 'talk', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY }).code).toBe(0);
    expect(run(origin, ['chat', 'reply', 'talk', '--as', 'engineer', '--body-file', '-', '--date', DATE], { input: REPLY_BODY }).code).toBe(0);
    commit(origin, 'base');
    git(origin, 'checkout', '-qb', 'pr');
    fs.appendFileSync(path.join(origin, CHATS, 'talk/001-to-engineer.md'), 'Edited after the seal.\n');
    commit(origin, 'pr');
    git(origin, 'config', 'uploadpack.allowFilter', 'true');
    // The clone has the PR's blobs only; the base's version of the edited message would be fetched on demand.
    const clone = path.join(sandbox, 'clone');
    execFileSync('git', ['clone', '-q', '--filter=blob:none', '-b', 'pr', `file://${origin}`, clone]);
    const marker = (name: string) => path.join(sandbox, name);
    git(clone, 'config', 'remote.origin.url', 'ssh://example.invalid/repo');
    git(clone, 'config', 'core.sshCommand', `touch ${marker('SSH')}; false`);
    git(clone, 'config', 'core.fsmonitor', `touch ${marker('FSMONITOR')}; false`);
    git(clone, 'config', 'core.pager', `touch ${marker('PAGER')}; cat`);
    git(clone, 'config', 'credential.helper', `!touch ${marker('CREDENTIAL')}; false`);
    const r = run(clone, ['check', '--base', 'origin/main']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/^docpact: check --base: git has not got .*001-to-engineer\.md at .* here \(a partial clone\?\); docpact never fetches/);
    for (const args of [['check'], ['init', '--yes', '--date', DATE], ['check', '--base', 'HEAD']]) expect(run(clone, args).code, args.join(' ')).not.toBe(70);
    expect(fs.readdirSync(sandbox).sort()).toEqual(['clone', 'origin']);
  });
});

describe('control characters from the repository (#21.7)', () => {
  /** Every line a human sees: no escape sequence, carriage return or bell, and no workflow command. */
  const clean = (text: string) => {
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    for (const line of text.split('\n')) expect(line).not.toMatch(/^\s*::/);
  };

  it('cannot forge a line of check output, drive the terminal, or issue a GitHub Actions command', () => {
    const dir = initRepo();
    const forged = '\r\x1b[2K\x1b[32mdocpact check: no problems (1 ADR, 0 threads, 30 pages).\x1b[0m\n::warning::forged\n\x1b]0;owned\x07.md';
    write(dir, `docs/source/guides/${forged}`, '# Stray\n');
    let r = run(dir, ['check']);
    expect(r.code).toBe(1);
    clean(r.stdout + r.stderr);
    expect(r.stdout).not.toMatch(/^docpact check: no problems/m);
    expect(r.stdout).toContain('docs/source/guides/\\r\\e[2K\\e[32mdocpact check: no problems (1 ADR, 0 threads, 30 pages).\\e[0m\\n::warning::forged\\n\\e]0;owned\\x07.md:1: docs/orphan: ');
    // --json keeps the name exactly, as JSON escapes it.
    const found = JSON.parse(run(dir, ['check', '--json']).stdout).problems.find((p: { rule: string }) => p.rule === 'docs/orphan');
    expect(found.file).toBe(`docs/source/guides/${forged}`);
    fs.rmSync(path.join(dir, `docs/source/guides/${forged}`));

    // Titles in meta.yaml and ADR headings reach chat list and adr list.
    const evil = '\x1b]0;pwned\x07\x1b[2J\x1b[H\u202eevil\r::error::x';
    expect(run(dir, ['chat', 'new', 'talk', '--title', 'Safe', '--date', DATE]).code).toBe(0);
    edit(dir, `${CHATS}/talk/meta.yaml`, (t) => t.replace('title: Safe', `title: ${JSON.stringify(evil)}`));
    expect(run(dir, ['adr', 'new', 'Safe', '--date', DATE]).code).toBe(0);
    edit(dir, 'docs/source/adr/ADR-0002-safe.md', (t) => t.replace('# ADR-0002 — Safe', `# ADR-0002 — ${evil}`));
    for (const args of [['chat', 'list'], ['adr', 'list'], ['check']]) {
      r = run(dir, args);
      clean(r.stdout + r.stderr);
      if (args[1] === 'list') expect(r.stdout, args.join(' ')).toContain('\\e]0;pwned\\x07\\e[2J\\e[H\\u202eevil\\r::error::x');
    }
    expect(JSON.parse(run(dir, ['chat', 'list', '--json']).stdout).threads[0].title).toBe(evil);
    expect(run(dir, ['adr', 'list', '--json']).stdout).not.toMatch(/[\x7f-\x9f\u202e]/);
    // A path that starts a line with "::" is a workflow command in GitHub Actions (a lock entry names any file): the first colon is escaped.
    const name = '::error file=x::pwned';
    write(dir, name, '<<<<<<< yours\na\n=======\nb\n>>>>>>> docpact sync\n');
    edit(dir, '.docpact/lock.yaml', (t) => `${t}  - path: "${name}"\n    template: x\n    sha256: ${'a'.repeat(64)}\n`);
    r = run(dir, ['check']);
    expect(r.stdout).toContain(`\\x3a:error file=x::pwned:1: sync/conflict: `);
    clean(r.stdout);
  });
});

describe('forged derived data (#21.1)', () => {
  const ADR = 'docs/source/adr';
  const RANGE = 'docs/_generated/adr/index/0000-0099.json';
  /** Caches written at once, as on a machine where the folder settled long ago. */
  const WARM = { DOCPACT_CACHE_SETTLE_MS: '0' };

  it('never decides which file an edit touches: a forged index entry is checked against the ADR files', () => {
    const dir = initRepo();
    for (const title of ['Use Postgres', 'Third']) expect(run(dir, ['adr', 'new', title, ...ADR_CONTENT, '--date', DATE], { env: WARM }).code).toBe(0);
    expect(exists(dir, '.docpact/cache/adr-numbers.json')).toBe(true);
    commit(dir, 'three ADRs');
    const template = read(dir, `${ADR}/ADR-template.md`);
    // The pull request changes only the generated index: ADR-0002's entry now names the template.
    edit(dir, RANGE, (t) => t.replace('"file":"ADR-0002-use-postgres.md"', '"file":"ADR-template.md"'));
    let r = run(dir, ['adr', 'status', '2', 'Accepted'], { env: WARM });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, `${ADR}/ADR-template.md`)).toBe(template);
    expect(read(dir, `${ADR}/ADR-0002-use-postgres.md`)).toMatch(/^- Status: Accepted$/m);
    // A REF by file name, and a superseded REF, resolve the same way.
    edit(dir, RANGE, (t) => t.replace('"file":"ADR-0003-third.md"', '"file":"ADR-template.md"'));
    r = run(dir, ['adr', 'new', 'Fourth', '--supersedes', 'ADR-0003-third', ...ADR_CONTENT, '--date', DATE], { env: WARM });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, `${ADR}/ADR-template.md`)).toBe(template);
    expect(read(dir, `${ADR}/ADR-0003-third.md`)).toMatch(/^- Superseded by: \[ADR-0004\]/m);
    // A record whose number is not a number, and range files with odd names: no "0NaN" file is ever written.
    edit(dir, RANGE, (t) => t.replace('"number":1,', '"number":"one",'));
    write(dir, 'docs/_generated/adr/index/00x0-0099.json', '{}');
    r = run(dir, ['adr', 'new', 'Fifth', ...ADR_CONTENT, '--date', DATE], { env: WARM });
    expect(r.code, r.stderr).toBe(0);
    const names = (rel: string) => fs.readdirSync(path.join(dir, rel));
    expect([...names('docs/_generated/adr/index'), ...(exists(dir, `${ADR}/by-number`) ? names(`${ADR}/by-number`) : [])].filter((n) => /NaN/.test(n))).toEqual([]);
    fs.rmSync(path.join(dir, 'docs/_generated/adr/index/00x0-0099.json'));
    expect(run(dir, ['check', '--fix']).code).toBe(0);
    expect(read(dir, `${ADR}/ADR-template.md`)).toBe(template);
  });
});

describe('a forged merge base (#21.2)', () => {
  const PAGE = 'docs/source/contributing.md';
  const BASE = '.docpact/base/docs%2Fsource%2Fcontributing.md';
  const PARAGRAPH = 'Our own rule: every change is reviewed by two people.\n';
  const hash = (text: string) => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
  /** The lock with `path`'s recorded hash replaced. */
  const setClaim = (dir: string, rel: string, sha: string) =>
    edit(dir, '.docpact/lock.yaml', (t) => t.replace(new RegExp(`(- path: ${rel}\\n(?: {4}.*\\n)*? {4}sha256: )[0-9a-f]{64}`), `$1${sha}`));

  /** main: a governed repository whose contributing page the maintainer edited; pr: a branch off it. */
  function maintained(): string {
    const dir = initRepo();
    git(dir, 'checkout', '-qb', 'main');
    commit(dir, 'init');
    edit(dir, PAGE, (t) => t.replace(/\n\n/, `\n\n${PARAGRAPH}\n`));
    commit(dir, 'our rule');
    git(dir, 'checkout', '-qb', 'pr');
    return dir;
  }
  const addArea = (dir: string) => edit(dir, 'docpact.yaml', (t) => t.replace('  areas:\n', '  areas:\n    - billing\n'));

  it('a lock hash set to the maintainer’s edited file: sync keeps the edit, check --base names the forged claim', () => {
    const dir = maintained();
    setClaim(dir, PAGE, hash(read(dir, PAGE)));
    addArea(dir);
    commit(dir, 'pr: one more area');
    const r = run(dir, ['check', '--base', 'main', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems).toContainEqual(expect.objectContaining({ file: '.docpact/lock.yaml', rule: 'base/lock-forged', message: expect.stringContaining(PAGE) }));
    const s = run(dir, ['sync', '--json']);
    const status = JSON.parse(s.stdout).files.find((f: { path: string }) => f.path === PAGE);
    expect(status.status).toBe('conflict');
    expect(read(dir, PAGE)).toContain(PARAGRAPH);
  });

  it('a forged merge base with its lock hash: check --base names both before anyone syncs', () => {
    const dir = maintained();
    addArea(dir);
    // What sync renders now, with the maintainer's paragraph added as if docpact had rendered it.
    const scratch = tempRepo(false);
    fs.cpSync(dir, scratch, { recursive: true });
    write(scratch, PAGE, read(scratch, BASE));
    expect(run(scratch, ['sync']).code).toBe(0);
    const forged = read(scratch, PAGE).replace(/\n\n/, `\n\n${PARAGRAPH}\n`);
    write(dir, BASE, forged);
    setClaim(dir, PAGE, hash(forged));
    commit(dir, 'pr: one more area');
    const r = run(dir, ['check', '--base', 'main', '--json']);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout).problems.filter((p: { rule: string }) => p.rule === 'base/lock-forged');
    expect(found.map((p: { file: string }) => p.file).sort()).toEqual([BASE, '.docpact/lock.yaml']);
    // Without the forgery, the same pull request passes: a genuine sync records what docpact renders.
    git(dir, 'checkout', '-q', 'main', '--', '.docpact');
    expect(run(dir, ['sync']).code).toBe(0);
    expect(read(dir, PAGE)).toContain(PARAGRAPH);
    commit(dir, 'pr: synced');
    const clean = run(dir, ['check', '--base', 'main']);
    expect(clean.code, clean.stdout).toBe(0);
  });
});

describe('sealed edits check --base used to miss (#21.6)', () => {
  const MSG = 'talk/001-to-engineer.md';
  const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
  /** Record `digest` as message 1's seal in meta.yaml, with the chain recomputed: what a careful forger does. */
  const reseal = (dir: string, chats: string, digest: string) =>
    edit(dir, `${chats}/talk/meta.yaml`, (t) => t.replace(/sha256: [0-9a-f]{64}\n(\s+)chain: [0-9a-f]{64}/, `sha256: ${digest}\n$1chain: ${sha(digest)}`));

  /** main: a thread whose first message is sealed; pr: a branch off it. */
  function sealedThread(): string {
    const dir = initRepo();
    expect(run(dir, ['chat', 'new', 'talk', '--title', 'Leases', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY }).code).toBe(0);
    expect(run(dir, ['chat', 'reply', 'talk', '--as', 'engineer', '--body-file', '-', '--date', DATE], { input: REPLY_BODY }).code).toBe(0);
    git(dir, 'checkout', '-qb', 'main');
    commit(dir, 'thread');
    git(dir, 'checkout', '-qb', 'pr');
    return dir;
  }
  const sealedEdits = (dir: string) =>
    JSON.parse(run(dir, ['check', '--base', 'main', '--json']).stdout)
      .problems.filter((p: { rule: string; suppressed?: string }) => p.rule === 'base/sealed-edit' && !p.suppressed)
      .map((p: { file: string }) => p.file);

  it('follows a thread when paths.chats moves, so a rewritten message with recomputed hashes is still caught', () => {
    const dir = sealedThread();
    edit(dir, 'docpact.yaml', (t) => t.replace(`chats: ${CHATS}`, 'chats: agents/chats'));
    fs.mkdirSync(path.join(dir, 'agents'));
    git(dir, 'mv', CHATS, 'agents/chats');
    expect(run(dir, ['sync']).code).toBe(0);
    const forged = ASK_BODY.replace('facet', 'world');
    write(dir, `agents/chats/${MSG}`, forged);
    reseal(dir, 'agents/chats', sha(forged));
    expect(run(dir, ['check']).code).toBe(0); // the seal alone cannot tell
    commit(dir, 'pr: move the chats');
    const r = run(dir, ['check', '--base', 'main']);
    expect(r.code, r.stdout).toBe(1);
    expect(sealedEdits(dir)).toEqual([`agents/chats/${MSG}`]);
  });

  it('judges the rules that protect history with the base’s configuration: a pull request cannot demote or ignore them', () => {
    const dir = sealedThread();
    edit(dir, `${CHATS}/${MSG}`, (t) => t.replace('facet', 'world'));
    edit(dir, 'docpact.yaml', (t) =>
      t.replace(/\n$/, '\ncheck:\n  severity:\n    base/sealed-edit: warning\n    chat/seal: warning\n  ignore:\n    - rule: "chat/*"\n      reason: trust me\n    - rule: "base/*"\n      reason: trust me\n'),
    );
    commit(dir, 'pr: quietly');
    const r = run(dir, ['check', '--base', 'main', '--json']);
    expect(r.code, r.stdout).toBe(1);
    const found = JSON.parse(r.stdout).problems.filter((p: { rule: string }) => ['base/sealed-edit', 'chat/seal'].includes(p.rule));
    expect(found.map((p: { rule: string; severity: string; suppressed?: string }) => `${p.rule} ${p.severity} ${p.suppressed ?? ''}`).sort()).toEqual(['base/sealed-edit error ', 'chat/seal error ']);
    // What the base itself accepts still counts: a team that set chat/seal to a warning on main keeps it.
    git(dir, 'checkout', '-q', 'main');
    edit(dir, 'docpact.yaml', (t) => t.replace(/\n$/, '\ncheck:\n  severity:\n    chat/seal: warning\n'));
    commit(dir, 'main: accept old seals');
    git(dir, 'checkout', '-q', 'pr');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'merge', '-q', '-X', 'theirs', 'main', '-m', 'merge');
    const seal = JSON.parse(run(dir, ['check', '--base', 'main', '--json']).stdout).problems.find((p: { rule: string }) => p.rule === 'chat/seal');
    expect(seal.severity).toBe('warning');
  });

  it('hashes the bytes of a message: invalid UTF-8 changed to other invalid UTF-8 is caught, and reported', () => {
    const dir = sealedThread();
    // The base: message 1 holds a byte that is not UTF-8, sealed as an older docpact did (over the decoded text).
    const bytes = (b: number) => Buffer.concat([Buffer.from('## Ask\n\nLease '), Buffer.from([b]), Buffer.from('\n')]);
    git(dir, 'checkout', '-q', 'main');
    fs.writeFileSync(path.join(dir, CHATS, MSG), bytes(0xff));
    reseal(dir, CHATS, sha(bytes(0xff).toString('utf8')));
    commit(dir, 'main: a stray byte');
    git(dir, 'checkout', '-q', 'pr');
    git(dir, 'reset', '-q', '--hard', 'main');
    fs.writeFileSync(path.join(dir, CHATS, MSG), bytes(0xfe));
    commit(dir, 'pr: another stray byte');
    expect(sealedEdits(dir)).toEqual([`${CHATS}/${MSG}`]);
    const r = run(dir, ['check', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).problems.map((p: { rule: string; file: string }) => `${p.rule} ${p.file}`)).toEqual(expect.arrayContaining([`docs/encoding ${CHATS}/${MSG}`, `chat/seal ${CHATS}/${MSG}`]));
    // A message that is not UTF-8 is never sealed.
    git(dir, 'reset', '-q', '--hard', 'main');
    expect(run(dir, ['chat', 'reply', 'talk', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY }).code).toBe(0);
    fs.writeFileSync(path.join(dir, CHATS, 'talk/003-to-engineer.md'), bytes(0xfe));
    const before = read(dir, `${CHATS}/talk/meta.yaml`);
    const reply = run(dir, ['chat', 'reply', 'talk', '--as', 'engineer', '--body-file', '-', '--date', DATE], { input: REPLY_BODY });
    expect(reply.code).toBe(2);
    expect(reply.stderr).toMatch(/003-to-engineer\.md is not valid UTF-8/);
    expect(read(dir, `${CHATS}/talk/meta.yaml`)).toBe(before);
  });
});

describe('a committed .docpact/.lock (#21.8)', () => {
  it('is never trusted: check reads at once, writers take it over, whatever live pid of this host it names', () => {
    const host = os.hostname().replace(/[\s@#/]/g, '-').slice(0, 255) || 'localhost';
    for (const token of [`1@${host}#0123456789abcdef`, `1@${host}#0123456789abcdef/00000000-0000-4000-8000-000000000000/1`]) {
      const origin = initRepo();
      write(origin, '.docpact/.lock', `${token}\n`);
      git(origin, 'add', '-A');
      git(origin, 'add', '-f', '.docpact/.lock');
      commit(origin, 'a lock');
      const clone = path.join(tempRepo(false), 'clone');
      execFileSync('git', ['clone', '-q', origin, clone]);
      expect(read(clone, '.docpact/.lock')).toBe(`${token}\n`);
      for (const args of [['check'], ['adr', 'list'], ['chat', 'list'], ['adr', 'new', 'After the lock', '--date', DATE], ['check', '--fix']]) {
        const started = Date.now();
        const r = run(clone, args, { timeout: 30_000 });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(Date.now() - started, args.join(' ')).toBeLessThan(10_000);
      }
      expect(exists(clone, 'docs/source/adr/ADR-0002-after-the-lock.md')).toBe(true);
    }
  }, 240_000);
});

describe('recovery says what state the repository is in (#21.9)', () => {
  const ADR = 'docs/source/adr';
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('finishes a run killed between deleting its backups and its journal, instead of calling its own journal foreign', async () => {
    const dir = initRepo();
    for (const t of ['Two', 'Three']) expect(run(dir, ['adr', 'new', t, '--date', DATE]).code).toBe(0);
    // The journal of a real renumber (it removes the old name), stopped before its first move…
    const holder = spawn(process.execPath, [BIN, 'adr', 'renumber', '2', '7'], { cwd: dir, env: binEnv({ DOCPACT_STOP_AT: 'move:0' }), stdio: 'ignore' });
    const exited = new Promise((r) => holder.on('exit', r));
    const state = () => fs.readFileSync(`/proc/${holder.pid}/stat`, 'utf8').split(') ')[1]?.[0];
    while (state() !== 'T') await sleep(20);
    const journal = read(dir, '.docpact/journal.json');
    expect(JSON.parse(journal).moves.some((m: { remove?: boolean }) => m.remove)).toBe(true);
    holder.kill('SIGKILL');
    await exited;
    // …completed by the next command; then the journal is back, as a kill after the backups were deleted leaves it.
    expect(run(dir, ['adr', 'list']).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, ADR)).filter((f) => /^ADR-000[27]/.test(f))).toEqual(['ADR-0007-two.md']);
    write(dir, '.docpact/journal.json', journal);
    for (const args of [['adr', 'list'], ['check']]) {
      const r = run(dir, args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(exists(dir, '.docpact/journal.json')).toBe(false);
  });

  it('an I/O error while cleaning up after a fully applied plan is a success with a warning, not "run it again" (which made a duplicate ADR)', () => {
    const dir = initRepo();
    const r = run(dir, ['adr', 'new', 'Once', '--date', DATE], { env: { DOCPACT_FAIL_AT: 'cleanup:EIO' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^docpact: warning: the plan was applied; cleaning up afterwards failed: .*EIO/m);
    expect(r.stderr).not.toMatch(/run the command again/i);
    expect(exists(dir, `${ADR}/ADR-0002-once.md`)).toBe(true);
    // The next command finishes the clean-up; nothing is applied twice.
    const c = run(dir, ['check']);
    expect(c.code, c.stdout).toBe(0);
    expect(exists(dir, '.docpact/journal.json')).toBe(false);
    expect(fs.readdirSync(path.join(dir, ADR)).filter((f) => f.startsWith('ADR-0003'))).toEqual([]);
  });

  it('when even undoing cannot start (no inode left for the journal), says the next command completes the plan — and it does', () => {
    const dir = initRepo();
    expect(run(dir, ['chat', 'new', 'talk', '--date', DATE]).code).toBe(0);
    const r = run(dir, ['chat', 'reply', 'talk', '--as', 'engineer', '--date', DATE], { env: { DOCPACT_FAIL_AT: 'move:1:ENOSPC,back-journal:ENOSPC' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the next docpact command completes it/);
    expect(r.stderr).not.toMatch(/finish undoing/);
    expect(JSON.parse(read(dir, '.docpact/journal.json')).phase).toBe('forward');
    expect(run(dir, ['chat', 'list']).code).toBe(0);
    expect(exists(dir, `${CHATS}/talk/002-to-architect.md`)).toBe(true);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('the merge driver (#21.10)', () => {
  it('takes paths after --, and exits non-zero on anything it does not understand, so git records a conflict instead of keeping ours', () => {
    const dir = initRepo();
    git(dir, 'checkout', '-qb', 'main');
    write(dir, '--help', 'base\n');
    edit(dir, '.gitattributes', (t) => `${t}--help merge=docpact\n`);
    commit(dir, 'a file named --help, routed to the driver');
    git(dir, 'checkout', '-qb', 'theirs');
    write(dir, '--help', 'theirs\n');
    commit(dir, 'theirs');
    git(dir, 'checkout', '-q', 'main');
    write(dir, '--help', 'ours\n');
    commit(dir, 'ours');
    const driver = `"${process.execPath}" "${BIN}" merge-driver`;
    // Registered as the README says now (paths after --), and as it said before (without): both leave a conflict.
    for (const line of [`${driver} -- %O %A %B %P`, `${driver} %O %A %B %P`]) {
      git(dir, 'config', 'merge.docpact.driver', line);
      let out = '';
      try {
        out = git(dir, 'merge', '--no-edit', 'theirs');
      } catch (err) {
        out = String((err as { stdout?: string }).stdout);
      }
      expect(out, line).toMatch(/CONFLICT \(content\): Merge conflict in --help/);
      git(dir, 'merge', '--abort');
      expect(read(dir, '--help')).toBe('ours\n');
    }
    expect(read(dir, '.gitattributes')).toContain('merge-driver -- %O %A %B %P');
    // Called by hand with the wrong arguments: exit 2, never help and 0.
    for (const args of [['--', 'a', 'b'], ['--', 'a', 'b', 'c', 'd', 'e'], ['a', 'b', 'c', '--help'], ['a', 'b', 'c', '--bogus'], ['a', 'b', 'c', '--quiet']]) {
      const r = run(dir, ['merge-driver', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(run(dir, ['merge-driver', '--help']).code).toBe(0);
  });
});
