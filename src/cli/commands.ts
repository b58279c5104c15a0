/**
 * The command table. Each entry lazily imports its module, so `docpact check`
 * never loads generator code, and nothing loads plop unless it prompts.
 */
import type { Generator } from '../core/generator.js';
import type { Command } from './args.js';

interface Entry {
  summary: string;
  /** Shown in the interactive menu (generators only). */
  menu?: boolean;
  load: () => Promise<Command>;
}

const viaGenerator = async (gen: Generator) => (await import('./generator-command.js')).generatorCommand(gen);

export const COMMANDS: Record<string, Entry> = {
  check: { summary: 'validate the governed repo (CI, git hooks)', load: async () => (await import('../commands/check.js')).check },
  init: { summary: 'bootstrap a docs-governed repository', menu: true, load: async () => viaGenerator((await import('../../generators/init.js')).init) },
  'adr new': { summary: 'create the next numbered ADR', menu: true, load: async () => viaGenerator((await import('../../generators/adr-new.js')).adrNew) },
  'adr status': { summary: 'change an ADR’s status', menu: true, load: async () => viaGenerator((await import('../../generators/adr-status.js')).adrStatus) },
  'adr list': { summary: 'list ADRs (table or --json)', load: async () => (await import('../commands/adr-list.js')).adrList },
  'chat new': { summary: 'open a chat thread with its first message', menu: true, load: async () => viaGenerator((await import('../../generators/chat-new.js')).chatNew) },
  'chat reply': { summary: 'add the next message and hand over the turn', menu: true, load: async () => viaGenerator((await import('../../generators/chat-reply.js')).chatReply) },
  'chat close': { summary: 'close a thread with DECISION.md (architect/user)', menu: true, load: async () => viaGenerator((await import('../../generators/chat-close.js')).chatClose) },
  'docs add': { summary: 'add a guide, concept, app or use-case page', menu: true, load: async () => viaGenerator((await import('../../generators/docs-add.js')).docsAdd) },
  'docs term': { summary: 'add a glossary term in sorted order', menu: true, load: async () => viaGenerator((await import('../../generators/docs-term.js')).docsTerm) },
  'chat list': { summary: 'list threads and whose turn it is', load: async () => (await import('../commands/chat-list.js')).chatList },
};

/** "adr new" → entry; also accepts a lone group word for group help. */
export function lookup(argv: string[]): { name: string; rest: string[] } | { group: string } | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  if (argv[0] && COMMANDS[argv[0]]) return { name: argv[0], rest: argv.slice(1) };
  if (argv[0] && Object.keys(COMMANDS).some((k) => k.startsWith(`${argv[0]} `))) return { group: argv[0] };
  return undefined;
}
