/**
 * `docpact chat reply SLUG --as ROLE`: seal the previous message, write the
 * next one to the other role, and hand the turn over. Only the role whose
 * turn it is speaks (`not-your-turn`; --force is a person's override).
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { bodyQuestion, loadThread, readThread, messageBody, openThreadQuestion, otherRole, roleQuestion, sealThread, threadDir, unfilled } from '../src/chat/store.js';
import { checkFormat } from '../src/chat/format.js';
import { META_FILE, messageFile, renderMeta } from '../src/chat/thread.js';

export const chatReply: Generator = {
  name: 'chat-reply',
  command: 'chat reply',
  description: 'Add the next numbered message to a thread and hand the turn to the other role.',
  usage: 'docpact chat reply <slug> --as <role> [options]',
  examples: [
    'docpact chat reply storage-leases --as engineer --body-file reply.md',
    'cat reply.md | docpact chat reply storage-leases --as engineer --body-file -',
    'DOCPACT_ROLE=architect docpact chat reply storage-leases --body-file answer.md',
  ],
  needsConfig: true,
  writesYaml: true,
  questions: [
    openThreadQuestion('Thread', 'the thread to reply to'),
    roleQuestion({
      message: 'Reply as',
      required: true,
      help: 'your role; without a terminal it must be given (on a terminal, whoever owns the turn is offered)',
      // Offered on a terminal only; the owner is read again under the repo lock, in plan().
      suggest: (ctx, a) => (typeof a.slug === 'string' ? readThread(ctx, a.slug)?.owner : undefined),
    }),
    bodyQuestion((ctx, a) => {
      // Read without the lock, only to pick the template the editor starts from; plan() decides under the lock.
      const c = configOf(ctx);
      const meta = readThread(ctx, String(a.slug));
      const from = (a.as as string | undefined) ?? meta?.owner ?? c.roles[1];
      return { seq: (meta?.messages.length ?? 0) + 1, slug: String(a.slug), title: meta?.title ?? String(a.slug), from, to: otherRole(c, from) };
    }),
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const slug = a.slug as string;
    const dir = threadDir(c, slug);
    const meta = loadThread(plan, c, slug);
    const from = a.as as string;
    if (meta.status === 'closed') throw new DocpactError('input', `Thread "${slug}" is closed; start a new thread with "docpact chat new".`);
    if (from !== meta.owner && !ctx.force) {
      throw new DocpactError('not-your-turn', `It is the ${meta.owner}'s turn in "${slug}", not the ${from}'s. Wait for their reply${ctx.strict ? '' : ', or pass --force to write out of turn'}.`);
    }
    // 1. Seal the previous message with what it holds now.
    const sealed = sealThread(plan, c, meta);
    const last = meta.messages[meta.messages.length - 1];
    // 2. The next message, to the other role.
    const to = otherRole(c, from);
    const seq = last.seq + 1;
    const file = messageFile(seq, to);
    const body = messageBody(ctx, c, a.body, { seq, slug, title: meta.title, from, to });
    checkFormat(ctx, plan.warnings, c, `${dir}/${file}`, a.body, from, to);
    sealed.messages.push({ seq, file, from, to, created: ctx.date, sha256: null, chain: null });
    plan.create(`${dir}/${file}`, body);
    plan.write(`${dir}/${META_FILE}`, renderMeta({ ...sealed, owner: to }));
    Object.assign(plan.result, { slug, seq, file: `${dir}/${file}`, from, owner: to });
    plan.notes.push(`Message ${String(seq).padStart(3, '0')} to the ${to} is ${dir}/${file}; it is now the ${to}'s turn.`);
    if (a.body === undefined) plan.warnings.push(unfilled(`${dir}/${file}`, to));
  },
};
