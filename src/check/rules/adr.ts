/** ADRs: names, numbering, sections, statuses, relations, and the generated index. */
import { RELATIONS, RELATION_KEYS, adrId, formatOf, parseAdr, toRecord, type AdrRecord, type ParsedAdr } from '../../adr/parse.js';
import { canonicalStatus, fileName, headingHint, rejectedStatus, sameStatus, seriesOf, type Series } from '../../adr/series.js';
import { guessHeading } from '../../adr/heading.js';
import { CONFIG_FILE } from '../../config/root.js';
import { INDEX_END, INDEX_START, adrFilesIn, adrIndexPage, byNumberThenFile, canonicalNumber, indexLayout, isIndexPage, legacyDataFile, otherIndexSource, listAdrFiles, regionBounds, indexFiles, strayIndexFiles, type Summaries } from '../../adr/store.js';
import { closest } from '../../text/suggest.js';
import { decodedLossily, listDir, type Root } from '../../io/fs.js';
import { isCalendarDate, namesADay } from '../../text/date.js';
import { sha256 } from '../../text/hash.js';
import { placeholders } from '../../adr/formats/text.js';
import { adrTemplate } from '../../adr/skeleton.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';
import { NONE, intern, own } from '../facts.js';
import { lf } from '../../text/markdown.js';


/**
 * A parsed ADR as check remembers it (src/check/facts.ts): JSON, without
 * what its file name gives, and its sections by name only — no rule asks
 * where a section starts, and without those lines a paragraph written into
 * an ADR leaves its parse as it was (src/check/verdict.ts: a verdict stands
 * after an edit that changes no fact).
 */
type PackedAdr = [number, string, string, string, string, string, string[], string[], string[], string[], number | null, 0 | 1, PackedLines, PackedSections, string?];

/**
 * An ADR's line numbers as one string — `h1,status,date,` then each
 * relation's line in `RELATION_KEYS` order, empty where it has none — and
 * its sections' names as one string, a line each (a heading is one line):
 * 100,000 ADRs written from one template give a few such strings, each
 * looked up as it is (`shape`), where a list and two objects parsed per ADR
 * would be built only to be found alike.
 */
type PackedLines = string;
type PackedSections = string;

const packLines = (l: ParsedAdr['lines']): PackedLines => `${l.h1},${l.status},${l.date ?? ''},${RELATION_KEYS.map((k) => l.relations[k] ?? '').join(',')}`;

function unpackLines(p: PackedLines): ParsedAdr['lines'] {
  const n = p.split(',');
  const relations: ParsedAdr['lines']['relations'] = {};
  RELATION_KEYS.forEach((k, i) => {
    if (n[3 + i]) relations[k] = Number(n[3 + i]);
  });
  return { h1: Number(n[0]), status: Number(n[1]), ...(n[2] ? { date: Number(n[2]) } : {}), relations };
}

const pack = (a: ParsedAdr): PackedAdr => {
  const p: PackedAdr = [a.number, own(a.id), own(a.title), own(a.status), own(a.date), own(a.deciders), a.supersedes, a.supersededBy, a.amends, a.amendedBy, a.h1Number, a.h1Ok ? 1 : 0, packLines(a.lines), [...a.sections.keys()].join('\n')];
  if (a.unreadable) p.push(a.unreadable);
  return p;
};

const unpack = (file: string, p: PackedAdr, s: Series): ParsedAdr => {
  const [number, id, title, status, date, deciders, supersedes, supersededBy, amends, amendedBy, h1Number, h1Ok, lines, sections, unreadable] = p;
  return {
    number, id, file, title, status: intern(status), date: intern(date), deciders: intern(deciders),
    supersedes: few(supersedes), supersededBy: few(supersededBy), amends: few(amends), amendedBy: few(amendedBy), h1Number, h1Ok: h1Ok === 1, lines: shape(`L${lines}`, () => unpackLines(lines)),
    sections: asked(sections, s), ...(unreadable ? { unreadable } : {}),
  };
};

/** A parsed ADR as a pass without a cache keeps it: what `unpack(pack(a))` gives, without the round trip. */
const lean = (file: string, a: ParsedAdr, s: Series): ParsedAdr => ({
  number: a.number, id: own(a.id), file, title: own(a.title), status: intern(a.status), date: intern(a.date), deciders: intern(a.deciders),
  supersedes: few(a.supersedes), supersededBy: few(a.supersededBy), amends: few(a.amends), amendedBy: few(a.amendedBy), h1Number: a.h1Number, h1Ok: a.h1Ok, lines: sharedLines(a.lines),
  sections: asked(a.sections, s),
  ...(a.unreadable ? { unreadable: a.unreadable } : {}),
});

const shapes = new Map<string, unknown>();
/**
 * One copy of a small structure many ADRs repeat alike (their line numbers,
 * the sections they have), by its key: 100,000 ADRs written from one
 * template keep one, not 100,000. At most a few thousand are shared; the
 * rest are kept each as made. Nothing changes a kept ADR's parts.
 */
function shape<T>(key: string, make: () => T): T {
  const had = shapes.get(key);
  if (had !== undefined) return had as T;
  const mine = make();
  if (shapes.size < 4096) shapes.set(key, mine);
  return mine;
}

/** An ADR's line numbers, shared with every ADR that has the same. */
const sharedLines = (l: ParsedAdr['lines']): ParsedAdr['lines'] =>
  shape(`l${l.h1},${l.status},${l.date},${RELATION_KEYS.map((k) => l.relations[k]).join(',')}`, () => l);

/**
 * The sections check asks an ADR about (its format's, and Status), with
 * their lines (none, 0, when remembered by name: `PackedAdr`): an ADR's
 * other sections are nobody's question once it is parsed. Shared with every
 * ADR that has the same.
 */
function asked(sections: Map<string, number> | PackedSections, s: Series): Map<string, number> {
  if (typeof sections === 'string') {
    // Remembered by name: one lookup by the names (100,000 ADRs from one template name the same few).
    return shape(`n${s.format}\n${sections}`, () => askedOf(new Map(sections === '' ? [] : sections.split('\n').map((name) => [name, 0])), s));
  }
  return askedOf(sections, s);
}

function askedOf(all: Map<string, number>, s: Series): Map<string, number> {
  const kept: [string, number][] = [];
  for (const name of formatOf(s).sections) if (all.has(name)) kept.push([name, all.get(name) as number]);
  if (!formatOf(s).sections.includes('Status') && all.has('Status')) kept.push(['Status', all.get('Status') as number]);
  return shape(`s${kept.map(([name, line]) => `${name}:${line}`).join('\0')}`, () => new Map(kept));
}

/** A relation list as kept: the shared empty one when there is none. */
const few = (ids: string[]): string[] => (ids.length ? ids.map(own) : (NONE as never as string[]));

/**
 * An ADR file's parse as check keeps it (`file`: its name in the series'
 * folder; null when absent): packed for a cache that remembers it, else
 * (`remembered` false: a pass without a cache) the parse itself, never
 * packed only to be unpacked.
 */
export const adrFact = (file: string, s: Series, remembered = true) => (text: string | null) => (text === null ? null : remembered ? pack(parseAdr(file, text, s)) : lean(file, parseAdr(file, text, s), s));

/** The sections of an ADR still holding its series' template text (`template`: rendered once, when first needed). */
export const placeholderFact = (template: () => string) => (text: string | null) => (text === null ? [] : placeholders(text, template()));

/** Whether a file did not decode as UTF-8 (a U+FFFD written as such is text). */
export const badFact = (root: Root, file: string) => (text: string | null) => decodedLossily(root, file, text);

/** A generated file's digest (line endings aside), what the index is compared by. */
export const digestFact = (text: string | null) => (text === null ? null : sha256(lf(text)));

/**
 * Every ADR file parsed, as check and --fix see them. `names` is the ADR
 * folder's listing when the caller has it. Each file is parsed once and, in
 * check, remembered while it is unchanged (src/check/facts.ts).
 */
export function parseAll(repo: Repo, names?: string[]): ParsedAdr[] {
  const { root, config } = repo;
  const s = seriesOf(config);
  const facts = factsOf(repo);
  const remembered = facts.remembers;
  // A file that vanished or that docpact refuses to read (reported as repo/unsafe-path) is not an ADR.
  return (names ? adrFilesIn(names, config) : listAdrFiles(root, config)).flatMap((f) => {
    const got = facts.of<PackedAdr | ParsedAdr | null>(`${s.dir}/${f.file}`, 'adr', adrFact(f.file, s, remembered));
    return got === null ? [] : [remembered ? unpack(f.file, got as PackedAdr, s) : (got as ParsedAdr)];
  });
}

/** Text as it means: a Windows checkout's CRLF endings are not drift. */

// The series' template (what adr/placeholder compares sections with) is the ADR domain's: src/adr/skeleton.ts.
export { adrTemplate } from '../../adr/skeleton.js';

/** Where an ADR of the format writes its status, for a message. */
function statusPlace(format: string, a: ParsedAdr): string {
  if (format === 'nygard') return `as the first paragraph of its "## Status" section${a.sections.has('Status') ? '' : ' (add the section after the heading)'}`;
  if (format === 'docpact' || format === 'madr2') return 'on its "- Status:" line under the heading';
  return 'as "status:" in its front matter';
}

export function checkAdrs(repo: Repo, adrs: ParsedAdr[], names = listDir(repo.root, seriesOf(repo.config).dir)): Problem[] {
  const { config } = repo;
  const s = seriesOf(config);
  const format = formatOf(s);
  const dir = s.dir;
  const digits = s.digits;
  const out: Problem[] = [];
  const at = (a: ParsedAdr) => `${dir}/${a.file}`;
  const indexName = s.index.startsWith(`${dir}/`) ? s.index.slice(dir.length + 1) : '';
  // The series' template, rendered once: a section still holding its text was never written.
  let rendered: string | undefined;
  const placeholderOf = placeholderFact(() => (rendered ??= adrTemplate(repo.root, config)));

  for (const name of names) {
    // Names in the series' folders of older records ("old/0001-x.md") are listed for the ADRs, not checked for naming.
    if (name.includes('/') || !/\.md$/i.test(name) || name === indexName || name === 'index.md' || name === 'ADR-template.md') continue;
    const m = s.re.exec(name);
    if (m && canonicalNumber(m[1], digits)) continue;
    if (m || /^adr[-_ ]?\d/i.test(name) || (/^\d/.test(s.pattern.replace('{number}', '0')) && /^\d+[-_]/.test(name))) {
      // A series numbered by date names its files by the day: a placeholder for it, not the first number as a day (0000-00-01).
      const named = s.numbering === 'date' ? `${s.pattern.replace('{day}', 'YYYY-MM-DD').replace('{number}', 'YYYYMMDD').replace('{slug}', '<slug>')} (the day the ADR was written)` : `${fileName(s, s.first, '<slug>')} (${digits}-digit number)`;
      out.push(problem(`${dir}/${name}`, 1, 'adr/file-name', `ADR files are named ${named}`));
    }
  }

  const badHeadings: ParsedAdr[] = [];
  const byNumber = new Map<number, ParsedAdr>();
  const byId = new Map<string, ParsedAdr>();
  const outsideDocs = !dir.startsWith(`${config.paths.docs}/`);
  for (const a of adrs) {
    if (outsideDocs && factsOf(repo).of(at(a), 'bad', badFact(repo.root, at(a)))) out.push(problem(at(a), 1, 'docs/encoding', 'not valid UTF-8; re-save it as UTF-8.'));
    // A record without an H1 titled by its front matter (a site's page) has its heading there.
    if (a.lines.h1 ? !a.h1Ok : !a.title) badHeadings.push(a);
    else if (a.h1Number !== null && a.h1Number !== a.number) out.push(problem(at(a), a.lines.h1, 'adr/number-mismatch', `the heading says ${adrId(a.h1Number, digits)} but the file name says ${a.id}`));
    const first = byNumber.get(a.number);
    // Days are shared by design in a dated series (log4brains).
    if (first && s.numbering !== 'date') out.push(problem(at(a), 1, 'adr/duplicate-number', `${a.id} is also ${first.file}; renumber one of them`));
    if (!first) byNumber.set(a.number, a);
    // In a dated series every record has an id of its own (its file name): each is checked, several a day.
    if (!byId.has(a.id)) byId.set(a.id, a);
    // MADR's metadata is optional: an ADR without a status has none, which is not an error.
    const noStatus = !a.unreadable && a.status === '' && !format.statusOptional;
    // An ADR with neither a status nor a Status section is told once, by the status.
    for (const name of format.sections) if (!a.sections.has(name) && !(noStatus && name === 'Status')) out.push(problem(at(a), a.lines.h1 || 1, 'adr/missing-section', `missing the "## ${name}" section`));
    if (a.unreadable) {
      out.push(problem(at(a), 1, 'adr/unknown-status', `its front matter cannot be read, so its status is unknown: ${a.unreadable}`));
    } else if (noStatus) {
      out.push(problem(at(a), a.lines.status || a.lines.h1 || 1, 'adr/unknown-status', `it states no status; write one of ${s.statuses.join(', ')} ${statusPlace(s.format, a)}`));
    } else if (!canonicalStatus(s, a.status) && !(a.status === '' && format.statusOptional)) {
      const near = a.status ? closest(a.status, s.statuses) : undefined;
      out.push(problem(at(a), a.lines.status || a.lines.h1 || 1, 'adr/unknown-status', `status "${a.status}" is not one of ${s.statuses.join(', ')}${near ? `; did you mean "${near}"?` : ''}`));
    }
    const left = factsOf(repo).of(at(a), 'adr-placeholder', placeholderOf);
    if (left.length) {
      const accepted = sameStatus(a.status, 'accepted');
      const sections = left.map((h) => `"${h}"`).join(', ');
      out.push(problem(at(a), a.lines.h1 || 1, 'adr/placeholder', `${sections} still ${left.length === 1 ? 'holds' : 'hold'} the template's text${accepted ? `, but ${a.id} is ${a.status}: write what was decided` : '; write it before the ADR is accepted'}`, accepted ? 'error' : 'warning'));
    }
    // A day a person wrote ("21.07.2017", "Jan 29, 2021") is a date; a placeholder or a day that does not exist is not.
    if (a.date && !isCalendarDate(a.date) && !namesADay(a.date)) {
      out.push(problem(at(a), a.lines.date || a.lines.h1 || 1, 'adr/date', `date "${a.date}" is not a day (a placeholder, or no such date); write the day the decision was made, as YYYY-MM-DD`));
    }
  }

  // Every heading rejected: the configured pattern is what is wrong, not the series. Say which one fits.
  if (badHeadings.length > 1 && badHeadings.length === adrs.length) {
    const guess = guessHeading(badHeadings.filter((a) => a.lines.h1).map((a) => `# ${a.title}`), s.format);
    const key = s.name ? `the heading of adr.series "${s.name}"` : 'adr.heading';
    out.push(problem(CONFIG_FILE, 1, 'adr/h1', `no ADR in ${dir} starts with a heading like "${headingHint(s, adrs[0].number)}"; they read like "${headingHint({ heading: guess, digits }, adrs[0].number)}": set ${key} to "${guess}" in ${CONFIG_FILE}`));
  } else for (const a of badHeadings) out.push(problem(at(a), a.lines.h1 || 1, 'adr/h1', `the first heading must be "${headingHint(s, a.number)}"`));

  const rejected = rejectedStatus(s);
  // A dated series' record named by its day alone ("ADR-20221213", no link): the one record of that day, if there is one.
  const dayOf = new Map<string, ParsedAdr | null>();
  if (s.numbering === 'date') for (const a of adrs) dayOf.set(adrId(a.number, digits), dayOf.has(adrId(a.number, digits)) ? null : a);
  const named = (id: string) => byId.get(id) ?? dayOf.get(id) ?? undefined;
  const pointsTo = (ids: string[], a: ParsedAdr) => ids.some((id) => named(id) === a);
  for (const a of adrs) {
    if (byId.get(a.id) !== a) continue;
    for (const key of RELATION_KEYS) {
      const line = a.lines.relations[key] ?? 1;
      const inverse = RELATIONS[key].inverse;
      for (const id of a[key]) {
        const target = named(id);
        if (!target) {
          out.push(problem(at(a), line, 'adr/relation-target', `${RELATIONS[key].label} ${id}, which ${dayOf.get(id) === null ? `is several records of that day; link the file` : 'does not exist'}`));
          continue;
        }
        if (!pointsTo(target[inverse], a)) {
          out.push(problem(at(target), target.lines.relations[inverse] ?? target.lines.status ?? 1, 'adr/relation-reciprocal', `${a.id} says "${RELATIONS[key].label} ${id}" but ${id} has no "${RELATIONS[inverse].label}: ${a.id}"`));
        }
      }
    }
    if (a.supersededBy.length && !sameStatus(a.status, s.superseded)) {
      out.push(problem(at(a), a.lines.status || 1, 'adr/relation-reciprocal', `superseded by ${a.supersededBy.join(', ')} but its status is ${a.status || '(none)'}, not ${s.superseded}`));
    }
    // The lifecycle: a rejected ADR never took effect, so it replaces nothing.
    if (rejected && a.supersedes.length && sameStatus(a.status, rejected)) {
      const series = s.name ? ` --series ${s.name}` : '';
      out.push(
        problem(
          at(a),
          a.lines.relations.supersedes ?? a.lines.status ?? 1,
          'adr/lifecycle',
          `${a.id} is ${a.status} but supersedes ${a.supersedes.join(', ')}: a rejected ADR replaces nothing. Run "docpact adr status ${a.number} ${rejected} --restore <status>${series}" to put ${a.supersedes.length === 1 ? 'it' : 'them'} back in force, or make ${a.id} the status it has`,
        ),
      );
    }
  }
  return out;
}

/** The index page's generated region as the index rule compares it: its digest (null without both markers) and first line; null when the page is absent. */
export function regionFact(text: string | null): IndexRegion {
  if (text === null) return null;
  const at = regionBounds(text);
  return at ? { digest: sha256(lf(text.slice(at.start, at.end))), line: text.slice(0, at.start).split('\n').length } : { digest: null, line: 1 };
}
export type IndexRegion = { digest: string | null; line: number } | null;

/**
 * One generated index file compared with its rendering (`want`, a digest):
 * its problem, if any, and whether it is proved equal to the rendering (a
 * range page then has no links to check). `have` gives the file's digest
 * (null when absent); the index page is compared by its `region`, which is
 * not null here (a missing page is the caller's to report).
 */
export function judgeIndexFile(rel: string, want: string, pageRel: string, region: IndexRegion, have: () => string | null): { problem: Problem | null; proved: boolean } {
  if (rel === pageRel) {
    if (region === null) throw new Error('internal: the index page is missing');
    if (region.digest === null) return { problem: problem(pageRel, 1, 'adr/index-drift', `the generated region markers are missing (${INDEX_START} … ${INDEX_END}); add both where the table belongs`), proved: false };
    return { problem: region.digest !== want ? problem(pageRel, region.line, 'adr/index-drift', 'the ADR table is out of date with the ADR files; run "docpact check --fix"') : null, proved: false };
  }
  const digest = have();
  if (digest !== null && digest === want) return { problem: null, proved: true };
  // The graph's links lead from the index page: nothing to compare while that page is missing.
  if (region === null && rel.endsWith('.dot')) return { problem: null, proved: false };
  const what = rel.endsWith('.md') ? 'ADR range page' : rel.endsWith('.dot') ? 'ADR relation graph' : 'ADR data';
  return { problem: problem(rel, 1, rel.endsWith('.md') ? 'adr/index-drift' : 'generated/drift', `the generated ${what} is ${digest === null ? 'missing' : 'out of date with the ADR files'}; run "docpact check --fix"`), proved: false };
}

/** An ADR's record (what the index renders) from its parse as check remembers it (`adrFact`). */
export const packedRecord = (file: string, packed: unknown, s: Series): AdrRecord => toRecord(unpack(file, packed as PackedAdr, s));

/** Whether two remembered parses of an ADR differ in its title and deciders only (what no rule but the index reads). */
export function sameButTitle(was: unknown, now: unknown): boolean {
  if (!Array.isArray(was) || !Array.isArray(now) || was.length !== now.length || was.length < 14) return false;
  const rest = (p: unknown[]) => JSON.stringify(p.map((v, i) => (i === 2 || i === 5 ? '' : v)));
  return rest(was) === rest(now);
}

/** Whether a remembered parse has relations (the relation graph shows its title then). */
export const hasRelations = (packed: unknown): boolean => {
  const p = packed as PackedAdr;
  return [p[6], p[7], p[8], p[9]].some((ids) => !Array.isArray(ids) || ids.length > 0);
};

/** Whether a remembered parse's heading is as configured (else the heading rule may quote its title). */
export const headingOk = (packed: unknown): boolean => {
  const p = packed as PackedAdr;
  return p[11] === 1 && Number(String(p[12]).split(',')[0]) > 0;
};

/**
 * The generated index — page region, range data and pages, relation graph —
 * compared file by file with a full regeneration from the ADRs, one range at
 * a time; and index files a regeneration would not write.
 */
export function checkAdrIndex(repo: Repo, adrs: ParsedAdr[], proved?: Set<string>): Problem[] {
  const { root, config, read } = repo;
  const facts = factsOf(repo);
  const out: Problem[] = [];
  const pageRel = adrIndexPage(config);
  // Files are compared by digest, so a warm check need not read 1,000 unchanged range files.
  const region = facts.of(pageRel, 'index-region', regionFact);
  // Each range's records are made when it is rendered, and let go with it: 100,000 records are never held at once.
  const sorted = [...adrs].sort(byNumberThenFile);
  const listed = new Set<string>();
  const layout = indexLayout(config, read);
  // A range's rendering is remembered with the stamps of its ADR files (what its records derive from) and
  // what else it reads (the layout, the series' settings: docpact.yaml is the cache's context).
  const s = seriesOf(config);
  const context = sha256(JSON.stringify(layout));
  const summaryOf: Summaries = (shard, files, derive, valid) => {
    // Without a memory of ranges, a summary is derived now (and is valid: it is derived from these very files).
    if (!facts.remembers) return derive();
    // Derived from its ADRs' parses alone (their 'adr' facts, see parseAll): an ADR whose parse is as it was leaves it as it was.
    const remembered = facts.ofGroup(`adr-range\0${s.dir}\0${shard}\0${context}`, files.map((f) => `${s.dir}/${f.file}`), 'adr-range', derive, 'adr');
    return valid(remembered) ? remembered : derive();
  };
  for (const { rel, digest: want } of indexFiles(config, sorted, (a) => toRecord(a as ParsedAdr), layout, summaryOf)) {
    // Stamp the index folders the docs walk did not (the range data lives outside the Sphinx source).
    const dir = rel.slice(0, rel.lastIndexOf('/'));
    if (!listed.has(dir)) listed.add(dir), facts.list(dir);
    // The team's own index page (adr.ownIndex) is theirs: only the data and graph are docpact's.
    if (seriesOf(config).ownIndex && isIndexPage(rel)) continue;
    if (rel === pageRel && region === null) {
      const other = otherIndexSource(config, read);
      out.push(
        problem(pageRel, 1, 'adr/index-missing', other
          ? `the ADR index page (adr.index in docpact.yaml) does not exist, and docpact will not create it beside ${other}, the same document; in docpact.yaml set adr.index to ${other} with adr.ownIndex: true when it lists the ADRs, else to ${pageRel.replace(/[^/]*$/, 'adr-index.md')}`
          : `the ADR index page (adr.index in docpact.yaml) does not exist; run "docpact check --fix" to create it`),
      );
      continue;
    }
    const judged = judgeIndexFile(rel, want, pageRel, region, () => facts.of(rel, 'digest', digestFact));
    if (judged.proved) proved?.add(rel);
    if (judged.problem) out.push(judged.problem);
  }
  for (const rel of strayIndexFiles(root, config, sorted, (dir) => facts.list(dir))) {
    const why = rel === legacyDataFile(config) ? 'is the single-file ADR data of an earlier docpact, now split by number range' : 'covers a number range that has no ADRs';
    out.push(problem(rel, 1, rel.endsWith('.md') ? 'adr/index-drift' : 'generated/drift', `${why}; run "docpact check --fix" to remove it`));
  }
  return out;
}
