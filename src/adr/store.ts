/**
 * The set of ADRs in a repo: listing, numbering, exact REF resolution, and the
 * generated index (Markdown table + toctree between markers, JSON data, and
 * the relation graph as Graphviz source).
 *
 * Speed: commands that create or edit one ADR list the directory and read the
 * generated JSON instead of every ADR, so they cost the same with 10 or
 * 10,000 ADRs. ADR files the JSON does not know (added by hand) are parsed;
 * `docpact check` re-parses everything and reports drift; `check --fix`
 * rewrites the index from the files.
 */
import { DocpactError } from '../core/errors.js';
import type { DocpactConfig } from '../config/schema.js';
import type { PlanBuilder } from '../core/plan.js';
import { listDir, readText, type Root } from '../io/fs.js';
import path from 'node:path';
import { escapeInline, inlineCell } from '../text/markdown.js';
import { RELATIONS, RELATION_KEYS, adrId, parseAdr, toRecord, type AdrRecord } from './parse.js';
import { sameStatus, seriesOf } from './series.js';

export const INDEX_START = '<!-- docpact:adr-index:start -->';
export const INDEX_END = '<!-- docpact:adr-index:end -->';
/** docpact's ADR template page: an orphan (front matter), so it stays out of the navigation. */
export const TEMPLATE_PAGE = 'ADR-template';

export interface AdrFile {
  number: number;
  file: string;
}

function byNumberThenFile(a: AdrFile, b: AdrFile): number {
  return a.number - b.number || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** Where the generated region sits in the index page (end is after INDEX_END), or null without both markers. */
export function regionBounds(page: string): { start: number; end: number } | null {
  const start = page.indexOf(INDEX_START);
  const end = start === -1 ? -1 : page.indexOf(INDEX_END, start);
  return end === -1 ? null : { start, end: end + INDEX_END.length };
}

export const adrIndexPage = (c: DocpactConfig) => seriesOf(c).index;
export const adrDataFile = (c: DocpactConfig) => seriesOf(c).data;
export const adrGraphFile = (c: DocpactConfig) => seriesOf(c).graph;

/** True when `digits` is the canonical zero-padded form of its number (0007, not 7 or 00007). */
export const canonicalNumber = (digits: string, width: number) => digits === String(Number(digits)).padStart(width, '0');

/** ADR files in the ADR directory (canonically numbered), sorted by number then name. */
export function listAdrFiles(root: Root, config: DocpactConfig): AdrFile[] {
  const s = seriesOf(config);
  const out: AdrFile[] = [];
  for (const file of listDir(root, s.dir)) {
    const m = s.re.exec(file);
    if (m && canonicalNumber(m[1], s.digits)) out.push({ number: Number(m[1]), file });
  }
  return out.sort(byNumberThenFile);
}

/** The highest number + 1, or the series' first number (MADR starts at 0). */
export function nextNumber(files: AdrFile[], first = 1): number {
  return files.length ? files.reduce((max, f) => Math.max(max, f.number), first - 1) + 1 : first;
}

/**
 * Resolve a REF exactly: `7`, `0007`, `ADR-0007`, or the file name (with or
 * without `.md`). Never by substring. Unknown or ambiguous REFs are input
 * errors that list candidates.
 */
export function resolveRef(ref: string, files: AdrFile[], digits: number): AdrFile {
  const r = ref.trim();
  let matches: AdrFile[];
  const num = /^(?:ADR-)?(\d{1,9})$/i.exec(r);
  if (num) {
    const n = Number(num[1]);
    matches = files.filter((f) => f.number === n);
  } else {
    const name = r.endsWith('.md') ? r : `${r}.md`;
    matches = files.filter((f) => f.file === name);
  }
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new DocpactError('input', `ADR reference "${ref}" is ambiguous: several files carry that number. Use the file name.`, matches.map((m) => m.file));
  }
  const shown = JSON.stringify(r).slice(1, -1);
  const nearby = num
    ? files.filter((f) => Math.abs(f.number - Number(num[1])) <= 3)
    : files.filter((f) => f.file.toLowerCase().includes(r.toLowerCase().replace(/\.md$/, '')));
  const candidates = (nearby.length ? nearby : files.slice(-5)).slice(0, 8).map((f) => f.file);
  throw new DocpactError(
    'not-found',
    `No ADR matches "${shown}". A reference is a number (7, ${String(7).padStart(digits, '0')}), an id (${adrId(7, digits)}) or a file name.`,
    candidates.length ? ['Candidates:', ...candidates.map((c) => `  ${c}`)] : ['There are no ADRs yet.'],
  );
}

/** Index data as last generated, keyed by file name. */
export function readIndexData(root: Root, config: DocpactConfig): Map<string, AdrRecord> {
  const text = readText(root, adrDataFile(config));
  const map = new Map<string, AdrRecord>();
  if (!text) return map;
  try {
    const data = JSON.parse(text) as { adrs?: AdrRecord[] };
    for (const a of data.adrs ?? []) map.set(a.file, a);
  } catch {
    // Unreadable generated data is simply rebuilt from the ADR files.
  }
  return map;
}

/**
 * Records for every ADR, as the plan would leave them: files the plan touches
 * and files unknown to the index data are parsed; the rest come from the data.
 */
export function currentRecords(plan: PlanBuilder, config: DocpactConfig, files: AdrFile[]): AdrRecord[] {
  const known = readIndexData(plan.root, config);
  return files.map((f) => {
    const rel = `${config.paths.adr}/${f.file}`;
    const cached = known.get(f.file);
    if (cached && !plan.has(rel)) return cached;
    const text = plan.read(rel);
    return toRecord(parseAdr(f.file, text ?? '', seriesOf(config)));
  });
}

/** Finds the file of an ADR id (the first by number then file name), or undefined. */
export type FileOf = (id: string) => string | undefined;

/** Relations as links to the ADRs they name (plain text for an id no file carries). */
function relationsCell(rec: AdrRecord, fileOf: FileOf, base: string): string {
  const parts: string[] = [];
  for (const key of RELATION_KEYS) {
    if (!rec[key].length) continue;
    const links = rec[key].map((id) => {
      const file = fileOf(id);
      return file ? `[${escapeInline(id)}](${base}${file})` : escapeInline(id);
    });
    parts.push(`${RELATIONS[key].label} ${links.join(', ')}`);
  }
  return parts.join('; ') || '—';
}

const TABLE_HEAD = ['| ADR | Title | Status | Date | Relations |', '| --- | --- | --- | --- | --- |'];
/** Every numbered ADR page, in file-name order; a glob keeps the toctree the same whatever the count. */
export const ADR_GLOB = 'ADR-[0-9]*';
/** CSS class of the container around the ADR table (ids and dates stay on one line: the docs' _static/docpact.css). */
export const TABLE_CLASS = 'adr-index';

/**
 * What the index page's toctree lists: docpact's series a glob of ADR pages
 * (its template page is an orphan, out of the navigation); an adopted series
 * every page beside the index (its README, template, …) so Sphinx finds no
 * orphans; nothing when the index is outside the Sphinx source.
 */
export interface IndexToc {
  fixed: string[];
  glob: string;
}
const DOCPACT_TOC: IndexToc = { fixed: [], glob: ADR_GLOB };

export function indexToc(c: DocpactConfig): IndexToc | null {
  const s = seriesOf(c);
  if (!s.index.startsWith(`${c.paths.docs}/`)) return null;
  return s.format === 'docpact' && s.pattern === 'ADR-{number}-{slug}.md' && s.index === `${s.dir}/index.md` ? DOCPACT_TOC : { fixed: [], glob: '*' };
}

/** Does conf.py list sphinx.ext.graphviz? (read, never run; comments do not count) */
export const graphvizEnabled = (conf: string) => /["']sphinx\.ext\.graphviz["']/.test(conf.replace(/#[^\n]*/g, ''));

/**
 * How the index page is laid out, from where it sits and what the Sphinx
 * project can render: its toctree, the relation graph's path as the graphviz
 * directive names it (null when Sphinx does not build the page or conf.py
 * does not enable sphinx.ext.graphviz), and the path from the page to the
 * ADR folder.
 */
export interface IndexLayout {
  toc: IndexToc | null;
  graph: string | null;
  base: string;
}

export function indexLayout(c: DocpactConfig, read: (rel: string) => string | null): IndexLayout {
  const s = seriesOf(c);
  const from = path.posix.dirname(s.index);
  const toc = indexToc(c);
  const conf = toc ? read(`${c.paths.docs}/conf.py`) : null;
  const rel = path.posix.relative(from, s.dir);
  const base = rel ? `${rel}/` : '';
  // An index outside the ADR folder lists the ADR pages by their path from it.
  const listed = toc && base ? { fixed: toc.fixed.map((f) => base + f), glob: base + toc.glob } : toc;
  return { toc: listed, graph: conf !== null && graphvizEnabled(conf) ? path.posix.relative(from, s.graph) : null, base };
}

/** The toctree of the index page. Sphinx warns about a glob that matches nothing, so docpact's appears only with ADRs. */
const tocBlock = (any: boolean, toc: IndexToc | null) => {
  if (!toc || (!any && toc === DOCPACT_TOC)) return [];
  const glob = any || !toc.fixed.length;
  return ['```{toctree}', ':hidden:', ...(glob ? [':glob:'] : []), ':maxdepth: 1', '', ...toc.fixed, ...(glob ? [toc.glob] : []), '```', ''];
};

const renderRow = (r: AdrRecord, fileOf: FileOf, base: string) =>
  `| [${r.id}](${base}${r.file}) | ${inlineCell(r.title)} | ${escapeInline(r.status)} | ${escapeInline(r.date)} | ${relationsCell(r, fileOf, base)} |`;

/** What comes before the rows of a non-empty index region and after them. */
function regionFrame(layout: IndexLayout, edges: boolean): { head: string; tail: string } {
  const sphinx = layout.toc !== null;
  const graph = edges && layout.graph ? [`\`\`\`{graphviz} ${layout.graph}`, ':alt: How the ADRs supersede and amend each other', ':align: center', '```', ''] : [];
  const head = [INDEX_START, '', ...graph, ...(sphinx ? [`\`\`\`{container} ${TABLE_CLASS}`] : []), ...TABLE_HEAD, ''].join('\n');
  const tail = ['', ...(sphinx ? ['```'] : []), '', ...tocBlock(true, layout.toc), INDEX_END].join('\n');
  return { head, tail };
}

const firstFileOf = (records: AdrRecord[]): FileOf => {
  const byId = new Map<string, string>();
  for (const r of records) if (!byId.has(r.id)) byId.set(r.id, r.file);
  return (id) => byId.get(id);
};

/** The generated part of the ADR index page (between the markers); records sorted by number, then file. */
export function renderIndexRegion(records: AdrRecord[], layout: IndexLayout): string {
  if (!records.length) return [INDEX_START, '', 'No decisions recorded yet.', '', ...tocBlock(false, layout.toc), INDEX_END].join('\n');
  const fileOf = firstFileOf(records);
  const { head, tail } = regionFrame(layout, records.some(hasEdges));
  return head + records.map((r) => renderRow(r, fileOf, layout.base)).join('\n') + tail;
}

/** Replace the region between the markers; null when the markers are missing. */
export function replaceRegion(page: string, region: string): string | null {
  const at = regionBounds(page);
  return at && page.slice(0, at.start) + region + page.slice(at.end);
}

/** Index data: one ADR per line, so diffs stay readable. */
export function renderIndexData(records: AdrRecord[]): string {
  if (!records.length) return '{"version":1,"adrs":[]}\n';
  return `{"version":1,"adrs":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

// The relation graph: one group of lines per ADR that has relations (its node,
// then an edge per Supersedes / Amends), in number order. A group depends only
// on its own record, so an update replaces the groups of the changed ADRs.

const GRAPH_HEAD = [
  '// Generated by docpact from the ADRs (supersedes, amends); "docpact check --fix" rewrites it.',
  'digraph adr_relations {',
  '  rankdir=RL;',
  '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
  '  edge [fontname="Helvetica", fontsize=9];',
];
const GRAPH_TAIL = '}\n';
const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
const clip = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);
const hasEdges = (r: AdrRecord) => r.supersedes.length > 0 || r.amends.length > 0;

function graphGroup(c: DocpactConfig, r: AdrRecord, base: string): string[] {
  if (!RELATION_KEYS.some((k) => r[k].length)) return [];
  const label = [r.id, clip(r.title), `(${r.status})`].map((t) => dotString(t).slice(1, -1)).join('\\n');
  const dim = sameStatus(r.status, seriesOf(c).superseded) ? ', color=gray50, fontcolor=gray40' : '';
  const lines = [`  ${dotString(r.id)} [label="${label}", URL=${dotString(base + r.file.replace(/\.md$/, '.html'))}, tooltip=${dotString(r.title)}${dim}];`];
  for (const key of ['supersedes', 'amends'] as const) {
    for (const id of r[key]) lines.push(`  ${dotString(r.id)} -> ${dotString(id)} [label=${dotString(key)}];`);
  }
  return lines;
}

const renderGraph = (groups: string[][]) => [...GRAPH_HEAD, ...groups.flat(), GRAPH_TAIL].join('\n');

/** The relation graph (Graphviz source) of these records, sorted by number, then file. */
export function renderIndexGraph(c: DocpactConfig, records: AdrRecord[], base: string): string {
  return renderGraph(records.map((r) => graphGroup(c, r, base)).filter((g) => g.length));
}

/**
 * Plan the index for a command that changed a few ADRs, editing the existing
 * page region, data and graph line by line. `before` is the ADR listing
 * before the command; records in `changed` that it lacks are new. The output
 * is byte-identical to a full regeneration; when the index does not list
 * exactly the ADRs on disk, it falls back to one.
 */
export function planIndexUpdate(plan: PlanBuilder, config: DocpactConfig, before: AdrFile[], changed: AdrRecord[]): void {
  const s = seriesOf(config);
  const page = plan.read(s.index);
  const data = plan.read(s.data);
  const graph = plan.read(s.graph);
  const layout = indexLayout(config, (rel) => plan.read(rel));
  // In-place edits know docpact's own index layout; any other falls back to regeneration.
  const next = page !== null && data !== null && graph !== null && layout.toc === DOCPACT_TOC ? editIndex(config, layout, page, data, graph, before, changed) : null;
  if (!next) {
    const onDisk = new Set(before.map((f) => f.file));
    const added = changed.filter((r) => !onDisk.has(r.file)).map((r) => ({ number: r.number, file: r.file }));
    return planIndex(plan, config, currentRecords(plan, config, [...before, ...added].sort(byNumberThenFile)));
  }
  plan.write(s.index, next.page);
  plan.write(s.data, next.data);
  plan.write(s.graph, next.graph);
}

const DATA_HEAD = '{"version":1,"adrs":[\n';
const DATA_TAIL = '\n]}\n';

/** Occurrences of `sep` in `text` (indexOf runs at memchr speed; no arrays). */
function count(text: string, sep: string): number {
  let n = 0;
  for (let i = text.indexOf(sep); i !== -1; i = text.indexOf(sep, i + sep.length)) n++;
  return n;
}

/** Replace the line of `text` (lines separated by `sep`) containing `key`; null when absent. */
function replaceLine(text: string, sep: string, key: string, line: string): string | null {
  const at = text.indexOf(key);
  if (at === -1) return null;
  const from = text.lastIndexOf(sep, at);
  const start = from === -1 ? 0 : from + sep.length;
  const end = text.indexOf(sep, at);
  return text.slice(0, start) + line + (end === -1 ? '' : text.slice(end));
}

/** Replace the row starting with `key` (a newline, then the row's start) in `rows` (each row after a newline); null when absent. */
function replaceRow(rows: string, key: string, row: string): string | null {
  const at = rows.indexOf(key);
  if (at === -1) return null;
  const end = rows.indexOf('\n', at + 1);
  return `${rows.slice(0, at)}\n${row}${end === -1 ? '' : rows.slice(end)}`;
}

/** Update the graph's groups for the changed records; null when the graph is not docpact's layout. */
function editGraph(c: DocpactConfig, graph: string, changed: AdrRecord[], base: string): string | null {
  const head = `${GRAPH_HEAD.join('\n')}\n`;
  if (!graph.startsWith(head) || !graph.endsWith(`\n${GRAPH_TAIL}`)) return null;
  const groups = new Map<string, string[]>();
  for (const line of graph.slice(head.length, graph.length - GRAPH_TAIL.length - 1).split('\n')) {
    if (!line) continue;
    const m = /^ {2}"((?:[^"\\]|\\.)*)" /.exec(line);
    if (!m) return null;
    const g = groups.get(m[1]);
    if (g) g.push(line);
    else groups.set(m[1], [line]);
  }
  for (const r of changed) groups.delete(r.id);
  for (const r of changed) {
    const g = graphGroup(c, r, base);
    if (g.length) groups.set(r.id, g);
  }
  const num = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
  return renderGraph([...groups.keys()].sort((a, b) => num(a) - num(b)).map((id) => groups.get(id) as string[]));
}

/**
 * Edit the index region, data and graph in place: rows and data lines share
 * the listing's order, so the index is trusted when the counts and the last
 * entry match the listing and every edited ADR is found; new ADRs (numbered
 * after all others) are appended. Anything else returns null: full
 * regeneration.
 */
function editIndex(
  c: DocpactConfig,
  layout: IndexLayout,
  page: string,
  data: string,
  graph: string,
  before: AdrFile[],
  changed: AdrRecord[],
): { page: string; data: string; graph: string } | null {
  const at = regionBounds(page);
  if (!at || !before.length) return null;
  const digits = seriesOf(c).digits;
  // A number shared by two files makes an id ambiguous: let a full regeneration decide.
  for (const r of changed) if (before.filter((f) => f.number === r.number).length > 1) return null;
  const region = page.slice(at.start, at.end);
  const oldEdges = graph.includes('" -> "');
  const frame = regionFrame(layout, oldEdges);
  if (!region.startsWith(frame.head) || !region.endsWith(frame.tail) || region.length < frame.head.length + frame.tail.length) return null;
  if (!data.startsWith(DATA_HEAD) || !data.endsWith(DATA_TAIL)) return null;
  const nextGraph = editGraph(c, graph, changed, layout.base);
  if (nextGraph === null) return null;
  // Rows keep a leading newline here, so a row is found by its line start (relation links name files too).
  let rows = `\n${region.slice(frame.head.length, region.length - frame.tail.length)}`;
  let lines = data.slice(DATA_HEAD.length, data.length - DATA_TAIL.length);
  let last = before[before.length - 1];
  const rowKey = (f: AdrFile) => `\n| [${adrId(f.number, digits)}](${layout.base}${f.file}) |`;
  const lineKey = (f: AdrFile) => `"file":${JSON.stringify(f.file)},`;
  if (count(rows, '\n') !== before.length || count(lines, ',\n') + 1 !== before.length) return null;
  if (!rows.slice(rows.lastIndexOf('\n')).startsWith(rowKey(last)) || !lines.slice(lines.lastIndexOf('\n') + 1).includes(lineKey(last))) return null;

  const changedFile = new Map(changed.map((r) => [r.id, r.file]));
  const fileOf: FileOf = (id) => changedFile.get(id) ?? before.find((f) => adrId(f.number, digits) === id)?.file;
  for (const rec of [...changed].sort(byNumberThenFile)) {
    const row = renderRow(rec, fileOf, layout.base);
    const line = JSON.stringify(rec);
    const known = before.some((f) => f.file === rec.file);
    if (known) {
      const nextRows = replaceRow(rows, rowKey(rec), row);
      const nextLines = replaceLine(lines, ',\n', lineKey(rec), line);
      if (nextRows === null || nextLines === null) return null;
      rows = nextRows;
      lines = nextLines;
    } else {
      if (byNumberThenFile(last, rec) >= 0) return null; // not the newest: let a full regeneration place it
      rows += `\n${row}`;
      lines += `,\n${line}`;
      last = rec;
    }
  }
  const next = regionFrame(layout, nextGraph.includes('" -> "'));
  return { page: page.slice(0, at.start) + next.head + rows.slice(1) + next.tail + page.slice(at.end), data: DATA_HEAD + lines + DATA_TAIL, graph: nextGraph };
}

/** Plan the index page, data and relation graph for these records. */
export function planIndex(plan: PlanBuilder, config: DocpactConfig, records: AdrRecord[]): void {
  const s = seriesOf(config);
  const pageRel = s.index;
  const page = plan.read(pageRel);
  if (page === null) {
    throw new DocpactError('config', `${pageRel} is missing. Run "docpact init" to restore it, then run this command again.`);
  }
  const layout = indexLayout(config, (rel) => plan.read(rel));
  const next = replaceRegion(page, renderIndexRegion(records, layout));
  if (next === null) {
    throw new DocpactError(
      'config',
      `${pageRel} has no generated region. Add the two lines "${INDEX_START}" and "${INDEX_END}" where the ADR table belongs, then run again.`,
    );
  }
  plan.write(pageRel, next);
  plan.write(s.data, renderIndexData(records));
  plan.write(s.graph, renderIndexGraph(config, records, layout.base));
}
