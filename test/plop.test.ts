import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import nodePlop from 'node-plop';
import { init } from '../generators/init.js';
import docpact from '../plopfile.js';
import { inquirerAsk, type InquirerLike } from '../src/cli/prompt.js';
import { runGenerator } from '../src/core/run.js';
import { DATE, REPO, binEnv, exists, initRepo, read, tempRepo, write } from './helpers.js';

/** A stand-in for inquirer that answers from a script and honours `validate` like inquirer does (re-asking). */
function scriptedInquirer(script: Record<string, unknown[]>) {
  const seen: { name: string; message: string; default: unknown; rejected: string[] }[] = [];
  const inquirer: InquirerLike = {
    async prompt(questions, given = {}) {
      const answers: Record<string, unknown> = { ...given };
      for (const q of questions as { name: string; message: string; default?: unknown; filter?: (v: string) => unknown; validate?: (v: unknown) => true | string }[]) {
        // As inquirer does: a function default is called with the answers so far.
        const record = { name: q.name, message: q.message, default: typeof q.default === 'function' ? q.default(answers) : q.default, rejected: [] as string[] };
        seen.push(record);
        const queue = [...(script[q.name] ?? [record.default])];
        for (;;) {
          // As inquirer does: no default is an empty answer, which the question's filter sees first.
          const typed = queue.shift() ?? '';
          const value = q.filter && typeof typed === 'string' ? q.filter(typed) : typed;
          const verdict = q.validate ? q.validate(value) : true;
          if (verdict === true) {
            answers[q.name] = value;
            break;
          }
          record.rejected.push(verdict);
          if (!queue.length) throw new Error(`no valid answer scripted for ${q.name}: ${verdict}`);
        }
      }
      return answers;
    },
  };
  return { inquirer, seen };
}

describe('plop integration', () => {
  it('works as a plop pack: plop.load("docpact") in a fresh node-plop runs init', async () => {
    const dir = tempRepo();
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'docpact'));
    fs.writeFileSync(path.join(dir, 'plopfile.js'), "export default async function (plop) { await plop.load('docpact'); }\n");
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    const plop = await nodePlop(path.join(dir, 'plopfile.js'), { destBasePath: dir, force: false });
    expect(plop.getGeneratorList().map((g) => g.name)).toContain('init');
    const gen = plop.getGenerator('init');
    // Answers are keyed by flag, as plop's `-- --flag` bypass names them.
    const res = await gen.runActions({ project: 'Via Plop', package: 'pkg', concepts: 'Orders', apps: ['Api'], 'use-cases': ['Checkout'], areas: ['orders'] });
    expect(res.failures).toEqual([]);
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Via Plop');
    expect(exists(dir, 'pkg/agents/prompts/AGENTS.md')).toBe(true);
  });

  it('answers init’s prompts through the prompt seam, re-asking on a bad answer', async () => {
    const dir = tempRepo();
    const { inquirer, seen } = scriptedInquirer({
      project: ['   ', 'Typed Name'],
      package: ['../escape', 'typed_pkg'],
      concepts: ['Alpha, Beta'],
    });
    const res = await runGenerator(init, { cwd: dir, ask: inquirerAsk(inquirer), date: DATE });
    expect(res.exitCode).toBe(0);
    const project = seen.find((q) => q.name === 'project');
    expect(project?.default).toBe(path.basename(dir));
    expect(project?.rejected[0]).toMatch(/empty/);
    expect(seen.find((q) => q.name === 'package')?.rejected[0]).toMatch(/inside the repository/);
    expect(seen.map((q) => q.name)).toEqual(['project', 'preset', 'package', 'concepts', 'apps', 'useCases', 'areas', 'invariants', 'ciDocpact', 'ciBranch']);
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Typed Name');
    expect(exists(dir, 'docs/source/concepts/alpha.md')).toBe(true);
    expect(exists(dir, 'typed_pkg/agents/chats/.gitkeep')).toBe(true);
  });

  it('does not prompt for answers given as flags', async () => {
    const dir = tempRepo();
    const { inquirer, seen } = scriptedInquirer({});
    await runGenerator(init, { cwd: dir, ask: inquirerAsk(inquirer), date: DATE, given: { project: 'Flagged', areas: 'a,b' } });
    expect(seen.map((q) => q.name)).toEqual(['preset', 'package', 'concepts', 'apps', 'useCases', 'invariants', 'ciDocpact', 'ciBranch']);
    // --areas is the user's vocabulary, so the blank preset; the questions after it offer its (empty) lists.
    expect(seen.find((q) => q.name === 'preset')?.default).toBe('blank');
    expect(seen.find((q) => q.name === 'concepts')?.default).toBeUndefined();
    expect(parse(read(dir, 'docpact.yaml'))).toMatchObject({ preset: 'blank', concepts: [], labels: { areas: ['a', 'b'] } });
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Flagged');
  });

  it('without a terminal, says that a chat message written through plop is the unfilled template', async () => {
    const dir = initRepo();
    const plop = await nodePlop(undefined, { destBasePath: dir, force: false });
    docpact(plop as never);
    const res = await plop.getGenerator('chat-new').runActions({ slug: 'leases' });
    expect(res.failures).toEqual([]);
    expect(res.changes.map((c) => c.path).join('\n')).toMatch(/warning: theory_api\/agents\/chats\/leases\/001-to-engineer\.md is the unfilled template/);
  });

  it('on a terminal, asks plop users what the CLI asks, with the same prompt types and defaults', { timeout: 20_000 }, async () => {
    const dir = initRepo();
    vi.stubEnv('CI', '');
    const tty = [process.stdin, process.stdout].map((s) => [s, Object.getOwnPropertyDescriptor(s, 'isTTY')] as const);
    for (const [s] of tty) Object.defineProperty(s, 'isTTY', { value: true, configurable: true });
    try {
      const plop = await nodePlop(undefined, { destBasePath: dir, force: false });
      docpact(plop as never);
      const prompts = plop.getGenerator('adr-new').prompts as { name: string; when: boolean }[];
      // Named by flag, positional first; asked where the CLI asks (not --series, and --date only as a bypass).
      expect(prompts.map((p) => [p.name, p.when])).toEqual([['title', true], ['status', true], ['deciders', true], ['supersedes', true], ['amends', true], ['series', false], ['context', false], ['decision', false], ['consequences', false], ['alternatives', false], ['body-file', false], ['date', false]]);

      // Real inquirer prompts on a fake terminal: answer each question when it is shown.
      const input = new PassThrough();
      const output = new PassThrough();
      const script: [string, string][] = [['Decision title', 'Typed in plop\n'], ['Status', '\x1b[B\n'], ['Deciders', '\n'], ['Supersedes', '\n'], ['Amends', '\n']];
      let shown = '';
      output.on('data', (d) => {
        shown += String(d).replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
        if (script.length && shown.includes(`? ${script[0][0]}`)) input.write(script.shift()![1]);
      });
      const inquirer = (plop as unknown as { inquirer: { createPromptModule(o: object): { (q: object[]): Promise<Record<string, unknown>>; registerPrompt(n: string, p: unknown): void }; prompt: { prompts: Record<string, unknown> } } }).inquirer;
      const ask = inquirer.createPromptModule({ input, output });
      ask.registerPrompt('docpact', inquirer.prompt.prompts.docpact);
      const answers = await ask(prompts);
      expect(answers).toMatchObject({ title: 'Typed in plop', status: 'Accepted', deciders: 'architect, engineer' });
      expect(shown).toContain('Proposed'); // the status list offered the configured statuses

      const res = await plop.getGenerator('adr-new').runActions(answers);
      expect(res.failures).toEqual([]);
      expect(read(dir, 'docs/source/adr/ADR-0002-typed-in-plop.md')).toMatch(/Accepted/);
    } finally {
      for (const [s, d] of tty) d ? Object.defineProperty(s, 'isTTY', d) : delete (s as { isTTY?: boolean }).isTTY;
      vi.unstubAllEnvs();
    }
  });
});

describe('real plop 4, without a terminal', () => {
  const PLOP = path.join(REPO, 'node_modules', 'plop', 'bin', 'plop.js');
  /** A governed repo with docpact linked into node_modules and the given plopfile. */
  const withPlopfile = (name: string, text: string) => {
    const dir = initRepo();
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'docpact'));
    write(dir, name, text);
    return dir;
  };
  const plop = (dir: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [PLOP, ...args], { cwd: dir, encoding: 'utf8', input: '', env: binEnv() });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it("runs the README's plop.load example, takes --date, and keeps an error's candidates; a missing title is asked for positionally", () => {
    const readme = read(REPO, 'README.md');
    const block = /```js\n(\/\/ plopfile\.mjs[^\n]*\n[\s\S]*?plop\.load\('docpact'\)[\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const dir = withPlopfile('plopfile.mjs', block![1]);
    const made = plop(dir, 'adr-new', 'Use plop', '--', '--date', '2026-01-02');
    expect(made.code, made.out).toBe(0);
    expect(read(dir, 'docs/source/adr/ADR-0002-use-plop.md')).toContain('- Date: 2026-01-02');
    const unknown = plop(dir, 'adr-new', 'Replace it', '--', '--supersedes', '9');
    expect(unknown.code).not.toBe(0);
    expect(unknown.out).toMatch(/No ADR matches "9"/);
    expect(unknown.out).toMatch(/Candidates:[\s\S]*ADR-0001-record-architecture-decisions\.md/);
    const missing = plop(dir, 'adr-new');
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain('plop adr-new <title>');
    // plop hands "-- --title" to Node itself (its own --title option): never suggested.
    expect(missing.out).not.toContain('--title');
  });
});
