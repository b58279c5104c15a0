/**
 * YAML in and out. Writing goes through the `yaml` library (block style,
 * comments, quoting that round-trips). Reading uses js-yaml with the YAML 1.2
 * core schema — the same semantics as `yaml`'s default, about nine times
 * faster, which is what lets `check` read a thousand thread files within its
 * budget. The round-trip tests (test/chat.test.ts, test/yaml.test.ts) hold
 * the two to the same meaning.
 *
 * GitHub reads issue forms, the chooser and workflows as YAML 1.1, where a
 * plain `Yes`, `on`, `010`, `1:20` or `2026-01-02` is not text. So every
 * file docpact writes quotes any string a YAML 1.1 reader (including Ruby's
 * Psych, below) would resolve to something else, and means the same under
 * 1.1 and 1.2; `readYaml11` reads a file the way GitHub does, for `check`.
 */
import jsyaml from 'js-yaml';
import type { Document, Node, ScalarTag, Tags } from 'yaml';
import { DocpactError } from '../errors.js';
import { provideYamlReader } from './yaml-reader.js';

/**
 * Parse YAML; a syntax error becomes a config error naming the file and line,
 * and so does a value its aliases blow up (`aliasProblem`).
 */
export function readYaml(text: string, file: string): unknown {
  // A form docpact has just written is the data it was written from (see writeYamlForGitHub).
  const known = written.get(text);
  if (known !== undefined) return JSON.parse(known);
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, filename: file });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number }; message: string };
    const line = e.mark ? e.mark.line + 1 : 1;
    throw new DocpactError('config', `${file} is not valid YAML (line ${line}): ${e.reason ?? e.message.split('\n')[0]}`, [], line);
  }
  const bomb = aliasProblem(data, text);
  if (bomb) throw new DocpactError('config', `${file} cannot be read: ${bomb}`, [], 1);
  return LATIN1.test(text) ? data : narrowed(data);
}

const LATIN1 = /^[\x00-\xff]*$/;

/**
 * The value with each of its strings that can be held one byte a character
 * copied so: the reader cuts values out of the file's text, and a text with
 * one character beyond Latin-1 (docpact.yaml's "≡" in a comment) is held two
 * bytes a character — so would be every value cut from it, and every path
 * built from such a value (`paths.docs` starts 100,000 of them in a check).
 * Shared values (aliases) are visited once.
 */
function narrowed(data: unknown): unknown {
  const seen = new Set<object>();
  const narrow = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length > 0 && LATIN1.test(v) ? Buffer.from(v, 'latin1').toString('latin1') : v;
    if (typeof v !== 'object' || v === null || v instanceof Date || seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = narrow(v[i]);
    // A key "__proto__" (an own property here) is left as it is: assigning it would set the prototype.
    else for (const k of Object.keys(v)) if (k !== '__proto__') (v as Record<string, unknown>)[k] = narrow((v as Record<string, unknown>)[k]);
    return v;
  };
  return narrow(data);
}

/**
 * How much aliases may add to what a file stands for, in values plus
 * characters of text. YAML readers share an aliased value instead of
 * copying it, so parsing an "alias bomb" (nine aliases of nine aliases of …:
 * 10⁹ items in 500 bytes) is cheap — but whatever then walks the value (a
 * schema, `String()`, JSON) pays for every copy, for minutes and gigabytes.
 */
const MAX_ALIAS_EXPANSION = 1_000_000;
/** The `yaml` library resolves each alias by scanning the document's anchors: many aliases cost their square. */
const MAX_ALIASES = 10_000;

/**
 * Why `data`, read from `text`, is refused, or null: it is larger once every
 * alias is expanded than its text plus MAX_ALIAS_EXPANSION (values count 1,
 * strings their length), or an alias refers to a value that contains it.
 * Shared values are measured once, so this costs one pass over the value
 * as parsed, never over its expansion. The one cap for every YAML read
 * (readYaml, readYaml11).
 */
function aliasProblem(data: unknown, text: string): string | null {
  if (!text.includes('*')) return null; // no alias
  const limit = text.length + MAX_ALIAS_EXPANSION;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const size = (v: unknown): number => {
    if (typeof v === 'string') return 1 + v.length;
    if (typeof v !== 'object' || v === null || v instanceof Date) return 1;
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (open.has(v)) return Infinity;
    open.add(v);
    let n = 1;
    const add = (x: unknown) => {
      if (n <= limit) n += size(x);
    };
    if (v instanceof Map) for (const [k, x] of v) add(k), add(x);
    else if (v instanceof Set || Array.isArray(v)) for (const x of v) add(x);
    else for (const [k, x] of Object.entries(v)) add(k), add(x);
    open.delete(v);
    sizes.set(v, n);
    return n;
  };
  const n = size(data);
  if (n === Infinity) return 'an alias refers to a value that contains it, which never ends; write the value out instead';
  if (n > limit) return `its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values and characters beyond its text (an alias bomb); docpact does not read it. Write the values out, or use fewer aliases`;
  return null;
}

/**
 * Where each key of a YAML document is: a function from a key path
 * (`['adr', 'digits']`, `['adr', 'series', 0]`) to the 1-based line of its
 * deepest segment the document has, or undefined. js-yaml's parse events
 * (a node opens, then closes with its kind) rebuild the node tree with the
 * line each node starts on; a mapping's children alternate key and value.
 */
export function keyLines(text: string): (path: readonly (string | number)[]) => number | undefined {
  interface Node {
    line: number;
    kind?: string;
    result?: unknown;
    kids: Node[];
  }
  const top: Node = { line: 0, kids: [] };
  const stack: Node[] = [top];
  try {
    jsyaml.load(text, {
      schema: jsyaml.CORE_SCHEMA,
      listener(type, state) {
        if (type === 'open') {
          const node: Node = { line: state.line, kids: [] };
          stack[stack.length - 1].kids.push(node);
          stack.push(node);
        } else {
          const node = stack.pop() as Node;
          node.kind = state.kind;
          node.result = state.result;
        }
      },
    });
  } catch {
    return () => undefined;
  }
  return (path) => {
    let node: Node | undefined = top.kids[0];
    let line: number | undefined;
    for (const seg of path) {
      if (node?.kind === 'mapping') {
        const at: number = node.kids.findIndex((k, i) => i % 2 === 0 && String(k.result) === String(seg));
        if (at === -1) break;
        line = node.kids[at].line + 1;
        node = node.kids[at + 1];
      } else if (node?.kind === 'sequence' && typeof seg === 'number' && node.kids[seg]) {
        node = node.kids[seg];
        line = node.line + 1;
      } else break;
    }
    return line;
  };
}

// For the synchronous readers that do not import this module (MADR front matter).
provideYamlReader(readYaml);

type YamlLib = typeof import('yaml');
let writer: YamlLib | undefined;
let tags: { compat: Tags; github: Tags } | undefined;

/**
 * Load the `yaml` library (writing, and reading as YAML 1.1). It takes ~30 ms
 * to load, so only commands that need it pay for it: they await this before
 * planning (or, for the lock file, once they know it changes).
 */
export async function loadYamlWriter(): Promise<void> {
  if (writer) return;
  // `yaml` is CommonJS: bundled, its API sits on the namespace or on `default`.
  const mod = (await import('yaml')) as YamlLib & { default?: YamlLib };
  writer = typeof mod.stringify === 'function' ? mod : mod.default;
}

function lib(): YamlLib {
  if (!writer) throw new Error('internal: the yaml library is used before loadYamlWriter()');
  return writer;
}

/** The `yaml` library itself (its Document API: surgical edits of files docpact did not write), once loadYamlWriter() has run. */
export const yamlLib = (): YamlLib => lib();

/**
 * How Ruby's Psych (GitHub's YAML reader) resolves plain scalars, from its
 * ScalarScanner. It differs from the YAML 1.1 type repository in ways that
 * matter: booleans and null in any letter case but never `y`/`n`; integers
 * with "," separators, yet `09` is text; floats only with a "." and a signed
 * exponent (`1e3` is text); `1:20` is 4800 (hours and minutes); only real
 * calendar dates; and `:name` is a Ruby symbol, which a safe load refuses.
 */
const psych = (): ScalarTag[] => {
  const tag = (t: string, test: RegExp, resolve: (s: string) => unknown): ScalarTag => ({ tag: `tag:yaml.org,2002:${t}`, default: true, test, resolve, identify: () => false });
  const num = (s: string) => s.replace(/[,_]/g, '');
  const sexagesimal = (s: string) => s.split(':').reduce((sum, part, i) => sum + Number(num(part)) * 60 ** Math.abs(i - 2), 0);
  return [
    tag('bool', /^(?:yes|true|on)$/i, () => true),
    tag('bool', /^(?:no|false|off)$/i, () => false),
    tag('null', /^(?:~|null|)$/i, () => null),
    tag('timestamp', /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/, (s) => new Date(s)),
    tag('timestamp', /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/, (s) => {
      const [y, m, d] = s.split('-').map(Number);
      const date = new Date(Date.UTC(y, m - 1, d));
      date.setUTCFullYear(y);
      return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date : s; // Psych keeps an impossible date as text
    }),
    tag('float', /^[-+]?\.inf$/i, (s) => (s.startsWith('-') ? -Infinity : Infinity)),
    tag('float', /^\.nan$/i, () => NaN),
    tag('int', /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}$/, sexagesimal),
    tag('float', /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9]){1,2}\.[0-9_]*$/, sexagesimal),
    tag('float', /^[-+]?(?:[0-9][0-9_,]*\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$/, (s) => Number(num(s))),
    tag('int', /^[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)$/, (s) => Number(num(s))),
    tag('int', /^[-+]?(?:0b[01_,]+|0[0-7_,]+|0x[0-9a-fA-F_,]+)$/, (s) => {
      const digits = num(s).replace(/^[-+]/, '');
      return (s.startsWith('-') ? -1 : 1) * Number(/^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits);
    }),
    { tag: 'tag:ruby.org,2002:symbol', default: true, test: /^:./, resolve: (s: string) => ({ rubySymbol: s.slice(1) }), identify: () => false },
  ];
};

/** The scalar types Psych resolves by its own rules (collections, text, binary, merge keys stay YAML 1.1's). */
const PSYCH_RESOLVES = new Set(['bool', 'null', 'int', 'float', 'timestamp'].map((t) => `tag:yaml.org,2002:${t}`));

function tagSets(): { compat: Tags; github: Tags } {
  if (tags) return tags;
  const Y = lib();
  const yaml11 = new Y.Schema({ schema: 'yaml-1.1' }).tags;
  const extra = psych();
  tags = {
    // Writing: a string is quoted when YAML 1.2 (the schema), YAML 1.1 or Psych would read it as anything else.
    compat: [...yaml11, ...extra],
    // Reading as GitHub does: YAML 1.1's structure, Psych's scalars.
    github: (current: Tags) => [...extra, ...(current as ScalarTag[]).filter((t) => !PSYCH_RESOLVES.has(t.tag))],
  } as unknown as { compat: Tags; github: Tags };
  return tags;
}

/**
 * YAML text for `data`, 1.1-safe; `comment` (lines; each gets "#") follows the document.
 * `indentSeq: false` writes a sequence under a key at the key's own column, as many hand-written files do.
 */
export function writeYaml(data: unknown, comment?: string, opts: { indentSeq?: boolean } = {}): string {
  if (comment === undefined) return lib().stringify(data, { lineWidth: 0, compat: tagSets().compat, ...opts });
  const doc = new (lib().Document)(data, { compat: tagSets().compat } as never);
  doc.comment = comment;
  return doc.toString({ lineWidth: 0 });
}

/**
 * Texts `writeYamlForGitHub` wrote in this run, each with the JSON of the
 * data it was written from (a handful: docpact's issue forms and chooser).
 */
const written = new Map<string, string>();

/**
 * `writeYaml` for a file GitHub reads (an issue form), remembering what it
 * wrote: check renders docpact's forms (the sync rule) before it reads the
 * repository's (the forms rule), and a form that is exactly that text is
 * then read back as the data it was written from, without parsing it — the
 * writer quotes whatever YAML 1.1 would read otherwise, so GitHub reads
 * that text as that data (test/github.test.ts holds the writer to it).
 */
export function writeYamlForGitHub(data: unknown): string {
  const text = writeYaml(data);
  if (written.size < 64) written.set(text, JSON.stringify(data));
  return text;
}

/** A plain scalar that YAML 1.1 (as GitHub reads it) resolves differently from YAML 1.2. */
export interface Yaml11Change {
  /** Keys and indexes from the root; a changed key ends with the key itself. */
  path: (string | number)[];
  /** The changed scalar is the key at `path`, not its value. */
  key: boolean;
  line: number;
  source: string;
  as11: unknown;
  as12: unknown;
}

/** A syntax error (at its line), or a file refused for its aliases (`aliases`: the message is the whole reason). */
export type Yaml11Read = { data: unknown; changes: Yaml11Change[] } | { error: { line: number; message: string; aliases?: true } };

/**
 * Read YAML as GitHub does (YAML 1.1 with Psych's scalar rules), and list
 * every plain scalar that a YAML 1.2 reader would resolve differently.
 * A text `writeYamlForGitHub` wrote in this run is the data it was written
 * from, with no such scalar. `reparse`: parse the text, and find them by
 * parsing it a second time as YAML 1.2 (what the one parse must agree with;
 * the tests compare the two).
 */
export function readYaml11(text: string, reparse = false): Yaml11Read {
  const known = reparse ? undefined : written.get(text);
  if (known !== undefined) return { data: JSON.parse(known), changes: [] };
  const Y = lib();
  const counter = new Y.LineCounter();
  const doc11 = Y.parseDocument(text, { version: '1.1', customTags: tagSets().github as never, lineCounter: counter, uniqueKeys: false });
  const err = doc11.errors[0];
  if (err) return { error: { line: err.linePos?.[0].line ?? 1, message: err.message.split('\n')[0] } };
  const lineOf = (n: Node) => (n.range ? counter.linePos(n.range[0]).line : 1);
  // A directive may set the version either parse reads by: then the text is read again as YAML 1.2, as it says.
  const changes = (reparse || /^%/m.test(text) ? null : changesAgainstCore(doc11.contents, lineOf)) ?? changesAgainst(doc11.contents, Y.parseDocument(text, { uniqueKeys: false }).contents, lineOf);
  let aliases = 0;
  Y.visit(doc11, { Alias: () => (++aliases > MAX_ALIASES ? Y.visit.BREAK : undefined) });
  if (aliases > MAX_ALIASES) return { error: { line: 1, message: `it uses more than ${MAX_ALIASES.toLocaleString('en-US')} aliases; docpact does not read it`, aliases: true } };
  let data: unknown;
  try {
    data = toData(doc11);
  } catch (err) {
    // A merge key (YAML 1.1's `<<`) of something other than a map: the parse took it, building the value refuses it.
    const line = text.split('\n').findIndex((l) => /^[\s-]*<<\s*:/.test(l)) + 1 || 1;
    return { error: { line, message: (err as Error).message.split('\n')[0] } };
  }
  const bomb = aliasProblem(data, text);
  return bomb ? { error: { line: 1, message: bomb, aliases: true } } : { data, changes };
}

/** The plain scalars of `a` (as GitHub reads the text) that `b` (the same text read as YAML 1.2) resolves differently. */
function changesAgainst(a: unknown, b: unknown, lineOf: (n: Node) => number): Yaml11Change[] {
  const Y = lib();
  const changes: Yaml11Change[] = [];
  const walk = (a: unknown, b: unknown, path: (string | number)[], key = false): void => {
    if (Y.isScalar(a) && Y.isScalar(b)) {
      if (!sameValue(a.value, b.value)) changes.push({ path, key, line: lineOf(a), source: String(a.source ?? b.value), as11: a.value, as12: b.value });
    } else if (Y.isMap(a) && Y.isMap(b)) {
      a.items.forEach((pair, i) => {
        const other = b.items[i];
        const key = Y.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        walk(pair.key, other?.key, [...path, key], true);
        walk(pair.value, other?.value, [...path, key]);
      });
    } else if (Y.isSeq(a) && Y.isSeq(b)) {
      a.items.forEach((item, i) => walk(item, b.items[i], [...path, i]));
    }
  };
  walk(a, b, []);
  return changes;
}

/**
 * `changesAgainst` without parsing the text a second time (the `yaml`
 * library's parse is most of what checking a form costs): the same parse
 * read as YAML 1.2 differs only in how each plain scalar resolves, so each
 * is resolved here by YAML 1.2's core schema, as that parse would (the
 * first of its tags that tests true, else text). A quoted or block scalar is
 * the same text in both. Null when some node has an explicit tag (`!!str`,
 * `!`), which each version resolves by its own schema: then the text is
 * parsed again.
 */
function changesAgainstCore(root: unknown, lineOf: (n: Node) => number): Yaml11Change[] | null {
  const Y = lib();
  const resolve = coreResolver();
  const changes: Yaml11Change[] = [];
  const walk = (a: unknown, path: (string | number)[], key = false): boolean => {
    if (Y.isScalar(a)) {
      if (a.tag !== undefined) return false;
      if (a.type !== Y.Scalar.PLAIN) return true;
      const v12 = resolve(String(a.source));
      if (!sameValue(a.value, v12)) changes.push({ path, key, line: lineOf(a), source: String(a.source ?? v12), as11: a.value, as12: v12 });
      return true;
    }
    if (Y.isMap(a)) {
      if (a.tag !== undefined) return false;
      return a.items.every((pair) => {
        const key = Y.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        return walk(pair.key, [...path, key], true) && walk(pair.value, [...path, key]);
      });
    }
    if (Y.isSeq(a)) {
      if (a.tag !== undefined) return false;
      return a.items.every((item, i) => walk(item, [...path, i]));
    }
    return true;
  };
  return walk(root, []) ? changes : null;
}

let core: ((source: string) => unknown) | undefined;
/** What YAML 1.2 (the `yaml` library's default parse) makes of a plain scalar's text. */
function coreResolver(): (source: string) => unknown {
  if (core) return core;
  const Y = lib();
  const { tags } = new Y.Schema({});
  const options = new Y.Document(null, { uniqueKeys: false }).options;
  const none = () => {};
  const tested = (tags as ScalarTag[]).filter((t) => t.default === true && t.test);
  core = (source) => {
    const tag = tested.find((t) => (t.test as RegExp).test(source));
    if (!tag) return source;
    try {
      const v = tag.resolve(source, none, options);
      return Y.isScalar(v) ? v.value : v;
    } catch {
      return source; // as the parse keeps a value its tag cannot resolve
    }
  };
  return core;
}

/** Aliases are bounded by count above and by aliasProblem, the same cap as every other YAML read. */
const toData = (doc: Document) => doc.toJS({ maxAliasCount: -1 });

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return typeof a === typeof b && (Object.is(a, b) || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b)));
}

/**
 * Change some keys of a YAML file in place, keeping its comments, order and
 * formatting (docpact.yaml is the user's file: init edits only what changed).
 * Values are quoted by the same YAML 1.1-safe rules as writeYaml.
 */
export function editYaml(text: string, edits: [path: string[], value: unknown][]): string {
  const doc = lib().parseDocument(text, { compat: tagSets().compat } as never);
  for (const [path, value] of edits) doc.setIn(path, doc.createNode(value));
  return doc.toString({ lineWidth: 0 });
}
