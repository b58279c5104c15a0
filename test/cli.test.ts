/** How the bin reads its command line: global options anywhere, in every spelling git users type. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADR_CONTENT, ASK_BODY, BIN, DATE, binEnv, REPLY_BODY, commitAll, copyOf, git, initRepo, ok, oneLine, prepared, read, run, snapshot, tempRepo, withDate, write, type Ran } from './helpers.js';

describe('global options', () => {
  it('are accepted before the command, in every spelling, as after it', () => {
    const repo = initRepo();
    const elsewhere = tempRepo(false);
    const rel = path.relative(elsewhere, repo);
    const clean = /no problems/;
    for (const args of [
      ['-C', rel, 'check'],
      ['--cwd', rel, 'check'],
      [`--cwd=${rel}`, 'check'],
      [`-C=${rel}`, 'check'],
      [`-C${rel}`, 'check'],
      ['--no-color', '-C', rel, 'check'],
      ['-C', rel, '--quiet', 'check', '--no-color'],
      ['check', `-C=${rel}`],
    ]) {
      const r = run(elsewhere, args);
      expect(r.stderr, args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
      if (!args.includes('--quiet')) expect(r.stdout, args.join(' ')).toMatch(clean);
    }
    const json = run(elsewhere, ['--json', '-C', rel, 'adr', 'list']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('ADR-0001');
    expect(run(elsewhere, ['-C', rel, 'adr', 'new', 'Placed from afar', '--date', '2026-11-23']).code).toBe(0);
    expect(run(elsewhere, ['-C', rel, 'adr', 'list']).stdout).toMatch(/Placed from afar/);
    // Help and version after global options too.
    expect(run(elsewhere, ['--no-color', '--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(elsewhere, ['-C', rel, '--help']).stdout).toMatch(/Usage: docpact <command>/);
    expect(run(elsewhere, ['-C', rel, 'adr', '--help']).stdout).toMatch(/Usage: docpact adr/);
  });

  it('refuses an unknown option before the command with a did-you-mean, and a -C without its folder', () => {
    const dir = tempRepo(false);
    const typo = run(dir, ['--no-colour', 'check']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Unknown option --no-colour\. Did you mean --no-color\?/);
    const bare = run(dir, ['-C']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/Option -C needs a value/);
  });

  it('refuses a value flag given twice, in any spelling or position, changing nothing; a repeatable flag and a repeated switch still work', () => {
    const dir = initRepo();
    const before = snapshot(dir);
    for (const args of [
      ['adr', 'new', '--title', 'A', '--title', 'B'],
      ['adr', 'new', 'Use Postgres', '--date', '2026-01-01', '--date=2026-01-02'],
      ['-C', '.', 'adr', 'new', 'Use Postgres', '--cwd', '.'],
      ['adr', 'new', 'Use Postgres', '-C', '.', '-C.'],
    ]) {
      const r = run(dir, args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/--(title|date|cwd) is given twice .*once/);
    }
    const envelope = JSON.parse(run(dir, ['adr', 'new', 'X', '--date', '2026-01-01', '--date', '2026-01-01', '--json']).stdout);
    expect(envelope.error.code).toBe('usage');
    expect(snapshot(dir)).toEqual(before);
    ok(run(dir, ['check', '--json', '--json', '-y', '--yes']));
    const draft = ok(run(dir, ['issue', 'draft', 'chore', '--title', 'Bump deps', '--field', 'problem=Old deps', '--field', 'adr-needed=No', '--field', 'area=world', '--field', 'size=S', '--json']));
    expect(draft.stdout).toContain('Old deps');
  });
});

describe('configuration errors', () => {
  const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l)) + 1;

  it('name the line, the key, what was expected and what was found, with a did-you-mean for a mistyped key or value', () => {
    const dir = initRepo();
    const text = read(dir, 'docpact.yaml')
      .replace(/^ {2}digits: 4$/m, '  digits: four')
      .replace(/^project: /m, 'projct: ')
      .replace(/^ {2}format: docpact$/m, '  format: nygar')
      .replace(/^ {2}numbering: sequence$/m, '  numbring: sequence');
    write(dir, 'docpact.yaml', text);
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}digits: four/)}: config/schema: adr.digits: expected a number, got "four"`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^projct:/)}: config/schema: projct: unknown key; did you mean "project"?`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}numbring:/)}: config/schema: adr.numbring: unknown key; did you mean "numbering"?`);
    expect(r.stdout).toContain(`docpact.yaml:${lineOf(text, /^ {2}format: nygar/)}: config/schema: adr.format: expected one of docpact, nygard, madr2, madr3, madr4, got "nygar"; did you mean "nygard"?`);
    // Every other command says the same, with the lines.
    const list = run(dir, ['adr', 'list']);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('docpact.yaml is invalid');
    expect(list.stderr).toContain(`  line ${lineOf(text, /^ {2}digits: four/)}: adr.digits: expected a number, got "four"`);
  });

  it('say what a number out of range, an empty name or a missing reason needs', () => {
    const dir = initRepo();
    write(dir, 'docpact.yaml', 'version: 1\nproject: ""\nadr:\n  digits: 9\ncheck:\n  ignore:\n    - rule: links/dead\n');
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('docpact.yaml:2: config/schema: project: expected at least 1 character, got ""');
    expect(r.stdout).toContain('docpact.yaml:4: config/schema: adr.digits: expected at most 8, got 9');
    expect(r.stdout).toContain('docpact.yaml:7: config/schema: check.ignore.0.reason: every ignore entry needs a reason');
  });
});

describe('--json: one envelope for every command', () => {
  /**
   * The contract: stdout is exactly one JSON object, stderr is empty, `ok` is
   * "exit code 0", and a failure carries `error` with a code and a message.
   */
  const envelope = (r: Ran) => {
    const what = `docpact ${r.args?.join(' ')} (exit ${r.code})`;
    expect(r.stderr, `${what}: stderr`).toBe('');
    let out: any;
    expect(() => (out = JSON.parse(r.stdout)), `${what}: stdout is JSON\n${r.stdout}`).not.toThrow();
    expect(out !== null && typeof out === 'object' && !Array.isArray(out), `${what}: one object`).toBe(true);
    expect(Object.keys(out)[0], `${what}: ok comes first`).toBe('ok');
    expect(out.ok, `${what}: ok is exit 0`).toBe(r.code === 0);
    if (out.ok) expect(out.error, what).toBeUndefined();
    else expect(out.error, what).toMatchObject({ code: expect.stringMatching(/^[a-z-]+$/), message: expect.stringMatching(/\S/) });
    return out;
  };
  const json = (dir: string, args: string[], input = '') => envelope(run(dir, [...args, '--json'], { input }));

  /** Gates and a generator declared, committed; then a branch "feature" (the generator writes a sorted list of names). */
  const repo = prepared((dir) => {
    fs.appendFileSync(path.join(dir, 'docpact.yaml'), '\ngates:\n  - paths: ["src/storage/**"]\n    require: adr\ngenerated:\n  - name: names\n    run: node gen.mjs\n    outputs: ["docs/_generated/registry/names.json"]\n');
    write(dir, 'gen.mjs', "import fs from 'node:fs';\nconsole.log('generating');\nconsole.error('a generator talks on stderr too');\nfs.writeFileSync('docs/_generated/registry/names.json', fs.readFileSync('names.txt', 'utf8').split('\\n').filter(Boolean).sort().join('\\n') + '\\n');\n");
    write(dir, 'names.txt', 'b\na\n');
    write(dir, 'docs/_generated/registry/names.json', 'a\nb\n');
    ok(run(dir, ['sync']));
    commitAll(dir, 'governed');
    git(dir, 'branch', '-M', 'main');
    git(dir, 'checkout', '-q', '-b', 'feature');
  });

  it('wraps every command that succeeds: the data under stable keys, nothing on stderr', () => {
    const dir = repo();
    expect(json(tempRepo(), ['init', '--yes', '--date', DATE])).toMatchObject({ ok: true, dryRun: false, result: { nextSteps: expect.any(Array) }, files: expect.any(Array), notes: expect.any(Array), warnings: expect.any(Array) });
    expect(json(dir, ['sync'])).toMatchObject({ ok: true, dryRun: false, files: expect.any(Array), warnings: [] });
    expect(json(dir, ['adr', 'new', 'Use SQLite', '--date', DATE, ...ADR_CONTENT]).result).toMatchObject({ id: 'ADR-0002' });
    expect(json(dir, ['adr', 'status', '2', 'accepted']).result).toMatchObject({ to: 'Accepted' });
    expect(json(dir, ['adr', 'renumber', '2', '5'])).toMatchObject({ ok: true, files: expect.any(Array) });
    expect(json(dir, ['adr', 'migrate', '--to', 'nygard', '--dry-run', '--date', DATE])).toMatchObject({ ok: true, dryRun: true });
    expect(json(dir, ['adr', 'list'])).toEqual({ ok: true, adrs: [expect.objectContaining({ id: 'ADR-0001' }), expect.objectContaining({ id: 'ADR-0005', status: 'Accepted' })] });
    expect(json(dir, ['adr', 'show', '5'])).toMatchObject({ ok: true, adr: { id: 'ADR-0005' }, sections: expect.any(Object), text: expect.any(String) });
    expect(json(dir, ['chat', 'new', 'leases', '--as', 'architect', '--date', DATE, '--body-file', '-'], ASK_BODY).result).toMatchObject({ slug: 'leases' });
    expect(json(dir, ['chat', 'inbox', '--as', 'engineer'])).toEqual({ ok: true, role: 'engineer', threads: [expect.objectContaining({ slug: 'leases' })] });
    expect(json(dir, ['chat', 'reply', 'leases', '--as', 'engineer', '--date', DATE, '--body-file', '-'], REPLY_BODY).ok).toBe(true);
    expect(json(dir, ['chat', 'close', 'leases', '--as', 'architect', '--date', DATE, '--body-file', '-'], 'Leases per facet.\n').ok).toBe(true);
    expect(json(dir, ['chat', 'list'])).toEqual({ ok: true, threads: [expect.objectContaining({ slug: 'leases', status: 'closed', owner: null })] });
    expect(json(dir, ['chat', 'show', 'leases'])).toMatchObject({ ok: true, thread: { slug: 'leases' }, messages: expect.any(Array) });
    expect(json(dir, ['docs', 'add', 'guide', 'Replay']).ok).toBe(true);
    expect(json(dir, ['docs', 'term', 'Quorum', 'Enough votes.']).ok).toBe(true);
    const checked = json(dir, ['check']);
    expect(checked).toEqual({ ok: true, problems: expect.any(Array), counts: { adrs: 2, threads: 1, pages: expect.any(Number) } });
    expect(json(dir, ['check'])).toEqual(checked); // the replayed verdict says the same
    expect(json(dir, ['check', '--fix'])).toMatchObject({ ok: true, fixed: [], warnings: [] });
    commitAll(dir, 'work');
    expect(json(dir, ['gate', '--base', 'main', '--pr-body', '-'], 'Fixes #12\n')).toMatchObject({ ok: true, base: { ref: 'main' }, changed: expect.any(Array), problems: [] });
    // The repository's generators: what they print is in the object, not on the terminal.
    expect(json(dir, ['generate'])).toEqual({ ok: true, generators: ['names'], output: { names: expect.stringContaining('a generator talks on stderr too') } });
    expect(json(dir, ['generate', '--check'])).toMatchObject({ ok: true, generators: ['names'], outputs: 1, problems: [], untracked: [] });
    const draft = json(dir, ['issue', 'draft', 'chore', '--title', 'Bump', '--field', 'problem=Old.', '--field', 'adr-needed=No', '--field', 'area=world', '--field', 'size=S']);
    expect(draft).toMatchObject({ ok: true, kind: 'chore', labels: expect.any(Array), body: expect.stringMatching(/^### /), command: expect.stringMatching(/^gh issue create/) });
    expect(json(dir, ['issue', 'parse', '-', '--kind', 'chore'], draft.body)).toMatchObject({ ok: true, kind: 'chore', fields: { problem: 'Old.' }, labels: draft.labels });
    expect(json(dir, ['--version'])).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(json(dir, ['--help'])).toEqual({ ok: true, help: expect.stringContaining('Usage: docpact <command>') });
    expect(json(dir, ['check', '--help'])).toEqual({ ok: true, help: expect.stringContaining('Usage: docpact check') });
  });

  it('wraps a usage error of every command the same way: exit 2, error.code usage', () => {
    const dir = repo();
    const words = ['init', 'sync', 'check', 'gate', 'generate', 'adr new', 'adr status', 'adr renumber', 'adr migrate', 'adr list', 'adr show', 'chat new', 'chat reply', 'chat close', 'chat list', 'chat show', 'chat inbox', 'docs add', 'docs term', 'issue draft', 'issue parse', 'mcp', 'merge-driver'];
    // Every command the help lists is here (merge-driver is git's, not listed): a new command is covered or this fails.
    const listed = json(dir, ['--help']).help.split('\n').flatMap((l: string) => /^ {2}(\S+(?: [a-z]+)?) {2,}/.exec(l)?.[1] ?? []);
    expect([...listed, 'merge-driver'].sort()).toEqual([...words].sort());
    for (const w of words) {
      const r = run(dir, [...w.split(' '), '--bogus', '--json']);
      expect(r.code, w).toBe(2);
      expect(envelope(r).error.code, w).toBe('usage');
    }
    expect(json(dir, ['chek']).error).toMatchObject({ code: 'usage', message: expect.stringContaining('Did you mean "docpact check"?') });
    expect(json(dir, ['adr']).error.code).toBe('usage'); // a group without its command
    expect(json(dir, ['gate']).error.message).toMatch(/--base/);
    // The MCP server speaks JSON-RPC on stdout: it refuses --json rather than mix the two.
    expect(json(dir, ['mcp', '--as', 'engineer']).error).toMatchObject({ code: 'usage', message: expect.stringContaining('JSON-RPC') });
    const missing = json(dir, ['adr', 'status', '9', 'accepted']);
    expect(missing.error).toEqual({ code: 'not-found', message: expect.stringContaining('No ADR matches "9"'), details: expect.arrayContaining([expect.stringContaining('ADR-0001')]) });
    expect(json(tempRepo(false), ['adr', 'list']).error.code).toBe('config');
  });

  it('wraps problems: exit 1 with the problems, and error.code problems; a broken configuration is error.code config with its lines', () => {
    const dir = repo();
    write(dir, 'docs/source/guides/getting-started.md', '# Getting started\n\nSee [gone](gone.md).\n');
    const bad = run(dir, ['check', '--json']);
    expect(bad.code).toBe(1);
    expect(envelope(bad)).toEqual({ ok: false, problems: [expect.objectContaining({ file: 'docs/source/guides/getting-started.md', line: 3, rule: 'links/dead', severity: 'error' })], counts: expect.any(Object), error: { code: 'problems', message: expect.stringContaining('links/dead') } });
    // Accepting them is a success that says what it wrote, in the object.
    expect(json(copyOf(dir), ['check', '--update-baseline'])).toMatchObject({ ok: true, baseline: { file: '.docpact/baseline.json', accepted: 1, written: true }, problems: [expect.objectContaining({ rule: 'links/dead', suppressed: 'baseline' })] });
    // A thread chat list cannot read: the others are listed, the broken one is the error (exit 2).
    const threads = copyOf(dir);
    ok(run(threads, ['chat', 'new', 'fine', '--date', DATE, '--body-file', '-'], { input: ASK_BODY }));
    ok(run(threads, ['chat', 'new', 'torn', '--date', DATE, '--body-file', '-'], { input: ASK_BODY }));
    write(threads, 'theory_api/agents/chats/torn/meta.yaml', 'status: [\n');
    const listed = run(threads, ['chat', 'list', '--json']);
    expect(listed.code).toBe(2);
    expect(envelope(listed)).toMatchObject({ threads: [expect.objectContaining({ slug: 'fine' })], error: { code: 'config', message: expect.stringContaining('torn') } });
    write(dir, 'src/storage/engine.ts', 'export const engine = 2;\n');
    write(dir, 'names.txt', 'c\na\n');
    commitAll(dir, 'storage without an ADR; names without their reference');
    const gate = run(dir, ['gate', '--base', 'main', '--pr-body', '-', '--json'], { input: 'Fixes #12\n', env: { GITHUB_ACTIONS: 'true' } });
    expect(gate.code).toBe(1);
    expect(envelope(gate)).toMatchObject({ problems: [expect.objectContaining({ rule: 'gate/adr-required' })], error: { code: 'problems' } });
    const drift = run(dir, ['generate', '--check', '--json']);
    expect(drift.code).toBe(1);
    expect(envelope(drift)).toMatchObject({ problems: [expect.objectContaining({ rule: 'generate/drift' })], error: { code: 'problems' } });
    write(dir, 'gen.mjs', 'console.error("broken"); process.exit(3);\n');
    const failed = run(dir, ['generate', '--json']);
    expect(failed.code).toBe(1);
    expect(envelope(failed)).toMatchObject({ failed: { name: 'names', status: 3 }, output: { names: 'broken\n' }, error: { code: 'generator', message: expect.stringContaining('exited with status 3') } });
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace(/^ {2}digits: 4$/m, '  digits: four'));
    const config = run(dir, ['check', '--json']);
    expect(config.code).toBe(2);
    expect(envelope(config)).toMatchObject({ error: { code: 'config' }, problems: [expect.objectContaining({ rule: 'config/schema', message: 'adr.digits: expected a number, got "four"' })] });
  });
});

describe('standard output', () => {
  it('says once that its output was lost on a full disk (/dev/full), and keeps the exit code and the written files as they are', () => {
    if (!fs.existsSync('/dev/full')) return;
    const dir = initRepo();
    const full = (args: string[]) => {
      const fd = fs.openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env: binEnv(), encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
        return { code: r.status, stderr: r.stderr };
      } finally {
        fs.closeSync(fd);
      }
    };
    for (const args of [['adr', 'list', '--json'], ['check', '--json']]) {
      const r = full(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^docpact: could not write standard output \(ENOSPC[^\n]*\); the command itself ran to its end \(exit 0\), so what it changed is in place\.\n$/);
    }
    // Written, and not reported as a failure to run again (which would write a second ADR).
    const made = full(withDate(['adr', 'new', 'Full disk']));
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).not.toMatch(/run the command again/);
    expect(fs.readdirSync(path.join(dir, 'docs/source/adr')).filter((f) => /^ADR-\d{4}-full-disk\.md$/.test(f))).toHaveLength(1);
  });

  // A pipe whose writing end is non-blocking (a parent that set O_NONBLOCK on it, as Node does on its own
  // ends) and whose reader is slow: when the pipe is full, a write fails with EAGAIN. Every line must still
  // arrive, in order, and the exit code be the command's.
  it('reaches a slow reader through a full non-blocking pipe, every line in order', () => {
    const dir = initRepo();
    for (let i = 0; i < 1500; i++) write(dir, `docs/source/guides/stray-${i}.md`, `# Stray ${i}\n`);
    const expected = run(dir, ['check']);
    expect(expected.code).toBe(1);
    expect(expected.stdout.length).toBeGreaterThan(2 * 65536);
    const slow = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)',
      'os.close(w)',
      'time.sleep(1)',
      'out = b""',
      'while True:',
      '    chunk = os.read(r, 4096)',
      '    if not chunk: break',
      '    out += chunk',
      '    time.sleep(0.001)',
      'sys.stdout.buffer.write(out)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', slow, process.execPath, BIN, 'check'], { cwd: dir, env: binEnv(), encoding: 'utf8', maxBuffer: 1 << 26, timeout: 120_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(expected.stdout);
  }, 180_000);
});
