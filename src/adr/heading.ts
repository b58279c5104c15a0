/**
 * An ADR series' first heading as a pattern: `{number}` (zero-padded to the
 * series' digits) or `{n}`, and `{title}` — "{n}. {title}" for adr-tools,
 * "ADR {n}: {title}" for a team that writes "# ADR 112: Title". Read loosely
 * (see `headingRegex`), written exactly; `guessHeading` finds a series' own
 * from the headings it has.
 */
import type { AdrFormatName } from '../config/schema.js';

/** Each format's first heading, as its own tools write it. */
export const DEFAULT_HEADINGS: Record<AdrFormatName, string> = {
  docpact: 'ADR-{number} — {title}',
  nygard: '{n}. {title}',
  madr2: '{title}',
  madr3: '{title}',
  madr4: '{title}',
};

/** What heading helpers need of a series. */
export interface HeadingSeries {
  heading: string;
  digits: number;
}

const NUMBER_SLOT = /\{n(?:umber)?\}/;
const headingRes = new Map<string, RegExp | null>();

/**
 * How a heading pattern is read: the letters before the number (any case,
 * then spaces, "-" or "_"), the number, one separator (".", ":", "-", "—",
 * "–") and the title. Read this loosely, a series that writes "ADR 100:",
 * "ADR-102:" and "ADR045:" side by side reads as one. Group 1 is the number,
 * group 2 the title; null for a heading without a number (MADR's title).
 */
export function headingRegex(heading: string): RegExp | null {
  let re = headingRes.get(heading);
  if (re === undefined) {
    const at = heading.search(NUMBER_SLOT);
    const letters = at === -1 ? '' : heading.slice(0, at).replace(/[^A-Za-z]/g, '');
    re = at === -1 ? null : new RegExp(`^#[ \t]+${letters ? `${letters}[ \t_-]*` : ''}(\\d+)[ \t]*(?:[.:—–-][ \t]*)?(.*?)\\s*$`, letters ? 'id' : 'd');
    headingRes.set(heading, re);
  }
  return re;
}

/** The heading text (without "# ") for an ADR of the series; `title` must already be page-safe. */
export function renderHeading(s: HeadingSeries, number: number, title: string): string {
  return s.heading
    .replace('{number}', String(number).padStart(s.digits, '0'))
    .replace('{n}', String(number))
    .replace('{title}', title);
}

/** What the first heading must look like, for messages: `# 7. <title>`. */
export const headingHint = (s: HeadingSeries, number: number) => `# ${renderHeading(s, number, '<title>')}`;

/**
 * The heading the latest ADRs share, as a pattern, from their first headings
 * ("# ADR 112: Title" → "ADR {n}: {title}", "# 0014. Title" → "{number}.
 * {title}", "# ADR045: Title" → "ADR{number}: {title}", "# Title" →
 * "{title}"); the format's own when there are none. Later headings win ties.
 */
export function guessHeading(h1s: string[], format: AdrFormatName): string {
  const votes = new Map<string, { n: number; padded: number; last: number }>();
  h1s.forEach((line, i) => {
    if (!/^#\s/.test(line)) return;
    const m = /^#[ \t]+(?:([A-Za-z]+)([ \t_-]*))?(\d+)[ \t]*([.:—–-]?)[ \t]*\S/.exec(line);
    const shape = m ? `${m[1] ?? ''}${m[1] ? m[2] : ''}\u0000${m[4] ? `${m[4]} ` : ' '}{title}` : '{title}';
    const v = votes.get(shape) ?? { n: 0, padded: 0, last: 0 };
    votes.set(shape, { n: v.n + 1, padded: v.padded + (m !== null && m[3].length > String(Number(m[3])).length ? 1 : 0), last: i });
  });
  const best = [...votes.entries()].sort((a, b) => b[1].n - a[1].n || b[1].last - a[1].last)[0];
  if (!best) return DEFAULT_HEADINGS[format];
  // Zero-padded when most of these headings are ("# 0014."), not when one of them is.
  const [shape, { n, padded }] = best;
  return shape.includes('\u0000') ? shape.replace('\u0000', padded * 2 > n ? '{number}' : '{n}') : shape;
}
