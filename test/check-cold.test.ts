/**
 * check without a cache (a fresh clone, CI) keeps less while it runs: YAML
 * values held one byte a character, files whose facts are alike sharing one
 * record. None of it may change what check finds.
 */
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../src/text/yaml.js';
import { edit, initRepo, read, run } from './helpers.js';

const problems = (dir: string) => (JSON.parse(run(dir, ['check', '--no-cache', '--json']).stdout).problems as { rule: string; file: string; line: number; message: string }[]).map((p) => `${p.file}:${p.line} ${p.rule}`);

describe('check without a cache', () => {
  it('reads docpact.yaml as written when it holds characters beyond Latin-1: an accented invariant reaches the pull request template as typed, and check finds no drift', () => {
    const dir = initRepo();
    // The governed preset writes "Plan ≡ World" among the invariants: the whole file is read two bytes a character.
    edit(dir, 'docpact.yaml', (t) => {
      expect(t).toMatch(/[^\x00-\xff]/);
      return t.replace('  - CAS admission\n', '  - Idempotente Übergabe (Grüße, ÿ)\n');
    });
    expect(run(dir, ['sync']).code).toBe(0);
    expect(read(dir, '.github/PULL_REQUEST_TEMPLATE.md')).toContain('Idempotente Übergabe (Grüße, ÿ)');
    expect(problems(dir).filter((p) => !p.includes('chat/'))).toEqual([]);
  });
});

describe('readYaml', () => {
  it('gives what js-yaml gives, whatever characters the text holds (property)', () => {
    const pieces = ['a', 'é', 'ÿ', '≡', '→', '😀', ' ', 'x y', '0', 'true', 'ADR-0001', 'docs/source', 'Ünïcödé'];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const str = () => Array.from({ length: 1 + rand(4) }, () => pieces[rand(pieces.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const lines = [`# ${str()}`, `title: ${JSON.stringify(str())}`, `list:`, ...Array.from({ length: rand(4) }, () => `  - ${JSON.stringify(str())}`), `nested:`, `  key: ${JSON.stringify(str())}`, `  anchor: &a ${JSON.stringify(str())}`, `  again: *a`, `__proto__: ${JSON.stringify(str())}`, `number: ${rand(100)}`];
      const text = `${lines.join('\n')}\n`;
      const ours = readYaml(text, 'f.yaml') as Record<string, unknown>;
      expect(ours).toEqual(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }));
      expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
      expect(Object.hasOwn(ours, '__proto__')).toBe(true);
    }
  });
});
