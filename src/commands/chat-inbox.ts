/**
 * `docpact chat inbox --as ROLE`: the open threads waiting for ROLE, the
 * longest waiting first. Read-only; what an agent asks when it starts.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { ROLE_ENV, inbox, lastActivity, listThreads, threadDir } from '../chat/threads.js';
import { readConsistently } from '../io/journal.js';
import { table } from '../text/table.js';
import type { Command } from './command.js';
import { AS_OPTION, roleOf } from './role.js';

export const chatInbox: Command = {
  command: 'chat inbox',
  summary: 'threads waiting for your role, the longest waiting first',
  usage: 'docpact chat inbox --as <role> [--json]',
  examples: ['docpact chat inbox --as engineer', 'DOCPACT_ROLE=architect docpact chat inbox --json'],
  options: [AS_OPTION],
  maxPositionals: 0,
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const role = roleOf(args, config);
    if (!role) throw new DocpactError('usage', `Whose inbox? Pass --as <role> (${config.roles.join(' or ')}) or set ${ROLE_ENV}.`);
    // A thread whose meta.yaml cannot be read may be waiting for this role: it is named, never silently left out.
    const warnings: string[] = [];
    const waiting = readConsistently(root, () => {
      warnings.length = 0;
      return inbox(listThreads({ root, config }, (slug, err) => warnings.push(`Thread "${slug}" is left out: ${err.message}${err.details.length ? ` (${err.details.join('; ')})` : ''} Run check for what to repair.`)), role);
    });
    const threads = waiting.map((t) => {
      const last = t.messages[t.messages.length - 1];
      return { slug: t.slug, title: t.title, messages: t.messages.length, waitingSince: lastActivity(t), latest: `${threadDir(config, t.slug)}/${last.file}`, from: last.from };
    });
    if (!io.json) for (const w of warnings) io.err(`docpact: warning: ${w}`);
    if (io.json) io.emit({ role, threads, ...(warnings.length ? { warnings } : {}) });
    else if (!threads.length) io.out(`Nothing waiting for the ${role}.`);
    else {
      for (const line of table(['SLUG', 'SINCE', 'MSGS', 'FROM', 'TITLE'], threads.map((t) => [t.slug, t.waitingSince, String(t.messages), t.from, t.title]))) io.out(line);
      io.out(`Read one with: docpact chat show <slug> --latest; answer with: docpact chat reply <slug> --as ${role} --body-file <file>`);
    }
    return 0;
  },
};
