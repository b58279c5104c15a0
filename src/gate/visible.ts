/**
 * What a reader of a rendered pull request body sees as text, for gate's
 * "Fixes #12": GitHub links nothing written in code or in what it does not
 * show. Left out, each line of it made empty:
 *
 * - HTML comments (a template's hints), anywhere;
 * - fenced code, also inside block quotes and list items (a fence in a quote
 *   ends with the quote);
 * - indented code: four columns past the list item holding it (or the
 *   margin), where no paragraph goes on (an indented line after text is that
 *   paragraph's, and shown);
 * - raw `<pre>`, `<script>`, `<style>` and `<textarea>` blocks, and what
 *   inline `<code>`, `<pre>`, `<kbd>`, `<samp>` hold;
 * - code spans;
 * - HTML tags themselves (their attributes: an image's alt, a title; what
 *   they enclose stays) and link reference definitions (`[x]: url`).
 *
 * The CommonMark block structure is followed as far as these need: block
 * quotes by their markers, list items by their content column. Where it is
 * approximated, the text is taken for hidden, never the other way round: the
 * gate must not pass a body whose link no one sees. One pass over the lines,
 * each pattern linear (a PR body is untrusted; a full CommonMark parser,
 * micromark, took 10–30 s on 64 KiB bodies of nested quotes or emphasis).
 */

/** `s` with every character but line breaks dropped (the line structure stays). */
const lineBreaks = (s: string) => s.replace(/[^\n]/g, '');
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
/** Inline elements whose content is code; an unclosed one hides the rest (a browser shows the rest as code too). */
const INLINE_CODE = /<(code|pre|kbd|samp)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const RAW_BLOCK = /^<(pre|script|style|textarea)(?=[\s>]|$)/i;
const FENCE = /^(`{3,}|~{3,})/;
const MARKER = /^([-+*]|\d{1,9}[.)])([ \t]+|$)/;
/** An HTML tag, open or closing, with its attributes (quoted values may hold ">"); each alternative starts with its own character, so the scan is linear. */
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s(?:[^<>"']|"[^"]*"|'[^']*')*)?\/?>/g;
/** A link reference definition's start (it renders nothing): a label, then ":". */
const REF_DEF = /^\[[^\]]{1,999}\]:/;

/** Columns of leading white space (a tab to the next multiple of 4) and where the text starts. */
function indentOf(line: string): { cols: number; at: number } {
  let cols = 0;
  let at = 0;
  for (; at < line.length; at++) {
    const c = line.charCodeAt(at);
    if (c === 32) cols++;
    else if (c === 9) cols += 4 - (cols % 4);
    else break;
  }
  return { cols, at };
}

/** Code spans blanked: a backtick run opens one, the next run of the same length closes it. One pass over the runs. */
function maskSpans(text: string): string {
  const runs: [number, number][] = [];
  for (let i = text.indexOf('`'); i !== -1; i = text.indexOf('`', i)) {
    const s = i;
    while (text.charCodeAt(i) === 96) i++;
    runs.push([s, i]);
  }
  if (runs.length < 2) return text;
  // next[r]: the next run after r of the same length (by length, from the end).
  const next = new Array<number>(runs.length).fill(-1);
  const seen = new Map<number, number>();
  for (let r = runs.length - 1; r >= 0; r--) {
    const length = runs[r][1] - runs[r][0];
    next[r] = seen.get(length) ?? -1;
    seen.set(length, r);
  }
  let out = '';
  let p = 0;
  for (let r = 0; r < runs.length; r++) {
    const c = next[r];
    if (c === -1) continue;
    out += `${text.slice(p, runs[r][0])}\n`;
    p = runs[c][1];
    r = c;
  }
  return out + text.slice(p);
}

/** The body's visible text: hidden parts removed, each hidden line left empty, so text on either side never joins. */
export function visibleText(body: string): string {
  const text = body.replace(/\r\n?/g, '\n').replace(COMMENT, lineBreaks);
  const out: string[] = [];
  let fence: { mark: string; quotes: number } | null = null;
  let raw: RegExp | null = null; // the end tag of an open raw HTML block
  let paragraph = false;
  let quoted = 0; // the block quote depth of the line before
  let code = false; // inside an indented code block
  const items: number[] = []; // content columns of the open list items, innermost last
  for (const whole of text.split('\n')) {
    // Block quote markers: up to three spaces, '>', an optional space.
    let line = whole;
    let quotes = 0;
    for (let m = /^ {0,3}> ?/.exec(line); m; m = /^ {0,3}> ?/.exec(line)) {
      line = line.slice(m[0].length);
      quotes++;
    }
    // A block quote opening here starts its content afresh: an indented line in it is code, even after text.
    if (quotes > quoted) paragraph = false;
    quoted = quotes;
    if (fence) {
      const { at } = indentOf(line);
      const close = FENCE.exec(line.slice(at));
      if (quotes < fence.quotes) fence = null; // the quote ended, and its fence with it
      else {
        if (close && close[1][0] === fence.mark[0] && close[1].length >= fence.mark.length && !line.slice(at + close[1].length).trim()) fence = null;
        out.push('');
        continue;
      }
    }
    if (raw) {
      if (raw.test(line)) raw = null;
      out.push('');
      continue;
    }
    const { cols, at } = indentOf(line);
    if (at === line.length) {
      paragraph = false;
      out.push('');
      continue;
    }
    // A line less indented than a list item's content, after a paragraph ended, is outside it.
    if (!paragraph) while (items.length && cols < items[items.length - 1]) items.pop();
    const base = items.length ? items[items.length - 1] : 0;
    if ((!paragraph || code) && cols >= base + 4) {
      code = true;
      out.push('');
      continue;
    }
    code = false;
    let content = line.slice(at);
    let column = cols;
    const marker = cols - base <= 3 ? MARKER.exec(content) : null;
    if (marker) {
      // A list item: its content starts after the marker and one to four spaces (or one, when five or more follow).
      while (items.length && cols < items[items.length - 1]) items.pop();
      const spaces = indentOf(marker[2]).cols;
      column = cols + marker[1].length + (spaces >= 1 && spaces <= 4 ? spaces : 1);
      items.push(column);
      content = content.slice(marker[0].length);
      paragraph = false;
    }
    const open = FENCE.exec(content);
    if (open && (open[1][0] === '~' || !content.slice(open[1].length).includes('`'))) {
      fence = { mark: open[1], quotes };
      paragraph = false;
      out.push('');
      continue;
    }
    // A link reference definition cannot interrupt a paragraph; elsewhere its line shows nothing.
    if (!paragraph && REF_DEF.test(content)) {
      out.push('');
      continue;
    }
    const block = RAW_BLOCK.exec(content);
    if (block) {
      const end = new RegExp(`</${block[1]}\\s*>`, 'i');
      if (!end.test(content)) raw = end;
      paragraph = false;
      out.push('');
      continue;
    }
    paragraph = !/^#{1,6}(?:[ \t]|$)/.test(content);
    out.push(content);
  }
  // Tags last: inside a code span they are its text, hidden with it.
  return maskSpans(out.join('\n').replace(INLINE_CODE, lineBreaks)).replace(TAG, lineBreaks);
}
