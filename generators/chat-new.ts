/**
 * `docpact chat new [slug]`: open a thread with its first message, addressed
 * to --to (default: the implementing role) from the other role.
 */
import { configOf, type Generator } from '../src/core/generator.js';
import { bodyQuestion, messageBody, newSlugQuestion, otherRole, slugTaken, threadDir, unfilled } from '../src/chat/store.js';
import { META_FILE, messageFile, renderMeta, type ThreadMeta } from '../src/chat/thread.js';
import { listDir } from '../src/io/fs.js';
import { singleLine } from '../src/text/slug.js';

export const chatNew: Generator = {
  name: 'chat-new',
  command: 'chat new',
  description: 'Open a chat thread: meta.yaml and the first message (001-to-<role>.md).',
  usage: 'docpact chat new [slug] [options]',
  examples: [
    'docpact chat new storage-leases --title "Do we need leases per facet?"',
    'docpact chat new tts-stream --title "Streaming TTS" --to engineer --body-file ask.md',
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
    {
      name: 'to',
      flag: 'to',
      kind: 'choice',
      message: 'First message goes to',
      help: 'recipient of the first message (default: the implementing role)',
      choices: (ctx) => configOf(ctx).roles,
      default: (ctx) => configOf(ctx).roles[1],
    },
    bodyQuestion((ctx, a) => {
      const c = configOf(ctx);
      const to = (a.to as string | undefined) ?? c.roles[1];
      return { seq: 1, slug: String(a.slug), title: String(a.title ?? a.slug), from: otherRole(c, to), to };
    }),
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const slug = a.slug as string;
    const dir = threadDir(c, slug);
    if (listDir(ctx.root, dir).length) throw slugTaken(ctx, slug);
    const to = a.to as string;
    const from = otherRole(c, to);
    const file = messageFile(1, to);
    const title = a.title as string;
    const body = messageBody(ctx, c, a.body, { seq: 1, slug, title, from, to });
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
    Object.assign(plan.result, { slug, title, file: `${dir}/${file}`, owner: to });
    plan.notes.push(`Thread ${slug} opened; it is the ${to}'s turn. The ${to} replies with "docpact chat reply ${slug}".`);
    if (a.body === undefined) plan.warnings.push(unfilled(`${dir}/${file}`, to));
  },
};
