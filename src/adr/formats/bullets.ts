/**
 * Metadata as bullets under the H1 — `- Status: Accepted` — as docpact, MADR 2
 * and log4brains write it. Reading stops at the first `## ` section; MADR 2
 * (log4brains) also states relations as bullets of its `## Links` section
 * ("- Supersedes [title](20200926-x.md)"). Edits change one bullet's value —
 * only its bytes: a trailing `<!-- comment -->` and spacing stay — or add one
 * bullet in docpact's order, with the bullet mark the file already uses.
 */
import type { Series } from '../series.js';
import { BULLET, type Lines } from './text.js';
import type { RelationKey } from './types.js';
import { relationKeyOf, relationsInLine, statusOf, type Stated } from './wording.js';

/** Bullet keys in the order docpact writes them. */
export const BULLET_ORDER = ['status', 'deciders', 'date', 'tags', 'supersedes', 'superseded by', 'amends', 'amended by'];

export interface Bullet {
  index: number; // 0-based line
  mark: string;
  key: string; // lowercase
  /** The value, without a trailing HTML comment or spaces. */
  value: string;
  /** The value's span in the line. */
  start: number;
  end: number;
}

/** The value part of a bullet line: after "Key:" (and the bold's close, `**Key:**`) and spaces, before a trailing `<!-- … -->` and spaces. */
function valueSpan(line: string): { start: number; end: number } {
  const colon = line.indexOf(':');
  let start = colon + 1;
  const bold = /^[-*]\s+(\*\*|__)/.exec(line)?.[1];
  if (bold && line.startsWith(bold, start)) start += 2;
  while (line[start] === ' ' || line[start] === '\t') start++;
  let end = line.length;
  const comment = line.includes('<!--', start) ? /\s*<!--.*?-->\s*$/.exec(line.slice(start)) : null;
  if (comment) end = start + (comment.index as number);
  while (end > start && /\s/.test(line[end - 1])) end--;
  return { start, end };
}

/** Bullets between the H1 (`from`) and the first `## ` heading. */
export function readBullets(lines: string[], from: number): Bullet[] {
  const out: Bullet[] = [];
  for (let i = from; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) break;
    const m = BULLET.exec(lines[i]);
    if (!m) continue;
    const span = valueSpan(lines[i]);
    out.push({ index: i, mark: m[1], key: m[2].toLowerCase(), value: lines[i].slice(span.start, span.end), ...span });
  }
  return out;
}

/** The relation a bullet key names ("superseded by", "replaces", …), or undefined. */
export const bulletRelation = (b: Bullet) => relationKeyOf(b.key);

/** The `## Links` section (MADR 2, log4brains): its heading and the index after its last line, or null. */
export function linksSection(lines: string[]): { head: number; end: number } | null {
  const head = lines.findIndex((l) => /^##\s+Links\s*$/i.test(l));
  if (head === -1) return null;
  let end = head + 1;
  while (end < lines.length && !/^#{1,2}\s/.test(lines[end])) end++;
  return { head, end };
}

/** Relations stated by the bullets of the `## Links` section, with their 0-based lines. */
export function linkBullets(lines: string[], s: Series): { index: number; stated: Stated }[] {
  const sec = linksSection(lines);
  if (!sec) return [];
  const out: { index: number; stated: Stated }[] = [];
  for (let i = sec.head + 1; i < sec.end; i++) {
    if (!/^\s*[-*+]\s/.test(lines[i])) continue;
    for (const stated of relationsInLine(lines[i], s, false)) out.push({ index: i, stated });
  }
  return out;
}

/** A status value with its word replaced, keeping decoration and prose around it ("accepted" → "deprecated"). */
export function replaceStatusWord(current: string, status: string, vocabulary: readonly string[]): string {
  const w = statusOf(current, vocabulary);
  return w ? current.slice(0, w.start) + inCaseOf(w.status, status) + current.slice(w.end) : status;
}

/**
 * `next`'s first word in the case of `old`, the status it replaces: a team
 * writing "Accepted" where the vocabulary says "accepted" gets "Deprecated",
 * one writing "accepted" gets "deprecated", "ACCEPTED" gets "DEPRECATED".
 * Any other mix (or no letters) leaves `next` as it is.
 */
export function inCaseOf(old: string, next: string): string {
  const word = /^\p{L}+/u.exec(next)?.[0];
  if (!word || !/\p{L}/u.test(old)) return next;
  const letters = old.replace(/[^\p{L}]/gu, '');
  const as =
    letters === letters.toLowerCase() ? word.toLowerCase()
    : letters === letters.toUpperCase() && letters.length > 1 ? word.toUpperCase()
    : letters[0] === letters[0].toUpperCase() && letters.slice(1) === letters.slice(1).toLowerCase() ? word[0].toUpperCase() + word.slice(1).toLowerCase()
    : word;
  return as + next.slice(word.length);
}

/**
 * Set the bullet `label` (a relation label also matches its other wordings:
 * "Replaces" for Supersedes) to `value(current)`, changing only the value's
 * bytes; or insert it after the last bullet that comes before it in `order`
 * (else after the H1 at `h1`).
 */
export function setBullet(l: Lines, h1: number, label: string, value: (current: string | undefined) => string, order = BULLET_ORDER): void {
  const bullets = readBullets(l.lines, h1 + 1);
  const key = label.toLowerCase();
  const rel: RelationKey | undefined = relationKeyOf(key);
  const found = bullets.find((b) => b.key === key || (rel !== undefined && bulletRelation(b) === rel));
  if (found) {
    const line = l.lines[found.index];
    l.lines[found.index] = line.slice(0, found.start) + value(found.value) + line.slice(found.end);
    return;
  }
  const rank = order.indexOf(key);
  let at = -1;
  for (const b of bullets) if (order.indexOf(b.key) <= rank) at = b.index + 1;
  if (at === -1) {
    if (bullets.length) at = bullets[0].index;
    else {
      // No bullets yet: a block of one after the H1, set off by blank lines.
      l.lines.splice(h1 + 1, 0, '', `- ${label}: ${value(undefined)}`);
      return;
    }
  }
  // In the style of the bullets there: their mark, spacing and bold key (`- **Supersedes:** …`).
  const first = l.lines[bullets[0].index];
  const keyAt = first.search(/[A-Za-z]/);
  const keyEnd = keyAt + bullets[0].key.length;
  l.lines.splice(at, 0, `${first.slice(0, keyAt)}${label}${first.slice(keyEnd, bullets[0].start)}${value(undefined)}`);
}
