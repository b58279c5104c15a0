/**
 * Chat threads: `<chats>/<slug>/meta.yaml` plus numbered messages. This module
 * owns the meta schema, sealing (sha256 + hash chain) and the verifier that
 * `docpact check` runs. Pure: callers pass file contents in.
 *
 * A message is sealed when the next one is written (or the thread closes):
 *   sha256_n = sha256(bytes of message n, CRLF read as LF)
 *   chain_n  = sha256(chain_{n-1} + sha256_n), chain_0 = ""
 * so editing, deleting, inserting or reordering sealed messages is detectable.
 * The bytes, not the text decoded from them: decoding turns every invalid
 * byte into U+FFFD, so one invalid byte changed into another would keep the
 * seal. Only UTF-8 messages are sealed (where the two agree).
 */
import * as z from 'zod/mini';
import { DocpactError } from '../errors.js';
import { contentHash, sha256 } from '../text/hash.js';
import { readYaml, writeYaml } from '../text/yaml.js';

const Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'));
const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)'));
const RoleName = z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be a lowercase role name'));

export const ThreadMessage = z.strictObject({
  seq: z.int().check(z.minimum(1)),
  file: z.string(),
  from: RoleName,
  to: RoleName,
  created: Day,
  sha256: z.nullable(Hex),
  chain: z.nullable(Hex),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

export const ThreadMeta = z.strictObject({
  title: z.string().check(z.minLength(1)),
  slug: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lowercase kebab-case')),
  status: z.enum(['open', 'closed']),
  owner: RoleName,
  created: Day,
  closed: z.optional(Day),
  messages: z.array(ThreadMessage).check(z.minLength(1, 'a thread has at least its first message')),
});
export type ThreadMeta = z.infer<typeof ThreadMeta>;

export const META_FILE = 'meta.yaml';
export const CLOSURE_FILES = ['DECISION.md', 'SUMMARY.md'];
export const MESSAGE_FILE = /^(\d{3,})-to-([a-z][a-z0-9-]*)\.md$/;

/** A name a reader would take for a message's, whatever its digits or case. */
const LOOKALIKE = /^\d+-to-[a-z][a-z0-9-]*\.md$/i;
export const messageFile = (seq: number, to: string) => `${String(seq).padStart(3, '0')}-to-${to}.md`;
export const chainNext = (prev: string, digest: string) => sha256(prev + digest);

/** Parse meta.yaml; every problem is reported against `file`. */
export function parseMeta(text: string, file: string): ThreadMeta {
  const fast = metaAsWritten(text);
  if (fast) return fast;
  const data = readYaml(text, file);
  const res = ThreadMeta.safeParse(data);
  if (!res.success) {
    throw new DocpactError(
      'config',
      `${file} does not match the thread schema:`,
      res.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`),
    );
  }
  return res.data;
}

/**
 * A plain YAML scalar that every YAML reader takes for a string: no
 * indicator, no comment, no number, boolean, null or date look-alike.
 */
const plainString = (v: string) =>
  /^[A-Za-z0-9][A-Za-z0-9 ._/()',-]*$/.test(v) &&
  !v.endsWith(' ') &&
  !/^[-+]?[0-9._]+(?:[eE][-+]?[0-9]+)?$/.test(v) &&
  !/^0[xob]/i.test(v) &&
  !/^(?:null|true|false)$/i.test(v) &&
  !/^\d{4}-\d\d?-\d\d?/.test(v);

/** A double-quoted scalar without escapes, or a plain string scalar: its value; else undefined. */
const scalar = (v: string) => (/^"[^"\\]*"$/.test(v) ? v.slice(1, -1) : plainString(v) ? v : undefined);

const DAY = /^"(\d{4}-\d{2}-\d{2})"$/;
const HEX = /^(?:null|[0-9a-f]{64})$/;
const ROLE = /^[a-z][a-z0-9-]*$/;
const META_HEAD = '# Written by docpact chat. Do not edit: sealed hashes protect earlier messages.';

/**
 * meta.yaml as docpact writes it (`renderMeta`), read line by line without a
 * YAML parser: the same value the parser and the schema give, for exactly
 * that layout. Anything else — another order, a comment, a quoted value
 * with escapes, a value that is not valid — is undefined, and the full
 * parser decides (and explains).
 */
function metaAsWritten(text: string): ThreadMeta | undefined {
  if (text.includes('\r')) return undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let i = lines[0] === META_HEAD ? 1 : 0;
  const field = (key: string): string | undefined => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(`${key}: `)) return undefined;
    i++;
    return line.slice(key.length + 2);
  };
  const title = scalar(field('title') ?? '');
  const slug = field('slug');
  const status = field('status');
  const owner = field('owner');
  const created = DAY.exec(field('created') ?? '')?.[1];
  if (!title || !slug || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || !plainString(slug) || (status !== 'open' && status !== 'closed') || !owner || !ROLE.test(owner) || !created) return undefined;
  let closed: string | undefined;
  if (lines[i]?.startsWith('closed: ')) {
    closed = DAY.exec(field('closed') ?? '')?.[1];
    if (!closed) return undefined;
  }
  if (lines[i++] !== 'messages:') return undefined;
  const messages: ThreadMessage[] = [];
  while (i < lines.length) {
    const m = /^ {2}- seq: ([1-9]\d{0,8})$/.exec(lines[i]);
    if (!m || i + 7 > lines.length) return undefined;
    const at = (k: number, key: string) => (lines[i + k].startsWith(`    ${key}: `) ? lines[i + k].slice(key.length + 6) : undefined);
    const [file, from, to, day, digest, chain] = [at(1, 'file'), at(2, 'from'), at(3, 'to'), at(4, 'created'), at(5, 'sha256'), at(6, 'chain')];
    const date = DAY.exec(day ?? '')?.[1];
    if (!file || !/^\d{3,}-to-[a-z][a-z0-9-]*\.md$/.test(file) || !from || !ROLE.test(from) || !to || !ROLE.test(to) || !date) return undefined;
    if (!digest || !HEX.test(digest) || !chain || !HEX.test(chain)) return undefined;
    messages.push({ seq: Number(m[1]), file, from, to, created: date, sha256: digest === 'null' ? null : digest, chain: chain === 'null' ? null : chain });
    i += 7;
  }
  if (!messages.length) return undefined;
  return { title, slug, status, owner, created, ...(closed ? { closed } : {}), messages };
}

export function renderMeta(meta: ThreadMeta): string {
  return `# Written by docpact chat. Do not edit: sealed hashes protect earlier messages.\n${writeYaml(ThreadMeta.parse(meta))}`;
}

/** The seal of a message's bytes (CRLF read as LF); for UTF-8 text, `contentHash` of the text. */
export function sealDigest(bytes: Uint8Array): string {
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (!(bytes[i] === 13 && bytes[i + 1] === 10)) out[n++] = bytes[i];
  return sha256(out.subarray(0, n));
}

/** Text decoding replaced a byte that is not UTF-8 (or the text holds U+FFFD itself): its seal needs the bytes. */
export const maybeNotUtf8 = (text: string) => text.includes('\uFFFD');

/** Seal the last message with its content (`rel` names it in errors); returns a new meta. A message that is not UTF-8 is refused. */
export function sealLast(meta: ThreadMeta, content: string, rel = meta.messages[meta.messages.length - 1].file): ThreadMeta {
  const messages = meta.messages.map((m) => ({ ...m }));
  const last = messages[messages.length - 1];
  if (last.sha256 === null) {
    if (maybeNotUtf8(content)) {
      throw new DocpactError('input', `${rel} is not valid UTF-8 (or holds the replacement character �), and a seal must protect exactly what was written; re-save it as UTF-8, then run again.`);
    }
    const prev = messages.length > 1 ? (messages[messages.length - 2].chain ?? '') : '';
    last.sha256 = contentHash(content);
    last.chain = chainNext(prev, last.sha256);
  }
  return { ...meta, messages };
}

export interface ThreadProblem {
  rule: string;
  /** File inside the thread folder (meta.yaml, a message, DECISION.md). */
  file: string;
  message: string;
  /** The message concerned, if any (lets check point at its entry in meta.yaml). */
  seq?: number;
}

/**
 * Every problem in one thread: numbering, direction, owner, seals, chain and
 * closure files. `read` returns a file's content inside the thread folder,
 * or null when it is missing; `names` lists the folder; `digest` gives a
 * message's seal from its bytes (by default, of its text).
 */
export function verifyThread(meta: ThreadMeta, names: string[], read: (name: string) => string | null, digest: (name: string, text: string) => string = (_, text) => contentHash(text)): ThreadProblem[] {
  const out: ThreadProblem[] = [];
  const msgs = meta.messages;
  let chain = '';
  msgs.forEach((m, i) => {
    const p = (rule: string, file: string, message: string) => out.push({ rule, file, message, seq: m.seq });
    if (m.seq !== i + 1) p('chat/numbering', META_FILE, `message ${i + 1} has seq ${m.seq}; messages must be numbered 1, 2, 3… without gaps`);
    if (m.file !== messageFile(m.seq, m.to)) p('chat/numbering', META_FILE, `message ${m.seq} is recorded as ${m.file}, expected ${messageFile(m.seq, m.to)}`);
    if (m.from === m.to) p('chat/direction', m.file, `message ${m.seq} is from ${m.from} to itself`);
    if (i > 0 && m.from !== msgs[i - 1].to) p('chat/direction', m.file, `message ${m.seq} is from ${m.from}, but message ${msgs[i - 1].seq} was addressed to ${msgs[i - 1].to}; turns must alternate`);
    const content = read(m.file);
    const mustBeSealed = i < msgs.length - 1 || meta.status === 'closed';
    if (content === null) {
      p('chat/seal', m.file, `message ${m.seq} is missing; messages are never deleted`);
    } else if (m.sha256 !== null && digest(m.file, content) !== m.sha256) {
      p('chat/seal', m.file, `message ${m.seq} changed after it was sealed; add a new message instead of editing`);
    }
    if (mustBeSealed && (m.sha256 === null || m.chain === null)) {
      p('chat/seal', META_FILE, `message ${m.seq} should be sealed (it has a successor${meta.status === 'closed' ? ' or the thread is closed' : ''}) but has no hash`);
    }
    if (m.sha256 !== null) {
      const expected = chainNext(chain, m.sha256);
      if (m.chain !== expected) p('chat/chain', META_FILE, `message ${m.seq}: chain hash does not follow from the previous one; history was rewritten`);
      chain = m.chain ?? expected;
    }
  });
  const p = (rule: string, file: string, message: string) => out.push({ rule, file, message });
  const last = msgs[msgs.length - 1];
  if (last && meta.owner !== last.to) p('chat/owner', META_FILE, `owner is ${meta.owner}, but the last message is addressed to ${last.to}`);
  if (meta.status === 'closed' && !names.includes(CLOSURE_FILES[0])) {
    p('chat/closure-file', CLOSURE_FILES[0], `the thread is closed but ${CLOSURE_FILES[0]} is missing; restore it (e.g. "git checkout -- ${CLOSURE_FILES[0]}" in the thread folder) or write the decision again`);
  }
  const recorded = new Set(msgs.map((m) => m.file));
  for (const name of names) {
    if (MESSAGE_FILE.test(name) && !recorded.has(name)) p('chat/unexpected-file', name, `${name} is not recorded in ${META_FILE}; add messages with "docpact chat reply"`);
    // Named like a message but not as docpact names one (02-to-…, .MD, capitals): a reader takes it for one.
    else if (LOOKALIKE.test(name) && !MESSAGE_FILE.test(name)) p('chat/unexpected-file', name, `${name} reads as a message but is none (messages are NNN-to-<role>.md, recorded in ${META_FILE}); add messages with "docpact chat reply"`);
    if (CLOSURE_FILES.includes(name) && meta.status !== 'closed') {
      p('chat/closure-file', name, `${name} exists but the thread is open; only the closing role writes it, with "docpact chat close"`);
    }
  }
  return out;
}
