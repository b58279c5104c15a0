/** Where threads live and how commands load them. */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../core/errors.js';
import type { PlanBuilder } from '../core/plan.js';
import { META_FILE, parseMeta, type ThreadMeta } from './thread.js';

export const threadDir = (c: DocpactConfig, slug: string) => `${c.paths.chats}/${slug}`;

/** The role on the other side of `role` (the two configured roles; "user" speaks as the first). */
export function otherRole(c: DocpactConfig, role: string): string {
  const [asker, implementer] = c.roles;
  return role === implementer ? asker : implementer;
}

/** Template for a message written by `from`: the asking role writes a concise ask, the other the full reply. */
export const messageTemplate = (c: DocpactConfig, from: string) => (from === c.roles[1] ? 'chat/reply.md' : 'chat/ask.md');

export function loadThread(plan: PlanBuilder, c: DocpactConfig, slug: string): ThreadMeta {
  const rel = `${threadDir(c, slug)}/${META_FILE}`;
  const text = plan.read(rel);
  if (text === null) throw new DocpactError('not-found', `No chat thread "${slug}" (${rel} is missing). List threads with "docpact chat list".`);
  return parseMeta(text, rel);
}

/** Message body: the user's text with exactly one trailing newline. */
export const bodyText = (text: string) => text.replace(/\s*$/, '\n');
