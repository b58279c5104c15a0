/**
 * check without a cache (a fresh clone, CI) keeps less while it runs: YAML
 * values held one byte a character, files whose facts are alike sharing one
 * record. None of it may change what check finds.
 */
import fs from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readYaml } from '../src/text/yaml.js';
import { edit, initRepo, read, run, write } from './helpers.js';
import { mcpServer } from './mcp.js';

const ADR = 'docs/source/adr';
const adr = (n: number, status = 'Accepted', extra = '') =>
  `# ADR-${String(n).padStart(4, '0')} — Decision ${n}\n\n- Status: ${status}\n- Date: 2026-11-23\n- Deciders: architect, engineer\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n\n## Alternatives\n\nOthers.\n${extra}`;
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

  it('tells apart files whose facts differ among many alike: a conflict marker and a dead link in two of twelve ADRs', () => {
    const dir = initRepo();
    for (let n = 2; n <= 13; n++) write(dir, `${ADR}/ADR-${String(n).padStart(4, '0')}-decision-${n}.md`, adr(n));
    run(dir, ['check', '--fix', '--quiet']);
    edit(dir, `${ADR}/ADR-0007-decision-7.md`, (t) => `${t}\n<<<<<<< ours\nOne.\n=======\nTwo.\n>>>>>>> theirs\n`);
    edit(dir, `${ADR}/ADR-0011-decision-11.md`, (t) => `${t}\nSee [the plan](missing-plan.md).\n`);
    const found = problems(dir).filter((p) => p.startsWith(`${ADR}/ADR-00`) && !p.includes('ADR-0001'));
    expect(found).toEqual([`${ADR}/ADR-0007-decision-7.md:23 merge/conflict`, `${ADR}/ADR-0011-decision-11.md:23 links/dead`]);
  });

  /** A governed repository whose series is decisions/, outside the docs tree: ADR-0001 moved there, ADR-0002…`last` added. */
  const seriesOutsideDocs = (last: number) => {
    const dir = initRepo();
    fs.mkdirSync(path.join(dir, 'decisions'));
    for (const f of fs.readdirSync(path.join(dir, ADR)).filter((n) => n.startsWith('ADR-0001'))) fs.renameSync(path.join(dir, ADR, f), path.join(dir, 'decisions', f));
    edit(dir, 'docpact.yaml', (t) => t.replace(`  adr: ${ADR}\n`, '  adr: decisions\n').replace(`  index: ${ADR}/index.md\n`, '  index: decisions/index.md\n'));
    for (let n = 2; n <= last; n++) write(dir, `decisions/ADR-000${n}-decision-${n}.md`, adr(n));
    return dir;
  };

  it('tells apart ADRs outside the docs tree that differ only in being valid UTF-8: one of six is reported, no other', () => {
    // A series outside the docs tree: its ADRs are checked for their encoding one by one (docs pages are, as pages).
    const dir = seriesOutsideDocs(6);
    // One byte that is not UTF-8 (a Latin-1 é) in a file that is otherwise like the others.
    const [head, tail] = adr(4).split('Why.');
    fs.writeFileSync(path.join(dir, 'decisions/ADR-0004-decision-4.md'), Buffer.concat([Buffer.from(`${head}Caf`), Buffer.from([0xe9]), Buffer.from(`.${tail}`)]));
    run(dir, ['check', '--fix', '--quiet']);
    expect(problems(dir).filter((p) => p.includes('docs/encoding'))).toEqual(['decisions/ADR-0004-decision-4.md:1 docs/encoding']);
  });

  it('tells a U+FFFD written in valid UTF-8 from bytes that are not UTF-8: only the latter is docs/encoding, in pages and ADRs inside and outside the docs tree, with and without its cache', () => {
    const dir = seriesOutsideDocs(4);
    const fffd = 'Its log shows \uFFFD where the sensor sent a byte it could not read.\n';
    edit(dir, 'decisions/ADR-0003-decision-3.md', (t) => `${t}\n${fffd}`);
    edit(dir, 'docs/source/guides/getting-started.md', (t) => `${t}\n${fffd}`);
    // The same text with a byte that is not UTF-8 (a Latin-1 é), in an ADR outside the docs tree and in a page.
    fs.appendFileSync(path.join(dir, 'decisions/ADR-0004-decision-4.md'), Buffer.concat([Buffer.from(`\n${fffd}Caf`), Buffer.from([0xe9]), Buffer.from('.\n')]));
    fs.appendFileSync(path.join(dir, 'docs/source/concepts/index.md'), Buffer.concat([Buffer.from(`\n${fffd}Caf`), Buffer.from([0xe9]), Buffer.from('.\n')]));
    run(dir, ['check', '--fix', '--quiet']);
    const encoding = (args: string[]) => (JSON.parse(run(dir, ['check', '--json', ...args]).stdout).problems as { file: string; rule: string }[]).filter((p) => p.rule === 'docs/encoding').map((p) => p.file);
    const want = ['decisions/ADR-0004-decision-4.md', 'docs/source/concepts/index.md'];
    expect(encoding(['--no-cache']).sort()).toEqual(want);
    expect(encoding([]).sort()).toEqual(want);
    expect(encoding([]).sort()).toEqual(want);
  });

  it('reports git conflict markers in an ADR outside the docs tree, with and without its cache', () => {
    const dir = seriesOutsideDocs(3);
    run(dir, ['check', '--fix', '--quiet']);
    edit(dir, 'decisions/ADR-0003-decision-3.md', (t) => `${t}\n<<<<<<< ours\nOne.\n=======\nTwo.\n>>>>>>> theirs\n`);
    const conflicts = (args: string[]) => (JSON.parse(run(dir, ['check', '--json', ...args]).stdout).problems as { file: string; rule: string }[]).filter((p) => p.rule === 'merge/conflict').map((p) => p.file);
    expect(conflicts(['--no-cache'])).toEqual(['decisions/ADR-0003-decision-3.md']);
    expect(conflicts([])).toEqual(['decisions/ADR-0003-decision-3.md']);
  });
});

describe('check, run again in one process (docpact mcp)', () => {
  it('reads the template overrides as they are now: an override written between two checks is compared as check from the command line compares it', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    const rules = (problems: { file: string; rule: string }[]) => problems.filter((p) => !p.rule.startsWith('chat/')).map((p) => `${p.file} ${p.rule}`);
    try {
      expect(rules((await s.call('check', {}, { timeout: 20_000 })).structuredContent.problems)).toEqual([]);
      write(dir, '.docpact/templates/github/PULL_REQUEST_TEMPLATE.md.hbs', '## Our own pull request template\n');
      const cli = rules(JSON.parse(run(dir, ['check', '--json', '--no-cache']).stdout).problems);
      expect(cli).toEqual(['.github/PULL_REQUEST_TEMPLATE.md sync/due']);
      expect(rules((await s.call('check', {}, { timeout: 20_000 })).structuredContent.problems)).toEqual(cli);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('reads the lock and the forms as they are now: a lock entry edited between two checks is sync/due in the second', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    const rules = async () => ((await s.call('check', {}, { timeout: 20_000 })).structuredContent.problems as { file: string; rule: string }[]).filter((p) => !p.rule.startsWith('chat/')).map((p) => `${p.file} ${p.rule}`);
    try {
      expect(await rules()).toEqual([]);
      // The pull request template's entry now records another rendering: docpact.yaml or a template changed since, as sync/due says.
      edit(dir, '.docpact/lock.yaml', (t) => t.replace(/(path: \.github\/PULL_REQUEST_TEMPLATE\.md\n(?:.*\n)*?\s+sha256: )[0-9a-f]{64}/, `$1${'ab'.repeat(32)}`));
      expect(read(dir, '.docpact/lock.yaml')).toContain('ab'.repeat(32));
      expect(await rules()).toEqual(['.github/PULL_REQUEST_TEMPLATE.md sync/due']);
      // And a form edited by hand is read as it is now, not as docpact rendered it.
      edit(dir, '.github/ISSUE_TEMPLATE/bug.yaml', (t) => t.replace('- "Yes"', '- Yes'));
      expect(await rules()).toEqual(['.github/ISSUE_TEMPLATE/bug.yaml forms/yaml11-type', '.github/PULL_REQUEST_TEMPLATE.md sync/due']);
    } finally {
      await s.close();
    }
  }, 60_000);
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
