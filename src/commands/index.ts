/**
 * The commands that only read: the one list the CLI's command table and the
 * MCP server's reading tools derive from. Each loads its module when it runs.
 */
import type { Command } from './command.js';

export interface ReadingEntry {
  summary: string;
  load: () => Promise<Command>;
}

export const READING: Record<string, ReadingEntry> = {
  check: { summary: 'validate the governed repo (CI, git hooks)', load: async () => (await import('./check.js')).check },
  gate: { summary: 'enforce the merge criteria on a pull request', load: async () => (await import('./gate.js')).gate },
  'adr list': { summary: 'list ADRs (table or --json)', load: async () => (await import('./adr-list.js')).adrList },
  'adr show': { summary: 'show one ADR (text, or --json with its sections)', load: async () => (await import('./adr-show.js')).adrShow },
  'chat list': { summary: 'list threads and whose turn it is', load: async () => (await import('./chat-list.js')).chatList },
  'chat inbox': { summary: 'threads waiting for your role (--as), the longest waiting first', load: async () => (await import('./chat-inbox.js')).chatInbox },
  'chat show': { summary: 'show a thread’s messages, or --latest', load: async () => (await import('./chat-show.js')).chatShow },
  'issue draft': { summary: 'print an issue body as its form would (and the gh command)', load: async () => (await import('./issue.js')).issueDraft },
  'issue parse': { summary: 'read a filled issue body back into fields', load: async () => (await import('./issue.js')).issueParse },
};
