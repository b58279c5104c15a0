import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import nodePlop from 'node-plop';
import { init } from '../generators/init.js';
import { inquirerAsk, type InquirerLike } from '../src/cli/prompt.js';
import { runGenerator } from '../src/core/run.js';
import { DATE, REPO, exists, read, tempRepo } from './helpers.js';

/** A stand-in for inquirer that answers from a script and honours `validate` like inquirer does (re-asking). */
function scriptedInquirer(script: Record<string, unknown[]>) {
  const seen: { name: string; message: string; default: unknown; rejected: string[] }[] = [];
  const inquirer: InquirerLike = {
    async prompt(questions, given = {}) {
      const answers: Record<string, unknown> = { ...given };
      for (const q of questions as { name: string; message: string; default?: unknown; validate?: (v: unknown) => true | string }[]) {
        const record = { name: q.name, message: q.message, default: q.default, rejected: [] as string[] };
        seen.push(record);
        const queue = [...(script[q.name] ?? [q.default])];
        for (;;) {
          const value = queue.shift();
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
    expect(seen.map((q) => q.name)).toEqual(['project', 'package', 'concepts', 'apps', 'useCases', 'areas']);
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Typed Name');
    expect(exists(dir, 'docs/source/concepts/alpha.md')).toBe(true);
    expect(exists(dir, 'typed_pkg/agents/chats/.gitkeep')).toBe(true);
  });

  it('does not prompt for answers given as flags', async () => {
    const dir = tempRepo();
    const { inquirer, seen } = scriptedInquirer({});
    await runGenerator(init, { cwd: dir, ask: inquirerAsk(inquirer), date: DATE, given: { project: 'Flagged', areas: 'a,b' } });
    expect(seen.map((q) => q.name)).toEqual(['package', 'concepts', 'apps', 'useCases']);
    expect(read(dir, 'docs/source/index.md').split('\n')[0]).toBe('# Flagged');
  });
});
