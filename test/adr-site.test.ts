// The ADR index as readers see it: the site sphinx-build -W makes from it (issue #10, item 5).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { initRepo, ok, read, run, sphinxBuild, withDate, write } from './helpers.js';

/** A step that must succeed; its stdout. */
const step = (dir: string, args: string[]) => ok(run(dir, withDate(args))).stdout;

it('renders the ADR index with linked relations, inline Markdown titles and a relation graph, for docpact and MADR series', (ctx) => {
  // docpact's own series, plus a MADR series inside the docs (first number 0).
  const dir = initRepo();
  write(dir, 'docpact.yaml', read(dir, 'docpact.yaml').replace('  first: 1\n', '  first: 1\n  series:\n    - name: web\n      path: docs/source/web-decisions\n      format: madr4\n      first: 0\n'));
  fs.mkdirSync(path.join(dir, 'docs/source/web-decisions'));
  step(dir, ['init', '--yes']);
  write(dir, 'docs/source/index.md', read(dir, 'docs/source/index.md').replace('adr/index\n', 'adr/index\nweb-decisions/index\n'));

  step(dir, ['adr', 'new', 'Use `a|b` and *emphasis*, never <b>raw</b> or {sub}', '--supersedes', '1']);
  step(dir, ['adr', 'new', 'Tighten caps', '--amends', '2']);
  for (const t of ['Use Vite', 'Use Rollup']) step(dir, ['adr', 'new', t, '--series', 'web']);
  step(dir, ['adr', 'new', 'Use esbuild', '--series', 'web', '--supersedes', '1']);

  // The table source: linked relations, the title's inline Markdown kept and its HTML and roles escaped.
  const index = read(dir, 'docs/source/adr/index.md');
  expect(index).toContain('| [ADR-0002](ADR-0002-use-a-b-and-emphasis-never-b-raw-b-or-sub.md) | Use `a\\|b` and *emphasis*, never \\<b\\>raw\\</b\\> or \\{sub\\} | Proposed | 2026-11-23 | Supersedes [ADR-0001](ADR-0001-record-architecture-decisions.md); Amended by [ADR-0003](ADR-0003-tighten-caps.md) |');
  // The graph and the toctree in a comment GitHub hides and docpact's extension hands to Sphinx.
  expect(index).toMatch(/<!-- docpact:site \(the site builds this; GitHub hides it\)\n```\{graphviz\} \.\.\/\.\.\/_generated\/diagrams\/adr-relations\.dot\n/);
  expect(index).not.toMatch(/^ADR-template$/m);
  expect(read(dir, 'docs/_generated/diagrams/adr-relations.dot')).toContain('"ADR-0003" -> "ADR-0002" [style=dashed, tooltip="ADR-0003 amends ADR-0002"];');
  expect(read(dir, 'docs/_generated/diagrams/adr-relations-web.dot')).toContain('"ADR-0002" -> "ADR-0001" [tooltip="ADR-0002 supersedes ADR-0001"];');
  expect(step(dir, ['check'])).toMatch(/no problems \(6 ADRs/);

  // The graph's source is generated: an edit is drift, and --fix restores it.
  const dot = 'docs/_generated/diagrams/adr-relations-web.dot';
  const good = read(dir, dot);
  write(dir, dot, good.replace('supersedes', 'amends'));
  const drift = run(dir, ['check']);
  expect(drift.code).toBe(1);
  expect(drift.stdout).toMatch(/^docs\/_generated\/diagrams\/adr-relations-web\.dot:1: generated\/drift: the generated ADR relation graph is out of date/m);
  step(dir, ['check', '--fix']);
  expect(read(dir, dot)).toBe(good);

  if (!sphinxBuild()) return ctx.skip();
  const out = path.join(dir, '_build');
  const built = spawnSync('sphinx-build', ['-W', '--keep-going', '-q', '-b', 'html', path.join(dir, 'docs/source'), out], { encoding: 'utf8' });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  const html = (rel: string) => fs.readFileSync(path.join(out, rel), 'utf8');
  const adr = html('adr/index.html');
  // A table row by the id in its first cell.
  const row = (id: string) => adr.split('<tr').find((r) => r.split('</td>')[0].includes(`>${id}</span>`)) ?? '';
  const two = row('ADR-0002');
  expect(two).toMatch(/Supersedes <a class="reference internal" href="ADR-0001-record-architecture-decisions\.html">/);
  expect(two).toMatch(/Amended by <a class="reference internal" href="ADR-0003-tighten-caps\.html">/);
  expect(two).toContain('Use <code class="docutils literal notranslate"><span class="pre">a|b</span></code> and <em>emphasis</em>, never &lt;b&gt;raw&lt;/b&gt; or {sub}');
  // Ids and dates stay on one line (docpact's extension marks the table for docpact.css); the graph is drawn, with clickable nodes.
  expect(adr).toMatch(/<table class="[^"]*adr-index/);
  expect(adr).toContain('_static/docpact.css');
  expect(html('_static/docpact.css')).toMatch(/white-space: nowrap/);
  // The graph is SVG in the page (its text stays text), each box a link to its ADR.
  expect(adr).toMatch(/<div class="graphviz adr-graph" role="group" aria-label="How the ADRs supersede and amend each other">\n<svg /);
  expect(adr).toMatch(/<a xlink:href="ADR-0002-use-a-b-and-emphasis-never-b-raw-b-or-sub\.html"/);
  const web = html('web-decisions/index.html');
  expect(web).toMatch(/Supersedes <a class="reference internal" href="0001-use-rollup\.html">/);
  expect(web).toMatch(/<a xlink:href="0002-use-esbuild\.html"/);
  // The template page builds (an orphan) but is in no navigation; the footer has a copyright.
  expect(fs.existsSync(path.join(out, 'adr/ADR-template.html'))).toBe(true);
  for (const page of ['index.html', 'adr/index.html', 'adr/ADR-0001-record-architecture-decisions.html']) {
    expect(html(page), page).not.toMatch(/ADR-template\.html|ADR-XXXX/);
  }
  expect(html('index.html')).toMatch(/&copy;2026, [^<.]+\./);
});
