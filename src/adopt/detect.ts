/**
 * What a repository already has, found before init writes anything: its ADR
 * series and their format, its Sphinx project, its issue forms and pull
 * request template (its git root: target.ts; its default branch:
 * src/github/workflow.ts, asked to git). Pure
 * reads through the file-system seam; the results drive init's plan and
 * its "Found" report.
 */
import path from 'node:path';
import { FORMAT_STATUSES, isRelDir, type AdrFormatName } from '../config/schema.js';
import { frontMatterEnd } from '../adr/formats/text.js';
import { FORMATS } from '../adr/formats/index.js';
import { patternRegex, type Series } from '../adr/series.js';
import { rootDocOf } from './sphinx.js';
import { exists, listDir, readText, type Root } from '../io/fs.js';
import { isCalendarDate } from '../text/date.js';
import { readYaml } from '../text/yaml.js';

export interface FoundSeries {
  dir: string;
  /** Where it was found: ".adr-dir", ".log4brains.yml" or "folder". */
  source: string;
  /** log4brains package name, for a series of one package. */
  name?: string;
  format: AdrFormatName;
  pattern: string;
  digits: number;
  numbering: 'sequence' | 'date';
  first: number;
  statuses: string[];
  count: number;
  /** The generated index page: index.md unless the team already has one. */
  index: string;
}

export interface FoundSphinx {
  dir: string;
  conf: string;
  /** The root document, e.g. docs/index.rst. */
  rootFile: string;
  myst: boolean;
}

export interface FoundForm {
  file: string;
  name: string;
  type: string;
  labels: string[];
}

/** Usual places for ADRs, most specific first. */
const ADR_FOLDERS = [
  'docs/source/adr',
  'docs/source/decisions',
  'doc/adr',
  'docs/adr',
  'doc/adrs',
  'docs/adrs',
  'docs/decisions',
  'doc/decisions',
  'docs/architecture/decisions',
  'doc/architecture/decisions',
  'docs/architecture/adr',
  'architecture-decision-records',
  'architecture-decision-record',
  'docs/architecture-decision-records',
  'adr',
  'adrs',
  'decisions',
];

/** Usual Sphinx source folders. */
export const SPHINX_DIRS = ['docs/source', 'docs', 'doc/source', 'doc', 'documentation/source', 'documentation', 'sphinx'];

const NUMBERED = /^(ADR-)?(\d+)-(.+)\.md$/i;
const clean = (p: string) => path.posix.normalize(p.trim().replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\/$/, '');

/** ADR series already in the repository, or in its package folder `base` (none when no folder holds numbered ADRs). */
export function findSeries(root: Root, base = ''): FoundSeries[] {
  const at = (p: string) => (base ? `${base}/${p}` : p);
  const out: FoundSeries[] = [];
  const seen = new Set<string>();
  const add = (dir: string, source: string, name?: string) => {
    const d = clean(at(dir));
    if (!isRelDir(d) || seen.has(d)) return;
    const s = readSeries(root, d, source, name);
    if (s) {
      seen.add(d);
      out.push(s);
    }
  };
  const adrDir = readText(root, at('.adr-dir'));
  if (adrDir !== null && adrDir.trim()) add(adrDir, '.adr-dir');
  const l4b = readText(root, at('.log4brains.yml'));
  if (l4b !== null) {
    try {
      const data = readYaml(l4b, '.log4brains.yml') as { project?: { adrFolder?: string; packages?: { name?: string; adrFolder?: string }[] } } | null;
      if (data?.project?.adrFolder) add(data.project.adrFolder, '.log4brains.yml');
      for (const p of data?.project?.packages ?? []) if (p?.adrFolder) add(p.adrFolder, '.log4brains.yml', p.name);
    } catch {
      // An unreadable .log4brains.yml is reported by init as not understood; the folders are still searched.
    }
  }
  if (!out.length) for (const d of ADR_FOLDERS) if (!out.length) add(d, 'folder');
  return out;
}

function readSeries(root: Root, dir: string, source: string, name?: string): FoundSeries | null {
  const names = listDir(root, dir).filter((n) => NUMBERED.test(n));
  if (!names.length) return null;
  const prefixed = names.filter((n) => /^ADR-/i.test(n)).length > names.length / 2;
  const pool = names.filter((n) => /^ADR-/i.test(n) === prefixed);
  const numbers = pool.map((n) => NUMBERED.exec(n) as RegExpExecArray);
  // reduce, not Math.max(...): a folder of 100,000 ADRs would overflow the stack as arguments.
  const digits = numbers.reduce((d, m) => Math.max(d, m[2].length), 0);
  const first = numbers.some((m) => Number(m[2]) === 0) ? 0 : 1;
  // log4brains names files by the day they were written (20240102-x.md): numbers that are all dates are days, not a sequence.
  const numbering = digits === 8 && numbers.every((m) => isCalendarDate(`${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6)}`)) ? 'date' : 'sequence';
  const pattern = prefixed ? 'ADR-{number}-{slug}.md' : '{number}-{slug}.md';
  const sorted = [...pool].sort();
  const sample = sorted.slice(-3).map((n) => readText(root, `${dir}/${n}`) ?? '');
  const format = guessFormat(sample);
  // The team's statuses join the format's vocabulary, so adopting reports no "unknown status".
  const vocab = [...FORMAT_STATUSES[format].statuses];
  const series: Series = { dir, format, pattern, digits, first, numbering, statuses: vocab, initial: '', superseded: FORMAT_STATUSES[format].superseded, index: '', data: '', graph: '', re: patternRegex(pattern) };
  for (const n of pool) {
    const status = FORMATS[format].parse(n, readText(root, `${dir}/${n}`) ?? '', series).status.trim();
    if (status && /^[A-Za-z][A-Za-z -]*$/.test(status) && !vocab.some((v) => v.toLowerCase() === status.toLowerCase())) vocab.push(status);
  }
  const index = taken(root, `${dir}/index.md`) ? `${dir}/adr-index.md` : `${dir}/index.md`;
  return { dir, source, ...(name ? { name } : {}), format, pattern, digits, first, numbering, statuses: vocab, count: pool.length, index };
}

/** A page is taken when it exists and is not a docpact index (no generated markers). */
function taken(root: Root, rel: string): boolean {
  const text = readText(root, rel);
  return text !== null && !text.includes('<!-- docpact:adr-index:start -->');
}

/** The format most of these ADR texts are written in. */
export function guessFormat(texts: string[]): AdrFormatName {
  const votes = new Map<AdrFormatName, number>();
  for (const t of texts) {
    const body = t.replace(/^\uFEFF/, '');
    const lines = body.split(/\r?\n/);
    let f: AdrFormatName;
    if (/^#\s+ADR-\d+\s*(—|–|-|:)/m.test(body)) f = 'docpact';
    else if (/^#\s+\d+\.\s/m.test(body) && /^##\s+Status\s*$/im.test(body)) f = 'nygard';
    else if (frontMatterEnd(lines) > 0) f = /^decision-makers:/m.test(body) ? 'madr4' : /^deciders:/m.test(body) ? 'madr3' : 'madr4';
    else if (/^[-*]\s+Status:/im.test(body)) f = 'madr2';
    else if (/^##\s+Status\s*$/im.test(body)) f = 'nygard';
    else f = 'madr4';
    votes.set(f, (votes.get(f) ?? 0) + 1);
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'docpact';
}

/** The Sphinx project: the first usual folder holding conf.py, with its root document. */
export function findSphinx(root: Root, dirs: string[] = SPHINX_DIRS): FoundSphinx | null {
  for (const dir of dirs) {
    const conf = `${dir}/conf.py`;
    const text = readText(root, conf);
    if (text === null) continue;
    const rootName = rootDocOf(text);
    const rootFile = ['.rst', '.md', '.txt'].map((ext) => `${dir}/${rootName}${ext}`).find((f) => exists(root, f)) ?? `${dir}/${rootName}.rst`;
    return { dir, conf, rootFile, myst: /["']myst_(?:parser|nb)["']/.test(text) };
  }
  return null;
}

/** Issue forms and Markdown issue templates already in the GitHub folder. */
export function findForms(root: Root, github: string): FoundForm[] {
  const dir = `${github}/ISSUE_TEMPLATE`;
  const out: FoundForm[] = [];
  for (const file of listDir(root, dir).sort()) {
    if (/^config\.ya?ml$/i.test(file) || !/\.(ya?ml|md)$/i.test(file)) continue;
    const text = readText(root, `${dir}/${file}`) ?? '';
    let data: unknown;
    try {
      if (file.endsWith('.md')) {
        const lines = text.split(/\r?\n/);
        const end = frontMatterEnd(lines);
        data = end > 0 ? readYaml(lines.slice(1, end).join('\n'), file) : {};
      } else data = readYaml(text, file);
    } catch {
      data = {};
    }
    const d = (data && typeof data === 'object' ? data : {}) as { name?: unknown; type?: unknown; labels?: unknown };
    const labels = Array.isArray(d.labels) ? d.labels.map(String) : typeof d.labels === 'string' ? d.labels.split(',').map((l) => l.trim()) : [];
    out.push({ file: `${dir}/${file}`, name: typeof d.name === 'string' ? d.name : '', type: typeof d.type === 'string' ? d.type : '', labels });
  }
  return out;
}

/** GitHub's pull request template locations (file or folder, any case). */
export function findPrTemplate(root: Root, github: string): string | null {
  for (const dir of [github, 'docs']) {
    const hit = listDir(root, dir).find((n) => n.toLowerCase() === 'pull_request_template.md' || (dir === github && n.toLowerCase() === 'pull_request_template'));
    if (hit) return `${dir}/${hit}`;
  }
  for (const name of ['pull_request_template.md', 'PULL_REQUEST_TEMPLATE.md']) if (exists(root, name)) return name;
  return null;
}
