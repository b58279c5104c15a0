/**
 * A Sphinx project's conf.py, edited as text: conf.py is never run
 * and never rewritten. docpact's pages need MyST, so joining a project
 * enables it by the smallest edit that can be verified by reading it back —
 * adding "myst_parser" to a plain `extensions` list, or putting it in place
 * of recommonmark's entry — and keeps the warnings the project's strict
 * build had (MyST's notes that recommonmark and an rST-only project never
 * produced are suppressed by name). When an edit cannot be made safely, the
 * caller stops and prints the exact lines to change.
 */
import { SITE_EXTENSION, SITE_EXTENSION_FILE, addExtensionLine, code, mystEnabled, recommonmarkUsed } from './sphinx-conf.js';

interface Literal {
  start: number;
  end: number;
  body: string;
  open: string;
}

/** A top-level `name = [ ... ]` / `{ ... }` / string assignment: where its value starts and ends. */
function listLiteral(conf: string, name: string): Literal | null {
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

/** The strings of a list literal's body, in order (comments skipped). */
const itemsOf = (body: string) => [...body.replace(/#[^\n]*/g, '').matchAll(/(["'])([^"'\n]*)\1/g)].map((m) => m[2]);

/** `name` quoted as the list's items are: single quotes when every quoted item there has them, else double. */
function quoted(body: string, name: string): string {
  const code = body.replace(/#[^\n]*/g, '');
  return /'[^'\n]*'/.test(code) && !/"[^"\n]*"/.test(code) ? `'${name}'` : JSON.stringify(name);
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

/** Replace one value of a literal by another, keeping its quotes. */
const replaceValue = (literal: Literal, from: string, to: string): string | null => {
  const hit = new RegExp(`(["'])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`).exec(literal.body.replace(/#[^\n]*/g, (c) => ' '.repeat(c.length)));
  return hit ? literal.body.slice(0, hit.index) + hit[1] + to + hit[1] + literal.body.slice(hit.index + hit[0].length) : null;
};

/** conf.py with `name` added to its `extensions` list literal (read back, never run); null when that list cannot be edited safely. */
export function enableExtension(conf: string, name: string): string | null {
  const ext = listLiteral(conf, 'extensions');
  if (!ext || ext.open !== '[') return null;
  const text = conf.slice(0, ext.start) + appendItem(ext.body, quoted(ext.body, name)) + conf.slice(ext.end);
  return verified(conf, text, 'extensions', [...itemsOf(ext.body), name]);
}

/**
 * The edit changed only the value of `name`, and that value now holds exactly
 * `want` (read back from the new text): otherwise null.
 */
function verified(before: string, after: string, name: string, want: string[]): string | null {
  const was = listLiteral(before, name);
  const now = listLiteral(after, name);
  if (!now || (now.open !== '[' && now.open !== '{')) return null;
  const unchanged = (t: string, l: Literal | null) => (l ? t.slice(0, l.start) + t.slice(l.end) : t);
  // Outside the edited value, every byte is the same; a value that did not exist was appended at the end.
  if (was ? unchanged(before, was) !== unchanged(after, now) : !after.startsWith(before)) return null;
  const got = itemsOf(now.open === '{' ? now.body.replace(/:\s*(["'])[^"'\n]*\1/g, '') : now.body);
  return got.length === want.length && got.every((g, i) => g === want[i]) ? after : null;
}

export interface ConfEdit {
  /** conf.py after the edit, or null when it cannot be made safely. */
  text: string | null;
  /** The exact lines a person would change instead. */
  manual: string[];
  /** What the edit does, for init's report ("enables MyST"). */
  steps: string[];
  /** What could not be done and is left to a person (the edit itself stands). */
  notes: string[];
}

/**
 * MyST's warnings that a project gets only because MyST now parses pages:
 * `myst.domains` (a third-party domain without `resolve_any_xref`, e.g. a
 * theme's jinja domain; MyST resolves the link anyway, more slowly) and, for
 * recommonmark pages, `myst.header` (heading levels recommonmark never
 * checked).
 */
export const MYST_NOTES = { rst: ['myst.domains'], recommonmark: ['myst.domains', 'myst.header'] } as const;

/**
 * Enable MyST so Sphinx builds docpact's Markdown pages, by one edit
 * verified by reading it back:
 * - already enabled: nothing to do;
 * - recommonmark (the extension in a plain `extensions` list): its entry
 *   becomes "myst_parser" — never both, which Sphinx refuses (".md is
 *   already registered"); not when conf.py uses AutoStructify or
 *   `source_parsers`, whose Markdown MyST reads differently;
 * - neither: "myst_parser" is added, and ".md" to `source_suffix` when it is set.
 * Either way the notes MyST adds to a build that had none are suppressed by name.
 */
export function enableMyst(conf: string): ConfEdit {
  if (mystEnabled(conf)) return { text: conf, manual: [], steps: [], notes: [] };
  return recommonmarkUsed(conf) ? switchRecommonmark(conf) : addMyst(conf);
}

function addMyst(conf: string): ConfEdit {
  const manual = [addExtensionLine('myst_parser')];
  const suffix = listLiteral(conf, 'source_suffix');
  const hasSuffix = /^source_suffix\s*=/m.test(conf);
  if (hasSuffix) manual.push(suffix?.open === '{' ? 'source_suffix[".md"] = "markdown"' : 'source_suffix = [".rst", ".md"]  # keep your other suffixes');
  const notes = suppressLine(MYST_NOTES.rst);
  const fail = { text: null, manual: [...manual, notes], steps: [], notes: [] };
  const ext = listLiteral(conf, 'extensions');
  if (!ext || ext.open !== '[' || (hasSuffix && !suffix)) return fail;
  let text = enableExtension(conf, 'myst_parser');
  if (text === null) return fail;
  if (suffix && !/["']\.md["']/.test(suffix.body)) {
    const s2 = listLiteral(text, 'source_suffix') as Literal;
    const q = (v: string) => quoted(s2.body, v);
    const next = s2.open === '{' ? appendItem(s2.body, `${q('.md')}: ${q('markdown')}`) : s2.open === 'str' ? `[${s2.body}, ${q('.md')}]` : appendItem(s2.body, q('.md'));
    const edited = text.slice(0, s2.start) + next + text.slice(s2.end);
    text = verified(text, edited, 'source_suffix', [...itemsOf(s2.open === '{' ? s2.body.replace(/:\s*(["'])[^"'\n]*\1/g, '') : s2.body), '.md']);
    if (text === null) return fail;
  }
  if (!mystEnabled(text)) return fail;
  return withNotes(text, MYST_NOTES.rst, { text, manual, steps: ['enables MyST in conf.py'], notes: [] });
}

function switchRecommonmark(conf: string): ConfEdit {
  const manual = ['Replace "recommonmark" with "myst_parser" in extensions (never both: Sphinx registers .md only once)'];
  const uses = code(conf);
  if (/\bAutoStructify\b/.test(uses)) manual.push('Remove recommonmark\'s AutoStructify from setup(): MyST has its own syntax for what it did (```{eval-rst} blocks, {toctree} directives); convert those pages first');
  if (/\bsource_parsers\b/.test(uses)) manual.push('Remove the recommonmark parser from source_parsers (Sphinx 3 removed that setting; extensions take its place)');
  manual.push(suppressLine(MYST_NOTES.recommonmark));
  const fail: ConfEdit = { text: null, manual, steps: [], notes: [] };
  if (manual.length > 2) return fail;
  const ext = listLiteral(conf, 'extensions');
  if (!ext || ext.open !== '[' || !itemsOf(ext.body).includes('recommonmark')) return fail;
  const body = replaceValue(ext, 'recommonmark', 'myst_parser');
  if (body === null) return fail;
  const want = itemsOf(ext.body).map((x) => (x === 'recommonmark' ? 'myst_parser' : x));
  const text = verified(conf, conf.slice(0, ext.start) + body + conf.slice(ext.end), 'extensions', want);
  // Read back: MyST on, recommonmark gone from the code.
  if (text === null || !mystEnabled(text) || recommonmarkUsed(text)) return fail;
  return withNotes(text, MYST_NOTES.recommonmark, { text, manual: manual.slice(0, 1), steps: ['switches conf.py from recommonmark to MyST'], notes: [] });
}

const suppressLine = (names: readonly string[]) => `suppress_warnings = list(globals().get("suppress_warnings", [])) + ${JSON.stringify(names)}`;

/**
 * `suppress_warnings` holding `names` too: appended to a plain list, or a new
 * assignment at the end of conf.py; when it is code, a note with the line to add.
 */
function withNotes(conf: string, names: readonly string[], edit: ConfEdit): ConfEdit {
  const lit = listLiteral(conf, 'suppress_warnings');
  const mentioned = /\bsuppress_warnings\b/.test(code(conf));
  let text: string | null = null;
  if (lit && lit.open === '[') {
    const have = itemsOf(lit.body);
    const add = names.filter((n) => !have.includes(n));
    if (!add.length) return edit;
    const body = add.reduce((b, n) => appendItem(b, quoted(lit.body, n)), lit.body);
    text = verified(conf, conf.slice(0, lit.start) + body + conf.slice(lit.end), 'suppress_warnings', [...have, ...add]);
  } else if (!mentioned) {
    const eol = conf.includes('\r\n') ? '\r\n' : '\n';
    const lead = conf === '' || conf.endsWith('\n') ? '' : eol;
    const lines = ['', '# Added by docpact with MyST: notes a build without MyST never had (MyST still resolves every link).', `suppress_warnings = ${JSON.stringify(names).replace(/,/g, ', ')}`, ''];
    text = verified(conf, conf + lead + lines.join(eol), 'suppress_warnings', [...names]);
  }
  if (text === null) return { ...edit, notes: [`add ${suppressLine(names)} to conf.py, or MyST may add warnings (${names.join(', ')}) to a strict build`] };
  return { ...edit, text, steps: [...edit.steps, `suppresses MyST's ${names.join(' and ')} notes`] };
}

/**
 * conf.py loading docpact's extension from the `_ext` folder beside it:
 * "docpact_sphinx" added to its `extensions` list, and two lines appended
 * that put that folder on Python's path (Sphinx imports extensions after
 * conf.py has run, so the end of the file is early enough). The list edit is
 * read back (it holds exactly what it held plus the extension, every other
 * byte as it was); null when it cannot be made safely.
 */
export function loadSiteExtension(conf: string): string | null {
  const listed = enableExtension(conf, SITE_EXTENSION);
  if (listed === null) return null;
  const eol = conf.includes('\r\n') ? '\r\n' : '\n';
  const lead = listed === '' || listed.endsWith('\n') ? '' : eol;
  const block = [
    '',
    `# Added by docpact: its Sphinx extension (${SITE_EXTENSION_FILE}, kept by docpact sync): ADR status badges,`,
    '# the relation graph with links in every builder, and the MyST only the site needs, in a comment GitHub hides.',
    'import os, sys  # noqa: E401',
    `sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "${SITE_EXTENSION_FILE.split('/')[0]}"))`,
    '',
  ].join(eol);
  return listed + lead + block;
}

/** Sphinx's own HTML themes (anything else html_theme names is a package). */
const BUILTIN_THEMES = new Set(['alabaster', 'classic', 'sphinxdoc', 'scrolls', 'agogo', 'traditional', 'nature', 'haiku', 'pyramid', 'bizstyle', 'basic', 'default']);

/**
 * What conf.py's build needs beyond Sphinx and MyST (read, never run): the
 * extensions its `extensions` list names that are not Sphinx's own or
 * docpact's, and a theme Sphinx does not ship.
 */
export function sphinxNeeds(conf: string): string[] {
  const ext = listLiteral(conf, 'extensions');
  const own = (e: string) => /^sphinx\.ext\./.test(e) || e === 'myst_parser' || e === 'docpact_sphinx';
  const extensions = ext && ext.open !== 'str' ? itemsOf(ext.body).filter((e) => !own(e)) : [];
  const theme = /^html_theme\s*=\s*(["'])([^"'\n]+)\1/m.exec(conf)?.[2];
  const out: string[] = [];
  if (extensions.length) out.push(`the extension${extensions.length === 1 ? '' : 's'} ${extensions.join(', ')}`);
  if (theme && !BUILTIN_THEMES.has(theme)) out.push(`the theme ${theme}`);
  return out;
}
