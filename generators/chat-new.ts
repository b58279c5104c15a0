/**
 * `docpact chat new [slug]`: open a thread with its first message, from --as
 * (DOCPACT_ROLE) to --to; either one names the other (default: from the
 * asking role to the implementing role).
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type Answers, type GenContext, type Generator } from '../src/core/generator.js';
import { bodyQuestion, messageBody, newSlugQuestion, otherRole, roleQuestion, slugTaken, threadDir, unfilled } from '../src/chat/store.js';
import { checkFormat } from '../src/chat/format.js';
import { META_FILE, messageFile, renderMeta, type ThreadMeta } from '../src/chat/thread.js';
import { listDir } from '../src/io/fs.js';
import { singleLine } from '../src/text/slug.js';

/** Who writes the first message and to whom: --as and --to name each other. */
function ends(ctx: GenContext, a: Answers): { from: string; to: string } {
  const c = configOf(ctx);
  const as = a.as as string | undefined;
  const to = (a.to as string | undefined) ?? (as ? otherRole(c, as) : c.roles[1]);
  return { from: as ?? otherRole(c, to), to };
}

export const chatNew: Generator = {
  name: 'chat-new',
  command: 'chat new',
  description: 'Open a chat thread: meta.yaml and the first message (001-to-<role>.md).',
  usage: 'docpact chat new [slug] [options]',
  examples: [
    'docpact chat new storage-leases --as architect --title "Do we need leases per facet?" --body-file ask.md',
    'docpact chat new tts-stream --title "Streaming TTS" --as engineer --body-file report.md',
  ],
  needsConfig: true,
  writesYaml: true,
  questions: [
    newSlugQuestion,
    {
      name: 'title',
      flag: 'title',
      kind: 'text',
      message: 'Thread title',
      prompt: true,
      help: 'what the thread is about (default: the slug)',
      default: (_ctx, a) => a.slug,
      validate: (v) => singleLine(String(v), 'thread title'),
    },
    roleQuestion({ message: 'Written by', help: 'your role: who writes the first message (default: the other side of --to)' }),
    {
      name: 'to',
      flag: 'to',
      kind: 'choice',
      message: 'First message goes to',
      help: 'recipient of the first message (default: the other side of --as, else the implementing role)',
      choices: (ctx) => configOf(ctx).roles,
      default: (ctx, a) => ends(ctx, a).to,
    },
    bodyQuestion((ctx, a) => ({ seq: 1, slug: String(a.slug), title: String(a.title ?? a.slug), ...ends(ctx, a) })),
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const slug = a.slug as string;
    const dir = threadDir(c, slug);
    if (listDir(ctx.root, dir).length) throw slugTaken(ctx, slug);
    const { from, to } = ends(ctx, a);
    if (from === to) throw new DocpactError('input', `The first message cannot go from the ${from} to the ${to}; --to names the other role (${otherRole(c, from)}).`);
    const file = messageFile(1, to);
    const title = a.title as string;
    const body = messageBody(ctx, c, a.body, { seq: 1, slug, title, from, to });
    checkFormat(ctx, plan.warnings, c, `${dir}/${file}`, a.body, from, to);
    const meta: ThreadMeta = {
      title,
      slug,
      status: 'open',
      owner: to,
      created: ctx.date,
      messages: [{ seq: 1, file, from, to, created: ctx.date, sha256: null, chain: null }],
    };
    plan.create(`${dir}/${file}`, body);
    plan.create(`${dir}/${META_FILE}`, renderMeta(meta));
    Object.assign(plan.result, { slug, title, file: `${dir}/${file}`, from, owner: to });
    plan.notes.push(`Thread ${slug} opened; it is the ${to}'s turn. The ${to} replies with "docpact chat reply ${slug} --as ${to}".`);
    if (a.body === undefined) plan.warnings.push(unfilled(`${dir}/${file}`, to));
  },
};
