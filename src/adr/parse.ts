/**
 * ADR files, both ways, in the series' own format: parse an ADR into a
 * record, and make the narrow edits docpact is allowed to make (status,
 * relations), leaving every other byte as the team wrote it. The formats
 * themselves live in ./formats/; `check` uses the same parsers.
 */
import { DocpactError } from '../errors.js';
import { escapeFor } from '../text/markdown.js';
import { isWord, removedTokens } from '../text/removed.js';
import { FORMATS } from './formats/index.js';
import { setHeadingNumber, yamlScalar } from './formats/text.js';
import { RELATIONS, RELATION_KEYS, targetId, type AdrFormat, type AdrRecord, type LinkTarget, type ParsedAdr, type RelationKey } from './formats/types.js';
import { DEFAULT_HEADINGS, adrId, patternRegex, sameStatus, type Series } from './series.js';
import { linkText } from './formats/nygard.js';

export { RELATIONS, RELATION_KEYS } from './formats/types.js';
export type { AdrRecord, LinkTarget, ParsedAdr, RelationKey } from './formats/types.js';
export { adrId } from './series.js';

/** A docpact-format series, for callers that only know the number width. */
function defaultSeries(digits: number): Series {
  return {
    dir: '',
    format: 'docpact',
    pattern: 'ADR-{number}-{slug}.md',
    digits,
    numbering: 'sequence',
    first: 1,
    statuses: [],
    initial: 'Proposed',
    superseded: 'Superseded',
    index: 'index.md',
    data: '',
    graph: '',
    re: patternRegex('ADR-{number}-{slug}.md'),
    folders: [],
    heading: DEFAULT_HEADINGS.docpact,
    markup: 'myst',
  };
}

const seriesArg = (s: Series | number | undefined) => (typeof s === 'object' ? s : defaultSeries(s ?? 4));
export const formatOf = (s: Series): AdrFormat => FORMATS[s.format];

export function parseAdr(file: string, text: string, series?: Series | number): ParsedAdr {
  const s = seriesArg(series);
  return formatOf(s).parse(file, text, s);
}

/** The record docpact keeps in its index data (no line numbers). */
export function toRecord(p: ParsedAdr): AdrRecord {
  const { h1Number: _h, h1Ok: _o, lines: _l, sections: _s, statusCopy: _c, ...rec } = p;
  return rec;
}

/**
 * What an edit to an ADR means: a new status, a relation added (superseding
 * also makes it superseded), or a new number in its H1. Everything else must
 * read the same afterwards.
 */
export interface EditIntent {
  status?: string;
  add?: { key: RelationKey; target: LinkTarget };
  number?: number;
  /**
   * Another ADR was renumbered (`digits`: its series'), and this one's links
   * to it followed. `ids`: the ids its relations name it by before and after,
   * where they are no number (a series numbered by day: its file names).
   */
  renamed?: { from: number; to: number; digits: number; ids?: [string, string] };
}

/** Replace the ADR's status, in its format; verified (see `verifiedEdit`). `rel` names the file in messages. */
export function setStatus(text: string, status: string, series?: Series | number, rel = 'the ADR'): string {
  const s = seriesArg(series);
  return verifiedEdit(rel, text, formatOf(s).setStatus(text, status, s), s, { status });
}

/** Add a relation to `target` (superseding also sets the status), in the ADR's format; verified. */
export function addRelation(text: string, key: RelationKey, target: LinkTarget, series?: Series | number, rel = 'the ADR'): string {
  const s = seriesArg(series);
  return verifiedEdit(rel, text, formatOf(s).addRelation(text, key, target, s), s, { add: { key, target } });
}

/** The ADR's H1 renumbered, in its format (MADR's H1 has no number: unchanged); verified. */
export function setNumber(text: string, number: number, series?: Series | number, rel = 'the ADR'): string {
  const s = seriesArg(series);
  const next = setHeadingNumber(text, number, s);
  return next === text ? text : verifiedEdit(rel, text, next, s, { number });
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const words = (t: string) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Why an edit's relations came out wrong when the status line holds a relation
 * word docpact does not know ("Status: augmented by [ADR-0004](…)", read as
 * the status "augmented", which init may have taken into the vocabulary): its
 * links would be read as the relation the edit wrote. Says the phrase, why, and what to do; null when that is not it.
 */
function unknownRelation(before: string, status: string, s: Series, label: string, extra: string[]): string | null {
  const known = RELATION_KEYS.map((k) => RELATIONS[k].label.toLowerCase());
  if (!status || !extra.length || sameStatus(status, s.superseded) || known.includes(`${status.toLowerCase()} by`)) return null;
  const at = new RegExp(`\\b${status.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[ \\t]+by\\b[^\\n]*`, 'i').exec(before);
  if (!at) return null;
  const phrase = at[0].trim();
  const word = phrase.slice(0, phrase.search(/\bby\b/i) + 2);
  // The line the phrase would have of its own, as the status line is written ("* Status: " → "* Augmented by …").
  const prefix = before.slice(before.lastIndexOf('\n', at.index) + 1, at.index);
  const bullet = /^[ \t]*[-*+][ \t]+/.exec(prefix)?.[0] ?? '';
  const line = `${bullet}${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`;
  const statusLine = prefix.trim() ? ` below "${prefix}${s.statuses.find((x) => sameStatus(x, 'accepted')) ?? 'accepted'}" (the status alone)` : ' below the status';
  return `its status line says "${phrase}", and "${word}" is no relation docpact knows (${known.join(', ')}), so ${extra.join(', ')} would then read as "${label}" too; move that phrase to a line of its own ("${line}")${statusLine} and run the command again`;
}

/**
 * Why `after` is not exactly the intended edit of `before`, or null when it
 * is: parsed again, the ADR must state the intended status and relations and
 * the same title, date, deciders, number and sections as before; and the
 * only words gone may be the old status (or number) the edit replaced —
 * every other word of the file, prose around the status included, is kept.
 */
export function editProblem(before: string, after: string, s: Series, intent: EditIntent): string | null {
  const f = formatOf(s);
  const a = f.parse('', before, s);
  const b = f.parse('', after, s);
  const added = intent.add ? targetId(s, intent.add.target) : '';
  const statusChanges = intent.status !== undefined || intent.add?.key === 'supersededBy';
  const want = intent.status ?? (intent.add?.key === 'supersededBy' ? s.superseded : a.status);
  if (!(want === '' ? b.status === '' : sameStatus(b.status, want))) return `its status would read "${b.status || '(none)'}", not "${want}"`;
  if (b.statusCopy !== undefined && want !== '' && !sameStatus(b.statusCopy, want)) return `its front matter's status would read "${b.statusCopy}", not "${want}"`;
  const [fromId, toId] = intent.renamed ? (intent.renamed.ids ?? [adrId(intent.renamed.from, s.digits), adrId(intent.renamed.to, s.digits)]) : ['', ''];
  const moved = (id: string) => (intent.renamed && id === fromId ? toId : id);
  for (const key of RELATION_KEYS) {
    const expected = intent.add?.key === key && !a[key].includes(added) ? [...a[key], added] : a[key].map(moved);
    if (!sameSet(b[key], expected)) return unknownRelation(before, a.status, s, RELATIONS[key].label, b[key].filter((id) => !expected.includes(id))) ?? `its "${RELATIONS[key].label}" relations would read ${b[key].join(', ') || '(none)'}, not ${expected.join(', ') || '(none)'}`;
  }
  for (const field of ['title', 'date', 'deciders'] as const) if (a[field] !== b[field]) return `its ${field} would change from "${a[field]}" to "${b[field]}"`;
  const number = intent.number ?? a.h1Number;
  if (b.h1Number !== number) return `its heading would say ${b.h1Number ?? 'no number'}, not ${number}`;
  for (const name of a.sections.keys()) if (!b.sections.has(name)) return `its "## ${name}" section would be gone`;
  const removed = removedTokens(before, after);
  if (removed === null) return 'the change is too large to compare';
  const numbers = (n: number, digits: number[]) => [String(n), ...digits.map((d) => String(n).padStart(d, '0'))];
  const allowed = new Set([
    ...(statusChanges ? words(a.status) : []),
    ...(intent.number !== undefined && a.h1Number !== null ? numbers(a.h1Number, [s.digits]) : []),
    ...(intent.renamed ? numbers(intent.renamed.from, [s.digits, intent.renamed.digits]) : []),
    // A record named by its day: the old day's digits in its file name (2022-07-26-x.md → 2022-07-27-x.md).
    ...(intent.renamed?.ids ? words(intent.renamed.ids[0]).filter((w) => /^\d+$/.test(w)) : []),
  ]);
  const lost = removed.filter((t) => isWord(t) && !allowed.has(t.toLowerCase()));
  if (lost.length) return `it would remove text that is not the ${intent.number !== undefined || intent.renamed ? 'number' : 'status'} ("${lost.slice(0, 8).join(' ')}${lost.length > 8 ? ' …' : ''}")`;
  if (removed.includes('\n')) return 'it would join lines';
  return null;
}

/** `after`, when it is exactly the intended edit of `before`; else an input error with the edit to make by hand, and nothing is written. */
export function verifiedEdit(rel: string, before: string, after: string, s: Series, intent: EditIntent): string {
  // Front matter that does not parse: its status and relations are unknown, so no edit can be proven. The YAML error is what to fix.
  const unreadable = formatOf(s).parse(rel, before, s).unreadable;
  if (unreadable !== undefined) {
    // The reader counts lines in the YAML block, which starts on the file's second line.
    const at = /\(line (\d+)\)/.exec(unreadable);
    const line = at ? Number(at[1]) + 1 : 0;
    const shown = line ? [`  line ${line}: ${before.split(/\r?\n/)[line - 1] ?? ''}`] : [];
    throw new DocpactError('input', `Nothing was changed: the front matter of ${rel} is not valid YAML, so docpact cannot read its status. Fix it, then run the command again:`, [`  ${unreadable.split('\n')[0]}`, ...shown]);
  }
  const why = editProblem(before, after, s, intent);
  if (why === null) return after;
  // A reason that says how docpact could make the edit itself offers the edit by hand second.
  const make = / and run the command again$/.test(why) ? 'Or make' : 'Make';
  throw new DocpactError('input', `Nothing was changed: docpact cannot edit ${rel} safely (${why}). ${make} this edit by hand, then run "docpact check --fix":`, [`  ${manualEdit(s, intent, before)}`]);
}

/** The edit, in words and in the format's own syntax, for a person to make. */
function manualEdit(s: Series, intent: EditIntent, before: string): string {
  const f = s.format;
  if (f === 'nygard' && (intent.status !== undefined || intent.add?.key === 'supersededBy')) {
    // A Nygard ADR may keep its status on a line under the heading, and a copy in its front matter: the edit names each place.
    const a = formatOf(s).parse('', before, s);
    const status = intent.status ?? (intent.add ? `Superseded by [${linkText(intent.add.target, s)}](${intent.add.target.file})` : '');
    const at = a.sections.get('Status');
    const inSection = at === undefined || /^##\s/.test(before.split(/\r?\n/)[at - 1] ?? '');
    const main = inSection ? `In its "## Status" section, write this as the first paragraph (keep the text after it): ${status}` : `On its Status line under the heading, write: ${status}`;
    return a.statusCopy !== undefined ? `${main}; and in its front matter, set the line: status: ${yamlScalar(intent.status ?? s.superseded)}` : main;
  }
  const fm = f === 'madr3' || f === 'madr4';
  if (intent.number !== undefined) return `Write ${intent.number} as the number in its first heading.`;
  if (intent.renamed) {
    const [from, to] = intent.renamed.ids ?? [adrId(intent.renamed.from, intent.renamed.digits), adrId(intent.renamed.to, intent.renamed.digits)];
    return `Change its links to ${from} to name ${to}'s new file.`;
  }
  if (intent.status !== undefined) {
    if (f === 'nygard') return `In its "## Status" section, write this as the first paragraph (keep the text after it): ${intent.status}`;
    return fm ? `In its front matter, set the line: status: ${yamlScalar(intent.status)}` : `Set the line: - Status: ${intent.status}`;
  }
  const { key, target } = intent.add as { key: RelationKey; target: LinkTarget };
  const label = RELATIONS[key].label;
  if (f === 'nygard') return `In its "## Status" section, add this paragraph: ${label} [${linkText(target, s)}](${target.file})`;
  const to = `[${adrId(target.number, s.digits)}](${target.file})`;
  if (f === 'docpact') return `${key === 'supersededBy' ? `Set the line "- Status: ${s.superseded}", and add` : 'Add'} this line after its Status line: - ${label}: ${to}`;
  if (key === 'supersededBy') return fm ? `In its front matter, set the line: status: ${yamlScalar(`${s.superseded} by ${to}`)}` : `Set the line: - Status: ${s.superseded} by ${to}`;
  const fmKey = key === 'amendedBy' ? 'amended-by' : key;
  return fm ? `In its front matter, add the line: ${fmKey}: ${yamlScalar(to)}` : `Add this line after its Status line: - ${label}: ${to}`;
}

/** `ADR-0007`, from a file of the series. */
export const idOf = (s: Series, number: number) => adrId(number, s.digits);
