/**
 * Joining a Sphinx project docpact did not create: add docpact's sections to
 * the root toctree (reStructuredText or MyST), and enable MyST in conf.py by
 * the smallest edit that can be verified by reading — conf.py is never run
 * and never rewritten. When the edit cannot be made safely, the caller stops
 * and prints the lines to add.
 */
import { addToctreeEntry, findRstToctrees, findToctrees } from '../docs/toctree.js';
import { eolOf } from '../text/markdown.js';

/** Add `entries` to the root document's first toctree, or a new toctree at its end. */
export function addRootEntries(text: string, file: string, entries: string[]): string {
  return file.endsWith('.md') ? addMd(text, entries) : addRst(text, entries);
}

function addMd(text: string, entries: string[]): string {
  const eol = eolOf(text);
  if (!findToctrees(text).length) {
    const block = ['```{toctree}', ':maxdepth: 2', ':caption: Governance', '', ...entries, '```'];
    return text.replace(/\s*$/, '') + eol + eol + block.join(eol) + eol;
  }
  return entries.reduce((t, e) => addToctreeEntry(t, e) ?? t, text);
}

function addRst(text: string, entries: string[]): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const tree = findRstToctrees(text)[0];
  if (!tree) {
    const block = ['.. toctree::', '   :maxdepth: 2', '   :caption: Governance', '', ...entries.map((e) => `   ${e}`)];
    return text.replace(/\s*$/, '') + eol + eol + block.join(eol) + eol;
  }
  const listed = new Set(tree.entries.map((e) => e.target.replace(/\.(rst|md)$/, '')));
  const todo = entries.filter((e) => !listed.has(e));
  if (!todo.length) return text;
  const body = lines.slice(tree.startLine, tree.endLine).find((l) => l.trim());
  const indent = body ? (/^(\s*)/.exec(body) as RegExpExecArray)[1] : '   ';
  const add = todo.map((e) => indent + e);
  const last = tree.entries.at(-1);
  if (last) lines.splice(last.line, 0, ...add);
  else {
    // Options only: entries follow a blank line after them.
    let at = tree.startLine;
    while (at < lines.length && lines[at].trim() !== '' && /^\s/.test(lines[at])) at++;
    lines.splice(at, 0, '', ...add);
  }
  return lines.join(eol);
}

/** conf.py without its comments (strings holding "#" are rare in conf.py; a miss only means "not found"). */
const code = (conf: string) => conf.replace(/#[^\n]*/g, '');

/** The root document conf.py names (root_doc; master_doc before Sphinx 4), else Sphinx's default: index. */
export const rootDocOf = (conf: string): string => /^(?:root_doc|master_doc)\s*=\s*["']([^"']+)["']/m.exec(conf)?.[1] || 'index';

/**
 * Does conf.py enable MyST? (read, never run) Any quoted "myst_parser" in its
 * code counts: a list literal, `extensions.append(...)`, `+= [...]`.
 */
export const mystEnabled = (conf: string) => /["']myst_(?:parser|nb)["']/.test(code(conf));

/** The line init prints for a person to add when it cannot edit conf.py safely; works whether extensions is a list or a tuple. */
export const addExtensionLine = (name: string) => `extensions = list(extensions) + ["${name}"]`;

/** A top-level `name = [ ... ]` / `{ ... }` / string assignment: where its value starts and ends. */
function listLiteral(conf: string, name: string): { start: number; end: number; body: string; open: string } | null {
  const m = new RegExp(`^${name}\\s*=\\s*`, 'm').exec(conf);
  if (!m) return null;
  const start = m.index + m[0].length;
  const open = conf[start];
  const close = open === '[' ? ']' : open === '{' ? '}' : open === '(' ? ')' : '';
  if (!close) {
    const str = /^(["'])([^"'\n]*)\1[ \t]*(#.*)?$/m.exec(conf.slice(start));
    return str && str.index === 0 ? { start, end: start + str[1].length * 2 + str[2].length, body: conf.slice(start, start + str[1].length * 2 + str[2].length), open: 'str' } : null;
  }
  // Walk to the matching bracket, skipping strings and comments; only literals of strings are accepted.
  let depth = 0;
  for (let i = start; i < conf.length; i++) {
    const c = conf[i];
    if (c === '#') {
      i = conf.indexOf('\n', i);
      if (i === -1) return null;
      continue;
    }
    if (c === '"' || c === "'") {
      const j = conf.indexOf(c, i + 1);
      if (j === -1 || conf.slice(i + 1, j).includes('\n')) return null;
      i = j;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) {
      const body = conf.slice(start, i + 1);
      // Anything but strings, commas, colons, whitespace and comments means code: not ours to edit.
      const bare = body.slice(1, -1).replace(/#[^\n]*/g, '').replace(/(["'])[^"'\n]*\1/g, '');
      if (/[^\s,:]/.test(bare)) return null;
      // The value must end the statement (no `+ other_list`).
      const rest = conf.slice(i + 1, conf.indexOf('\n', i + 1) === -1 ? undefined : conf.indexOf('\n', i + 1));
      if (rest.replace(/#.*/, '').trim()) return null;
      return { start, end: i + 1, body, open };
    }
  }
  return null;
}

/** Insert `item` as the last element of a bracketed literal, in its own style (one per line or inline). */
function appendItem(body: string, item: string): string {
  const inner = body.slice(1, -1);
  if (!inner.replace(/#[^\n]*/g, '').trim()) return `${body[0]}${item}${body.slice(-1)}`;
  if (inner.includes('\n')) {
    const lines = inner.split('\n');
    const indent = /^(\s*)\S/.exec(lines.find((l) => l.trim() && !l.trim().startsWith('#')) ?? '')?.[1] ?? '    ';
    // Last line holding an item gets a trailing comma if it lacks one.
    let last = lines.length - 1;
    while (last > 0 && (!lines[last].trim() || lines[last].trim().startsWith('#'))) last--;
    const code = lines[last].replace(/\s*#.*$/, '');
    if (!code.trimEnd().endsWith(',')) lines[last] = code.trimEnd() + ',' + lines[last].slice(code.length);
    lines.splice(last + 1, 0, `${indent}${item},`);
    return `${body[0]}${lines.join('\n')}${body.slice(-1)}`;
  }
  const trimmed = inner.replace(/[\s,]*$/, '');
  return `${body[0]}${trimmed}, ${item}${body.slice(-1)}`;
}

/** conf.py with `name` added to its `extensions` list literal (read back, never run); null when that list cannot be edited safely. */
export function enableExtension(conf: string, name: string): string | null {
  const ext = listLiteral(conf, 'extensions');
  if (!ext || ext.open !== '[') return null;
  return conf.slice(0, ext.start) + appendItem(ext.body, JSON.stringify(name)) + conf.slice(ext.end);
}

export interface MystEdit {
  /** conf.py with MyST enabled, or null when it cannot be edited safely. */
  text: string | null;
  /** The lines a person would add instead. */
  manual: string[];
}

/**
 * Enable MyST: add "myst_parser" to `extensions`, and ".md" to
 * `source_suffix` when it is set. Verified by reading the result back.
 */
export function enableMyst(conf: string): MystEdit {
  const manual = [addExtensionLine('myst_parser')];
  const suffix = listLiteral(conf, 'source_suffix');
  const hasSuffix = new RegExp('^source_suffix\\s*=', 'm').test(conf);
  if (hasSuffix) manual.push(suffix?.open === '{' ? 'source_suffix[".md"] = "markdown"' : 'source_suffix = [".rst", ".md"]  # keep your other suffixes');
  const ext = listLiteral(conf, 'extensions');
  if (!ext || ext.open !== '[' || (hasSuffix && !suffix)) return { text: null, manual };
  let text = conf.slice(0, ext.start) + appendItem(ext.body, '"myst_parser"') + conf.slice(ext.end);
  if (suffix && !/["']\.md["']/.test(suffix.body)) {
    const s2 = listLiteral(text, 'source_suffix') as NonNullable<typeof suffix>;
    const next =
      s2.open === '{' ? appendItem(s2.body, '".md": "markdown"') : s2.open === 'str' ? `[${s2.body}, ".md"]` : appendItem(s2.body, '".md"');
    text = text.slice(0, s2.start) + next + text.slice(s2.end);
  }
  // Verify by reading back: the extension is listed and every other byte outside the two values is unchanged.
  if (!mystEnabled(text)) return { text: null, manual };
  return { text, manual };
}
