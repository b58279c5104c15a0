/**
 * The chat templates check renders per message render without Handlebars
 * when they are plain text and `{{name}}`s (scripts/templates-module.mjs):
 * that must give what Handlebars gives, for any data, and a repository's own
 * template must still be the one used.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import Runtime from 'handlebars/runtime.js';
import { builtin, direct } from 'virtual:templates';
import { describe, expect, it } from 'vitest';
import { render } from '../src/templates/render.js';
import { initRepo, ok, REPO, run, seededRandom, write } from './helpers.js';

const CHATS = 'theory_api/agents/chats';

describe('chat templates rendered directly', () => {
  it('give what Handlebars gives, whatever the data (property)', () => {
    expect(direct).toEqual(expect.arrayContaining(['chat/header.md', 'chat/ask.md', 'chat/reply.md', 'chat/DECISION.md']));
    const rand = seededRandom(11);
    const pick = <T>(xs: T[]) => xs[rand(xs.length)];
    const chars = ['a', 'Z', ' ', '\n', '\r', '\t', '{', '}', '{{', '}}', '\\', '"', "'", '`', '$&', '$1', '<', '&', 'é', '≡', '—', '\u00a0', '\u2028', '😀', '\ud800', '\0'];
    const text = () => Array.from({ length: rand(12) }, () => pick(chars)).join('');
    const values: (() => unknown)[] = [text, text, text, text, text, () => rand(1000), () => pick([0, -0, 1.5, NaN, Infinity, 1e21]), () => null, () => undefined, () => true, () => [text(), text()], () => ({ a: text() }), () => () => 'called'];
    const names = ['seq', 'to', 'title', 'slug', 'from', 'date', 'by', 'count', 'x', 'lookup', 'toString', 'constructor'];
    let plain = 0;
    // Inherited names are denied by both, and each says so on the console once.
    Handlebars.logger.log = Runtime.logger.log = () => {};
    const src = { root: { dir: path.join(REPO, 'no-such-folder') } };
    for (const id of direct) {
      const oracle = Handlebars.compile(fs.readFileSync(path.join(REPO, 'templates', `${id}.hbs`), 'utf8'), { noEscape: true });
      const fast = builtin[id]();
      for (let i = 0; i < 400; i++) {
        // Mostly every name a string (the direct path), else anything: missing, other types, inherited.
        const strings = rand(3) > 0;
        const data: Record<string, unknown> = rand(10) ? {} : Object.create({ title: text(), to: text() });
        for (const n of names) if (strings ? n !== 'x' : rand(3)) data[n] = strings ? text() : pick(values)();
        if (strings) plain++;
        const input = rand(20) ? data : pick([null, undefined, 'text', 7]);
        const want = (() => { try { return oracle(input); } catch (err) { return `threw ${(err as Error).message}`; } })();
        const got = (() => { try { return fast(input); } catch (err) { return `threw ${(err as Error).message}`; } })();
        expect(got, `${id} with ${JSON.stringify(input)}`).toBe(want);
        // render() as the commands call it: one trailing newline, no trailing blank lines.
        if (!want.startsWith('threw ') && input && typeof input === 'object') expect(render(src, id, input)).toBe(want.replace(/\s*$/, '\n'));
      }
    }
    expect(plain).toBeGreaterThan(direct.length * 200);
  });

  it("check compares a sealed message with the repository's own framing template, not the built-in one", () => {
    const dir = initRepo();
    write(dir, '.docpact/templates/chat/header.md.hbs', '# Message {{seq}} for the {{to}} ({{title}})\n\nThread {{slug}}, written by the {{from}} on {{date}}.\n');
    ok(run(dir, ['chat', 'new', 'own-frame', '--title', 'Own frame', '--as', 'architect', '--date', '2026-11-23']));
    const first = fs.readFileSync(path.join(dir, CHATS, 'own-frame/001-to-engineer.md'), 'utf8');
    expect(first.startsWith('# Message 001 for the engineer (Own frame)\n\nThread own-frame, written by the architect on 2026-11-23.\n')).toBe(true);
    // The reply seals the first message as it was written: the override's framing and the bare template.
    ok(run(dir, ['chat', 'reply', 'own-frame', '--as', 'engineer', '--date', '2026-11-23']));
    for (const args of [['check', '--json'], ['check', '--no-cache', '--json']]) {
      const problems = JSON.parse(run(dir, args).stdout).problems as { file: string; rule: string }[];
      expect(problems.filter((p) => p.rule === 'chat/unedited').map((p) => p.file)).toEqual([`${CHATS}/own-frame/001-to-engineer.md`]);
    }
  });

  it('check reports an unedited message in every thread when the repository\'s own ask template names the thread', () => {
    const dir = initRepo();
    write(dir, '.docpact/templates/chat/ask.md.hbs', '## Ask\n\nWhat should {{slug}} ({{title}}, message {{seq}}) decide?\n\n## Context\n\n## Done when\n');
    for (const slug of ['first-ask', 'second-ask', 'third-ask']) {
      ok(run(dir, ['chat', 'new', slug, '--title', `About ${slug}`, '--as', 'architect', '--date', '2026-11-23']));
      ok(run(dir, ['chat', 'reply', slug, '--as', 'engineer', '--date', '2026-11-23']));
    }
    expect(fs.readFileSync(path.join(dir, CHATS, 'second-ask/001-to-engineer.md'), 'utf8')).toContain('What should second-ask (About second-ask, message 001) decide?');
    for (const args of [['check', '--json'], ['check', '--no-cache', '--json']]) {
      const problems = JSON.parse(run(dir, args).stdout).problems as { file: string; rule: string }[];
      expect(problems.filter((p) => p.rule === 'chat/unedited').map((p) => p.file).sort()).toEqual(['first-ask', 'second-ask', 'third-ask'].map((s) => `${CHATS}/${s}/001-to-engineer.md`));
    }
  });
});
