/**
 * An ADR folder inside an mdBook book: mdBook renders only the pages its
 * SUMMARY.md lists (https://rust-lang.github.io/mdBook/format/summary.html).
 * SUMMARY.md is the team's table of contents — its parts, nesting and order
 * are theirs — so docpact never edits it, as it never edits a team's own ADR
 * index; `adr new` says which line to add, and where. Pure: `read` is the
 * caller's (a plan's read).
 */
import path from 'node:path';

type Read = (rel: string) => string | null;

/** The book's `src` folder as book.toml's [book] table sets it (default "src"), relative to the book; null when it leaves the book. */
function srcOf(toml: string): string | null {
  const table = /^\[book\][ \t]*$/m.exec(toml);
  const body = table ? toml.slice(table.index + table[0].length).split(/^\[/m)[0] : '';
  const src = /^[ \t]*src[ \t]*=[ \t]*["']([^"'\n]*)["'][ \t]*(?:#.*)?$/m.exec(body)?.[1] ?? 'src';
  const norm = path.posix.normalize(src).replace(/\/$/, '');
  return norm.startsWith('..') || path.posix.isAbsolute(norm) ? null : norm === '.' ? '' : norm;
}

/** The SUMMARY.md of the mdBook book whose sources hold `dir` (repository-relative), or null. */
export function bookSummaryOf(dir: string, read: Read): string | null {
  const parts = dir.split('/');
  for (let n = parts.length; n >= 0; n--) {
    const book = parts.slice(0, n).join('/');
    const toml = read(book ? `${book}/book.toml` : 'book.toml');
    if (toml === null) continue;
    const src = srcOf(toml);
    if (src === null) return null;
    const srcDir = [book, src].filter(Boolean).join('/');
    if (srcDir && dir !== srcDir && !dir.startsWith(`${srcDir}/`)) return null;
    const summary = srcDir ? `${srcDir}/SUMMARY.md` : 'SUMMARY.md';
    return read(summary) === null ? null : summary;
  }
  return null;
}

/** A chapter line of SUMMARY.md: its indentation and list marker (or none: a prefix or suffix chapter), label and link. */
const CHAPTER = /^([ \t]*(?:[-*][ \t]+)?)\[([^\]\n]*)\]\(([^)\s]*)\)[ \t]*$/;

/**
 * What to add to SUMMARY.md for a new ADR `file` of the folder `dir`, when
 * it lists other ADRs of that folder and not this one: the line, written as
 * the last listed ADR's (indentation, marker; its label the ADR's H1 when
 * theirs are their H1s, else `title`), and the line it goes after. Null when
 * there is nothing to say.
 */
export function summaryEntry(summaryRel: string, summary: string, dir: string, file: string, h1: string, title: string, read: Read): { line: string; after: number } | null {
  const base = path.posix.dirname(summaryRel);
  const rel = (target: string) => path.posix.normalize(path.posix.join(base === '.' ? '' : base, decodeURI(target.split('#')[0])));
  const mine = `${dir}/${file}`;
  let last: { at: number; prefix: string; label: string; target: string } | undefined;
  const lines = summary.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = CHAPTER.exec(lines[i].replace(/\r$/, ''));
    if (!m || !m[3]) continue;
    let target: string;
    try {
      target = rel(m[3]);
    } catch {
      continue;
    }
    if (target === mine) return null;
    if (path.posix.dirname(target) === dir && /\.md$/i.test(target)) last = { at: i + 1, prefix: m[1], label: m[2], target };
  }
  if (!last) return null;
  const theirH1 = /^#[ \t]+(.+?)[ \t]*$/m.exec(read(last.target) ?? '')?.[1];
  const label = theirH1 !== undefined && theirH1 === last.label ? h1 : title;
  const link = path.posix.relative(base === '.' ? '' : base, mine);
  return { line: `${last.prefix}[${label}](${link})`, after: last.at };
}
