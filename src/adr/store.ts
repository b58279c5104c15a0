/**
 * The set of ADRs in a repo: listing, numbering, exact REF resolution, and the
 * generated index (Markdown table + toctree between markers, plus JSON data).
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
import { escapeInline } from '../text/markdown.js';
import { RELATIONS, RELATION_KEYS, adrId, parseAdr, toRecord, type AdrRecord } from './parse.js';
import { seriesOf } from './series.js';

export const INDEX_START = '<!-- docpact:adr-index:start -->';
export const INDEX_END = '<!-- docpact:adr-index:end -->';
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

function relationsCell(rec: AdrRecord): string {
  const parts: string[] = [];
  for (const key of RELATION_KEYS) {
    if (rec[key].length) parts.push(`${RELATIONS[key].label} ${rec[key].join(', ')}`);
  }
  return parts.join('; ') || '—';
}

const TABLE_HEAD = ['| ADR | Title | Status | Date | Relations |', '| --- | --- | --- | --- | --- |'];
/** Every numbered ADR page, in file-name order; a glob keeps the toctree the same whatever the count. */
export const ADR_GLOB = 'ADR-[0-9]*';

/**
 * What the index page's toctree lists: docpact's series its template page and
 * a glob of ADR pages; an adopted series every page beside the index (its
 * README, template, …) so Sphinx finds no orphans; nothing when the index
 * is outside the Sphinx source.
 */
export interface IndexToc {
  fixed: string[];
  glob: string;
}
const DOCPACT_TOC: IndexToc = { fixed: [TEMPLATE_PAGE], glob: ADR_GLOB };

export function indexToc(c: DocpactConfig): IndexToc | null {
  const s = seriesOf(c);
  if (!s.index.startsWith(`${c.paths.docs}/`)) return null;
  return s.format === 'docpact' && s.pattern === 'ADR-{number}-{slug}.md' && s.index === `${s.dir}/index.md` ? DOCPACT_TOC : { fixed: [], glob: '*' };
}

/** The toctree of the index page. Sphinx warns about a glob that matches nothing, so docpact's appears only with ADRs. */
const tocBlock = (any: boolean, toc: IndexToc | null = DOCPACT_TOC) => {
  if (!toc) return [];
  const glob = any || !toc.fixed.length;
  return ['```{toctree}', ':hidden:', ...(glob ? [':glob:'] : []), ':maxdepth: 1', '', ...toc.fixed, ...(glob ? [toc.glob] : []), '```', ''];
};

const renderRow = (r: AdrRecord) =>
  `| [${r.id}](${r.file}) | ${escapeInline(r.title)} | ${escapeInline(r.status)} | ${escapeInline(r.date)} | ${escapeInline(relationsCell(r))} |`;

/** The generated part of the ADR index page (between the markers). */
export function renderIndexRegion(records: AdrRecord[], toc: IndexToc | null = DOCPACT_TOC): string {
  const table = records.length ? [...TABLE_HEAD, ...records.map(renderRow)] : ['No decisions recorded yet.'];
  return [INDEX_START, '', ...table, '', ...tocBlock(records.length > 0, toc), INDEX_END].join('\n');
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

/**
 * Plan the index for a command that changed a few ADRs, editing the existing
 * page region and data line by line. `before` is the ADR listing before the
 * command; records in `changed` that it lacks are new. The output is
 * byte-identical to a full regeneration; when the index does not list
 * exactly the ADRs on disk, it falls back to one.
 */
export function planIndexUpdate(plan: PlanBuilder, config: DocpactConfig, before: AdrFile[], changed: AdrRecord[]): void {
  const pageRel = adrIndexPage(config);
  const dataRel = adrDataFile(config);
  const page = plan.read(pageRel);
  const data = plan.read(dataRel);
  // In-place edits know docpact's own index layout; any other falls back to regeneration.
  const next = page !== null && data !== null && indexToc(config) === DOCPACT_TOC ? editIndex(page, data, before, changed) : null;
  if (!next) {
    const onDisk = new Set(before.map((f) => f.file));
    const added = changed.filter((r) => !onDisk.has(r.file)).map((r) => ({ number: r.number, file: r.file }));
    return planIndex(plan, config, currentRecords(plan, config, [...before, ...added].sort(byNumberThenFile)));
  }
  plan.write(pageRel, next.page);
  plan.write(dataRel, next.data);
}

const REGION_HEAD = `${INDEX_START}\n\n${TABLE_HEAD.join('\n')}\n`;
const REGION_TAIL = `\n\n${tocBlock(true).join('\n')}\n${INDEX_END}`;
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

/**
 * Edit the index region and data in place: rows and data lines share the
 * listing's order, so the index is trusted when the counts and the last entry
 * match the listing and every edited ADR is found; new ADRs (numbered after
 * all others) are appended. Anything else returns null: full regeneration.
 */
function editIndex(page: string, data: string, before: AdrFile[], changed: AdrRecord[]): { page: string; data: string } | null {
  const at = regionBounds(page);
  if (!at || !before.length) return null;
  const { start, end } = at;
  if (!page.startsWith(REGION_HEAD, start) || page.slice(end - REGION_TAIL.length, end) !== REGION_TAIL) return null;
  if (!data.startsWith(DATA_HEAD) || !data.endsWith(DATA_TAIL)) return null;
  let rows = page.slice(start + REGION_HEAD.length, end - REGION_TAIL.length);
  let lines = data.slice(DATA_HEAD.length, data.length - DATA_TAIL.length);
  let last = before[before.length - 1];
  const rowKey = (f: AdrFile) => `](${f.file}) |`;
  const lineKey = (f: AdrFile) => `"file":${JSON.stringify(f.file)},`;
  if (count(rows, '\n') + 1 !== before.length || count(lines, ',\n') + 1 !== before.length) return null;
  if (!rows.slice(rows.lastIndexOf('\n') + 1).includes(rowKey(last)) || !lines.slice(lines.lastIndexOf('\n') + 1).includes(lineKey(last))) return null;

  for (const rec of [...changed].sort(byNumberThenFile)) {
    const row = renderRow(rec);
    const line = JSON.stringify(rec);
    const known = before.some((f) => f.file === rec.file);
    if (known) {
      const nextRows = replaceLine(rows, '\n', rowKey(rec), row);
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
  return { page: page.slice(0, start) + REGION_HEAD + rows + REGION_TAIL + page.slice(end), data: DATA_HEAD + lines + DATA_TAIL };
}

/** Plan the index page and data for these records. */
export function planIndex(plan: PlanBuilder, config: DocpactConfig, records: AdrRecord[]): void {
  const pageRel = adrIndexPage(config);
  const page = plan.read(pageRel);
  if (page === null) {
    throw new DocpactError('config', `${pageRel} is missing. Run "docpact init" to restore it, then run this command again.`);
  }
  const next = replaceRegion(page, renderIndexRegion(records, indexToc(config)));
  if (next === null) {
    throw new DocpactError(
      'config',
      `${pageRel} has no generated region. Add the two lines "${INDEX_START}" and "${INDEX_END}" where the ADR table belongs, then run again.`,
    );
  }
  plan.write(pageRel, next);
  plan.write(adrDataFile(config), renderIndexData(records));
}
