/**
 * Read well where people read (issue #27): on github.com — judged by a
 * CommonMark + GFM renderer (test/render.ts), never by docpact's own
 * escaping — and in the site every Sphinx builder makes from the docs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADR_CONTENT, ASK_BODY, DATE, buildMkdocs, exists, fixtureRepo, initKeeping, initRepo, keepForFile, mkdocsBin, ok, read, run, sphinxBuild, tempRepo, write } from './helpers.js';
import { foreignElements, github, inner, mystShown, shown } from './render.js';

const CHATS = 'theory_api/agents/chats';

describe('chat titles on GitHub', () => {
  it("a message's heading and the thread's DECISION.md show the title as typed: no element from it but its code span", () => {
    const dir = initRepo();
    const title = 'Should order IDs be `ULID`s or <UUID>s? &lt;b&gt; *not* [x](y) www.example.org';
    ok(run(dir, ['chat', 'new', 'ids', '--title', title, '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY }));
    const h1 = inner(github(read(dir, `${CHATS}/ids/001-to-engineer.md`)), 'h1');
    expect(foreignElements(h1)).toEqual([]);
    expect(h1).toContain('<code>ULID</code>');
    expect(shown(h1)).toBe('001 — to engineer: Should order IDs be ULIDs or <UUID>s? &lt;b&gt; not [x](y) www.example.org');

    ok(run(dir, ['chat', 'close', 'ids', '--as', 'architect', '--date', DATE]));
    const decision = inner(github(read(dir, `${CHATS}/ids/DECISION.md`)), 'h1');
    expect(foreignElements(decision)).toEqual([]);
    expect(shown(decision)).toBe('Decision: Should order IDs be ULIDs or <UUID>s? &lt;b&gt; not [x](y) www.example.org');
  });
});

describe('the glossary', () => {
  it('is in dictionary order (Unicode collation): "Ärger" with the A\'s, "Étiquette" with the E\'s, "zone" after "Zebra"', () => {
    const dir = initRepo();
    for (const term of ['zone', 'Ärger', 'Zebra', 'Étiquette', 'apple']) ok(run(dir, ['docs', 'term', term, `What ${term} means.`]));
    const terms = read(dir, 'docs/source/glossary.md')
      .split('\n')
      .filter((l) => ['zone', 'Ärger', 'Zebra', 'Étiquette', 'apple'].includes(l));
    expect(terms).toEqual(['apple', 'Ärger', 'Étiquette', 'Zebra', 'zone']);
  });
});

describe('an MkDocs site', () => {
  it('sorts its glossary by Unicode collation too, tells editors (not readers) how to add terms, and gets no .readthedocs.yaml', (ctx) => {
    const dir = fixtureRepo('mkdocs');
    initKeeping(dir, ['mkdocs.yml']);
    for (const term of ['zone', 'Ärger', 'Zebra', 'Étiquette', 'apple']) ok(run(dir, ['docs', 'term', term, `What ${term} means.`]));
    const glossary = read(dir, 'docs/glossary.md');
    const terms = [...glossary.matchAll(/^## (.*)$/gm)].map((m) => m[1]).filter((t) => ['zone', 'Ärger', 'Zebra', 'Étiquette', 'apple'].includes(t));
    expect(terms).toEqual(['apple', 'Ärger', 'Étiquette', 'Zebra', 'zone']);
    expect(github(glossary.split('\n## ')[0]).replace(/<!--[\s\S]*?-->/g, '')).not.toMatch(/docpact docs term/);
    expect(read(dir, 'docs/guides/getting-started.md')).toMatch(/`pip install -r docs-requirements\.txt`\n {2}installs the MkDocs version CI builds with\./);
    expect(exists(dir, '.readthedocs.yaml')).toBe(false);
    if (!mkdocsBin()) return ctx.skip();
    expect(buildMkdocs(dir).stderr).toBe('');
  });
});

describe('Read the Docs', () => {
  it('init writes .readthedocs.yaml: Python 3.11, the docs requirements, Graphviz from apt, warnings as errors', () => {
    const dir = initRepo();
    const rtd = parse(read(dir, '.readthedocs.yaml'));
    expect(rtd).toMatchObject({
      version: 2,
      build: { tools: { python: '3.11' }, apt_packages: ['graphviz'] },
      sphinx: { configuration: 'docs/source/conf.py', fail_on_warning: true },
      python: { install: [{ requirements: 'docs/requirements.txt' }] },
    });
    expect(exists(dir, 'docs/requirements.txt')).toBe(true);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it("keeps a project's own .readthedocs.yml and writes no second configuration", () => {
    const dir = tempRepo();
    write(dir, '.readthedocs.yml', 'version: 2\nmkdocs: {}\n');
    ok(run(dir, ['init', '--yes', '--date', DATE]));
    expect(read(dir, '.readthedocs.yml')).toBe('version: 2\nmkdocs: {}\n');
    expect(exists(dir, '.readthedocs.yaml')).toBe(false);
    ok(run(dir, ['sync']));
    expect(exists(dir, '.readthedocs.yaml')).toBe(false);
  });
});

/** Pages of a built site: html, dirhtml and singlehtml write .html; epub writes .xhtml beside its package files. */
const pagesOf = (out: string) => (fs.readdirSync(out, { recursive: true }) as string[]).filter((f) => /\.x?html$/.test(f));
/** Every `href` of the inline SVG graphs of a page. */
const graphLinks = (page: string) => [...page.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/(?:xlink:)?href="([^"]*)"/g)].map((h) => h[1]));
/** The text a reader sees in a page's SVG graphs. */
const graphText = (page: string) => [...page.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1])).join(' ');

describe('every Sphinx builder, with -W -n', () => {
  let dir: string;
  const outs = new Map<string, { code: number; stderr: string; out: string }>();
  const BUILDERS = ['html', 'dirhtml', 'singlehtml', 'epub', 'latex', 'man', 'text'];
  beforeAll(() => {
    if (!sphinxBuild()) return;
    dir = keepForFile(initRepo(['--project', 'Order Desk']));
    ok(run(dir, ['adr', 'new', 'Use **SQLite** for `orders`', '--supersedes', '1', '--date', DATE, ...ADR_CONTENT]));
    ok(run(dir, ['adr', 'new', '注文IDの形式を決める', '--amends', '2', '--date', DATE, ...ADR_CONTENT]));
    ok(run(dir, ['adr', 'status', '2', 'accepted']));
    ok(run(dir, ['docs', 'term', 'Order', 'What a customer buys; see {doc}`the overview <index>` and <b>not</b> this.']));
    for (const b of BUILDERS) {
      const out = path.join(dir, '_build', b);
      const r = spawnSync('sphinx-build', ['-W', '-n', '--keep-going', '-q', '-b', b, path.join(dir, 'docs/source'), out], { encoding: 'utf8' });
      outs.set(b, { code: r.status ?? -1, stderr: r.stderr, out });
    }
  }, 300_000);

  for (const b of BUILDERS) {
    it(`${b} builds without a warning`, (ctx) => {
      if (!sphinxBuild()) return ctx.skip();
      const r = outs.get(b)!;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });
  }

  it('the man page is named and titled after the project', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const { out } = outs.get('man')!;
    expect(fs.readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['order-desk.7']);
    const th = read(out, 'order-desk.7').split('\n').find((l) => l.startsWith('.TH'));
    expect(th).toMatch(/^\.TH "ORDER-DESK" "7"/);
    expect(read(out, 'order-desk.7')).toMatch(/^order-desk \\- Order Desk documentation$/m);
  });

  it("a glossary definition's MyST role links in the site; other markup in it stays text", (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const glossary = read(outs.get('html')!.out, 'glossary.html');
    const dd = glossary.split('id="term-Order"')[1].split('</dd>')[0];
    expect(dd).toMatch(/see <a class="reference internal" href="index\.html"><span class="doc">the overview<\/span><\/a> and &lt;b&gt;not&lt;\/b&gt; this\./);
  });

  it('shows each status as a badge with a per-status class, in the index table and on the ADR page, styled by docpact.css', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const { out } = outs.get('html')!;
    const badges = (rel: string) => [...read(out, rel).matchAll(/<span class="adr-status (status-[a-z-]+)">([^<]*)<\/span>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(badges('adr/index.html')).toEqual(['status-superseded Superseded', 'status-accepted Accepted', 'status-proposed Proposed']);
    expect(badges('adr/ADR-0002-use-sqlite-for-orders.html')).toEqual(['status-accepted Accepted']);
    expect(badges('adr/ADR-0001-record-architecture-decisions.html')).toEqual(['status-superseded Superseded']);
    const css = read(out, '_static/docpact.css');
    for (const status of ['accepted', 'proposed', 'superseded', 'rejected', 'deprecated']) expect(css).toMatch(new RegExp(`\\.status-${status}\\b[^{]*\\{[^}]*background`));
  });

  it('keeps each relation ("Supersedes ADR-0001") and each id on one line: phrases docpact.css does not wrap', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const { out } = outs.get('html')!;
    const index = read(out, 'adr/index.html');
    const relations = [...index.matchAll(/<span class="adr-relation">([\s\S]*?)<\/a><\/span>/g)].map((m) => shown(m[1]));
    expect(relations).toEqual(['Superseded by ADR-0002', 'Supersedes ADR-0001', 'Amended by ADR-0003', 'Amends ADR-0002']);
    expect(read(out, '_static/docpact.css')).toMatch(/\.adr-relation \{\s*white-space: nowrap;/);
    expect(index).toMatch(/<table class="[^"]*adr-index/);
  });

  it('reader pages carry no instructions for editors (they are comments in the source); the guide installs the pinned requirements', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const { out } = outs.get('html')!;
    for (const page of ['glossary.html', 'guides/index.html', 'concepts/index.html', 'apps/index.html', 'use-cases/index.html', 'adr/index.html']) {
      const main = read(out, page).split('<div class="body" role="main">')[1].split('<div class="sphinxsidebar"')[0];
      expect(shown(main), page).not.toMatch(/docpact (docs|adr) (add|term|new)|\{term\}|outside the markers|table below/);
    }
    expect(shown(read(out, 'guides/getting-started.html'))).toContain('pip install -r docs/requirements.txt');
  });

  it('LaTeX is typeset by XeLaTeX, which reads the CJK title (pdfLaTeX stops at it)', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const { out } = outs.get('latex')!;
    const tex = fs.readdirSync(out).find((f) => f.endsWith('.tex'))!;
    expect(read(out, tex)).toContain('\\usepackage{fontspec}');
    expect(read(out, tex)).toContain('注文IDの形式を決める');
  });

  it('the relation graph is SVG in the page, its boxes plain text (no Markdown), every box linking to a page the builder wrote', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    for (const b of ['html', 'dirhtml', 'singlehtml', 'epub']) {
      const { out } = outs.get(b)!;
      const page = pagesOf(out).find((f) => graphLinks(fs.readFileSync(path.join(out, f), 'utf8')).length);
      expect(page, `${b}: a page with the graph`).toBeDefined();
      const html = fs.readFileSync(path.join(out, page!), 'utf8');
      expect(html, b).not.toMatch(/graphviz-[0-9a-f]+\.png/);
      const text = graphText(html);
      expect(text, b).toContain('Use SQLite for orders');
      expect(text, b).toContain('注文IDの形式を決める');
      expect(text, b).not.toMatch(/\*\*|`/);
      const links = graphLinks(html);
      expect(links.length, b).toBe(3);
      for (const href of links) {
        const [file, anchor] = href.split('#');
        const target = file ? path.join(out, path.dirname(page!), file.endsWith('/') ? `${file}index.html` : file) : path.join(out, page!);
        expect(fs.existsSync(target), `${b}: ${href} from ${page}`).toBe(true);
        if (anchor) expect(fs.readFileSync(target, 'utf8'), `${b}: #${anchor}`).toContain(`id="${anchor}"`);
      }
    }
  });
});

describe('the ADR index and its range pages, on GitHub and in the site', () => {
  const ADR_DIR = 'docs/source/adr';
  const body = (n: number) => `# ADR-${String(n).padStart(4, '0')} — Decision ${n}\n\n- Status: Accepted\n- Date: ${DATE}\n- Deciders: a\n\n## Context\n\nx\n\n## Decision\n\nx\n\n## Consequences\n\nx\n\n## Alternatives\n\nx\n`;
  /** What GitHub shows of a page that only the site should: a MyST fence or directive option as text, a code block (comments it hides). */
  let one: string;
  let many: string;
  beforeAll(() => {
    one = keepForFile(initRepo());
    ok(run(one, ['adr', 'new', 'Use Postgres', '--supersedes', '1', '--date', DATE, ...ADR_CONTENT]));
    ok(run(one, ['chat', 'new', 'leases', '--title', 'Leases', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY }));
    ok(run(one, ['chat', 'close', 'leases', '--as', 'architect', '--date', DATE]));
    many = keepForFile(initRepo());
    for (let n = 2; n <= 99; n++) write(many, `${ADR_DIR}/ADR-${String(n).padStart(4, '0')}-decision-${n}.md`, body(n));
    ok(run(many, ['adr', 'new', 'Cross the boundary', '--supersedes', '3', '--date', DATE, ...ADR_CONTENT]));
  });

  it('GitHub shows the index as a table, with no MyST fence, option or role as text', () => {
    const html = github(read(one, `${ADR_DIR}/index.md`));
    expect(mystShown(html)).toEqual([]);
    const table = inner(html, 'table');
    expect(shown(inner(table, 'thead'))).toBe('ADR Title Status Date Relations');
    expect(table).toContain('<a href="ADR-0002-use-postgres.md">ADR-0002</a>');
  });

  it('no file people open on GitHub shows MyST as text: ADRs, the index, chat messages, DECISION.md, AGENTS.md, CLAUDE.md, the PR template', () => {
    const files = [
      `${ADR_DIR}/index.md`,
      `${ADR_DIR}/ADR-0001-record-architecture-decisions.md`,
      `${ADR_DIR}/ADR-0002-use-postgres.md`,
      `${ADR_DIR}/ADR-template.md`,
      `${CHATS}/leases/001-to-engineer.md`,
      `${CHATS}/leases/DECISION.md`,
      'AGENTS.md',
      'CLAUDE.md',
      'theory_api/agents/prompts/AGENTS.md',
      '.github/PULL_REQUEST_TEMPLATE.md',
    ];
    const roles = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').match(/\{[a-z][\w:-]*\}<code>/g) ?? [];
    for (const f of files) {
      const html = github(read(one, f));
      expect([...mystShown(html).filter((m) => m !== '<pre>'), ...roles(html)], f).toEqual([]);
    }
  });

  it('GitHub shows the index of several ranges as links labelled from the first real number, and each range page as a table', () => {
    const html = github(read(many, `${ADR_DIR}/index.md`));
    expect(mystShown(html)).toEqual([]);
    expect([...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[2]} -> ${m[1]}`)).toEqual([
      'ADR-0001 to ADR-0099 -> by-number/0000-0099.md',
      'ADR-0100 to ADR-0199 -> by-number/0100-0199.md',
    ]);
    const range = github(read(many, `${ADR_DIR}/by-number/0000-0099.md`));
    expect(mystShown(range)).toEqual([]);
    expect(shown(inner(range, 'h1'))).toBe('ADR-0001 to ADR-0099');
    expect(inner(range, 'table')).toContain('<a href="../ADR-0003-decision-3.md">ADR-0003</a>');
    expect(shown(inner(github(read(many, `${ADR_DIR}/by-number/0100-0199.md`)), 'h1'))).toBe('ADR-0100 to ADR-0199');
    expect(run(many, ['check']).code).toBe(0);
  });

  it('the site builds both with -W -n: the graph and the navigation GitHub hides, the tables, and no instructions for editors', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    for (const dir of [one, many]) {
      const out = path.join(dir, '_build', 'html');
      const r = spawnSync('sphinx-build', ['-W', '-n', '--keep-going', '-q', '-b', 'html', path.join(dir, 'docs/source'), out], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const index = read(out, 'adr/index.html');
      expect(index).toMatch(/<div class="graphviz adr-graph"/);
      expect(shown(index)).not.toMatch(/docpact:site|table below|outside the markers|docpact adr new/);
    }
    const one_ = read(path.join(one, '_build/html'), 'adr/index.html');
    expect(one_).toMatch(/<table class="[^"]*adr-index/);
    // The ADR pages are in the navigation (the toctree GitHub does not see).
    expect(one_).toMatch(/<a class="reference internal" href="ADR-0002-use-postgres\.html">/);
    const manyOut = path.join(many, '_build/html');
    expect(read(manyOut, 'adr/index.html')).toMatch(/<a class="reference internal" href="by-number\/0000-0099\.html">ADR-0001 to ADR-0099<\/a>/);
    const range = read(manyOut, 'adr/by-number/0000-0099.html');
    expect(range).toMatch(/<table class="[^"]*adr-index/);
    expect(range).toContain('<span class="adr-status status-superseded">Superseded</span>');
    expect(fs.existsSync(path.join(manyOut, 'adr/ADR-0050-decision-50.html'))).toBe(true);
    expect(shown(range)).not.toMatch(/Generated by docpact/);
  });
});
