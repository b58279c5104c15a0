/**
 * `docpact chat list`: every thread with its status, whose turn it is,
 * message count and last activity. Read-only; a damaged meta.yaml is
 * reported by name and does not hide the other threads.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { META_FILE, parseMeta } from '../chat/thread.js';
import { listSubdirs, readText } from '../io/fs.js';
import { readConsistently } from '../io/journal.js';
import type { Command } from './command.js';
import { table } from '../text/table.js';
import { AS_OPTION, roleOf } from './role.js';

export const chatList: Command = {
  command: 'chat list',
  summary: 'list chat threads, their status and whose turn it is',
  usage: 'docpact chat list [--as ROLE] [--json]',
  examples: ['docpact chat list', 'docpact chat list --json', 'docpact chat list --as engineer'],
  options: [{ ...AS_OPTION, help: `mark the threads waiting for this role (default: $DOCPACT_ROLE)` }],
  maxPositionals: 0,
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const role = roleOf(args, config);
    const rows: { slug: string; title: string; status: string; owner: string | null; messages: number; lastActivity: string; yourTurn?: boolean }[] = [];
    const broken: DocpactError[] = [];
    readConsistently(root, () => {
      rows.length = broken.length = 0;
      for (const slug of listSubdirs(root, config.paths.chats).sort()) {
        const rel = `${config.paths.chats}/${slug}/${META_FILE}`;
        const text = readText(root, rel);
        if (text === null) continue;
        try {
          const m = parseMeta(text, rel);
          const last = m.messages[m.messages.length - 1];
          const owner = m.status === 'open' ? m.owner : null;
          rows.push({ slug, title: m.title, status: m.status, owner, messages: m.messages.length, lastActivity: m.closed ?? last.created, ...(role ? { yourTurn: owner === role } : {}) });
        } catch (err) {
          if (!(err instanceof DocpactError)) throw err;
          broken.push(err);
        }
      }
    });
    if (io.json) io.emit({ threads: rows });
    else if (!rows.length && !broken.length) io.out('No chat threads yet. Start one with: docpact chat new <slug> --title "Topic"');
    else if (rows.length) {
      for (const line of table(
        ['SLUG', 'STATUS', 'TURN', 'MSGS', 'LAST', 'TITLE'],
        rows.map((r) => [r.slug, r.status, r.yourTurn ? `${r.owner} (you)` : (r.owner ?? '-'), String(r.messages), r.lastActivity, r.title]),
      )) {
        io.out(line);
      }
    }
    for (const err of broken) {
      io.err(`docpact: ${err.message}`);
      for (const d of err.details) io.err(`  ${d}`);
    }
    // The threads that could be read are listed; with --json the others are the error (each message and its details).
    if (broken.length) {
      const [one] = broken;
      io.emit({ error: broken.length === 1 ? { code: one.code, message: one.message, ...(one.details.length ? { details: one.details } : {}) } : { code: 'config', message: `${broken.length} threads cannot be read.`, details: broken.flatMap((e) => [e.message, ...e.details]) } });
    }
    return broken.length ? 2 : 0;
  },
};
