/**
 * `docpact chat close SLUG --as ROLE`: seal the last message and write
 * DECISION.md (and SUMMARY.md with --summary). Only the closing roles
 * (architect, user) may do this; the implementing role never can. The
 * decision comes from --body-file, the editor on a terminal, or (otherwise)
 * is the template, to be filled in.
 */
import { DocpactError } from '../src/errors.js';
import { configOf, type Generator } from '../src/core/generator.js';
import { bodyQuestion, loadThread, sealThread, openThreadQuestion, roleQuestion, threadDir } from '../src/chat/store.js';
import { renderDecision } from '../src/chat/format.js';
import { META_FILE, renderMeta } from '../src/chat/thread.js';
import { render, templateSource } from '../src/templates/render.js';
import { escapeMyst } from '../src/text/markdown.js';

export const chatClose: Generator = {
  name: 'chat-close',
  command: 'chat close',
  description: 'Close a thread with DECISION.md (and SUMMARY.md); architect or user only.',
  usage: 'docpact chat close <slug> --as <role> [options]',
  examples: [
    'docpact chat close storage-leases --as architect --body-file decision.md',
    'echo "Leases per facet, 30 s, renewed by the writer." | docpact chat close storage-leases --as architect --body-file -',
    'docpact chat close storage-leases --as user --summary',
  ],
  needsConfig: true,
  writesYaml: true,
  questions: [
    openThreadQuestion('Thread', 'the thread to close'),
    roleQuestion({
      message: 'Closing as',
      required: true,
      help: `who closes: ${['architect', 'user'].join(' or ')} (the configured closers)`,
      choices: (ctx) => configOf(ctx).closers,
      validate: (v, ctx) => {
        const role = String(v).toLowerCase();
        const { closers, roles } = configOf(ctx);
        // Only a role that may never close gets this explanation; a typo gets "did you mean".
        if (!closers.includes(role) && roles.includes(role)) {
          throw new DocpactError('input', `Only ${closers.join(' or ')} may close a thread and write DECISION.md; the ${role} reports readiness in a reply instead.`);
        }
        return role;
      },
    }),
    { name: 'summary', flag: 'summary', kind: 'boolean', message: 'Also write SUMMARY.md?', help: 'also write SUMMARY.md', default: () => false },
    {
      ...bodyQuestion(() => ({ seq: 0, slug: '', title: '', from: '', to: '' }), 'file with the decision: "## Decision" and "## Follow-ups", or plain text (the decision itself); "-" for stdin. Default: your editor on a terminal, else the template'),
      message: 'Decision',
      edit: (ctx, a) => {
        const full = renderDecision(ctx, configOf(ctx), { slug: a.slug, title: a.slug, by: a.as, date: ctx.date, count: 0 });
        return full.slice(Math.max(0, full.search(/^## /m)));
      },
    },
  ],
  async plan(ctx, a, plan) {
    const c = configOf(ctx);
    const slug = String(a.slug);
    const dir = threadDir(c, slug);
    const meta = loadThread(plan, c, slug);
    if (meta.status === 'closed') throw new DocpactError('input', `Thread "${slug}" is already closed; start a new thread with "docpact chat new" to continue the topic.`);
    const closed = { ...sealThread(plan, c, meta), status: 'closed' as const, closed: ctx.date };
    const data = { slug, title: escapeMyst(meta.title), by: a.as, date: ctx.date, count: meta.messages.length };
    const src = templateSource(ctx.root, c);
    const files = { 'DECISION.md': () => renderDecision(ctx, c, data, a.body as string | undefined), ...(a.summary ? { 'SUMMARY.md': () => render(src, 'chat/SUMMARY.md', data) } : {}) };
    for (const [name, content] of Object.entries(files)) {
      const rel = `${dir}/${name}`;
      // A closing document the closer already wrote by hand is kept as it is.
      if (plan.read(rel) === null) plan.create(rel, content());
      else plan.notes.push(`Kept the existing ${rel}.`);
    }
    plan.write(`${dir}/${META_FILE}`, renderMeta(closed));
    Object.assign(plan.result, { slug, status: 'closed', by: a.as, files: Object.keys(files).map((n) => `${dir}/${n}`) });
    plan.notes.push(`Thread ${slug} closed by the ${a.as}.${a.body === undefined ? '' : ` The decision is in ${dir}/DECISION.md.`}`);
    if (a.body === undefined) plan.warnings.push(`${dir}/DECISION.md is the template: write the decision in it (check warns chat/placeholder until then; filling it in is not an edit of the record).`);
  },
};
