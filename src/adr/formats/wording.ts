/**
 * How real teams word an ADR's status, relations and date, whatever the
 * format: a status word followed by prose ("Accepted. Fixes #773."), a
 * decoration before it ("✅ Accepted"), adr-tools' old spelling
 * ("Superceded by"), "Replaces" / "Replaced by", relations written as links
 * or bare ids ("Superseded by DR008"), and dates in brackets or followed by
 * a note ("[2023-05-09]", "2019-05-13, updated …"). The format modules read
 * through these, so every format understands the same wordings, and prose
 * that merely mentions another ADR is not read as a relation.
 */
import { isCalendarDate } from '../../text/date.js';
import { adrId, recordId, seriesNumber, type Series } from '../series.js';
import type { RelationKey } from './types.js';

/** Words stating a relation, each with the relation it states (longest first where one starts another). */
const RELATION_WORDS: [RegExp, RelationKey][] = [
  [/^(?:superseded|superceded|replaced)[\s_-]+by$/i, 'supersededBy'],
  [/^(?:supersedes|supercedes|replaces)$/i, 'supersedes'],
  [/^amended[\s_-]+by$/i, 'amendedBy'],
  [/^amends$/i, 'amends'],
];
const RELATION_START = /^(superseded[ \t]+by|superceded[ \t]+by|replaced[ \t]+by|supersedes|supercedes|replaces|amended[ \t]+by|amends)\b[ \t]*:?[ \t]*/i;

/** The relation a label names ("Superseded by", "superseded-by", "Replaces", "amended_by"), or undefined. */
export function relationKeyOf(label: string): RelationKey | undefined {
  const t = label.trim();
  return RELATION_WORDS.find(([re]) => re.test(t))?.[1];
}

export interface StatusWord {
  /** The status as written ("Accepted", "on hold"). */
  status: string;
  /** Its span in the value. */
  start: number;
  end: number;
  /** Nothing but decoration (emoji, punctuation, spaces) around it: the value is the status alone. */
  bare: boolean;
}

const LETTER = /\p{L}/u;
const WORDY = /[\p{L}\p{N}]/u;

/**
 * The status a free-text value states: the longest status of the vocabulary
 * it starts with ("Accepted at the design gate for #818" → Accepted), else
 * the whole value when it is a short phrase ("on hold"), else its first
 * word, so an unknown word ("Acepted") is still reported as what it is.
 * Leading decoration ("✅ ") is not part of it. Null when there is no word.
 */
/**
 * Whether a "|" stands inside an opened "{" or "[" (no "}" or "]" between):
 * what /[{[][^}\]]*\|/ asks, in one pass — that pattern rescanned from every
 * bracket, and a status of 100,000 "[" then "]|" was quadratic.
 */
function choiceInBrackets(value: string): boolean {
  let open = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '{' || c === '[') open = true;
    else if (c === '}' || c === ']') open = false;
    else if (c === '|' && open) return true;
  }
  return false;
}

export function statusOf(value: string, vocabulary: readonly string[]): StatusWord | null {
  // A template's choice left unfilled ("{Deprecated|Proposed|Accepted}", "[proposed | accepted]", or without brackets:
  // "proposed | rejected | … | superseded by [ADR-0005](…)") states no status: read as written, check reports it.
  // Unbracketed, a word must follow the bar too: "Accepted | 2024-01-02" is a status and a note.
  if (value.includes('|') && (choiceInBrackets(value) || /^[^\p{L}<]*\p{L}[\p{L}\p{M} _-]*\|[ \t]*\p{L}/u.test(value))) return { status: value.trim(), start: 0, end: value.length, bare: false };
  const lead = (/^[^\p{L}]*/u.exec(value) as RegExpExecArray)[0].length;
  const rest = value.slice(lead);
  if (!rest) return null;
  const low = rest.toLowerCase();
  let len = 0;
  for (const v of vocabulary) if (v.length > len && low.startsWith(v.toLowerCase()) && !LETTER.test(rest[v.length] ?? '')) len = v.length;
  if (!len) {
    const phrase = (/^\p{L}[\p{L}\p{M} -]*/u.exec(rest) as RegExpExecArray)[0].trimEnd();
    const tail = rest.slice(phrase.length);
    len = !WORDY.test(tail) && phrase.split(/\s+/).length <= 3 ? phrase.length : (/^\p{L}[\p{L}\p{M}-]*/u.exec(rest) as RegExpExecArray)[0].length;
  }
  const end = lead + len;
  return { status: value.slice(lead, end), start: lead, end, bare: !WORDY.test(value.slice(0, lead) + value.slice(end)) };
}

/**
 * The date a Date field states: `[2023-05-09]` (MADR 2's template brackets
 * left in) and `2019-05-13, updated 2023-02-05 (…)` (a note after it) are
 * that day; anything else is returned as written, so check reports it.
 */
export function dateOf(raw: string): string {
  const t = raw.trim();
  const m = /^\[\s*(\d{4}-\d{2}-\d{2})\s*\](?=$|[\s,;.(])|^(\d{4}-\d{2}-\d{2})(?=$|[\s,;(])/.exec(t);
  const day = m ? (m[1] ?? m[2]) : '';
  return day && isCalendarDate(day) ? day : t;
}

/** The letters before the number in the series' file names ("ADR", "DR", "adr"), or "". */
const prefixOf = (s: Series) => (/^[A-Za-z]+/.exec(s.pattern.split('{number}')[0]) ?? [''])[0];

/** `ADR 112`, `ADR-0007`, `ADR045`, `DR008` (the series' own prefix): the number, or null. */
function bareNumber(text: string, s: Series): number | null {
  const prefix = prefixOf(s);
  const words = ['ADR', 'AD', 'DR', ...(prefix ? [prefix] : [])].map((w) => w.replace(/[^A-Za-z]/g, ''));
  const m = new RegExp(`^(?:${[...new Set(words)].join('|')})[ -]?0*(\\d+)$`, 'i').exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** The ADR a link names, as its id: by its target's file name, else by the id or Nygard number in its text. */
function linkId(text: string, href: string | undefined, s: Series): string | null {
  if (href) {
    const base = decodeSafe(href.split(/[?#]/)[0].split('/').pop() ?? '');
    const file = seriesNumber(s, base) !== null ? base : !base.endsWith('.md') && seriesNumber(s, `${base}.md`) !== null ? `${base}.md` : null;
    if (file !== null) return recordId(s, seriesNumber(s, file) as number, file);
  }
  const t = text.replace(/\\(.)/g, '$1').trim();
  const id = /^(?:ADR|AD|DR)[ -]?0*(\d+)\b/i.exec(t) ?? new RegExp(`^${prefixOf(s) || '\\b\\B'}[ -]?0*(\\d+)\\b`, 'i').exec(t) ?? /^(\d+)\.\s/.exec(t) ?? /^(\d+)$/.exec(t);
  return id ? adrId(Number(id[1]), s.digits) : null;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One relation target at the start of `text`: a link (inline or by reference), a bare id, or a file of the series. */
const TARGET = /^(?:\[((?:\\.|[^\]\\])*)\](?:\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)|\[[^\]]*\])?|([A-Za-z]{1,4}[ -]?\d+)(?![\w-])|([\w.-]+\.md)\b)/;
const BETWEEN = /^[ \t]*(?:,|&|\band\b)[ \t]*(?:and\b[ \t]*)?/i;

/**
 * The ADRs named by the targets at the start of `text`, one after another
 * ("[2. X](0002-x.md), [3. Y](0003-y.md) and ADR-0004"), and where they end.
 * A target that names no ADR of the series ends the list.
 */
function targetsAt(text: string, s: Series): { ids: string[]; end: number } {
  const ids: string[] = [];
  let at = 0;
  let end = 0;
  for (;;) {
    const m = TARGET.exec(text.slice(at));
    if (!m) break;
    const bare = m[3] !== undefined ? bareNumber(m[3], s) : null;
    const named = m[4] !== undefined ? seriesNumber(s, m[4]) : null;
    const id = m[1] !== undefined ? linkId(m[1], m[2], s) : bare !== null ? adrId(bare, s.digits) : named !== null ? recordId(s, named, m[4]) : null;
    if (id === null) break;
    ids.push(id);
    at += m[0].length;
    end = at;
    const sep = BETWEEN.exec(text.slice(at));
    if (!sep) break;
    at += sep[0].length;
  }
  return { ids, end };
}

/** Every ADR a relation value names (a bullet's or front-matter key's whole value is the relation): links, ids, file names. */
export function relationIds(value: string, s: Series): string[] {
  const ids = new Set<string>();
  for (let i = 0; i < value.length; ) {
    const rest = value.slice(i);
    const prev = i ? value[i - 1] : ' ';
    if (/[\s,(;:&]/.test(prev) || rest.startsWith('[')) {
      const found = targetsAt(rest, s);
      if (found.ids.length) {
        for (const id of found.ids) ids.add(id);
        i += found.end;
        continue;
      }
    }
    i++;
  }
  return [...ids];
}

export interface Stated {
  key: RelationKey;
  ids: string[];
}

/**
 * A relation stated at the start of `text` — a relation word followed at once
 * by what it names ("Superseded by [ADR 90](0090-x.md)", "Replaces: ADR-0002")
 * — or null. "Supersedes the draft in the wiki, which [ADR 2](…) left open"
 * states no relation: the word is not followed by an ADR.
 */
export function relationAt(text: string, s: Series): Stated | null {
  const m = RELATION_START.exec(text);
  if (!m) return null;
  const key = relationKeyOf(m[1]) as RelationKey;
  const { ids } = targetsAt(text.slice(m[0].length), s);
  return ids.length ? { key, ids } : null;
}

/** Is `line` a relation statement and nothing more ("Superseded by [8. X](0008-x.md)", "- Amends ADR-0002.")? */
export function relationOnly(line: string, s: Series): boolean {
  const body = line.replace(/^\s*(?:[-*+]\s+)?/, '');
  const m = RELATION_START.exec(body);
  if (!m) return false;
  const { ids, end } = targetsAt(body.slice(m[0].length), s);
  return ids.length > 0 && !WORDY.test(body.slice(m[0].length + end));
}

/**
 * Relations stated in one line of a Status section: at its start (after a
 * list mark), and at the start of each later sentence that begins with a
 * capitalised relation word ("… plan of record. Amends [ADR 94](…)").
 */
export function relationsInLine(line: string, s: Series, sentences = true): Stated[] {
  const out: Stated[] = [];
  const body = line.replace(/^\s*(?:[-*+]\s+)?/, '');
  const first = relationAt(body, s);
  if (first) out.push(first);
  if (!sentences) return out;
  for (const m of body.matchAll(/[.;!?)]\s+(?=[A-Z])/g)) {
    const found = relationAt(body.slice((m.index as number) + m[0].length), s);
    if (found) out.push(found);
  }
  return out;
}

/** Does `line` (without its list mark) start with a relation statement? */
export const startsWithRelation = (line: string, s: Series) => relationAt(line.replace(/^\s*(?:[-*+]\s+)?/, ''), s) !== null;

/** Join link strings into one relation value, keeping the existing ones. */
export function appendLink(current: string | undefined, link: string, id: string, s: Series): string {
  if (!current) return link;
  if (relationIds(current, s).includes(id)) return current;
  return `${current}, ${link}`;
}
