/** Where threads live, how commands load them, and the pieces the chat generators share. */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../core/errors.js';
import type { GenContext, Question } from '../core/generator.js';
import type { PlanBuilder } from '../core/plan.js';
import { readUserText } from '../io/fs.js';
import { checkSlug } from '../text/slug.js';
import { render } from '../templates/render.js';
import { META_FILE, parseMeta, sealLast, type ThreadMeta } from './thread.js';

export const threadDir = (c: DocpactConfig, slug: string) => `${c.paths.chats}/${slug}`;

/** The role on the other side of `role` (the two configured roles; "user" speaks as the first). */
export function otherRole(c: DocpactConfig, role: string): string {
  const [asker, implementer] = c.roles;
  return role === implementer ? asker : implementer;
}

/** Template for a message written by `from`: the asking role writes a concise ask, the other the full reply. */
export const messageTemplate = (c: DocpactConfig, from: string) => (from === c.roles[1] ? 'chat/reply.md' : 'chat/ask.md');

export function loadThread(plan: PlanBuilder, c: DocpactConfig, slug: string): ThreadMeta {
  const rel = `${threadDir(c, slug)}/${META_FILE}`;
  const text = plan.read(rel);
  if (text === null) throw new DocpactError('not-found', `No chat thread "${slug}" (${rel} is missing). List threads with "docpact chat list".`);
  return parseMeta(text, rel);
}

/** The thread with its last message sealed (what it holds now), before a reply or the close. */
export function sealThread(plan: PlanBuilder, c: DocpactConfig, meta: ThreadMeta): ThreadMeta {
  const last = meta.messages[meta.messages.length - 1];
  const rel = `${threadDir(c, meta.slug)}/${last.file}`;
  const text = plan.read(rel);
  if (text === null) throw new DocpactError('config', `${rel} is missing, so it cannot be sealed. Run "docpact check" to see what happened to the thread.`);
  return sealLast(meta, text);
}

/** The thread a command acts on (positional or --slug). */
export const slugQuestion = (message: string, help: string): Question => ({
  name: 'slug',
  flag: 'slug',
  positional: 0,
  kind: 'text',
  message,
  required: true,
  help,
  validate: (v) => checkSlug(String(v), 'thread slug'),
});

/** --body-file: the message text from a file, or "-" for standard input. */
export const bodyQuestion: Question = {
  name: 'body',
  flag: 'body-file',
  kind: 'text',
  message: 'Body file',
  help: 'file with the message text ("-" for stdin; default: the role’s template)',
  validate: (v) => readUserText(String(v), 'body file'),
};

/**
 * A message's content: the user's text (one trailing newline) when given,
 * else the author's template — the concise ask or the full reply.
 */
export function messageBody(ctx: GenContext, c: DocpactConfig, body: unknown, m: { seq: number; slug: string; title: string; from: string; to: string }): string {
  if (typeof body === 'string') return body.replace(/\s*$/, '\n');
  const data = { ...m, seq: String(m.seq).padStart(3, '0'), date: ctx.date };
  return render({ root: ctx.root, overrides: c.paths.templates }, messageTemplate(c, m.from), data);
}
