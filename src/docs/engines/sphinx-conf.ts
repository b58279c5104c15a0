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
