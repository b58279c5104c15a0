/**
 * `docpact chat show SLUG [--latest]`: a thread's messages with their text
 * (and DECISION.md / SUMMARY.md once closed), or only its latest message.
 * Read-only; what an agent reads before it replies.
 */
import path from 'node:path';
import { openRepo } from '../config/load.js';
import { DocpactError } from '../errors.js';
import { listThreads, readMeta, threadDir } from '../chat/threads.js';
import { CLOSURE_FILES, META_FILE } from '../chat/thread.js';
import { readText } from '../io/fs.js';
import { readConsistently } from '../io/journal.js';
import { checkSlug } from '../text/slug.js';
import { didYouMean } from '../text/suggest.js';
import { printText, type Command } from './command.js';
import { AS_OPTION, roleOf } from './role.js';

export const chatShow: Command = {
  command: 'chat show',
  summary: 'show a thread’s messages, or its latest one',
  usage: 'docpact chat show <slug> [--latest] [--json]',
  description: 'Print a thread: its status and whose turn it is, then every message with its text (and DECISION.md / SUMMARY.md once closed).\nWith --latest, only the latest message, as it is in its file.',
  examples: ['docpact chat show storage-leases', 'docpact chat show storage-leases --latest', 'docpact chat show storage-leases --json --as engineer'],
  options: [{ name: 'latest', type: 'boolean', help: 'only the latest message' }, AS_OPTION],
  maxPositionals: 1,
  positionals: [{ name: 'slug', help: 'the thread', required: true }],
  async run(args, io) {
    const { root, config } = openRepo(path.resolve(String(args.values.cwd ?? '.')));
    const role = roleOf(args, config);
    const asked = args.positionals[0] ?? (typeof args.values.slug === 'string' ? args.values.slug : undefined);
    if (asked === undefined) throw new DocpactError('usage', 'Which thread? Usage: docpact chat show <slug> [--latest]. List threads with "docpact chat list".');
    const slug = checkSlug(asked, 'thread slug');
    const dir = threadDir(config, slug);
    const shown = readConsistently(root, () => {
      const meta = readMeta(root, `${dir}/${META_FILE}`);
      if (meta === null) {
        const hint = didYouMean(slug, listThreads({ root, config }).map((t) => t.slug));
        throw new DocpactError('not-found', `No chat thread "${slug}".${hint} List threads with "docpact chat list".`);
      }
      if (meta instanceof DocpactError) throw meta;
      const wanted = args.values.latest ? meta.messages.slice(-1) : meta.messages;
      const messages = wanted.map((m) => ({ seq: m.seq, file: `${dir}/${m.file}`, from: m.from, to: m.to, created: m.created, sealed: m.sha256 !== null, text: readText(root, `${dir}/${m.file}`) }));
      const closing = args.values.latest ? [] : CLOSURE_FILES.flatMap((name) => {
        const text = readText(root, `${dir}/${name}`);
        return text === null ? [] : [{ file: `${dir}/${name}`, text }];
      });
      return { meta, messages, closing };
    });
    const { meta, messages, closing } = shown;
    const thread = {
      slug,
      title: meta.title,
      status: meta.status,
      owner: meta.status === 'open' ? meta.owner : null,
      created: meta.created,
      ...(meta.closed ? { closed: meta.closed } : {}),
      messages: meta.messages.length,
      ...(role ? { role, yourTurn: meta.status === 'open' && meta.owner === role } : {}),
    };
    if (io.json) {
      io.emit({ thread, messages, ...(closing.length ? { closing } : {}) });
      return 0;
    }
    if (args.values.latest) {
      const m = messages[0];
      printText(io, m.text ?? '');
      return 0;
    }
    const turn = meta.status === 'open' ? `the ${meta.owner}'s turn` : `closed ${meta.closed ?? ''}`.trim();
    io.out(`# ${slug} — ${meta.title} (${turn}, ${meta.messages.length} message${meta.messages.length === 1 ? '' : 's'})`);
    for (const m of [...messages.map((x) => ({ file: x.file, text: x.text, note: x.sealed ? ' (sealed)' : '' })), ...closing.map((x) => ({ ...x, note: '' }))]) {
      io.out('');
      io.out(`==> ${m.file}${m.note} <==`);
      printText(io, m.text ?? '(missing; run "docpact check")');
    }
    return 0;
  },
};
