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
/** A field line of a changeset block: INTENT, **FILES**, PATCH:, ### NOTES. */
const FIELD = /^(?:#+\s+)?\**([A-Z][A-Z0-9 &/_-]*?)\**:?\s*$/;
const norm = (s: string) => s.trim().replace(/:$/, '').trim().toLowerCase();
/** A text's lines (LF or CRLF endings): split on the plain character when it holds no carriage return. */
const lines = (text: string) => (text.includes('\r') ? text.split(/\r?\n/) : text.split('\n'));

/** The `## ` headings of a Markdown text, outside code fences (a changeset's diff may hold any line). */
export function headings(text: string): string[] {
  const out: string[] = [];
  let fence = '';
  for (const line of lines(text)) {
    // A fence line holds three backticks or tildes in a row: any other line is not tried against FENCE.
    const f = line.includes('```') || line.includes('~~~') ? FENCE.exec(line) : null;
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1].startsWith(fence[0]) && f[1].length >= fence.length && line.trim() === f[1]) fence = '';
      continue;
    }
    if (!fence && line.startsWith('## ')) out.push(line.slice(3).trim());
  }
  return out;
}

/** Every `# CHANGESET:` block (inside a fence or not): its 1-based line, its title and the fields it names. */
export function changesets(text: string): { line: number; title: string; fields: Set<string> }[] {
  const out: { line: number; title: string; fields: Set<string> }[] = [];
  // A block starts at a line holding "CHANGESET:": a text without one has none.
  if (!text.includes('CHANGESET:')) return out;
  let current: (typeof out)[number] | undefined;
  lines(text).forEach((line, i) => {
    if (line.includes('CHANGESET:') && CHANGESET.test(line.trim())) {
      current = { line: i + 1, title: line.trim().replace(CHANGESET, '').trim(), fields: new Set() };
      out.push(current);
    } else if (line.startsWith('## ')) current = undefined;
    else if (current) {
      const m = FIELD.exec(line.trim());
      if (m) current.fields.add(norm(m[1]));
    }
  });
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
  const have = new Set(headings(body).map(norm));
  const want = normalized(format);
  const missing = format.sections.filter((_, i) => !have.has(want.sections[i]));
  const blocks = format.changeset.length
    ? changesets(body).flatMap((b) => {
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
