import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../src/check/problem.js';
import { REPLY_BODY, WARM, copyOf, edit, editYaml, everyGenerator, exists, initRepo, keepForFile, ok, read, run, write } from './helpers.js';

const ADR = 'docs/source/adr';
const CHATS = 'theory_api/agents/chats';
const FORMS = '.github/ISSUE_TEMPLATE';

interface Found {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

/**
 * The caches, on at once (DOCPACT_CACHE_SETTLE_MS=0: a file is remembered as soon as it is read). The plants are
 * checked after a clean check of the copy left its verdict and facts (src/check/verdict.ts, facts.ts), so
 * every rule is proven through them: what changed is read again, what did not is remembered.
 */

/** The facts cache's files (src/check/facts.ts spreads it over several). */
const factsFiles = (dir: string): string[] => {
  const at = path.join(dir, '.docpact/cache');
  return fs.existsSync(at) ? fs.readdirSync(at).filter((n) => n.startsWith('check-facts')).map((n) => path.join(at, n)) : [];
};

const checkJson = (dir: string, env: Record<string, string> = {}): { code: number; problems: Found[] } => {
  const r = run(dir, ['check', '--json'], { env });
  return { code: r.code, problems: JSON.parse(r.stdout).problems };
};


/** adr.index moved to a page that does not exist yet. */
const moveIndex = (d: string) => edit(d, 'docpact.yaml', (t) => t.replace(/^  index: .*$/m, '  index: docs/source/decisions.md'));

/** everyGenerator's ADR-0003, which supersedes ADR-0002. */
const ADR3 = 'ADR-0003-lease-world-paths-per-facet-v2-draft.md';

/**
 * One planted defect per rule, and one per further condition of a rule:
 * [rule, file it must be reported on, how to plant it, run --fix first?, what is planted (when a rule has several plants)]
 */
const PLANTS: [string, string, (dir: string) => void, boolean?, string?][] = [
  ['config/schema', '.docpact/lock.yaml', (d) => edit(d, '.docpact/lock.yaml', (t) => t.replace('version: 1', 'version: 7'))],
  ['forms/yaml', `${FORMS}/bug.yaml`, (d) => edit(d, `${FORMS}/bug.yaml`, (t) => `${t}\nname: [unclosed\n`)],
  ['forms/schema', `${FORMS}/feature.yaml`, (d) => editYaml(d, `${FORMS}/feature.yaml`, (f) => (f.bogus = 1))],
  ['forms/unique-ids', `${FORMS}/chore.yaml`, (d) => editYaml(d, `${FORMS}/chore.yaml`, (f) => (f.body[2].id = f.body[1].id))],
  ['forms/unique-labels', `${FORMS}/chore.yaml`, (d) => editYaml(d, `${FORMS}/chore.yaml`, (f) => (f.body[2].attributes.label = f.body[1].attributes.label))],
  ['forms/unique-options', `${FORMS}/chore.yaml`, (d) => editYaml(d, `${FORMS}/chore.yaml`, (f) => f.body.find((b: any) => b.id === 'area').attributes.options.push('world'))],
  ['forms/markdown-id', `${FORMS}/docs.yaml`, (d) => editYaml(d, `${FORMS}/docs.yaml`, (f) => (f.body[0].id = 'intro'))],
  ['forms/no-fields', `${FORMS}/docs.yaml`, (d) => editYaml(d, `${FORMS}/docs.yaml`, (f) => (f.body = f.body.slice(0, 1)))],
  ['forms/name-length', `${FORMS}/bug.yaml`, (d) => editYaml(d, `${FORMS}/bug.yaml`, (f) => (f.name = 'QA'))],
  ['forms/reserved-none', `${FORMS}/bug.yaml`, (d) => editYaml(d, `${FORMS}/bug.yaml`, (f) => f.body.find((b: any) => b.id === 'size').attributes.options.push('None'))],
  ['forms/duplicate-name', `${FORMS}/feature.yaml`, (d) => editYaml(d, `${FORMS}/feature.yaml`, (f) => (f.name = 'Chore'))],
  ['forms/yaml11-type', `${FORMS}/bug.yaml`, (d) => edit(d, `${FORMS}/bug.yaml`, (t) => t.replace('- "Yes"', '- Yes'))],
  ['forms/chooser', `${FORMS}/config.yml`, (d) => write(d, `${FORMS}/config.yml`, 'blank_issues_enabled: "no"\n')],
  ['forms/undeclared-label', `${FORMS}/chore.yaml`, (d) => editYaml(d, `${FORMS}/chore.yaml`, (f) => f.labels.push('needs-triage'))],
  ['forms/legacy-template', '.github/ISSUE_TEMPLATE.md', (d) => write(d, '.github/ISSUE_TEMPLATE.md', '## Steps to reproduce\n')],
  [
    'adr/file-name',
    `${ADR}/ADR-12-short.md`,
    (d) => {
      write(d, `${ADR}/ADR-12-short.md`, '# ADR-12 — Short\n');
      edit(d, `${ADR}/index.md`, (t) => `${t}\n\`\`\`{toctree}\n:hidden:\n\nADR-12-short\n\`\`\`\n`);
    },
  ],
  ['adr/h1', `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (d) => edit(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace(/^# ADR-0002 — /, '# ')), true],
  ['adr/number-mismatch', `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (d) => edit(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace('# ADR-0002', '# ADR-0005'))],
  ['adr/duplicate-number', `${ADR}/ADR-0002-zz-copy.md`, (d) => write(d, `${ADR}/ADR-0002-zz-copy.md`, read(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`)), true],
  ['adr/missing-section', `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (d) => edit(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace('## Alternatives', '## Other options'))],
  ['adr/unknown-status', `${ADR}/ADR-0001-record-architecture-decisions.md`, (d) => edit(d, `${ADR}/ADR-0001-record-architecture-decisions.md`, (t) => t.replace('- Status: Accepted', '- Status: Maybe')), true],
  ['adr/date', `${ADR}/ADR-0001-record-architecture-decisions.md`, (d) => edit(d, `${ADR}/ADR-0001-record-architecture-decisions.md`, (t) => t.replace(/- Date: .*/, '- Date: YYYY-MM-DD')), true],
  ['adr/relation-target', `${ADR}/ADR-0001-record-architecture-decisions.md`, (d) => edit(d, `${ADR}/ADR-0001-record-architecture-decisions.md`, (t) => t.replace('- Amended by:', '- Superseded by: ADR-0042\n- Amended by:').replace('- Status: Accepted', '- Status: Superseded')), true],
  ['adr/relation-reciprocal', `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (d) => edit(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace(/- Superseded by: .*\n/, '')), true, 'no "Superseded by" line'],
  // Both sides name the relation, but the replaced ADR still says Accepted.
  ['adr/relation-reciprocal', `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (d) => edit(d, `${ADR}/ADR-0002-use-postgres-for-the-truthstore.md`, (t) => t.replace('- Status: Superseded', '- Status: Accepted')), true, 'superseded, yet Accepted'],
  ['adr/lifecycle', `${ADR}/${ADR3}`, (d) => edit(d, `${ADR}/${ADR3}`, (t) => t.replace('- Status: Accepted', '- Status: Rejected')), true],
  // Left by a move of the ADR folder: a second page with the generated index (orphan: true keeps docs/orphan out of it).
  ['adr/orphan-index', `${ADR}/old-index.md`, (d) => write(d, `${ADR}/old-index.md`, `---\norphan: true\n---\n\n${read(d, `${ADR}/index.md`)}`)],
  ['adr/index-drift', `${ADR}/index.md`, (d) => edit(d, `${ADR}/index.md`, (t) => t.replace('| Record architecture decisions |', '| Record decisions |'))],
  // The pages that link the index are made the team's (no lock entry), so moving it is not also sync/due for them.
  // The old page keeps its table and toctree but not the region's markers (else it is adr/orphan-index, a second index).
  [
    'adr/index-missing',
    'docs/source/decisions.md',
    (d) => {
      moveIndex(d);
      edit(d, '.docpact/lock.yaml', (t) => t.replace(/^ {2}- path: docs\/source\/(index|guides\/getting-started)\.md\n( {4}.*\n)+/gm, ''));
      edit(d, `${ADR}/index.md`, (t) => t.replace('<!-- docpact:adr-index:start -->\n', '').replace('<!-- docpact:adr-index:end -->\n', ''));
    },
  ],
  ['generated/drift', 'docs/_generated/adr/index/0000-0099.json', (d) => edit(d, 'docs/_generated/adr/index/0000-0099.json', (t) => t.replace('"Accepted"', '"Proposed"'))],
  ['docs/missing-entry', 'docs/source/concepts/index.md', (d) => edit(d, 'docs/source/concepts/index.md', (t) => t.replace('storage-planes\n', 'storage-planes\nghost-page\n'))],
  ['docs/orphan', 'docs/source/concepts/stray.md', (d) => write(d, 'docs/source/concepts/stray.md', '# Stray\n')],
  ['merge/conflict', 'docs/source/guides/getting-started.md', (d) => edit(d, 'docs/source/guides/getting-started.md', (t) => `${t}\n<<<<<<< HEAD\nOurs.\n=======\nTheirs.\n>>>>>>> feature\n`)],
  [
    'links/dead',
    'docs/source/concepts/index.md',
    (d) => {
      // Missing targets, and a page outside the Sphinx source (MyST cannot link it either).
      write(d, 'NOTES.md', '# Notes\n');
      edit(d, 'docs/source/concepts/index.md', (t) => `${t}\nSee [the ledger](ledger.md), {doc}\`../guides/gone\` and [notes](../../../NOTES.md).\n`);
    },
  ],
  ['docs/duplicate-source', 'docs/source/glossary.md', (d) => write(d, 'docs/source/glossary.rst', 'Glossary\n========\n')],
  ['docs/not-built', 'docs/source/conf.py', (d) => edit(d, 'docs/source/conf.py', (t) => t.replace('"myst_parser", ', ''))],
  ['docs/encoding', 'docs/source/guides/getting-started.md', (d) => fs.writeFileSync(path.join(d, 'docs/source/guides/getting-started.md'), Buffer.from('# Caf\xe9\n', 'latin1'))],
  ['sync/conflict', '.github/PULL_REQUEST_TEMPLATE.md', (d) => edit(d, '.github/PULL_REQUEST_TEMPLATE.md', (t) => t.replace('## Summary\n', '<<<<<<< yours\n## Summary\n=======\n## Overview\n>>>>>>> docpact sync\n'))],
  ['sync/due', 'docs/source/guides/getting-started.md', (d) => write(d, '.docpact/templates/docs/guides/getting-started.md.hbs', '# Getting started with {{project}}\n')],
  ['chat/meta-schema', `${CHATS}/open-question/meta.yaml`, (d) => edit(d, `${CHATS}/open-question/meta.yaml`, (t) => t.replace('status: open', 'status: maybe'))],
  // A thread folder replaced by a link would escape every chat rule.
  ['chat/meta-schema', `${CHATS}/linked-leases`, (d) => fs.symlinkSync('storage-leases', path.join(d, CHATS, 'linked-leases'))],
  ['chat/numbering', `${CHATS}/open-question/meta.yaml`, (d) => edit(d, `${CHATS}/open-question/meta.yaml`, (t) => t.replace('- seq: 2', '- seq: 5'))],
  ['chat/direction', `${CHATS}/storage-leases/002-to-architect.md`, (d) => edit(d, `${CHATS}/storage-leases/meta.yaml`, (t) => t.replace(/from: engineer\n(\s+)to: architect/, 'from: architect\n$1to: architect')), false, 'a message to its own author'],
  [
    'chat/direction',
    `${CHATS}/open-question/002-to-engineer.md`,
    (d) => {
      // The architect writes twice in a row: message 2 is from the architect, who was not addressed by message 1.
      fs.renameSync(path.join(d, CHATS, 'open-question/002-to-architect.md'), path.join(d, CHATS, 'open-question/002-to-engineer.md'));
      editYaml(d, `${CHATS}/open-question/meta.yaml`, (m) => {
        Object.assign(m.messages[1], { file: '002-to-engineer.md', from: 'architect', to: 'engineer' });
        m.owner = 'engineer';
      });
    },
    false,
    'two messages in a row from one role',
  ],
  ['chat/owner', `${CHATS}/open-question/meta.yaml`, (d) => edit(d, `${CHATS}/open-question/meta.yaml`, (t) => t.replace('owner: architect', 'owner: engineer'))],
  ['chat/seal', `${CHATS}/storage-leases/001-to-engineer.md`, (d) => edit(d, `${CHATS}/storage-leases/001-to-engineer.md`, (t) => `${t}\nOne more thing.\n`)],
  ['chat/chain', `${CHATS}/storage-leases/meta.yaml`, (d) => editYaml(d, `${CHATS}/storage-leases/meta.yaml`, (m) => (m.messages[0].chain = 'f'.repeat(64)))],
  ['chat/unexpected-file', `${CHATS}/storage-leases/009-to-engineer.md`, (d) => write(d, `${CHATS}/storage-leases/009-to-engineer.md`, '# Late\n')],
  ['repo/unsafe-path', `${FORMS}/evil.yaml`, (d) => fs.symlinkSync('/etc/passwd', path.join(d, FORMS, 'evil.yaml'))],
  ['chat/unedited', `${CHATS}/fresh-ask/001-to-engineer.md`, (d) => void ok(run(d, ['chat', 'reply', 'fresh-ask', '--as', 'engineer', '--body-file', '-'], { input: REPLY_BODY }))],
  // The open reply lacks a section of the engineer's template (an error: it can still be edited).
  ['chat/format', `${CHATS}/open-question/002-to-architect.md`, (d) => edit(d, `${CHATS}/open-question/002-to-architect.md`, (t) => t.replace('## ASKS', '## Questions'))],
  ['chat/placeholder', `${CHATS}/storage-leases/DECISION.md`, (d) => edit(d, `${CHATS}/storage-leases/DECISION.md`, (t) => t.replace('Leases per facet, renewed by the writer.', 'What was decided, in one paragraph.'))],
  ['adr/placeholder', `${ADR}/ADR-0003-lease-world-paths-per-facet-v2-draft.md`, (d) => edit(d, `${ADR}/ADR-0003-lease-world-paths-per-facet-v2-draft.md`, (t) => t.replace('We use Postgres.', 'The decision, stated as the rule or contract the project adopts.'))],
  ['chat/closure-file', `${CHATS}/open-question/DECISION.md`, (d) => write(d, `${CHATS}/open-question/DECISION.md`, '# Decision\n')],
  ['chat/closure-file', `${CHATS}/storage-leases/DECISION.md`, (d) => fs.rmSync(path.join(d, `${CHATS}/storage-leases/DECISION.md`))],
];

describe('docpact check', () => {
  let base: string;
  beforeAll(() => {
    base = keepForFile(initRepo());
    everyGenerator(base);
  });
  const copy = () => copyOf(base);

  it('passes a fresh init and the output of every generator', () => {
    expect(run(initRepo(), ['check']).code).toBe(0);
    const r = run(base, ['check']);
    expect(r.stdout).toMatch(/no problems \(3 ADRs, 3 threads, \d+ pages\)/);
    expect(r.code).toBe(0);
  });

  it('takes a form name of three characters, as GitHub does ("Bug"; "QA" it leaves out of the chooser)', () => {
    const dir = copy();
    editYaml(dir, `${FORMS}/bug.yaml`, (f) => (f.name = 'Bug'));
    expect(run(dir, ['check', '--no-cache']).code).toBe(0);
  });

  it('documents every rule it can report, and a plant covers each one', () => {
    // baseline/unused needs a baseline (test/links-baseline.test.ts); base/* need git history (test/branches.test.ts).
    const planted = new Set([...PLANTS.map((p) => p[0]), 'baseline/unused', ...Object.keys(RULES).filter((r) => r.startsWith('base/'))]);
    for (const rule of Object.keys(RULES)) expect(planted, rule).toContain(rule);
    const readme = read(path.resolve(import.meta.dirname, '..'), 'README.md');
    for (const rule of Object.keys(RULES)) expect(readme, `README documents ${rule}`).toContain(`\`${rule}\``);
  });

  for (const [rule, file, plant, fixFirst, what] of PLANTS) {
    it(`reports exactly ${rule} for ${path.basename(file)}${what ? ` (${what})` : ''}`, () => {
      const dir = copy();
      expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
      expect(exists(dir, '.docpact/cache/check-verdict.txt') && factsFiles(dir).length > 0).toBe(true);
      plant(dir);
      if (fixFirst) expect(run(dir, ['check', '--fix', '--quiet'], { env: WARM }).code).toBeLessThan(2);
      const { code, problems } = checkJson(dir, WARM);
      // Warnings are reported but do not fail the check.
      const severity = RULES[rule].startsWith('warning') ? 'warning' : 'error';
      expect(code).toBe(severity === 'error' ? 1 : 0);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.map((p) => `${p.rule} ${p.file}`)).toEqual(problems.map(() => `${rule} ${file}`));
      for (const p of problems) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.severity).toBe(severity);
        expect(p.message.length).toBeGreaterThan(5);
      }
    });
  }

  it('replays its last verdict while nothing changed, reads only what changed, and never believes a cache it did not write', () => {
    const dir = copy();
    const cache = (d: string, name: string) => path.join(d, '.docpact/cache', name);
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    // A verdict that lies, every stamp intact: the next check answers with it, so the verdict is what answered.
    // The verdict is one input a line, docpact.yaml's first, and the result as JSON on the last line.
    const verdictLines = fs.readFileSync(cache(dir, 'check-verdict.txt'), 'utf8').split('\n');
    expect(verdictLines[1]).toMatch(/^file\t\S+\tdocpact\.yaml$/);
    const last = verdictLines.length - 2;
    const result = JSON.parse(verdictLines[last].replace(/^result\t/, ''));
    const plant = (problems: unknown[]) => {
      verdictLines[last] = `result\t${JSON.stringify({ ...result, problems })}`;
      fs.writeFileSync(cache(dir, 'check-verdict.txt'), verdictLines.join('\n'));
    };
    plant([{ file: 'docpact.yaml', line: 1, rule: 'config/schema', severity: 'error', message: 'the planted verdict' }]);
    expect(run(dir, ['check'], { env: WARM }).stdout).toContain('the planted verdict');
    // A damaged verdict is no verdict (and no crash): the check runs.
    plant([null]);
    expect(run(dir, ['check', '--quiet'], { env: WARM })).toMatchObject({ code: 0, stderr: '' });
    // A template override that is a link out of the repository is reported on every run, never remembered away.
    fs.mkdirSync(path.join(dir, '.docpact/templates/chat'), { recursive: true });
    fs.symlinkSync('/etc/hostname', path.join(dir, '.docpact/templates/chat/ask.md.hbs'));
    for (let i = 0; i < 2; i++) expect(checkJson(dir, WARM).problems.map((p) => `${p.rule} ${p.file}`)).toContain('repo/unsafe-path .docpact/templates/chat/ask.md.hbs');
    fs.rmSync(path.join(dir, '.docpact/templates'), { recursive: true });
    // Facts that lie: an ADR's status, changed in the facts file, is believed while that file is unchanged (a page edit voids the verdict).
    const key = `${ADR}/ADR-0001-record-architecture-decisions.md`;
    const shard = factsFiles(dir).find((f) => fs.readFileSync(f, 'utf8').includes(`\n${key}\t`)) as string;
    const lines = fs.readFileSync(shard, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith(`${key}\t`));
    const [, stamp, json] = lines[at].split('\t');
    const facts = JSON.parse(json);
    facts.adr[3] = 'Bogus';
    lines[at] = [key, stamp, JSON.stringify(facts)].join('\t');
    fs.writeFileSync(shard, lines.join('\n'));
    edit(dir, 'docs/source/concepts/index.md', (t) => `${t}\nMore.\n`);
    const lied = checkJson(dir, WARM);
    expect(lied.problems.map((p) => p.rule)).toContain('adr/unknown-status');
    expect(lied.problems.find((p) => p.rule === 'adr/unknown-status')?.message).toContain('"Bogus"');
    // A copy keeps every cache file, but not one stamp matches (a fork's committed cache, a clone): nothing is believed.
    const clone = copyOf(dir, { preserveTimestamps: true });
    expect(checkJson(clone, WARM).problems.filter((p) => p.severity === 'error')).toEqual([]);
    // --no-cache derives everything now and writes no cache.
    expect(run(dir, ['check', '--no-cache', '--quiet']).code).toBe(0);
    expect(run(dir, ['check', '--quiet'], { env: { ...WARM, CI: 'true' } }).code).toBe(0); // a CI job keeps no cache either
    const bare = copy();
    fs.rmSync(path.join(bare, '.docpact/cache'), { recursive: true, force: true });
    expect(run(bare, ['check', '--no-cache', '--quiet'], { env: WARM }).code).toBe(0);
    expect(factsFiles(bare).length > 0 || exists(bare, '.docpact/cache/check-verdict.txt')).toBe(false);
  });

  it('keeps no verdict over a file changed within the settle window, where a later edit could keep its stamp', async () => {
    const dir = copy();
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    fs.rmSync(path.join(dir, '.docpact/cache/check-verdict.txt'));
    // Everything settles (the default window is two seconds); then one page changes, just before the check.
    await new Promise((r) => setTimeout(r, 2300));
    edit(dir, 'docs/source/concepts/index.md', (t) => `${t}\nMore.\n`);
    expect(run(dir, ['check', '--quiet'], { env: { CI: '' } }).code).toBe(0);
    expect(exists(dir, '.docpact/cache/check-verdict.txt')).toBe(false);
    // Settled (a window of 0), the same check keeps its verdict.
    expect(run(dir, ['check', '--quiet'], { env: WARM }).code).toBe(0);
    expect(exists(dir, '.docpact/cache/check-verdict.txt')).toBe(true);
    // A folder the check listed, changed within the window by a file nothing reads: no verdict either.
    fs.rmSync(path.join(dir, '.docpact/cache/check-verdict.txt'));
    await new Promise((r) => setTimeout(r, 2300));
    fs.writeFileSync(path.join(dir, 'docs/source/concepts/notes.txt'), 'Scratch.\n');
    expect(run(dir, ['check', '--quiet'], { env: { CI: '' } }).code).toBe(0);
    expect(exists(dir, '.docpact/cache/check-verdict.txt')).toBe(false);
  });

  it('--fix creates an ADR index page adr.index moved out of the ADR folder, linking and listing the ADRs from there', () => {
    const dir = copy();
    moveIndex(dir);
    expect(run(dir, ['check', '--fix']).stderr).toMatch(/^fixed\s+docs\/source\/decisions\.md$/m);
    const page = read(dir, 'docs/source/decisions.md');
    expect(page).toContain('| [ADR-0001](adr/ADR-0001-record-architecture-decisions.md) |');
    expect(page).toMatch(/```\{toctree\}\n:hidden:\n:glob:\n:maxdepth: 1\n\nadr\/\*\n```/);
    // The page's place in the navigation is docpact sync's: the front page and the guide link the new index.
    // The old index page, still holding the generated table, is a second index until it is deleted.
    expect(checkJson(dir).problems.map((p) => `${p.rule} ${p.file}`)).toEqual([
      'adr/orphan-index docs/source/adr/index.md',
      'docs/orphan docs/source/decisions.md',
      'sync/due docs/source/guides/getting-started.md',
      'sync/due docs/source/index.md',
    ]);
    expect(run(dir, ['sync']).code).toBe(0);
    expect(read(dir, 'docs/source/index.md')).toMatch(/\ndecisions\n/);
    expect(checkJson(dir).problems.map((p) => `${p.rule} ${p.file}`)).toEqual(['adr/orphan-index docs/source/adr/index.md']);
  });

  it('prints path:line: rule: message lines and a count per rule', () => {
    const dir = copy();
    write(dir, 'docs/source/concepts/stray.md', '# Stray\n');
    write(dir, 'docs/source/guides/lost.md', '# Lost\n');
    const r = run(dir, ['check']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('docs/source/concepts/stray.md:1: docs/orphan: no toctree reaches this page');
    expect(r.stdout).toMatch(/\n2 problems:\n {2}docs\/orphan\s+2\n/);
  });

  it('exits 2 naming each bad key when docpact.yaml is invalid', () => {
    const dir = copy();
    edit(dir, 'docpact.yaml', (t) => t.replace('digits: 4', 'digits: four').replace('docs: docs/source', 'docs: /abs'));
    const r = run(dir, ['check']);
    expect(r.code).toBe(2);
    const at = read(dir, 'docpact.yaml').split('\n').indexOf('  digits: four') + 1;
    expect(r.stdout).toContain(`docpact.yaml:${at}: config/schema: adr.digits: expected a number, got "four"`);
    expect(r.stdout).toMatch(/config\/schema: paths\.docs/);
    // A syntax error is reported the same way, with its line, and as JSON.
    write(dir, 'docpact.yaml', 'version: 1\nproject: [unclosed\n');
    const broken = run(dir, ['check', '--json']);
    expect(broken.code).toBe(2);
    expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, error: { code: 'config' }, problems: [expect.objectContaining({ file: 'docpact.yaml', line: 3, rule: 'config/schema' })] });
  });

  it('--fix regenerates derivable content only and reports what it changed', () => {
    const dir = copy();
    // Drift: an ADR edited by hand, the index stale; a generated page dropped from its toctree.
    edit(dir, `${ADR}/ADR-0003-lease-world-paths-per-facet-v2-draft.md`, (t) => t.replace('- Status: Accepted', '- Status: Deprecated'));
    edit(dir, 'docs/source/guides/index.md', (t) => t.replace('replay-the-ledger\n', ''));
    write(dir, 'docs/source/concepts/stray.md', '# Hand-written stray\n');
    const adrBefore = read(dir, `${ADR}/ADR-0003-lease-world-paths-per-facet-v2-draft.md`);
    const r = run(dir, ['check', '--fix']);
    expect(r.stderr).toContain(`fixed  ${ADR}/index.md`);
    expect(r.stderr).toContain('fixed  docs/_generated/adr/index/0000-0099.json');
    expect(r.stderr).toContain('fixed  docs/source/guides/index.md');
    expect(read(dir, `${ADR}/ADR-0003-lease-world-paths-per-facet-v2-draft.md`)).toBe(adrBefore);
    expect(read(dir, `${ADR}/index.md`)).toContain('| Deprecated |');
    expect(read(dir, 'docs/source/guides/index.md')).toMatch(/\nreplay-the-ledger\n/);
    // The hand-written orphan is still reported, not "fixed".
    expect(r.code).toBe(1);
    expect(checkJson(dir).problems.map((p) => p.rule)).toEqual(['docs/orphan']);
  });
});
