import { describe, expect, it } from 'vitest';
import { compareTerms, glossaryTerms } from '../src/docs/glossary.js';
import { SEED_GLOSSARY, seedGlossary } from '../src/docs/seed-glossary.js';
import { markdownProblems } from './consumers.js';
import { buildDocs, everyGenerator, exists, prepared, read, run, runAsync, snapshot, sphinxBuild, write } from './helpers.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const docs = (dir: string, ...args: string[]) => run(dir, ['docs', ...args]);

const SECTIONS: Record<string, string[]> = {
  guide: ['Prerequisites', 'Steps', 'Verify'],
  concept: ['Overview', 'Terms', 'Invariants', 'Relations', 'Examples'],
  app: ['Purpose', 'Models', 'Interfaces', 'Commands', 'Invariants'],
  'use-case': ['Scenario', 'Actors', 'Flow', 'World paths', 'Budgets', 'Acceptance'],
};
const FOLDER: Record<string, string> = { guide: 'guides', concept: 'concepts', app: 'apps', 'use-case': 'use-cases' };

describe('docpact docs add', () => {
  for (const kind of Object.keys(SECTIONS)) {
    it(`adds a ${kind} page with its sections and lists it in the section toctree`, () => {
      const dir = repo();
      const indexRel = `docs/source/${FOLDER[kind]}/index.md`;
      const before = read(dir, indexRel);
      const r = docs(dir, 'add', kind, 'Brand New Page');
      expect(r.code, r.stderr).toBe(0);
      const page = read(dir, `docs/source/${FOLDER[kind]}/brand-new-page.md`);
      expect(page.split('\n')[0]).toBe('# Brand New Page');
      expect(page).toContain('(index.md)'); // links back to its section
      for (const s of SECTIONS[kind]) expect(page).toMatch(new RegExp(`\\n## ${s}\\n\\n[A-Z]`));
      // Exactly one line added to the index, inside the toctree.
      const after = read(dir, indexRel);
      expect(after.replace('brand-new-page\n', '')).toBe(before);
      expect(after).toMatch(/\nbrand-new-page\n```\n$/);
    });
  }

  it('refuses an existing page unless --force, and a bad --slug', () => {
    const dir = repo();
    expect(docs(dir, 'add', 'concept', 'Leases').code).toBe(0);
    write(dir, 'docs/source/concepts/leases.md', '# Mine\n');
    const before = snapshot(dir);
    const again = docs(dir, 'add', 'concept', 'Leases');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(snapshot(dir)).toEqual(before);
    expect(docs(dir, 'add', 'concept', 'Leases', '--force').code).toBe(0);
    expect(read(dir, 'docs/source/concepts/leases.md')).toMatch(/^# Leases\n/);
    expect(read(dir, 'docs/source/concepts/index.md').match(/^leases$/gm)).toHaveLength(1);
    for (const slug of ['../../etc', 'index', 'CON', 'Has Space']) expect(docs(dir, 'add', 'guide', 'X', '--slug', slug).code, slug).toBe(2);
    expect(docs(dir, 'add', 'recipe', 'X').code).toBe(2);
    // A title whose page would be the section's own index: refused for what it is, not offered --force (which refuses it too).
    for (const force of [[], ['--force']]) {
      const index = docs(dir, 'add', 'guide', 'Index', ...force);
      expect(index.code).toBe(2);
      expect(index.stderr).toMatch(/"index"/);
      expect(index.stderr).not.toMatch(/--force/);
    }
    expect(snapshot(dir).size).toBe(before.size);
  });
});

describe('docpact docs term', () => {
  it('inserts terms in dictionary order (Unicode collation) and refuses duplicates', () => {
    const dir = repo();
    for (const t of ['zeta', 'Alpha', 'middle', 'Ünïcode']) expect(docs(dir, 'term', t, `About ${t}.`).code).toBe(0);
    const terms = glossaryTerms(read(dir, 'docs/source/glossary.md')).map((t) => t.term);
    expect(terms).toEqual([...terms].sort(new Intl.Collator('en').compare));
    expect(terms).toContain('Ünïcode');
    const dup = docs(dir, 'term', 'ALPHA', 'again');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already defines "Alpha"/);
    expect(docs(dir, 'term', 'Lonely').code).toBe(2); // no definition and no TTY
    expect(docs(dir, 'term', '```', 'fence').code).toBe(2);
  });

  it('seeds each preset\'s glossary already in dictionary order, as sync renders it (sync copies the seed, it does not sort it)', () => {
    for (const seed of [seedGlossary('blank'), SEED_GLOSSARY]) {
      const terms = seed.map((e) => e.term);
      expect(terms).toEqual([...terms].sort(compareTerms));
    }
    // The page init writes lists them in that order too (Unicode collation: "Adapter" before "ADR").
    const terms = glossaryTerms(read(repo(), 'docs/source/glossary.md')).map((t) => t.term);
    expect(terms.slice(0, 3)).toEqual(['Adapter', 'ADR', 'Agent']);
    expect(terms).toEqual([...terms].sort(new Intl.Collator('en').compare));
  });

  it('keeps every term when several run in parallel', async () => {
    const dir = repo();
    const names = Array.from({ length: 8 }, (_, i) => `Parallel term ${i}`);
    const results = await Promise.all(names.map((n) => runAsync(dir, ['docs', 'term', n, `Definition of ${n}.`])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const terms = glossaryTerms(read(dir, 'docs/source/glossary.md')).map((t) => t.term);
    for (const n of names) expect(terms).toContain(n);
  });
});

describe('the docs tree docpact leaves behind', () => {
  it('builds with sphinx-build -W after every generator has run', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const dir = repo();
    everyGenerator(dir);
    const r = buildDocs(dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('passes markdownlint on every Markdown file docpact wrote, chat threads included', () => {
    const dir = repo();
    everyGenerator(dir);
    expect(exists(dir, 'theory_api/agents/chats/storage-leases/DECISION.md')).toBe(true);
    expect(markdownProblems(dir)).toEqual([]);
  });
});
