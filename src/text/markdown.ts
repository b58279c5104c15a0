/**
 * Escape user text for inline Markdown (table cells, link text): every ASCII
 * punctuation mark that Markdown or MyST could read as syntax gets a
 * backslash, which CommonMark allows before any ASCII punctuation.
 */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~$&^]/g, '\\$&');
}

/** The line ending a text uses ("\r\n" if it has any, else "\n"). */
export const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
/** A text with CRLF read as LF: what a file means, whatever its checkout's line endings. */
export const lf = (text: string) => text.replace(/\r\n/g, '\n');

/** Apply `fn` to the parts of `text` outside inline code spans (CommonMark backtick runs); `fn` learns whether a code span follows. */
function outsideCode(text: string, fn: (plain: string, beforeCode: boolean) => string): string {
  let out = '';
  let plain = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      plain += text[i++];
      continue;
    }
    const close = closingRun(text, i);
    if (close === -1) {
      const n = runLength(text, i);
      plain += text.slice(i, i + n);
      i += n;
      continue;
    }
    const n = runLength(text, i);
    out += fn(plain, true) + text.slice(i, close + n);
    plain = '';
    i = close + n;
  }
  return out + fn(plain, false);
}

const runLength = (text: string, i: number) => {
  let n = 0;
  while (text[i + n] === '`') n++;
  return n;
};

/** Where the code span opening at `i` closes: the next run of exactly as many backticks; -1 without one (then they are literal). */
function closingRun(text: string, i: number): number {
  const n = runLength(text, i);
  for (let j = i + n; j < text.length; ) {
    if (text[j] !== '`') {
      j++;
      continue;
    }
    const m = runLength(text, j);
    if (m === n) return j;
    j += m;
  }
  return -1;
}

/**
 * What Markdown, GitHub or MyST could read as syntax in user text outside
 * code spans, each found by one alternative and escaped with a backslash
 * (CommonMark allows one before any ASCII punctuation):
 * - anywhere: a backslash, raw HTML and autolinks (`<>`), links (`[]`),
 *   MyST roles and substitutions (`{}`), math (`$`), strikethrough (`~`,
 *   which GitHub draws and MyST does not), and the `&` of anything that could
 *   be an entity or character reference (`&lt;`, `&#60;`);
 * - GitHub's bare links: the `:` of `scheme://`, the `.` of `www.`, the `@` of an e-mail address;
 * - a heading's closing `#`s at the end, and a block marker (`-`, `+`, `*`, `#`, `1.`) at the start.
 */
const SYNTAX = /[\\<>{}[\]$~]|&(?=#?\w+;)|(?<=[A-Za-z]):(?=\/\/)|(?<=(?:^|[^a-z0-9])www)\.|(?<=[\w.+-])@|#(?=#*\s*$)|(?<=^\s*)[-+*#](?=\s|$)|(?<=^\s*\d{1,9})[.)](?=\s|$)/gi;
/** Every character `SYNTAX` escapes: a backslash before one of them is docpact's (or a no-op a reader never sees). */
const UNESCAPE = /\\([\\<>{}[\]&$~:.@#\-+*)])/g;

/** A MyST role's name right before its code span (`{doc}`…``): kept in text that may hold roles. */
const ROLE = /\{[A-Za-z][\w:+.-]*\}$/;

/**
 * User text for a single-line field of a page (a title, deciders, a status,
 * a glossary term or definition, an invariant): inline Markdown — code spans
 * and emphasis — keeps working, everything else shows as typed, the same on
 * GitHub (CommonMark + GFM) and in the site (MyST): no raw HTML, entity,
 * link, bare link, MyST role, directive, substitution or math, and nothing
 * read as a block marker or a heading's closing sequence. With `roles`
 * (a glossary definition, which only the site shows), a MyST role such as
 * ``{doc}`index` `` stays a role. `unescapeMyst` reverses it exactly.
 */
export const escapeMyst = (text: string, opts: { roles?: boolean } = {}) =>
  outsideCode(text, (plain, beforeCode) => {
    const role = opts.roles && beforeCode ? (ROLE.exec(plain)?.[0] ?? '') : '';
    return plain.slice(0, plain.length - role.length).replace(SYNTAX, '\\$&') + role;
  });
export const unescapeMyst = (text: string) => outsideCode(text, (plain) => plain.replace(UNESCAPE, '$1'));

/** CommonMark's classes for the characters around an emphasis run: 1 white space (or the text's edge), 2 punctuation or symbol, 0 other. */
const charClass = (ch: string | undefined) => (ch === undefined || /\s/u.test(ch) ? 1 : /[\p{P}\p{S}]/u.test(ch) ? 2 : 0);

interface Run {
  ch: string;
  /** Characters left unmatched (shown as text). */
  n: number;
  orig: number;
  open: boolean;
  close: boolean;
}

/**
 * The text a reader sees of inline Markdown as `escapeMyst` writes it:
 * escapes resolved, code spans as their content, emphasis without its
 * delimiters — CommonMark's delimiter-run rules (flanking, the rule of
 * three), which are all it takes, since `escapeMyst` leaves no other inline
 * syntax active. For places that cannot hold markup: the relation graph's
 * labels and tooltips.
 * @example markdownText('Use **SQLite** for `a_b` \\<b\\>') // 'Use SQLite for a_b <b>'
 */
export function markdownText(md: string): string {
  const parts: (string | Run)[] = [];
  const runs: Run[] = [];
  for (let i = 0; i < md.length; ) {
    const c = md[i];
    if (c === '\\' && /^[!-/:-@[-`{-~]$/.test(md[i + 1] ?? '')) {
      parts.push(md[i + 1]);
      i += 2;
    } else if (c === '`') {
      const n = runLength(md, i);
      const close = closingRun(md, i);
      if (close === -1) {
        parts.push(md.slice(i, i + n));
        i += n;
        continue;
      }
      const code = md.slice(i + n, close).replace(/\r\n?|\n/g, ' ');
      parts.push(code.startsWith(' ') && code.endsWith(' ') && /[^ ]/.test(code) ? code.slice(1, -1) : code);
      i = close + n;
    } else if (c === '*' || c === '_') {
      let n = 0;
      while (md[i + n] === c) n++;
      const before = charClass(i > 0 ? String.fromCodePoint(md.codePointAt(/[\udc00-\udfff]/.test(md[i - 1]) && i > 1 ? i - 2 : i - 1) as number) : undefined);
      const after = charClass(i + n < md.length ? String.fromCodePoint(md.codePointAt(i + n) as number) : undefined);
      const left = after === 0 || (after === 2 && before !== 0);
      const right = before === 0 || (before === 2 && after !== 0);
      const run: Run = { ch: c, n, orig: n, open: c === '*' ? left : left && (!right || before === 2), close: c === '*' ? right : right && (!left || after === 2) };
      parts.push(run);
      if (run.open || run.close) runs.push(run);
      i += n;
    } else {
      parts.push(c);
      i++;
    }
  }
  // CommonMark's "process emphasis": each closer takes the nearest opener it may pair with.
  const bottoms = new Map<string, Run | null>();
  for (let at = 0; at < runs.length; ) {
    const closer = runs[at];
    if (!closer.close) {
      at++;
      continue;
    }
    const key = `${closer.ch}${closer.open ? 1 : 0}${closer.orig % 3}`;
    const bottom = bottoms.get(key) ?? null;
    let found = -1;
    for (let o = at - 1; o >= 0 && runs[o] !== bottom; o--) {
      const opener = runs[o];
      if (opener.ch !== closer.ch || !opener.open) continue;
      const odd = (opener.close || closer.open) && (opener.orig + closer.orig) % 3 === 0 && !(opener.orig % 3 === 0 && closer.orig % 3 === 0);
      if (!odd) {
        found = o;
        break;
      }
    }
    if (found === -1) {
      bottoms.set(key, at > 0 ? runs[at - 1] : null);
      if (!closer.open) runs.splice(at, 1);
      else at++;
      continue;
    }
    const opener = runs[found];
    const use = opener.n >= 2 && closer.n >= 2 ? 2 : 1;
    opener.n -= use;
    closer.n -= use;
    runs.splice(found + 1, at - found - 1);
    at = found + 1;
    if (opener.n === 0) {
      runs.splice(found, 1);
      at--;
    }
    if (closer.n === 0) runs.splice(at, 1);
  }
  return parts.map((p) => (typeof p === 'string' ? p : p.ch.repeat(p.n))).join('');
}

/**
 * The same for Python-Markdown (MkDocs), which has no backslash escape for
 * `<`, `>` or `&`: those become character references, so raw HTML stays text.
 */
const ENTITY: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };
const CHAR: Record<string, string> = { lt: '<', gt: '>', amp: '&' };
/**
 * `plain` with the "#"s that end it (before trailing white space) escaped: a
 * heading's closing "#"s need no space before them in Python-Markdown ("C#"
 * would lose its "#"). Found from the end, once: a lookahead per "#" made a
 * title of many of them quadratic.
 */
function closingHashesEscaped(plain: string): string {
  const end = plain.trimEnd().length; // trimEnd removes what \s matches
  let start = end;
  while (start > 0 && plain.charCodeAt(start - 1) === 35) start--;
  return start === end ? plain : `${plain.slice(0, start)}${'\\#'.repeat(end - start)}${plain.slice(end)}`;
}
export const escapeMarkdown = (text: string) => outsideCode(text, (plain) => closingHashesEscaped(plain.replace(/[\\{}[\]]/g, '\\$&')).replace(/[<>&]/g, (c) => ENTITY[c]));
export const unescapeMarkdown = (text: string) => outsideCode(text, (plain) => plain.replace(/&(lt|gt|amp);/g, (_, n: string) => CHAR[n]).replace(/\\([\\{}[\]#])/g, '$1'));

/**
 * How the pages of a docs engine read user text: MyST (Sphinx) or
 * Python-Markdown (MkDocs). GitHub reads both escapings alike.
 */
export type Markup = 'myst' | 'markdown';
export const escapeFor = (markup: Markup) => (markup === 'markdown' ? escapeMarkdown : escapeMyst);
export const unescapeFor = (markup: Markup) => (markup === 'markdown' ? unescapeMarkdown : unescapeMyst);

/**
 * User text (an ADR title) for a Markdown table cell: the same inline
 * Markdown as in its heading (`escapeFor` the pages' markup), with every `|` escaped, inside
 * code spans too, since a table splits its row at each unescaped pipe before
 * reading inline Markdown (and drops the backslash of an escaped one).
 */
export const inlineCell = (text: string, markup: Markup = 'myst') => escapeFor(markup)(text).replace(/\|/g, '\\|');

/** For values Sphinx's HTML theme inserts as HTML (the project name in the sidebar and <title>). */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML[c]);

/** A Markdown link; its text may hold escaped brackets (`\]`), as escapeMyst writes them. */
export const LINK = /\[((?:\\.|[^\]\\])*)\]\(([^)]*)\)/g;

/**
 * Text as one Markdown code span, whatever backticks it holds: fenced by one
 * more backtick than its longest run, padded when it starts or ends with one.
 *
 * @example codeSpan('a `b` c') // "`` a `b` c ``"
 */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = longest ? ' ' : '';
  return `${fence}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${fence}`;
}

/** A heading's text without its closing "#"s and blanks (at least its first character, as `(.+?)[ \t#]*$` reads it), found from the end once: that pattern is quadratic on "# # # …x". */
export function closingTrimmed(heading: string): string {
  let end = heading.length;
  for (let c = heading.charCodeAt(end - 1); end > 1 && (c === 32 || c === 9 || c === 35); c = heading.charCodeAt(end - 1)) end--;
  return heading.slice(0, end);
}
