/** Where threads live, how commands load them, and the pieces the chat generators share. */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { configOf, type Answers, type GenContext, type Question } from '../core/generator.js';
import type { PlanBuilder } from '../core/plan.js';
import { listDir, readText } from '../io/fs.js';
import { escapeMyst, lf } from '../text/markdown.js';
import { checkSlug } from '../text/slug.js';
import { didYouMean } from '../text/suggest.js';
import { render, templateSource } from '../templates/render.js';
import { META_FILE, parseMeta, sealLast, type ThreadMeta } from './thread.js';
import { ROLE_ENV, threadDir, readThread, listThreads } from './threads.js';

export { threadDir, readThread, readMeta, listThreads, lastActivity, inbox, ROLE_ENV } from './threads.js';

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
  return sealLast(meta, text, rel);
}

/** Why `chat new SLUG` cannot use a slug that is taken, and what to do instead. */
export function slugTaken(ctx: GenContext, slug: string): DocpactError {
  const c = configOf(ctx);
  const dir = threadDir(c, slug);
  const meta = readThread(ctx, slug);
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
    if (listDir(ctx.root, threadDir(c, slug)).length) throw slugTaken(ctx, slug);
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
    // Only this thread is read; the others only when suggesting (chat reply stays flat at 1,000 threads).
    const meta = readThread(ctx, slug);
    if (meta?.status === 'closed') {
      throw new DocpactError('input', `Thread "${slug}" is closed; a closed thread takes no more messages. Continue the topic in a new thread: "docpact chat new ${slug}-2".`);
    }
    if (!meta && readText(ctx.root, `${threadDir(configOf(ctx), slug)}/${META_FILE}`) === null) {
      const open = listThreads(ctx).filter((t) => t.status === 'open').map((t) => t.slug);
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

/** What a message needs besides its body: the framing data. */
export interface MessageInfo {
  seq: number;
  slug: string;
  title: string;
  from: string;
  to: string;
}

/** The last title escaped and what it gave: check frames every message of a thread, all with its one title. */
let escaped = { title: '', shown: '' };
const shownTitle = (title: string) => (escaped.title === title ? escaped.shown : (escaped = { title, shown: escapeMyst(title) }).shown);

/** The template data of a message's frame; the title is user text, shown as typed (`escapeMyst`). */
const frameData = (ctx: Pick<GenContext, 'date'>, m: MessageInfo) => ({ ...m, title: shownTitle(m.title), seq: String(m.seq).padStart(3, '0'), date: ctx.date });

/** The body a message starts from: the author's template (concise ask, or the full reply). */
export function templateBody(ctx: Pick<GenContext, 'root' | 'date'>, c: DocpactConfig, m: MessageInfo): string {
  return render(templateSource(ctx.root, c), messageTemplate(c, m.from), frameData(ctx, m));
}

/** The framing every message starts with (the "# 00N — to …" heading, thread, From and Date lines); `messageBody` puts a line break after it. */
export const messageHeader = (ctx: Pick<GenContext, 'root' | 'date'>, c: DocpactConfig, m: MessageInfo): string => render(templateSource(ctx.root, c), 'chat/header.md', frameData(ctx, m));

/**
 * A message's content: the framing every message gets (the "# 00N — to …"
 * heading, thread, From and Date lines), then the body — the user's text
 * (from --body-file or the editor) or the author's template.
 */
export function messageBody(ctx: Pick<GenContext, 'root' | 'date'>, c: DocpactConfig, body: unknown, m: MessageInfo): string {
  const header = messageHeader(ctx, c, m);
  // LF, as the header: a body written on Windows would leave the file with two kinds of line ends.
  const text = typeof body === 'string' ? lf(body).replace(/^\s*\n/, '').replace(/\s*$/, '\n') : templateBody(ctx, c, m);
  return `${header}\n${text}`;
}

/** What to tell the user when a message was written as the bare template (no terminal, no --body-file). */
export const unfilled = (file: string, to: string) =>
  `${file} is the unfilled template. Write the message in it before the ${to} replies: the reply seals it exactly as it is.`;

/** The body from --body-file or the editor (text by the time it gets here); never empty. */
function checkBody(value: unknown): string {
  const text = String(value);
  if (text.trim() === '') throw new DocpactError('input', 'The message body is empty. Write the message, or leave out --body-file to start from the template.');
  return text;
}

/**
 * The message body: --body-file ("-": standard input), else (on a terminal)
 * the user's editor, starting from the author's template; else the template
 * itself. Through MCP it is the text, and required (nobody can edit there).
 */
export const bodyQuestion = (info: (ctx: GenContext, answers: Answers) => MessageInfo, help = 'file with the message text ("-" for stdin; default: your editor on a terminal, else the role’s template)'): Question => ({
  name: 'body',
  flag: 'body-file',
  kind: 'text',
  message: 'Message',
  file: 'path',
  help,
  edit: (ctx, answers) => templateBody(ctx, configOf(ctx), info(ctx, answers)),
  validate: checkBody,
});


/**
 * --as: the role a chat command speaks as (DOCPACT_ROLE when not given). A
 * role that is not configured gets "did you mean"; `extra` roles (closers
 * such as "user") are allowed where the command allows them.
 */
export const roleQuestion = (q: Pick<Question, 'message' | 'help' | 'required' | 'suggest' | 'validate'> & { choices?: Question['choices'] }): Question => ({
  name: 'as',
  flag: 'as',
  kind: 'choice',
  env: ROLE_ENV,
  choices: (ctx) => configOf(ctx).roles,
  ...q,
});
