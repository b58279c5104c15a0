/**
 * Reading threads: where they live, their meta.yaml parsed (remembered in a
 * long-lived process while unchanged), and whose turn they wait for. Light:
 * the reading commands and the MCP server's inbox load no templates.
 */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { listSubdirs, quickStamp, readStamped, type Root } from '../io/fs.js';
import { META_FILE, parseMeta, type ThreadMeta } from './thread.js';

/** The environment variable naming the role a person or an agent speaks as. */
export const ROLE_ENV = 'DOCPACT_ROLE';

export const threadDir = (c: DocpactConfig, slug: string) => `${c.paths.chats}/${slug}`;

interface Where {
  root: Root;
  config: DocpactConfig | undefined;
}
const chatsOf = (w: Where) => {
  if (!w.config) throw new Error('threads are read with docpact.yaml loaded');
  return w.config;
};

/** One thread's meta, or undefined when it is missing or damaged (damage is check's business). */
export function readThread(ctx: Where, slug: string): ThreadMeta | undefined {
  const got = readMeta(ctx.root, `${threadDir(chatsOf(ctx), slug)}/${META_FILE}`);
  return got instanceof DocpactError || got === null ? undefined : got;
}

/**
 * Parsed meta.yaml files, by path, with the stamp they were read at: a
 * long-lived process (the MCP server answering chat_inbox) parses a thread
 * again only when its meta.yaml changed. docpact replaces meta.yaml by a
 * rename, so a change always changes the stamp.
 */
const metas = new Map<string, { stamp: string; meta: ThreadMeta | DocpactError }>();

/** A thread's meta.yaml, parsed (remembered while unchanged); null when missing, the error when damaged. */
export function readMeta(root: Root, rel: string): ThreadMeta | DocpactError | null {
  const key = `${root.dir}\0${rel}`;
  const stamp = quickStamp(root, rel);
  if (stamp === null) {
    metas.delete(key);
    return null;
  }
  const known = metas.get(key);
  if (known && known.stamp === stamp) return known.meta;
  // Read with every rule (no link out, no FIFO); remembered under the stamp taken before the read.
  const got = readStamped(root, rel);
  if (got === null) return null;
  let meta: ThreadMeta | DocpactError;
  try {
    meta = parseMeta(got.text, rel);
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    meta = err;
  }
  metas.set(key, { stamp, meta });
  return meta;
}

/** Every thread whose meta.yaml parses, by slug; `damaged` hears of each one whose meta.yaml does not. */
export function listThreads(ctx: Where, damaged?: (slug: string, err: DocpactError) => void): ThreadMeta[] {
  const c = chatsOf(ctx);
  return listSubdirs(ctx.root, c.paths.chats)
    .sort()
    .flatMap((slug) => {
      const got = readMeta(ctx.root, `${threadDir(c, slug)}/${META_FILE}`);
      if (got instanceof DocpactError) damaged?.(slug, got);
      return got instanceof DocpactError || got === null ? [] : [got];
    });
}

/** When a thread last changed hands: its last message's date. */
export const lastActivity = (t: ThreadMeta) => t.closed ?? t.messages[t.messages.length - 1].created;

/** Open threads waiting for `role`, the longest waiting first (then by slug). */
export function inbox(threads: ThreadMeta[], role: string): ThreadMeta[] {
  return threads
    .filter((t) => t.status === 'open' && t.owner === role)
    .sort((a, b) => (lastActivity(a) < lastActivity(b) ? -1 : lastActivity(a) > lastActivity(b) ? 1 : a.slug < b.slug ? -1 : 1));
}

