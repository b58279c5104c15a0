/**
 * `docpact adr renumber REF [NUMBER]`: move an ADR to a new number (default:
 * the next free one) in one all-or-nothing plan — rename the file (same
 * slug, the series' file naming), renumber its H1 where the format numbers
 * it, rewrite every reference to it (relation lines and links in ADRs of
 * every series, links, {doc} roles and toctree entries in docs pages, links
 * in chat messages not yet sealed) and regenerate the series' index and data.
 * Sealed chat messages are never edited: links in them are reported.
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type GenContext, type Generator } from '../src/core/generator.js';
import type { DocpactConfig } from '../src/config/schema.js';
import { adrConfigOf, seriesQuestion } from '../src/adr/questions.js';
import { adrId, parseAdr, setNumber, toRecord, verifiedEdit } from '../src/adr/parse.js';
import { fileName, headingRegex, recordId, seriesConfigs, seriesNumber, seriesOf, type Series } from '../src/adr/series.js';
import { adrFilesIn, nextNumber, planIndexOf, resolveRef, seriesListing, type AdrFile } from '../src/adr/store.js';
import { listDir } from '../src/io/fs.js';
import { knownPages, planRenameLinks, type FileLines, type Rewrite } from '../src/adr/references.js';
import { singleLine } from '../src/text/slug.js';
import { isCalendarDate } from '../src/text/date.js';

/** Lines that name related ADRs: docpact/MADR 2 bullets, Nygard's status lines, MADR 3/4 front matter. */
const RELATION_LINE = /^(?:[-*]\s+)?(?:supersedes|superseded[ -]by|amends|amended[ -]by|status)\b\s*:?/i;

export const adrRenumber: Generator = {
  name: 'adr-renumber',
  command: 'adr renumber',
  description: 'Move an ADR to a new number (default: the next free one), rewriting every reference to it.',
  usage: 'docpact adr renumber <REF> [NUMBER] [options]',
  examples: ['docpact adr renumber ADR-0007-use-sqlite.md', 'docpact adr renumber 7 12 --dry-run', 'docpact adr renumber 0003-x.md --series billing --json'],
  needsConfig: true,
  undated: true,
  questions: [
    {
      name: 'ref',
      flag: 'ref',
      positional: 0,
      kind: 'text',
      message: 'ADR to move (number, id or file name)',
      required: true,
      help: 'the ADR: 7, 0007, ADR-0007 or its file name (use the file name when two ADRs share a number)',
      validate: (v, ctx) => {
        const s = String(v);
        if (s.trim() === '') throw new DocpactError('input', 'REF needs an ADR reference (7, 0007, ADR-0007 or a file name); it got an empty one.');
        const ref = singleLine(s, 'REF');
        const c = adrConfigOf(ctx);
        resolveRef(ref, askedFiles(ctx), c.adr.digits);
        return ref;
      },
    },
    {
      name: 'number',
      flag: 'number',
      positional: 1,
      kind: 'text',
      message: 'New number',
      prompt: true,
      help: 'the new number (default: the next free one; in a series numbered by date, the day as YYYYMMDD, never a default)',
      default: (ctx) => (seriesOf(adrConfigOf(ctx)).numbering === 'date' ? '' : String(nextNumber(askedFiles(ctx), seriesOf(adrConfigOf(ctx)).first))),
      validate: (v, ctx, a) => {
        const s = String(v).trim();
        if (s === '' && seriesOf(adrConfigOf(ctx)).numbering === 'date') throw new DocpactError('input', dayNeeded('none was given'));
        if (!/^\d{1,9}$/.test(s)) throw new DocpactError('input', `The new number must be a whole number such as 12 (got "${s}").`);
        // Taken, too small or too wide: refused where it is typed, with the next free number.
        if (a.ref !== undefined) {
          const { target, files, series } = located(ctx, String(a.ref));
          checkNumber(Number(s), target, files, series);
        }
        return s;
      },
    },
    seriesQuestion,
  ],
  confirm: (ctx, a) => {
    const { target, series } = located(ctx, String(a.ref));
    const slug = (series.re.exec(target.file) as RegExpExecArray)[2];
    return `Move ${target.file} to ${fileName(series, Number(a.number), slug)}, rewriting every reference?`;
  },
  plan(ctx, a, plan) {
    const config = configOf(ctx);
    const c = adrConfigOf(ctx); // the series --series names
    const s = seriesOf(c);
    // Every page docpact may rewrite links in, with its lstat; the series' folder is listed by this walk, once.
    const walk = knownPages(plan, config);
    const files = filesIn(seriesListing(s, (dir) => walk.listed.get(dir) ?? listDir(ctx.root, dir)), c);
    const target = resolveRef(String(a.ref), files, s.digits);
    // A series numbered by date: the number is a day; the "next free" one (the last record's day plus one) is no record's day.
    if (s.numbering === 'date' && (a.number === undefined || a.number === '')) throw new DocpactError('input', dayNeeded('none was given'));
    const number = a.number === undefined || a.number === '' ? nextNumber(files, s.first) : Number(a.number);
    checkNumber(number, target, files, s);

    // 1. The file itself: new name (same slug), H1 renumbered where the format numbers it.
    // An ADR in one of the series' folders of older records stays in that folder.
    const folder = target.file.slice(0, target.file.lastIndexOf('/') + 1);
    const slug = (s.re.exec(target.file.slice(folder.length)) as RegExpExecArray)[2];
    const toFile = folder + fileName(s, number, slug);
    const from = `${s.dir}/${target.file}`;
    const to = `${s.dir}/${toFile}`;
    const fromId = adrId(target.number, s.digits);
    const toId = adrId(number, s.digits);
    plan.create(to, setNumber(plan.read(from) as string, number, s, from), undefined, 'already exists; choose another number');
    plan.remove(from);

    // 2. Every reference. Link texts naming the old id ("ADR-0007", Nygard's "7. Title") follow.
    const idRe = new RegExp(`\\bADR-0*${target.number}\\b`, 'g');
    const nygardRe = new RegExp(`^(\\s*)${target.number}\\.(?=\\s)`);
    // A link text in the series' heading style ("ADR 007: Title", docpact's relation links) follows too.
    const headingRe = headingRegex(s.heading);
    const styled = (t: string) => {
      const m = headingRe?.exec(`# ${t}`);
      const at = m?.indices?.[1];
      if (!m || !at || Number(m[1]) !== target.number) return t;
      return t.slice(0, at[0] - 2) + (s.heading.includes('{number}') ? String(number).padStart(s.digits, '0') : String(number)) + t.slice(at[1] - 2);
    };
    const relabel = (t: string) => styled(t.replace(idRe, toId).replace(nygardRe, `$1${number}.`));
    // Bare ids in relation lines name the ADR by number only: they follow when no other ADR of the series keeps the number.
    const numberFreed = !files.some((f) => f.number === target.number && f.file !== target.file);
    const bareLeft: FileLines[] = [];
    const bare = (file: string, text: string): Rewrite => {
      if (!file.startsWith(`${s.dir}/`) || file.slice(s.dir.length + 1).includes('/')) return { text, lines: [] };
      const found = rewriteBareIds(text, fromId, toId);
      if (!found.lines.length || numberFreed) return found;
      bareLeft.push({ file, lines: found.lines });
      return { text, lines: [] };
    };
    // Bare ids are found only where the old id is written.
    const { rewritten, sealed } = planRenameLinks(plan, config, [{ from, to, relabel }], bare, [fromId], walk);
    // An ADR whose links followed must read as before, but for the new number: verified like every edit to an ADR.
    for (const r of rewritten) {
      const owner = seriesConfigs(config).map(seriesOf).find((x) => r.file.startsWith(`${x.dir}/`) && seriesNumber(x, r.file) !== null && inSeries(x, r.file.slice(x.dir.length + 1)));
      if (owner && r.file !== to && r.file !== from) verifiedEdit(r.file, plan.original(r.file) ?? '', plan.read(r.file) ?? '', owner, { renamed: { from: target.number, to: number, digits: s.digits, ...(s.numbering === 'date' ? { ids: [recordId(s, target.number, target.file), recordId(s, number, toFile)] as [string, string] } : {}) } });
    }

    // 3. The series' index and its data, through the store's regeneration: from the ADRs as the plan leaves
    // them; a range none of whose ADRs changed since it was last summarized is not read (src/adr/memo.ts).
    const after = [...files.filter((f) => f.file !== target.file), { number, file: toFile }].sort((x, y) => x.number - y.number || (x.file < y.file ? -1 : 1));
    // The ranges are keyed by the lstats the link walk already took of every ADR (a range it keyed, by the same key).
    planIndexOf(plan, c, after, (f) => toRecord(parseAdr(f.file, plan.read(`${s.dir}/${f.file}`) ?? '', s)), { remember: true, taken: (rels, now) => walk.stats.keyOf(rels, now) });

    Object.assign(plan.result, { from: fromId, to: toId, file: to, previous: from, rewritten, sealed, bareIds: bareLeft });
    plan.notes.push(`${fromId} → ${toId}: ${target.file} is now ${toFile}.`);
    const count = rewritten.reduce((n, r) => n + r.lines.length, 0);
    plan.notes.push(`Rewrote ${count} reference${count === 1 ? '' : 's'} in ${rewritten.length} file${rewritten.length === 1 ? '' : 's'}.`);
    for (const r of sealed) plan.warnings.push(`Not rewritten (sealed chat message): ${r.file}:${r.lines.join(',')} — add a new message with the new link if it matters.`);
    for (const r of bareLeft) plan.warnings.push(`Left as is: ${r.file}:${r.lines.join(',')} names ${fromId} by number only, which another ADR still has; check which one it means.`);
  },
};

/**
 * The series' files as the questions see them, listed once for all of them
 * (10,000 names); the plan lists again, under the repo mutex.
 */
const asked = new WeakMap<GenContext, { series: string; files: AdrFile[] }>();
function askedFiles(ctx: GenContext): AdrFile[] {
  const series = ctx.series ?? '';
  let got = asked.get(ctx);
  if (got?.series !== series) {
    const c = adrConfigOf(ctx);
    asked.set(ctx, (got = { series, files: filesIn(seriesListing(seriesOf(c), (dir) => listDir(ctx.root, dir)), c) }));
  }
  return got.files;
}

/** The last names parsed for a series (by its settings' object), and what they gave. */
const parsed = new WeakMap<DocpactConfig, { names: string[]; files: AdrFile[] }>();

/**
 * The series' ADR files among `names` (`adrFilesIn`): a pure function of the
 * names and the settings, so the plan's listing, name for name the one the
 * questions parsed (the folder unchanged meanwhile), is not parsed again.
 */
function filesIn(names: string[], c: DocpactConfig): AdrFile[] {
  const last = parsed.get(c);
  if (last && last.names.length === names.length && last.names.every((n, i) => n === names[i])) return last.files;
  const files = adrFilesIn(names, c);
  parsed.set(c, { names, files });
  return files;
}

/** The ADR a REF names in the series --series picks, with the series' files. */
function located(ctx: GenContext, ref: string): { target: AdrFile; files: AdrFile[]; series: Series } {
  const c = adrConfigOf(ctx);
  const series = seriesOf(c);
  const files = askedFiles(ctx);
  return { target: resolveRef(ref, files, series.digits), files, series };
}

/** The refusal of a number that is no day, in a series numbered by date. */
const dayNeeded = (got: string) =>
  `This series numbers each ADR by the day it was written (numbering: date): give the day to move it to as NUMBER, YYYYMMDD such as 20250302 (${got}).`;

function checkNumber(number: number, target: AdrFile, files: AdrFile[], s: Series): void {
  const id = adrId(number, s.digits);
  const digits = String(number).padStart(8, '0');
  if (s.numbering === 'date' && !isCalendarDate(`${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`)) throw new DocpactError('input', dayNeeded(`${number} is no day`));
  if (number < s.first) throw new DocpactError('input', `ADR numbers in this series start at ${s.first} (got ${number}).`);
  if (String(number).length > s.digits) throw new DocpactError('input', `${id} does not fit the configured ${s.digits} digits (adr.digits in docpact.yaml).`);
  if (number === target.number && files.filter((f) => f.number === number).length === 1) {
    throw new DocpactError('input', `${target.file} already has number ${number}; nothing to do.`);
  }
  const taken = files.find((f) => f.number === number && f.file !== target.file);
  if (taken) {
    throw new DocpactError('input', `${id} is taken by ${taken.file}. Choose a free number, or leave NUMBER out to take the next free one (${nextNumber(files, s.first)}).`);
  }
}

/** Bare ids ("ADR-0007", not a link's text or target) in relation lines, renamed. */
function rewriteBareIds(text: string, fromId: string, toId: string): Rewrite {
  const lines = text.split('\n');
  const found: number[] = [];
  const bare = new RegExp(`(?<![\\[(/\\w-])${fromId}(?![\\w\\]-])`, 'g');
  lines.forEach((line, i) => {
    if (!RELATION_LINE.test(line) || !bare.test(line)) return;
    bare.lastIndex = 0;
    lines[i] = line.replace(bare, toId);
    found.push(i + 1);
  });
  return { text: lines.join('\n'), lines: found };
}

/** Is `file` (relative to the series folder) one of the series' ADR files: in its folder, or in one of its folders of older records? */
const inSeries = (s: Series, file: string) => !file.includes('/') || s.folders.includes(file.slice(0, file.lastIndexOf('/')));
