/**
 * What a message must carry: the `## ` sections of its author's template
 * (the engineer's eleven, STATUS … ASKS; the architect's Ask, Context, Done
 * when) and, in every `# CHANGESET:` block, the fields of the template's block
 * (INTENT, FILES, PATCH, NOTES, ACCEPTANCE, SMOKE, BACKOUT). Derived from the
 * template the editor starts from, so an overridden template changes the rule
 * with it; `chat.format.<role>` in docpact.yaml says otherwise. check's
 * chat/format and the MCP server's refusal both ask `formatProblems`.
 */
import type { DocpactConfig } from '../config/schema.js';
import type { GenContext } from '../core/generator.js';
import { DocpactError } from '../errors.js';
import { render, templateSource } from '../templates/render.js';
import { otherRole, templateBody } from './store.js';

export interface MessageFormat {
  /** `## ` headings a message must have (compared case-insensitively). */
  sections: string[];
  /** Fields every `# CHANGESET:` block must have. */
  changeset: string[];
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const CHANGESET = /^#\s+CHANGESET:/;
/** A field line of a changeset block: INTENT, **FILES**, PATCH:, ### NOTES. Tried on a trimmed line, so it ends at "$" (a "\s*" before it made a line of spaces quadratic). */
const FIELD = /^(?:#+\s+)?\**([A-Z][A-Z0-9 &/_-]*?)\**:?$/;
/** A heading or field as compared: trimmed, without one trailing colon, lower case. */
function norm(s: string): string {
  let t = s.trim();
  if (t.endsWith(':')) t = t.slice(0, -1).trim();
  return t.toLowerCase();
}

/**
 * Each line of a text (LF or CRLF endings), as its start and end offsets:
 * the lines `text.split(/\r?\n/)` gives, without cutting them out (check
 * reads every message of every thread, and most lines need one look).
 */
function eachLine(text: string, fn: (start: number, end: number, index: number) => void): void {
  let index = 0;
  for (let start = 0; ; index++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return fn(start, text.length, index);
    fn(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, index);
    start = nl + 1;
  }
}

/** Whether `needle` occurs within [start, end) of `text`; `at` keeps the next occurrence found, so the text is searched once from start to end. */
function within(text: string, needle: string, at: { next: number }, start: number, end: number): boolean {
  if (at.next !== -1 && at.next < start) at.next = text.indexOf(needle, start);
  return at.next !== -1 && at.next + needle.length <= end;
}

/** A line starting with this character (code unit) is, trimmed, no field: printable ASCII other than "#", "*" and A–Z. */
const notField = (c: number) => c > 32 && c < 127 && c !== 35 && c !== 42 && !(c >= 65 && c <= 90);

type Changeset = { line: number; title: string; fields: Set<string> };

/**
 * A message's `## ` headings outside code fences (`heads`) and its `# CHANGESET:`
 * blocks (`blocks`), each asked for or not (null), in one walk over its lines:
 * check asks both of every message of every thread.
 */
function scan(text: string, heads: string[] | null, blocks: Changeset[] | null): void {
  let fence = '';
  // A fence line holds three backticks or tildes in a row: any other line is not tried against FENCE.
  const ticks = { next: heads ? text.indexOf('```') : -1 };
  const tildes = { next: heads ? text.indexOf('~~~') : -1 };
  // A block starts at a line holding "CHANGESET:": a text without one has none.
  const marks = { next: blocks ? text.indexOf('CHANGESET:') : -1 };
  if (marks.next === -1) blocks = null;
  if (!heads && !blocks) return;
  let current: Changeset | undefined;
  eachLine(text, (start, end, i) => {
    const heading = end - start >= 3 && text.startsWith('## ', start);
    if (heads) {
      let fenceLine = false;
      if (within(text, '```', ticks, start, end) || within(text, '~~~', tildes, start, end)) {
        const line = text.slice(start, end);
        const f = FENCE.exec(line);
        if (f) {
          fenceLine = true;
          if (!fence) fence = f[1];
          else if (f[1].startsWith(fence[0]) && f[1].length >= fence.length && line.trim() === f[1]) fence = '';
        }
      }
      if (!fenceLine && !fence && heading) heads.push(text.slice(start + 3, end).trim());
    }
    if (!blocks) return;
    if (within(text, 'CHANGESET:', marks, start, end)) {
      const line = text.slice(start, end).trim();
      if (CHANGESET.test(line)) {
        current = { line: i + 1, title: line.replace(CHANGESET, '').trim(), fields: new Set() };
        blocks.push(current);
        return;
      }
    }
    if (heading) current = undefined;
    else if (current && end > start && !notField(text.charCodeAt(start))) {
      const m = FIELD.exec(text.slice(start, end).trim());
      if (m) current.fields.add(norm(m[1]));
    }
  });
}

/** The `## ` headings of a Markdown text, outside code fences (a changeset's diff may hold any line). */
export function headings(text: string): string[] {
  const out: string[] = [];
  scan(text, out, null);
  return out;
}

/** Every `# CHANGESET:` block (inside a fence or not): its 1-based line, its title and the fields it names. */
export function changesets(text: string): Changeset[] {
  const out: Changeset[] = [];
  scan(text, null, out);
  return out;
}

/** The format a role's messages have: configured, else read from the role's template. */
export function messageFormat(ctx: Pick<GenContext, 'root' | 'date'>, c: DocpactConfig, role: string): MessageFormat {
  const set = c.chat?.format?.[role];
  let fromTemplate: MessageFormat | undefined;
  const template = () => {
    if (!fromTemplate) {
      const body = templateBody(ctx, c, { seq: 1, slug: 'x', title: 'x', from: role, to: otherRole(c, role) });
      const block = changesets(body)[0];
      fromTemplate = { sections: headings(body), changeset: block ? [...block.fields].map((f) => f.toUpperCase()) : [] };
    }
    return fromTemplate;
  };
  return { sections: set?.sections ?? template().sections, changeset: set?.changeset ?? template().changeset };
}

export interface FormatProblems {
  /** Sections of the format the message lacks, in the format's order. */
  missing: string[];
  /** Changeset blocks lacking fields. */
  changesets: { line: number; title: string; missing: string[] }[];
}

const normalizedFormats = new WeakMap<MessageFormat, MessageFormat>();
/** A format's sections and fields as compared (`norm`), worked out once per format (check asks of every message). */
function normalized(format: MessageFormat): MessageFormat {
  let n = normalizedFormats.get(format);
  if (!n) normalizedFormats.set(format, (n = { sections: format.sections.map(norm), changeset: format.changeset.map(norm) }));
  return n;
}

/** What `body` (a message, or just its body) lacks of `format`; empty lists when it is complete. */
export function formatProblems(body: string, format: MessageFormat): FormatProblems {
  // Headings and blocks found in one walk over the message's lines.
  const found: string[] = [];
  const inBody: Changeset[] | null = format.changeset.length ? [] : null;
  scan(body, found, inBody);
  const have = new Set(found.map(norm));
  const want = normalized(format);
  const missing = format.sections.filter((_, i) => !have.has(want.sections[i]));
  const blocks = inBody
    ? inBody.flatMap((b) => {
        const lacks = format.changeset.filter((_, i) => !b.fields.has(want.changeset[i]));
        return lacks.length ? [{ line: b.line, title: b.title, missing: lacks }] : [];
      })
    : [];
  return { missing, changesets: blocks };
}

export const formatOk = (p: FormatProblems) => !p.missing.length && !p.changesets.length;

/** One sentence naming what is missing, for check and for a refusal. */
export function describeFormat(p: FormatProblems, role: string): string {
  const parts: string[] = [];
  if (p.missing.length) parts.push(`lacks ${p.missing.length === 1 ? 'the section' : 'the sections'} ${p.missing.map((s) => `"## ${s}"`).join(', ')} of the ${role}'s template`);
  for (const b of p.changesets) parts.push(`changeset "${b.title || `at line ${b.line}`}" lacks ${b.missing.join(', ')}`);
  return parts.join('; ');
}

/**
 * A new message's body against its author's format: the MCP server refuses
 * it (ctx.strict) naming what is missing; the CLI writes it and warns, and
 * check reports chat/format until the message has them. The template itself
 * (no body given) has every section.
 */
export function checkFormat(ctx: Pick<GenContext, 'root' | 'date' | 'strict'>, warnings: string[], c: DocpactConfig, file: string, body: unknown, from: string, to: string): void {
  if (typeof body !== 'string') return;
  const p = formatProblems(body, messageFormat(ctx, c, from));
  if (formatOk(p)) return;
  const what = describeFormat(p, from);
  if (ctx.strict) throw new DocpactError('input', `The message ${what}. Write every section (say "none" where there is nothing to say) and send it again.`);
  warnings.push(`${file} ${what}; check reports chat/format until it has them. Edit it before the ${to} replies (the reply seals it).`);
}

/**
 * DECISION.md: the template's header (title, thread, closer, date), then the
 * closer's text — or, without one, the template's sections. The text carries
 * the template's sections; one without headings is the decision itself and
 * goes under the template's first section (`## Decision`).
 */
export function renderDecision(ctx: Pick<GenContext, 'root'>, c: DocpactConfig, data: Record<string, unknown>, body?: string): string {
  const full = render(templateSource(ctx.root, c), 'chat/DECISION.md', data);
  if (body === undefined) return full;
  const at = full.search(/^## /m);
  const header = at === -1 ? `${full.replace(/\s*$/, '')}\n\n` : full.slice(0, at);
  const first = headings(full)[0] ?? 'Decision';
  const text = body.replace(/^\s*\n/, '').replace(/\s*$/, '\n');
  const own = headings(text);
  if (!own.length) return `${header}## ${first}\n\n${text}`;
  if (!own.some((h) => norm(h) === norm(first))) {
    throw new DocpactError('input', `The decision needs a "## ${first}" section (or no headings at all: then the whole text is the decision).`);
  }
  return `${header}${text}`;
}
