/**
 * Reading a Sphinx project's conf.py as text (never run): its root document
 * and the extensions it lists. Kept apart from the edits (sphinx-conf-edit.ts)
 * because `adr new` asks whether the graph extension is on and loads nothing
 * more.
 */

/** conf.py without its comments (strings holding "#" are rare in conf.py; a miss only means "not found"). */
export const code = (conf: string) => conf.replace(/#[^\n]*/g, '');

/** The root document conf.py names (root_doc; master_doc before Sphinx 4), else Sphinx's default: index. */
export const rootDocOf = (conf: string): string => /^(?:root_doc|master_doc)\s*=\s*["']([^"']+)["']/m.exec(conf)?.[1] || 'index';

/**
 * Does conf.py enable MyST? (read, never run) Any quoted "myst_parser" in its
 * code counts: a list literal, `extensions.append(...)`, `+= [...]`.
 */
export const mystEnabled = (conf: string) => /["']myst_(?:parser|nb)["']/.test(code(conf));

/** Does conf.py list the extension `name`? (read, never run; comments do not count) */
export const extensionEnabled = (conf: string, name: string) => new RegExp(`["']${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).test(code(conf));

/** Does conf.py parse Markdown with recommonmark (the extension, or its parser class)? */
export const recommonmarkUsed = (conf: string) => /\brecommonmark\b/.test(code(conf));

/** The line init prints for a person to add when it cannot edit conf.py safely; works whether extensions is a list or a tuple. */
export const addExtensionLine = (name: string) => `extensions = list(extensions) + ["${name}"]`;


/** docpact's own Sphinx extension (_ext/docpact_sphinx.py beside conf.py): conf.py loads it when docpact wrote conf.py or joined it. */
export const SITE_EXTENSION = 'docpact_sphinx';
/** Where the extension sits, from conf.py's folder. */
export const SITE_EXTENSION_FILE = `_ext/${SITE_EXTENSION}.py`;

/**
 * The patterns of conf.py's `exclude_patterns` (read, never run): the string
 * literals of `exclude_patterns = [...]` (or a tuple) and of later
 * `+= [...]`, `.append("…")` and `.extend([...])` on it. A value docpact
 * cannot read as literals (a name, a call) adds nothing: a miss only means
 * a page is taken for one Sphinx builds.
 */
export function excludePatterns(conf: string): string[] {
  const text = code(conf);
  const out: string[] = [];
  const literals = (s: string) => [...s.matchAll(/(["'])((?:(?!\1)[^\\\n])*)\1/g)].map((m) => m[2]);
  for (const m of text.matchAll(/^exclude_patterns\s*(?:\+?=\s*[[(]([^\])]*)[\])]|\.(?:append|extend)\s*\(\s*\[?([^\])]*)\]?\s*\))/gm)) out.push(...literals(m[1] ?? m[2] ?? ''));
  return out;
}

/**
 * Sphinx's matcher for one exclude pattern (sphinx.util.matching): `**`
 * matches across folders, `*` and `?` within one, `[...]` a class (`[!...]`
 * negated), anchored at both ends of the path relative to the source folder.
 */
function sphinxPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        cls = cls.startsWith('!') ? `^/${cls.slice(1)}` : cls.startsWith('^') ? `\\${cls}` : cls;
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The source files conf.py's exclude_patterns keep out of the build (`rel`:
 * relative to the source folder, with its extension), or null when it
 * excludes nothing docpact can read. As Sphinx does, a folder a pattern
 * matches is left out with everything in it.
 */
export function sphinxExcluded(conf: string): ((rel: string) => boolean) | null {
  const res = excludePatterns(conf).map(sphinxPattern);
  if (!res.length) return null;
  return (rel) => {
    const parts = rel.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const p = parts.slice(0, n).join('/');
      if (res.some((re) => re.test(p))) return true;
    }
    return false;
  };
}
