/** Where threads live, how commands load them, and the pieces the chat generators share. */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../core/errors.js';
import { configOf, type Answers, type GenContext, type Question } from '../core/generator.js';
import type { PlanBuilder } from '../core/plan.js';
import { listSubdirs, readText, readUserText } from '../io/fs.js';
import { checkSlug } from '../text/slug.js';
import { didYouMean } from '../text/suggest.js';
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

/** Every thread whose meta.yaml parses, by slug (damaged ones are check's business). */
export function listThreads(ctx: GenContext): ThreadMeta[] {
  const c = configOf(ctx);
  const out: ThreadMeta[] = [];
  for (const slug of listSubdirs(ctx.root, c.paths.chats).sort()) {
    const rel = `${threadDir(c, slug)}/${META_FILE}`;
    const text = readText(ctx.root, rel);
    if (text === null) continue;
    try {
      out.push(parseMeta(text, rel));
    } catch (err) {
      if (!(err instanceof DocpactError)) throw err;
    }
  }
  return out;
}

/** Why `chat new SLUG` cannot use a slug that is taken, and what to do instead. */
export function slugTaken(ctx: GenContext, slug: string): DocpactError {
  const c = configOf(ctx);
  const dir = threadDir(c, slug);
  const text = readText(ctx.root, `${dir}/${META_FILE}`);
  let meta: ThreadMeta | undefined;
  try {
    meta = text === null ? undefined : parseMeta(text, `${dir}/${META_FILE}`);
  } catch {
    meta = undefined;
  }
  if (meta?.status === 'closed') {
    return new DocpactError('input', `Thread "${slug}" exists and was closed${meta.closed ? ` on ${meta.closed}` : ''}; a closed thread takes no more messages. Continue the topic in a new thread, e.g. "docpact chat new ${slug}-2".`);
  }
  if (meta) return new DocpactError('input', `Thread "${slug}" already exists and is open (the ${meta.owner}'s turn). Reply with "docpact chat reply ${slug}", or pick another slug.`);
  return new DocpactError('input', `${dir} already exists and is not a thread docpact can read. Pick another slug, or run "docpact check" to see what is wrong with it.`);
}

/** chat new's slug: well-formed and not taken (checked as it is typed). */
export const newSlugQuestion: Question = {
  name: 'slug',
  flag: 'slug',
  positional: 0,
  kind: 'text',
  message: 'Thread slug (lowercase-kebab-case)',
  required: true,
  help: 'folder name of the thread, e.g. storage-leases',
  validate: (v, ctx) => {
    const slug = checkSlug(String(v), 'thread slug');
    const c = configOf(ctx);
    if (readText(ctx.root, `${threadDir(c, slug)}/${META_FILE}`) !== null || listSubdirs(ctx.root, c.paths.chats).includes(slug)) throw slugTaken(ctx, slug);
    return slug;
  },
};

/**
 * The open thread a command acts on (reply, close). Typed slugs are checked
 * against the threads on disk; on a terminal the open threads are offered as
 * a list, those waiting for `--as` (when given) first.
 */
export const openThreadQuestion = (message: string, help: string): Question => ({
  name: 'slug',
  flag: 'slug',
  positional: 0,
  kind: 'text',
  message,
  required: true,
  help,
  validate: (v, ctx) => {
    const slug = checkSlug(String(v), 'thread slug');
    const threads = listThreads(ctx);
    const meta = threads.find((t) => t.slug === slug);
    if (meta?.status === 'closed') {
      throw new DocpactError('input', `Thread "${slug}" is closed; a closed thread takes no more messages. Continue the topic in a new thread: "docpact chat new ${slug}-2".`);
    }
    if (!meta && readText(ctx.root, `${threadDir(configOf(ctx), slug)}/${META_FILE}`) === null) {
      const open = threads.filter((t) => t.status === 'open').map((t) => t.slug);
      const hint = didYouMean(slug, open);
      throw new DocpactError('not-found', `No open chat thread "${slug}".${hint}${hint ? '' : open.length ? ` Open threads: ${open.join(', ')}.` : ' There are no open threads; start one with "docpact chat new <slug>".'}`);
    }
    return slug;
  },
  pick: (ctx, answers: Answers) => {
    const open = listThreads(ctx).filter((t) => t.status === 'open');
    if (!open.length) throw new DocpactError('not-found', 'There are no open chat threads. Start one with "docpact chat new <slug>".');
    const mine = typeof answers.as === 'string' ? answers.as : undefined;
    const last = (t: ThreadMeta) => t.messages[t.messages.length - 1].created;
    open.sort((a, b) => Number(b.owner === mine) - Number(a.owner === mine) || (last(a) < last(b) ? 1 : last(a) > last(b) ? -1 : 0));
    return open.map((t) => ({ name: `${t.slug} — ${t.title} (${t.owner}'s turn, ${t.messages.length} message${t.messages.length === 1 ? '' : 's'})`, value: t.slug }));
  },
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
