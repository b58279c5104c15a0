/**
 * Titles are kept exactly; file names are derived from them as safe ASCII
 * slugs. Pure functions, except for the lazy load of the transliteration
 * table (only when a title has non-ASCII characters).
 */
import { DocpactError } from '../errors.js';
import { BIDI } from './bidi.js';

export const MAX_SLUG = 60;
export const MAX_TITLE = 300;

const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * Check user text meant for a single line (titles, terms, deciders) and
 * return it trimmed. Throws an input error naming `what` otherwise.
 */
export function singleLine(value: string, what: string, max = MAX_TITLE): string {
  if (!value.isWellFormed()) throw new DocpactError('input', `The ${what} is not valid Unicode text.`);
  if (LINE_BREAK.test(value)) throw new DocpactError('input', `The ${what} must be a single line; it contains a line break.`);
  if (CONTROL.test(value)) throw new DocpactError('input', `The ${what} contains a control character (such as a tab); type it as plain text.`);
  const bidi = BIDI.exec(value);
  if (bidi) throw new DocpactError('input', `The ${what} contains U+${bidi[0].charCodeAt(0).toString(16).toUpperCase()}, a bidirectional control that would show it in another order than it is written; type it as plain text.`);
  const trimmed = value.trim();
  if (trimmed === '') throw new DocpactError('input', `The ${what} is empty.`);
  if ([...trimmed].length > max) throw new DocpactError('input', `The ${what} is longer than ${max} characters.`);
  return trimmed;
}

let transliterate: ((s: string) => string) | undefined;

/** Load the Unicode→ASCII table if `text` needs it. Call before `slugify`. */
export async function prepareSlug(text: string): Promise<void> {
  if (!transliterate && /[^\x00-\x7f]/.test(text)) transliterate = (await import('any-ascii')).default;
}

/**
 * Lowercase ASCII words joined by "-", at most `max` characters, cut at a
 * word boundary. Returns "" when nothing usable remains.
 *
 * @example slugify('Use Postgres & Redis — v2') // 'use-postgres-and-redis-v2'
 */
export function slugify(text: string, max = MAX_SLUG): string {
  let ascii = /[^\x00-\x7f]/.test(text) ? (transliterate ? transliterate(text) : text) : text;
  ascii = ascii.replace(/&/g, ' and ').replace(/'/g, '');
  const words = ascii.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const w of words) {
    const next = slug ? `${slug}-${w}` : w;
    if (next.length > max) {
      if (!slug) slug = w.slice(0, max);
      break;
    }
    slug = next;
  }
  return slug;
}

/**
 * A slug from a title, or an input error when the title has no usable
 * characters. `slugFlag`: the command also accepts --slug, so say so.
 */
export function slugFromTitle(title: string, slugFlag = false): string {
  const slug = slugify(title);
  if (!slug) {
    const hint = slugFlag ? 'Use a title with some, or pass --slug.' : 'Use a title with some.';
    throw new DocpactError('input', `The title "${printable(title)}" has no letters or digits to build a file name from. ${hint}`);
  }
  return slug;
}

/**
 * The slug of a title where it can be made at once — the title is ASCII, or
 * the transliteration table is loaded — else undefined (the plan decides,
 * after prepareSlug). Lets a typed title without letters be asked again.
 */
export function slugNow(title: string, slugFlag = false): string | undefined {
  if (/[^\x00-\x7f]/.test(title) && !transliterate) return undefined;
  return slugFromTitle(title, slugFlag);
}

/** Validate a slug typed by a user (chat threads, --slug). */
export function checkSlug(slug: string, what = 'slug'): string {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
    throw new DocpactError('input', `Invalid ${what} "${printable(slug)}": use lowercase letters, digits and single "-" between words (e.g. "storage-leases").`);
  }
  if (slug.length > MAX_SLUG) throw new DocpactError('input', `The ${what} is longer than ${MAX_SLUG} characters.`);
  if (WINDOWS_RESERVED.test(slug)) throw new DocpactError('input', `The ${what} "${slug}" is a reserved file name on Windows; pick another.`);
  return slug;
}

/** Show user text in a message without letting it break the terminal. */
export function printable(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export const isReservedName = (name: string) => WINDOWS_RESERVED.test(name);
