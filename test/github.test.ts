// What docpact writes for GitHub, read the way GitHub reads it: YAML 1.1
// (Ruby's Psych, and the `yaml` library's YAML 1.1 schema) must mean exactly
// what YAML 1.2 readers see, and `check` must read forms like GitHub does.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formRules } from '../src/github/rules.js';
import { issueForms } from '../src/github/forms.js';
import { parseConfig } from '../src/config/load.js';
import { loadYamlWriter, readYaml11 } from '../src/text/yaml.js';
import { chooserSchema, issueFormSchema, psych } from './consumers.js';
import { DATE, REPO, edit, initRepo, read, run, tempRepo, write } from './helpers.js';

const FORMS = '.github/ISSUE_TEMPLATE';
const LABEL_PART = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Scalars YAML 1.1 (spec or Psych) or 1.2 would not read as text, and YAML syntax that needs quoting. */
const HOSTILE = [
  'on', 'off', 'y', 'n', 'yes', 'no', 'null', '~', '1e3', '0x1F', '010', '1:20', '2026-01-02',
  'Yes', 'No', 'NO', 'True', 'FALSE', 'Null', 'NULL', 'yEs', 'oFF', 'Y', 'N', '0o7', '0b101', '1_000', '1,000', '+1', '-0',
  '.5', '1.', '3.10', '1.5e+3', '.inf', '-.Inf', '.NaN', '12:30:00', '1:20.5', '2026-1-2', '2001-12-14t21:59:43.10-05:00',
  ':sym', '<<', '=', '- x', '#x', 'x #y', 'a: b', '@x', '`x', '!x', '&x', '*x', '|', '>', '?', '[x]', '{x}', '%x', '"q"', "'q'",
];

const mixedCase = (w: string) => fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length }).map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
const numberish = fc.stringMatching(/^(?:[-+]?0[xob]?[0-9a-fA-F_,]{1,5}|[-+]?[0-9]{1,4}(?:[.,_][0-9]{0,3})?(?:[eE][-+]?[0-9]{1,2})?|[0-9]{1,2}(?::[0-5]?[0-9]){1,3}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$/);
const scalar = fc.oneof(fc.constantFrom(...HOSTILE), fc.constantFrom('yes', 'no', 'on', 'off', 'true', 'false', 'null', 'y', 'n').chain(mixedCase), numberish);
const labelPart = scalar.filter((s) => LABEL_PART.test(s));
const text = fc.oneof(scalar, fc.string({ minLength: 1, maxLength: 12 })).map((s) => s.trim()).filter((s) => s.length > 0 && !/[\n\r\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(s));
const unique = <T extends string>(arb: fc.Arbitrary<T>, max: number) => fc.uniqueArray(arb, { minLength: 1, maxLength: max, selector: (s) => s.trim().toLowerCase() });

/** Every YAML file under .github, repo-relative. */
function githubYaml(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(r);
      else if (/\.ya?ml$/.test(e.name)) out.push(r);
    }
  };
  walk('.github');
  return out.sort();
}

/** One file as YAML 1.1 (spec types), YAML 1.2 (core), js-yaml's core schema and, when Ruby is there, Psych. */
function readAll(dir: string, files: string[]) {
  const ruby = psych(files.map((f) => path.join(dir, f)));
  return files.map((f, i) => {
    const t = read(dir, f);
    return { file: f, yaml11: parse(t, { version: '1.1' }), yaml12: parse(t), jsyaml: jsyaml.load(t, { schema: jsyaml.CORE_SCHEMA }), psych: ruby?.[i] };
  });
}

describe('YAML that docpact writes for GitHub', () => {
  it('means the same under YAML 1.1 and 1.2 for hostile areas, sizes, labels and invariants, and passes the schemas and check', async () => {
    await loadYamlWriter();
    fc.assert(
      fc.property(unique(labelPart, 8), unique(labelPart, 4), unique(text, 4), unique(text, 8), (areas, sizes, extra, invariants) => {
        const dir = tempRepo();
        write(dir, 'docpact.yaml', JSON.stringify({ version: 1, invariants, labels: { sizes, extra } }));
        const r = run(dir, ['init', '--yes', '--force', '--date', DATE, `--areas=${areas.join(',')}`]);
        expect(r.code, r.stderr).toBe(0);
        const files = githubYaml(dir);
        expect(files).toContain('.github/workflows/governance.yml');
        for (const f of readAll(dir, files)) {
          expect(f.yaml11, `${f.file}: YAML 1.1 reads it differently`).toEqual(f.yaml12);
          expect(f.jsyaml, f.file).toEqual(f.yaml12);
          if (f.psych !== undefined) expect(f.psych, `${f.file}: Psych (GitHub) reads it differently`).toEqual(f.yaml12);
          const data = f.yaml12 as any;
          if (f.file.endsWith('config.yml')) expect(chooserSchema(data), JSON.stringify(chooserSchema.errors)).toBe(true);
          else if (f.file.startsWith(FORMS)) {
            expect(issueFormSchema(data), `${f.file}: ${JSON.stringify(issueFormSchema.errors)}`).toBe(true);
            expect(formRules(data)).toEqual([]);
            const options = (id: string) => data.body.find((b: { id?: string }) => b.id === id).attributes.options;
            expect(options('area')).toEqual(areas);
            expect(options('size')).toEqual(sizes);
            expect(options('invariants').map((o: { label: string }) => o.label)).toEqual(invariants);
            expect(data.labels.slice(1)).toEqual(extra);
          }
        }
        // check reads a form it has just rendered as the data it rendered it from: what parsing that text as GitHub does gives.
        const rendered = Object.entries(issueForms(parseConfig(read(dir, 'docpact.yaml'))));
        expect(rendered.length).toBeGreaterThan(0);
        for (const [name, t] of rendered) {
          expect(t).toBe(read(dir, `${FORMS}/${name}`));
          expect(readYaml11(t)).toEqual(readYaml11(t, true));
        }
        const c = run(dir, ['check']);
        expect(c.stdout + c.stderr).toMatch(/no problems/);
        fs.rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 4, examples: [[HOSTILE.filter((s) => LABEL_PART.test(s)), ['S', 'y', 'n', '010'], ['yes', '~', ':sym'], HOSTILE]] },
    );
  });
});

describe('check reads issue forms the way GitHub does', () => {
  it('reports each value YAML 1.1 changes as forms/yaml11-type at its line, with the quoting that fixes it', () => {
    const dir = initRepo();
    const file = `${FORMS}/bug.yaml`;
    const before = read(dir, file);
    expect(before).toContain('- "Yes"');
    const planted = before
      .replace('- "Yes"', '- Yes')
      .replace('- label: Hash-chained events', '- label: on')
      .replace('title: "fix: "', 'title: 2026-01-02');
    write(dir, file, planted);
    const lineOf = (needle: string) => planted.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const r = run(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf('- Yes')}: forms/yaml11-type: body[`);
    expect(r.stdout).toContain('GitHub reads Yes as the boolean true (YAML 1.1), not the text "Yes"; quote it: "Yes"');
    expect(r.stdout).toContain(`${file}:${lineOf('- label: on')}: forms/yaml11-type: body[`);
    expect(r.stdout).toContain(`${file}:${lineOf('title: 2026')}: forms/yaml11-type: title: GitHub reads 2026-01-02 as the date 2026-01-02`);
    // The type errors are explained once, not again as generic schema errors.
    expect(r.stdout).toMatch(/\n3 problems:\n {2}forms\/yaml11-type +3\n/);
  });

  it('reads a tagged value by its tag, and a plain one wherever it stands (a flow list, a flow map’s key) by GitHub’s rules', () => {
    const dir = initRepo();
    const file = `${FORMS}/bug.yaml`;
    const before = read(dir, file);
    const planted = before
      // `! true` is text to GitHub as to any YAML reader: a schema error, no YAML 1.1 surprise.
      .replace('      description: Observed behaviour, with logs or output if you have them.\n    validations:\n      required: true\n', '      description: Observed behaviour, with logs or output if you have them.\n    validations:\n      required: ! true\n')
      .replace('      options:\n        - "Yes"\n        - "No"\n        - Not sure\n', '      options: [Yes, "No", Not sure]\n')
      .replace('      description: Quote or link the page or ADR.\n    validations:\n      required: true\n', '      description: Quote or link the page or ADR.\n    validations: {required: true, on: x}\n');
    expect(planted.match(/! true|\[Yes, |\{required: true, on: x\}/g)).toHaveLength(3);
    write(dir, file, planted);
    const lineOf = (needle: string) => planted.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const found = (JSON.parse(run(dir, ['check', '--no-cache', '--json']).stdout).problems as { file: string; line: number; rule: string; message: string }[]).filter((p) => p.file === file);
    expect(found.map((p) => `${p.line} ${p.rule} ${p.message.replace(/; quote it.*/, '')}`)).toEqual([
      "1 forms/schema does not match GitHub's issue form schema: /body/1/validations/required must be boolean",
      `${lineOf('{required: true, on: x}')} forms/yaml11-type body[2].validations.true: GitHub reads the key on as the boolean true (YAML 1.1), not the text "on"`,
      `${lineOf('[Yes, ')} forms/yaml11-type body[7].attributes.options[0]: GitHub reads Yes as the boolean true (YAML 1.1), not the text "Yes"`,
    ]);
  });

  it('holds the forms docpact itself rendered to GitHub’s rules too: an area named None, synced into every form, is reported in each', () => {
    const dir = initRepo();
    edit(dir, 'docpact.yaml', (t) => t.replace(/^ {2}areas:\n/m, '  areas:\n    - None\n'));
    expect(run(dir, ['sync']).code).toBe(0);
    const forms = fs.readdirSync(path.join(dir, FORMS)).filter((n) => n !== 'config.yml');
    expect(forms.length).toBeGreaterThan(1);
    for (const args of [['check', '--no-cache', '--json'], ['check', '--json']]) {
      const found = (JSON.parse(run(dir, args).stdout).problems as { file: string; rule: string }[]).filter((p) => p.rule.startsWith('forms/') || p.rule.startsWith('sync/'));
      expect(found.map((p) => `${p.file} ${p.rule}`)).toEqual(forms.sort().map((n) => `${FORMS}/${n} forms/reserved-none`));
    }
  });

  it('reports a merge key of no map as a form GitHub cannot read, at its line, and goes on checking', () => {
    const dir = initRepo();
    const file = `${FORMS}/chore.yaml`;
    write(dir, file, `${read(dir, file)}<<: [yes, x]\n`);
    const r = run(dir, ['check', '--no-cache']);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${read(dir, file).split('\n').length - 1}: forms/yaml: is not valid YAML (line ${read(dir, file).split('\n').length - 1}): Merge sources must be maps or map aliases`);
  });

  it('finds with one parse every value a second parse as YAML 1.2 would find changed (property)', async () => {
    await loadYamlWriter();
    const plain = fc.oneof(scalar, fc.constantFrom('true', 'false', 'null', '', '<<', '0', '1.5', 'text', 'two words'));
    const quoted = plain.map((s) => JSON.stringify(s));
    const value = fc.oneof(plain, plain, quoted, plain.map((s) => `[${s}, x]`), plain.map((s) => `{${s}: ${s}}`), plain.map((s) => `!!str ${s}`), plain.map((s) => `! ${s}`), plain.map((s) => `&a ${s}`), fc.constant('*a'), fc.constant('|\n    block'));
    const key = fc.oneof(plain, quoted, fc.constant('<<'));
    const doc = fc.array(fc.tuple(key, fc.oneof(value, value.map((v) => `\n  - ${v}\n  - x`), fc.tuple(key, value).map(([k, v]) => `\n  ${k}: ${v}`))), { minLength: 1, maxLength: 6 });
    let compared = 0;
    fc.assert(
      fc.property(doc, (pairs) => {
        const text = `${pairs.map(([k, v]) => `${/^[-?:,[\]{}#&*!|>'"%@`]|: | #|:$/.test(k) || k === '' ? JSON.stringify(k) : k}: ${v}`).join('\n')}\n`;
        // (A merge key of no map makes the reader throw, either way: compared as well.)
        const attempt = (reparse: boolean) => {
          try {
            return readYaml11(text, reparse);
          } catch (err) {
            return { threw: String(err) };
          }
        };
        const once = attempt(false);
        const twice = attempt(true);
        expect(JSON.stringify(once, (_, v) => (typeof v === 'symbol' ? String(v) : v))).toBe(JSON.stringify(twice, (_, v) => (typeof v === 'symbol' ? String(v) : v)));
        if ('data' in once) compared++;
      }),
      { numRuns: 600, seed: 29 },
    );
    // Most generated texts parse: the comparison is of changes found, not of two errors.
    expect(compared).toBeGreaterThan(100);
  });

  it('gives 0 problems on forms shaped like real projects’ forms, which GitHub accepts', () => {
    const dir = initRepo();
    const fixtures = path.join(REPO, 'test/fixtures/github-forms');
    const names = fs.readdirSync(fixtures).filter((n) => /\.ya?ml$/.test(n));
    for (const n of names) fs.copyFileSync(path.join(fixtures, n), path.join(dir, FORMS, n));
    // GitHub's reader accepts them: Psych reads each without error, into data the schemas accept.
    const ruby = psych(names.map((n) => path.join(fixtures, n)));
    ruby?.forEach((data, i) => {
      const validate = names[i] === 'config.yml' ? chooserSchema : issueFormSchema;
      expect(validate(data), `${names[i]}: ${JSON.stringify(validate.errors)}`).toBe(true);
    });
    const r = run(dir, ['check']);
    expect(r.stdout).toMatch(/no problems/);
    expect(r.code).toBe(0);
  });

  it('resolves plain scalars exactly as Psych does', async (ctx) => {
    await loadYamlWriter();
    const samples = fc.sample(fc.oneof(scalar, numberish, fc.string({ maxLength: 6 })), { numRuns: 400, seed: 10 });
    // Only what can be written as a plain scalar: no indicator first, no ": " or " #", no control characters.
    const plain = [...new Set([...HOSTILE, ...samples])].filter((s) => s !== '' && s.trim() === s && !/^[#'"{}[\],&*!|>%@`?-]|: | #|:$|[\u0000-\u001f\u007f-\u009f]/.test(s));
    // Psych reads each scalar on its own: some (like "0x_") make it raise, which GitHub would refuse.
    const script = 'puts JSON.generate(JSON.parse(STDIN.read).map { |s| begin; v = YAML.load("- #{s}", permitted_classes: [Date, Time, Symbol])[0]; [Date, Time, Symbol].include?(v.class) ? { "$ruby" => v.class.name, "value" => v.to_s } : (v.is_a?(Float) && !v.finite? ? { "$ruby" => "Float", "value" => v.to_s } : v); rescue => e; { "$error" => e.class.name }; end })';
    const r = spawnSync('ruby', ['-ryaml', '-rdate', '-rjson', '-e', script], { input: JSON.stringify(plain), encoding: 'utf8' });
    if (r.error) {
      if (process.env.CI) throw r.error;
      return ctx.skip();
    }
    expect(r.stderr).toBe('');
    const ours = readYaml11(plain.map((s) => `- ${s}\n`).join(''));
    if ('error' in ours) throw new Error(ours.error.message);
    // Dates and times compare by kind (Psych's Date and Time are both a timestamp), symbols by name, non-finite floats by name.
    const normal = (v: any) =>
      v instanceof Date || ['Date', 'Time'].includes(v?.$ruby)
        ? 'timestamp'
        : v?.rubySymbol !== undefined
          ? { $ruby: 'Symbol', value: v.rubySymbol }
          : typeof v === 'number' && !Number.isFinite(v)
            ? { $ruby: 'Float', value: Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' }
            : v;
    const mine = (ours.data as unknown[]).map(normal);
    const theirs = (JSON.parse(r.stdout) as unknown[]).map(normal);
    // Where Psych raises, ours must at least not read text (check then reports it).
    const differ = plain
      .map((s, i) => [s, mine[i], theirs[i]])
      .filter(([, a, b]) => ((b as any)?.$error ? typeof a === 'string' : JSON.stringify(a) !== JSON.stringify(b)));
    expect(differ).toEqual([]);
  });
});
