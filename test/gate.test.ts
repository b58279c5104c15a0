// docpact gate: the merge criteria of one change (the diff REF...HEAD and the
// pull request's body), and docpact generate: the repository's own generators
// of _generated/**, run on request, and checked in a scratch copy that never
// touches the working tree. Everything through the built bin in a scratch
// repository with gates and a generator declared.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll as commit, git, initRepo, read, run, snapshot, write } from './helpers.js';

const CONFIG = `
gates:
  - paths: ["src/storage/**"]
    require: adr
  - paths: ["src/api/**"]
    require: docs
    docs: ["docs/source/apps/api.md"]
generated:
  - name: registry
    run: node scripts/gen.mjs
    outputs: ["docs/_generated/registry/tools.json"]
    inputs: ["registry/**"]
`;

/** The repository's own generator: a sorted list of tool names, from registry/tools.json. */
const GENERATOR = `import fs from 'node:fs';
const tools = JSON.parse(fs.readFileSync('registry/tools.json', 'utf8'));
fs.mkdirSync('docs/_generated/registry', { recursive: true });
fs.writeFileSync('docs/_generated/registry/tools.json', JSON.stringify(tools.map((t) => t.name).sort(), null, 2) + '\\n');
console.log('wrote docs/_generated/registry/tools.json');
`;

/** A governed repository with the gates and the generator above, committed on its default branch; then a branch. */
function governed(): { dir: string; main: string } {
  const dir = initRepo(['--apps', 'Api,Storage']);
  fs.appendFileSync(path.join(dir, 'docpact.yaml'), CONFIG);
  write(dir, 'scripts/gen.mjs', GENERATOR);
  write(dir, 'registry/tools.json', JSON.stringify([{ name: 'search' }, { name: 'fetch' }]));
  write(dir, 'docs/_generated/registry/tools.json', '[\n  "fetch",\n  "search"\n]\n');
  write(dir, 'src/storage/engine.ts', 'export const engine = 1;\n');
  write(dir, 'src/api/routes.ts', 'export const routes = [];\n');
  const synced = run(dir, ['sync']);
  expect(synced.code, synced.stderr).toBe(0);
  expect(run(dir, ['check']).code).toBe(0);
  commit(dir, 'governed');
  const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  return { dir, main };
}

const gate = (dir: string, main: string, body: string, more: string[] = [], env: Record<string, string> = {}) => {
  write(dir, '../pr-body.md', body);
  return run(dir, ['gate', '--base', main, '--pr-body', path.join(dir, '../pr-body.md'), ...more], { env });
};
const gateJson = (dir: string, main: string, body: string) => {
  const r = gate(dir, main, body, ['--json']);
  return { code: r.code, result: JSON.parse(r.stdout) as { ok: boolean; changed: string[]; problems: { rule: string; file: string; message: string }[] } };
};

describe('docpact gate', () => {
  it('fails a storage change without an ADR, naming gate/adr-required, and passes once the branch adds one or the body names one', () => {
    const { dir, main } = governed();
    write(dir, 'src/storage/engine.ts', 'export const engine = 2;\n');
    commit(dir, 'storage: engine 2');
    const failed = gate(dir, main, '## Summary\n\nEngine 2.\n\nFixes #12\n');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^src\/storage\/engine\.ts:1: gate\/adr-required: .*ADR/m);
    expect(failed.stdout).toContain('docpact adr new');
    expect(failed.stdout).not.toContain('gate/issue-link');
    // The PR template's ADR line, naming an ADR that exists, counts.
    expect(gate(dir, main, 'Fixes #12\n\nADR: [ADR-0001](docs/source/adr/ADR-0001-record-architecture-decisions.md)\n').code).toBe(0);
    // An ADR that does not exist, or the template's unfilled line, does not.
    expect(gate(dir, main, 'Fixes #12\n\nADR: ADR-0042\n').code).toBe(1);
    expect(gate(dir, main, 'Fixes #12\n\nADR: link the ADR here when the issue required one, or write "none".\n').code).toBe(1);
    // Adding an ADR in the change passes.
    expect(run(dir, ['adr', 'new', 'Engine 2 keeps one writer per path', '--date', '2026-11-23']).code).toBe(0);
    commit(dir, 'ADR for engine 2');
    const passed = gate(dir, main, 'Fixes #12\n');
    expect(passed.stderr).toBe('');
    expect(passed.stdout).toMatch(/^docpact gate: merge criteria met/m);
    expect(passed.code).toBe(0);
  });

  it('fails a body that links no issue (the template’s bare "Fixes #" included), and accepts Closes, Resolves, Refs and issue URLs', () => {
    const { dir, main } = governed();
    write(dir, 'README.md', '# Readme\n');
    commit(dir, 'readme');
    const template = read(dir, '.github/PULL_REQUEST_TEMPLATE.md');
    for (const body of [template, 'Fixes the flaky test.', '<!-- Fixes #3 -->\nNothing linked.', 'See `Fixes #4` in code.', '']) {
      const { code, result } = gateJson(dir, main, body);
      expect({ body, code, rules: result.problems.map((p) => p.rule) }).toEqual({ body, code: 1, rules: ['gate/issue-link'] });
    }
    for (const body of ['Closes #7', 'resolves: #7', 'Refs #7', 'Fixes acme/api#7', 'Fixes https://github.com/acme/api/issues/7', 'Part of https://github.com/acme/api/issues/7']) {
      expect({ body, code: gate(dir, main, body).code }).toEqual({ body, code: 0 });
    }
    const text = gate(dir, main, 'No link.');
    expect(text.stdout).toMatch(/^gate\/issue-link: .*Fixes #/m);
  });

  it('counts only a link a reader of the rendered body sees: not in indented or quoted code, raw <pre> or a comment, and never issue 0', () => {
    const { dir, main } = governed();
    write(dir, 'README.md', '# Readme\n');
    commit(dir, 'readme');
    const hidden = [
      'Notes:\n\n    Fixes #12\n',
      'Context\n>     Fixes #12\n',
      '> ~~~\n> Fixes #5\n> ~~~\n',
      '<pre>\nFixes #6\n</pre>\n',
      '<details>\n<!--\nFixes #7\n-->\n</details>\n',
      'Fixes #0',
      'Closes acme/api#00',
      'See https://github.com/acme/api/issues/0',
      // What no reader sees: an attribute of an HTML tag, a link reference definition.
      '<img src="x.png" alt="Fixes #12">\n',
      '<a href="https://example.com" title="see https://github.com/acme/api/issues/13">docs</a>\n',
      '<img alt="a > b" title="Fixes #14">\n',
      '[Fixes #15]: https://example.com/notes\n',
    ];
    for (const body of hidden) {
      const { code, result } = gateJson(dir, main, body);
      expect({ body, code, rules: result.problems.map((p) => p.rule) }).toEqual({ body, code: 1, rules: ['gate/issue-link'] });
    }
    // Text that renders as text still links: a paragraph's indented continuation, a list item's paragraph, raw HTML's text.
    for (const body of ['Some context\n    Fixes #12\n', '- Summary\n\n    Fixes #12\n', '<details>\n<summary>Links</summary>\n\nFixes #12\n\n</details>\n', 'Fixes #012', 'Done, <b>fixes #12</b>.\n', 'Context\n[Fixes #12]: is a line of this paragraph\n']) {
      expect({ body, code: gate(dir, main, body).code }).toEqual({ body, code: 0 });
    }
    // A hostile body (GitHub allows 65,536 characters) is read in one pass: nested quotes and list markers, emphasis, link openers, backticks.
    for (const junk of ['> - '.repeat(16_000), '*a'.repeat(32_000), '[a]('.repeat(16_000), '`a``'.repeat(16_000), '<a "'.repeat(16_000), `<a x="${'<a '.repeat(20_000)}`, '[a'.repeat(32_000)]) {
      const started = Date.now();
      expect(gate(dir, main, `${junk}\n\nFixes #12\n`).code).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    // The scans for an ADR's file name and an issue's URL too, on a change that needs an ADR: one long word, "https://" in a row.
    write(dir, 'src/storage/engine.ts', 'export const engine = 3;\n');
    commit(dir, 'storage: engine 3');
    const started = Date.now();
    const { result } = gateJson(dir, main, `${'a'.repeat(120_000)}\n\n${'https://'.repeat(16_000)}\n`);
    expect(result.problems.map((p) => p.rule).sort()).toEqual(['gate/adr-required', 'gate/issue-link']);
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 90_000);

  it('fails an API change without its docs page and passes with it; --json is one object', () => {
    const { dir, main } = governed();
    write(dir, 'src/api/routes.ts', 'export const routes = ["/v2"];\n');
    commit(dir, 'api: v2');
    const failed = gateJson(dir, main, 'Fixes #3');
    expect(failed.code).toBe(1);
    expect(failed.result).toMatchObject({ ok: false, changed: ['src/api/routes.ts'] });
    expect(failed.result.problems).toEqual([expect.objectContaining({ rule: 'gate/docs-required', file: 'src/api/routes.ts', message: expect.stringContaining('docs/source/apps/api.md') })]);
    // A page of the docs that is not the gate's does not count.
    write(dir, 'docs/source/guides/getting-started.md', `${read(dir, 'docs/source/guides/getting-started.md')}\nMore.\n`);
    commit(dir, 'guide');
    expect(gateJson(dir, main, 'Fixes #3').code).toBe(1);
    write(dir, 'docs/source/apps/api.md', `${read(dir, 'docs/source/apps/api.md')}\nVersion 2 adds /v2.\n`);
    commit(dir, 'api page');
    const passed = gateJson(dir, main, 'Fixes #3');
    expect(passed).toMatchObject({ code: 0, result: { ok: true, problems: [] } });
  });

  it('reads the body from the pull_request event, and annotates each problem in GitHub Actions', () => {
    const { dir, main } = governed();
    write(dir, 'src/storage/engine.ts', 'export const engine = 3;\n');
    commit(dir, 'storage');
    const event = (body: string | null) => {
      write(dir, '../event.json', JSON.stringify({ action: 'opened', pull_request: { number: 5, body } }));
      return path.join(dir, '../event.json');
    };
    const r = run(dir, ['gate', '--base', main, '--event', event(null)], { env: { GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=gate\/issue-link::/m);
    expect(r.stdout).toMatch(/^::error file=src\/storage\/engine\.ts,line=1,title=gate\/adr-required::.*ADR/m);
    expect(run(dir, ['gate', '--base', main, '--event', event('Fixes #9 — see ADR-0001')]).code).toBe(0);
  });

  it('is exit 2 with one message, and nothing written, for an unknown ref, an unreadable event or body, and both at once', () => {
    const { dir, main } = governed();
    const before = snapshot(dir);
    write(dir, '../push.json', JSON.stringify({ ref: 'refs/heads/main' }));
    write(dir, '../broken.json', '{');
    const cases: [string[], RegExp][] = [
      [['gate', '--base', 'no-such-branch', '--pr-body', '-'], /--base no-such-branch: git knows no such branch/],
      [['gate', '--base', main, '--event', path.join(dir, '../push.json')], /pull_request/],
      [['gate', '--base', main, '--event', path.join(dir, '../broken.json')], /not valid JSON/],
      [['gate', '--base', main, '--pr-body', path.join(dir, '../missing.md')], /no such file/],
      [['gate', '--base', main, '--pr-body', '-', '--event', path.join(dir, '../push.json')], /either --pr-body or --event/],
      [['gate'], /--base/],
    ];
    for (const [args, message] of cases) {
      const r = run(dir, args, { input: 'Fixes #1' });
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    expect(snapshot(dir)).toEqual(before);
  });
});

/** `git status --porcelain` and every file's hash: what "the tree is unchanged" means. */
const state = (dir: string) => ({ status: git(dir, 'status', '--porcelain', '--untracked-files=all'), files: [...snapshot(dir)].map(([f, s]) => `${f} ${s.sha}`) });

describe('docpact generate', () => {
  it('--check passes while the committed output is what the generator writes, fails naming it on drift, and leaves the tree as it was', () => {
    const { dir } = governed();
    const clean = run(dir, ['generate', '--check']);
    expect(clean.stderr).toContain('node scripts/gen.mjs');
    expect(clean.code).toBe(0);
    write(dir, 'registry/tools.json', JSON.stringify([{ name: 'search' }, { name: 'fetch' }, { name: 'browse' }]));
    commit(dir, 'a tool more, its reference not regenerated');
    write(dir, 'notes.txt', 'untracked\n');
    write(dir, 'registry/draft.json', '{}'); // an untracked input: not in the scratch copy, and named
    const before = state(dir);
    const drift = run(dir, ['generate', '--check']);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toMatch(/^docs\/_generated\/registry\/tools\.json:1: generate\/drift: .*registry/m);
    expect(drift.stderr).toContain('registry/draft.json');
    expect(state(dir)).toEqual(before);
    const json = JSON.parse(run(dir, ['generate', '--check', '--json']).stdout);
    expect(json).toMatchObject({ ok: false, problems: [{ rule: 'generate/drift', file: 'docs/_generated/registry/tools.json' }], untracked: ['registry/draft.json'] });
    expect(state(dir)).toEqual(before);
  });

  it('runs the declared generators, printing each command first; then --check passes', () => {
    const { dir } = governed();
    // The generated folders' READMEs say what is true: which generator writes there, or how to declare one.
    expect(read(dir, 'docs/_generated/registry/README.md')).toContain('`docpact generate registry` runs `node scripts/gen.mjs`');
    expect(read(dir, 'docs/_generated/diagrams/README.md')).toContain('No generator is declared for this folder yet');
    expect(read(dir, 'docs/source/contributing.md')).toMatch(/declared under `generated:`\s+in `docpact.yaml` \(registry\)/);
    write(dir, 'registry/tools.json', JSON.stringify([{ name: 'zip' }, { name: 'add' }]));
    const r = run(dir, ['generate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.indexOf('node scripts/gen.mjs')).toBeLessThan(r.stderr.length);
    expect(r.stdout + r.stderr).toContain('wrote docs/_generated/registry/tools.json');
    expect(JSON.parse(read(dir, 'docs/_generated/registry/tools.json'))).toEqual(['add', 'zip']);
    commit(dir, 'regenerated');
    expect(run(dir, ['generate', '--check']).code).toBe(0);
    expect(run(dir, ['generate', 'registry', '--check']).code).toBe(0);
  });

  it('leaves docpact’s own files out of a generator’s outputs, even when its glob covers them and it empties the folder', () => {
    const { dir } = governed();
    write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace('outputs: ["docs/_generated/registry/tools.json"]', 'outputs: ["docs/_generated/registry/**"]'));
    write(dir, 'scripts/gen.mjs', GENERATOR.replace("fs.mkdirSync('docs/_generated/registry', { recursive: true });", "fs.rmSync('docs/_generated/registry', { recursive: true, force: true });\nfs.mkdirSync('docs/_generated/registry', { recursive: true });"));
    expect(run(dir, ['sync']).code).toBe(0);
    commit(dir, 'a generator that starts from an empty folder');
    const r = run(dir, ['generate', '--check', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, outputs: 1, problems: [] });
    expect(r.code).toBe(0);
  });

  it('names an unknown generator with a suggestion, and a failing one with its exit code', () => {
    const { dir } = governed();
    const unknown = run(dir, ['generate', 'registri']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/registri.*Did you mean "registry"/);
    write(dir, 'scripts/gen.mjs', 'process.exit(3);\n');
    const failed = run(dir, ['generate']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/registry.*exit(ed)? .*3/);
  });

  it('is never run by check, sync or gate', () => {
    const { dir, main } = governed();
    write(dir, 'scripts/gen.mjs', "import fs from 'node:fs'; fs.writeFileSync('ran.txt', 'ran');\n");
    commit(dir, 'a generator that leaves a trace');
    run(dir, ['check']);
    run(dir, ['sync']);
    run(dir, ['gate', '--base', main, '--pr-body', '-'], { input: 'Fixes #1' });
    expect(fs.existsSync(path.join(dir, 'ran.txt'))).toBe(false);
  });
});
