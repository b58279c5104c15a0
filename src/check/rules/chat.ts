/** Chat threads: meta.yaml schema, then the shared verifier (numbering, turns, seals, chain, closure). */
import { DocpactError } from '../../errors.js';
import { CLOSURE_FILES, META_FILE, maybeNotUtf8, parseMeta, sealDigest, verifyThread } from '../../chat/thread.js';
import { listSubdirs, readBytes } from '../../io/fs.js';
import { contentHash } from '../../text/hash.js';
import { messageHeader, templateBody } from '../../chat/store.js';
import { describeFormat, formatOk, formatProblems, messageFormat, renderDecision, type MessageFormat } from '../../chat/format.js';
import { placeholders } from '../../adr/formats/text.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';
import { own } from '../facts.js';

export interface ChatScan {
  problems: Problem[];
  threads: number;
  /** Repo-relative paths of files that must not change: sealed messages, and every file of a closed thread. */
  sealed: Set<string>;
  /** Repo-relative paths of every Markdown file in a thread folder (messages, DECISION.md, …). */
  pages: string[];
}

export function checkChats(repo: Repo): ChatScan {
  const { root, config } = repo;
  const facts = factsOf(repo);
  const out: Problem[] = [];
  const sealed = new Set<string>();
  const pages: string[] = [];
  // A thread replaced by a link would be skipped unchecked (its sealed messages free to change): name it instead (one listing of the folder for both).
  const slugs = listSubdirs(root, config.paths.chats, (name) =>
    out.push(problem(`${config.paths.chats}/${name}`, 1, 'chat/meta-schema', 'is a symbolic link or a special file, not a thread folder; docpact does not follow it, so nothing in it is checked. Make it a real folder')),
  ).sort();
  const bodies = new Map<string, string | null>();
  const formats = new Map<string, MessageFormat>();
  for (const slug of slugs) {
    const dir = `${config.paths.chats}/${slug}`;
    const names = facts.list(dir);
    // Each file's path made once (the reads, the pages, the sealed set and the facts share it), by its name in the listing.
    const files = new Map<string, string>();
    for (const name of names) {
      const file = `${dir}/${name}`;
      files.set(name, file);
      if (name.endsWith('.md')) pages.push(file);
    }
    // A thread's verdict depends on its files only: remembered while none of them changes.
    const check = () => checkThread(repo, slug, names, files, bodies, formats);
    const thread = facts.remembers ? facts.ofGroup(dir, [...files.values()], 'thread', check) : check();
    for (const file of files.values()) repo.done?.(file);
    out.push(...thread.problems);
    for (const file of thread.sealed) sealed.add(file);
  }
  return { problems: out, threads: slugs.length, sealed, pages: pages.sort() };
}

/** One thread: meta.yaml's schema, the verifier, and sealed messages left as the template. `files`: the path of each name in the folder. */
function checkThread({ root, config, read }: Repo, slug: string, names: string[], files: Map<string, string>, bodies: Map<string, string | null>, formats: Map<string, MessageFormat>): { problems: Problem[]; sealed: string[] } {
  const out: Problem[] = [];
  const sealed: string[] = [];
  const dir = `${config.paths.chats}/${slug}`;
  const metaRel = files.get(META_FILE) ?? `${dir}/${META_FILE}`;
  const text = read(metaRel);
  if (text === null) return { problems: [problem(metaRel, 1, 'chat/meta-schema', 'the thread has no meta.yaml; create threads with "docpact chat new"')], sealed };
  let meta;
  try {
    meta = parseMeta(text, metaRel);
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    return { problems: [problem(metaRel, 1, 'chat/meta-schema', [err.message.replace(`${metaRel} `, ''), ...err.details].join(' '))], sealed };
  }
  // A message's path: the listing's (a path of its own, not a piece of meta.yaml's text, and kept for the whole run).
  const pathOf = (name: string) => files.get(name) ?? own(`${dir}/${name}`);
  for (const m of meta.messages) if (m.sha256 !== null || meta.status === 'closed') sealed.push(pathOf(m.file));
  if (meta.status === 'closed') for (const name of CLOSURE_FILES) sealed.push(`${dir}/${name}`);
  if (meta.slug !== slug) out.push(problem(metaRel, 1, 'chat/meta-schema', `slug is "${meta.slug}" but the folder is "${slug}"`));
  // Each message read once, in order; every step below asks for its text.
  const texts = meta.messages.map((m) => read(pathOf(m.file)));
  const textOf = new Map<string, string | null>();
  meta.messages.forEach((m, i) => textOf.set(m.file, texts[i]));
  // meta.yaml's lines, split only when a problem names one of its messages.
  let lines: string[] | undefined;
  const lineOfSeq = (seq: number) => (lines ??= text.split('\n')).findIndex((l) => new RegExp(`^\\s*- seq: ${seq}\\s*$`).test(l)) + 1;
  // A message that decoded with replacement characters is sealed by its bytes, and reported when they are not UTF-8.
  const bytesOf = (name: string) => readBytes(root, `${dir}/${name}`) ?? Buffer.alloc(0);
  const digest = (name: string, text: string) => (maybeNotUtf8(text) ? sealDigest(bytesOf(name)) : contentHash(text));
  meta.messages.forEach((m, i) => {
    const text = texts[i];
    if (text === null || !maybeNotUtf8(text)) return;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(m.file));
    } catch {
      out.push(problem(`${dir}/${m.file}`, 1, 'docs/encoding', `not valid UTF-8; ${m.sha256 === null ? 're-save it as UTF-8 before it is sealed' : 'it is sealed, so say in a new message what it should have said'}`));
    }
  });
  // A message whose direction is in doubt has no certain author: its format is not judged.
  const doubtful = new Set<number>();
  for (const p of verifyThread(meta, names, (name) => (textOf.has(name) ? (textOf.get(name) as string | null) : read(pathOf(name))), digest)) {
    if (p.rule === 'chat/direction' && p.seq !== undefined) doubtful.add(p.seq);
    const line = p.file === META_FILE && p.seq !== undefined ? lineOfSeq(p.seq) : 1;
    out.push(problem(`${dir}/${p.file}`, line, p.rule, p.message));
  }
  // Each message carries its author's sections: an error while it can still be edited (the last, unsealed one),
  // a warning once sealed — history written before the rule existed cannot change, and must not fail a repository.
  meta.messages.forEach((m, i) => {
    const text = texts[i];
    if (text === null || doubtful.has(m.seq)) return;
    let format = formats.get(m.from);
    if (!format) formats.set(m.from, (format = messageFormat({ root, date: m.created }, config, m.from)));
    const p = formatProblems(text, format);
    if (formatOk(p)) return;
    const sealedNow = m.sha256 !== null || meta.status === 'closed';
    const line = p.missing.length ? 1 : p.changesets[0].line;
    out.push(problem(`${dir}/${m.file}`, line, 'chat/format', `message ${m.seq} ${describeFormat(p, m.from)}${sealedNow ? ' (sealed: say it in the next message)' : '; add them before the other side replies'}`, sealedNow ? 'warning' : 'error'));
  });
  // DECISION.md still holding the template's sections: the decision was never written (fill it in; that is no edit of the record).
  if (names.includes('DECISION.md')) {
    const decision = read(pathOf('DECISION.md'));
    const left = decision === null ? [] : placeholders(decision, renderDecision({ root }, config, { slug, title: meta.title, by: '', date: '', count: 0 }));
    if (left.length) out.push(problem(`${dir}/DECISION.md`, 1, 'chat/placeholder', `${left.map((h) => `"## ${h}"`).join(', ')} still ${left.length === 1 ? 'holds' : 'hold'} the template's text; write the decision there (filling in the template is not an edit of the record)`, 'warning'));
  }
  // A sealed message that is byte-for-byte the template was handed over without being written.
  meta.messages.forEach((m, i) => {
    if (m.sha256 === null) return;
    const text = texts[i];
    const info = { seq: m.seq, slug: meta.slug, title: meta.title, from: m.from, to: m.to };
    // Cheap filter first: the template body for this pair of roles, rendered once per run (rendering every
    // sealed message doubled check's time at 1,000 threads); only a message ending with it is compared exactly.
    // A body that names its message ({{slug}}, {{title}}, {{seq}}, {{date}}: a repository's own template) differs
    // per message: rendered again for other data, it shows that (null), and is rendered for each message.
    const pair = `${m.from}\0${m.to}`;
    let body = bodies.get(pair);
    if (body === undefined) {
      body = templateBody({ root, date: m.created }, config, info);
      const other = templateBody({ root, date: `${m.created}~` }, config, { ...info, seq: m.seq + 1, slug: `${meta.slug}~`, title: `${meta.title}~` });
      bodies.set(pair, (body = body === other ? body : null));
    }
    if (text === null || !text.endsWith(body ?? templateBody({ root, date: m.created }, config, info))) return;
    // The framing next, rendered alone: only a message that starts with it (and a line break) is compared whole, with
    // the framing just rendered and the template body for this message (what messageBody gives without a body).
    const header = messageHeader({ root, date: m.created }, config, info);
    if (!text.startsWith(header) || text.charCodeAt(header.length) !== 10) return;
    if (text === `${header}\n${templateBody({ root, date: m.created }, config, info)}`) {
      out.push(problem(`${dir}/${m.file}`, 1, 'chat/unedited', `message ${m.seq} was sealed as the unedited template; the ${m.to} got no message. Say it in the next message (it cannot be edited now)`, 'warning'));
    }
  });
  return { problems: out, sealed };
}
