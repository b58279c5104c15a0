/**
 * User text as readers see it. Titles are written into Markdown that GitHub
 * renders (CommonMark + GFM) and that Sphinx builds (MyST); whatever docpact
 * does to escape them, the rendered text must be the title as typed, and no
 * HTML element may come from what the user typed. The expected values come
 * from two independent renderers — micromark with GFM (GitHub's dialect,
 * raw HTML allowed as GitHub allows it) and a real sphinx-build — never from
 * docpact's own escaping.
 *
 * One repository holds every sample: the titles go in as concept pages (one
 * `docpact sync` writes them all) and as ADRs through `adr new`, so the
 * property costs a few bin starts and one Sphinx build, not one per sample.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATE, buildDocs, edit, initRepo, keepForFile, ok, read, run, sphinxBuild, tempRepo } from './helpers.js';
import { escapeMyst, inlineCell, unescapeMyst } from '../src/text/markdown.js';
import { collapse, elements as elementsOf, foreignElements, github, inner, literal, shown } from './render.js';

/** Characters Markdown, GFM, MyST or HTML could read as syntax, with letters, digits and some non-ASCII. */
const SYNTAX = [...'<>{}[]()\\!#+-.|$%^&;\'":=?/,'];
const PLAIN = [...'abcdefghijklmnopqrstuvxyzABCDEFGHIJKLMNOPQRSTUVXYZ0123456789    éß日本'];
/** Inline Markdown that docpact keeps working in titles (code, emphasis, strikethrough): rendered, so not literal. */
const INLINE = [...'`*_~'];

const titles = (chars: string[], n: number, seed: number) =>
  fc
    .sample(fc.string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength: 24 }), { numRuns: n, seed })
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean);

/**
 * Known-hostile titles: raw HTML, a MyST role, a link, a substitution, a comment, a directive, character
 * references, bare URLs and e-mail addresses (GitHub links them), a heading's closing "#"s.
 */
const HOSTILE = [
  'Entities &lt;b&gt; and &#60;i&#62; and &amp;',
  'See https://example.com/<x> and www.example.org.',
  'Mail ops@example.com> now',
  'Ends with a hash #',
  'Math $x$ and ~~not struck~~ here',
  'Use <script>alert(1)</script> now',
  'An <img src=x onerror=alert(1)> image',
  'Read {download}`/etc/passwd` here',
  'Click [here](javascript:alert(1))',
  'Hello {{title}} and {sub}',
  'Note <!-- hidden --> text',
  'Fence ```{toctree}``` inline',
  'Role {doc}`index` and $x$',
  'Back\\slash and <b>bold</b> \\<i>',
];

// Titles that must show as typed (see render.ts, literal()), and titles that may carry inline Markdown (checked for elements only).
const LITERAL = [...HOSTILE, ...titles([...SYNTAX, ...PLAIN], 60, 28)].filter((t) => literal(t));
const INLINED = [...HOSTILE.filter((t) => !literal(t)), ...titles([...SYNTAX, ...PLAIN, ...INLINE], 30, 29)];
/** What the ADRs are titled (through `adr new`): a few of each kind. */
const ADR_TITLES = [...LITERAL.slice(0, 6), ...INLINED.slice(0, 4)];

const concept = (i: number) => `C${i} `;
const conceptTitles = [...LITERAL, ...INLINED].map((t, i) => concept(i) + t);

/** Sphinx typesets quotes, dashes and ellipses (smartquotes); a reader sees the same words (the titles hold no typographic marks of their own). */
const unsmart = (text: string) => text.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/—/g, '---').replace(/–/g, '--').replace(/…/g, '...');

/** The title cell of ADR `id` in the index's table, rendered: the table's lines of the page, whatever wraps them. */
function githubIndexCell(page: string, id: string): string {
  const table = page.split('\n').filter((l) => l.startsWith('|')).join('\n');
  const row = github(table).split('<tr>').find((r) => r.includes(`>${id}</a>`));
  if (!row) throw new Error(`no row for ${id} in the rendered index`);
  return [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)][1][1];
}

describe('titles as GitHub and Sphinx show them', () => {
  let dir: string;
  const adrFiles: string[] = [];
  beforeAll(() => {
    dir = keepForFile(initRepo());
    // 1. Concept pages: every title at once, through docpact.yaml and one sync.
    edit(dir, 'docpact.yaml', (t) => t.replace(/^concepts:\n( {2}- .*\n)+/m, `concepts: ${JSON.stringify(conceptTitles)}\n`));
    ok(run(dir, ['sync']));
    // 2. ADRs: through adr new, each title as typed.
    ADR_TITLES.forEach((t, i) => adrFiles.push(JSON.parse(ok(run(dir, ['adr', 'new', `--title=T${i} ${t}`, '--date', DATE, '--json'])).stdout).result.file));
  });
  const conceptPage = (i: number) => {
    const name = fs.readdirSync(path.join(dir, 'docs/source/concepts')).find((f) => f.startsWith(`c${i}-`) || f === `c${i}.md`);
    if (!name) throw new Error(`no concept page for title ${i}`);
    return `docs/source/concepts/${name}`;
  };

  it('on GitHub (CommonMark + GFM): each heading and index cell reads as the title, with no element from the title', () => {
    const bad: string[] = [];
    conceptTitles.forEach((title, i) => {
      const h1 = inner(github(read(dir, conceptPage(i))), 'h1');
      const extra = foreignElements(h1);
      if (extra.length) bad.push(`${JSON.stringify(title)}: <${extra.join('>, <')}> in ${h1}`);
      if (i < LITERAL.length && shown(h1) !== collapse(title)) bad.push(`${JSON.stringify(title)} shows as ${JSON.stringify(shown(h1))}`);
    });
    const index = read(dir, 'docs/source/adr/index.md');
    ADR_TITLES.forEach((t, i) => {
      const title = `T${i} ${t}`;
      const id = `ADR-${String(i + 2).padStart(4, '0')}`;
      const h1 = inner(github(read(dir, adrFiles[i])), 'h1');
      const cell = githubIndexCell(index, id);
      for (const [where, html, want] of [['H1', h1, `${id} — ${title}`], ['index cell', cell, title]] as const) {
        const extra = foreignElements(html);
        if (extra.length) bad.push(`ADR ${JSON.stringify(title)} ${where}: <${extra.join('>, <')}> in ${html}`);
        if (i < 6 && shown(html) !== collapse(want)) bad.push(`ADR ${JSON.stringify(title)} ${where} shows as ${JSON.stringify(shown(html))}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('in the site sphinx-build makes (MyST): the same', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const out = tempRepo(false);
    const b = buildDocs(dir, out);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const html = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
    // The heading without Sphinx's own permalink.
    const heading = (page: string) => inner(page, 'h1').replace(/<a class="headerlink"[\s\S]*?<\/a>/, '');
    const bad: string[] = [];
    conceptTitles.forEach((title, i) => {
      const h1 = heading(html(conceptPage(i).replace('docs/source/', '').replace(/\.md$/, '.html')));
      const extra = foreignElements(h1);
      if (extra.length) bad.push(`${JSON.stringify(title)}: <${extra.join('>, <')}> in ${h1}`);
      if (i < LITERAL.length && unsmart(shown(h1)) !== unsmart(collapse(title))) bad.push(`${JSON.stringify(title)} shows as ${JSON.stringify(shown(h1))}`);
    });
    const index = html('adr/index.html');
    ADR_TITLES.forEach((t, i) => {
      const title = `T${i} ${t}`;
      const id = `ADR-${String(i + 2).padStart(4, '0')}`;
      const h1 = heading(html(adrFiles[i].replace('docs/source/', '').replace(/\.md$/, '.html')));
      const row = index.split('<tr').find((r) => r.split('</td>')[0].includes(`>${id}</span>`)) ?? '';
      const cell = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)][1]?.[1] ?? '';
      for (const [where, frag, want] of [['H1', h1, `${id} — ${title}`], ['index cell', cell.replace(/^<p>|<\/p>$/g, ''), title]] as const) {
        const extra = foreignElements(frag);
        if (extra.length) bad.push(`ADR ${JSON.stringify(title)} ${where}: <${extra.join('>, <')}> in ${frag}`);
        if (i < 6 && unsmart(shown(frag)) !== unsmart(collapse(want))) bad.push(`ADR ${JSON.stringify(title)} ${where} shows as ${JSON.stringify(shown(frag))}`);
      }
    });
    expect(bad).toEqual([]);
  }, 180_000);
});

/**
 * The one escaping function, many samples in-process against the GitHub renderer: a title, a list item and a
 * table cell each show any text as typed (inline Markdown aside), and escaping reverses exactly. The bin-level
 * tests above (and the Sphinx build) judge the same function where docpact writes it.
 */
describe('escapeMyst against micromark with GFM, in-process (property)', () => {
  const LINK_PARTS = ['https://', 'http://', 'www.', '@', 'a@b.c', '&lt;', '&#60;', '&#x3c;', '&amp;', ' #', '1. ', '- ', '+ ', '> ', '|', '  '];
  const text = (inline: boolean) =>
    fc
      .array(fc.oneof(fc.constantFrom(...SYNTAX, ...PLAIN, ...(inline ? INLINE : [])), fc.constantFrom(...LINK_PARTS)), { minLength: 1, maxLength: 16 })
      .map((parts) => parts.join('').replace(/\s+/g, ' ').trim())
      .filter(Boolean);
  const places = (t: string) => [`# X ${escapeMyst(t)}`, `- X ${escapeMyst(t)}`, `X ${escapeMyst(t)}`];

  it('text without inline Markdown shows exactly as typed, with no element', () => {
    fc.assert(
      fc.property(text(false), (t) => {
        for (const line of places(t)) {
          const html = github(line);
          const got = inner(html, line.startsWith('# ') ? 'h1' : line.startsWith('- ') ? 'li' : 'p');
          expect(elementsOf(got), line).toEqual([]);
          expect(shown(got), line).toBe(collapse(`X ${t}`));
        }
        const cell = github(`| A |\n| --- |\n| ${inlineCell(t)} |`);
        expect(shown(inner(cell, 'td')), inlineCell(t)).toBe(collapse(t));
        expect(unescapeMyst(escapeMyst(t))).toBe(t);
      }),
      { numRuns: 1500 },
    );
  });

  it('text with inline Markdown makes no element but code, emphasis and strikethrough', () => {
    fc.assert(
      fc.property(text(true), (t) => {
        for (const line of places(t)) expect(foreignElements(inner(github(line), line.startsWith('# ') ? 'h1' : line.startsWith('- ') ? 'li' : 'p')), line).toEqual([]);
        expect(unescapeMyst(escapeMyst(t))).toBe(t);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('the project name in the built site', () => {
  it('reads as typed in the browser title, the sidebar, the footer and the manual page, with no element from it (real sphinx-build)', (ctx) => {
    if (!sphinxBuild()) return ctx.skip();
    const project = `R&D <b>Team</b> "Q's"`;
    const dir = initRepo(['--project', project]);
    const out = tempRepo(false);
    const b = buildDocs(dir, out);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const page = fs.readFileSync(path.join(out, 'guides/index.html'), 'utf8');
    // Sphinx escapes html_title itself; the theme puts the project and the copyright in as they are.
    expect(shown(inner(page, 'title'))).toBe(`Guides — ${project}`);
    const logo = inner(page, 'h1').includes('logo') ? inner(page, 'h1') : (/<h1 class="logo">([\s\S]*?)<\/h1>/.exec(page)?.[1] ?? '');
    expect(shown(logo)).toBe(project);
    expect(elementsOf(logo)).toEqual(['a']);
    const footer = /<div class="footer">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
    expect(shown(footer)).toContain(`${DATE.slice(0, 4)}, ${project}.`);
    expect(elementsOf(footer.split('|')[0])).toEqual([]);
    // Builders that are not HTML take the name as text.
    const man = fs.mkdtempSync(path.join(out, 'man-'));
    const r = spawnSync('sphinx-build', ['-W', '-q', '-b', 'man', path.join(dir, 'docs/source'), man], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const manPage = fs.readFileSync(path.join(man, fs.readdirSync(man).find((f) => f.endsWith('.7'))!), 'utf8');
    expect(manPage).not.toMatch(/&amp;|&lt;|&quot;|&#x27;/);
    expect(manPage).toContain('R&D <b>Team</b>');
  });
});
