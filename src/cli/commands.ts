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
  /** Not listed in help: called by tools (git), not people. */
  hidden?: boolean;
  load: () => Promise<Command>;
}

/** Load a generator module and the CLI adapter in parallel (start-up time matters). */
const viaGenerator = async (load: Promise<Generator>) => {
  const [{ generatorCommand }, gen] = await Promise.all([import('./generator-command.js'), load]);
  return generatorCommand(gen);
};

export const COMMANDS: Record<string, Entry> = {
  check: { summary: 'validate the governed repo (CI, git hooks)', load: async () => (await import('../commands/check.js')).check },
  init: { summary: 'bootstrap a docs-governed repository', menu: true, load: () => viaGenerator(import('../../generators/init.js').then((m) => m.init)) },
  sync: { summary: 'bring generated files in step with docpact.yaml (3-way merge)', menu: true, load: () => viaGenerator(import('../../generators/sync.js').then((m) => m.sync)) },
  'adr new': { summary: 'create the next numbered ADR', menu: true, load: () => viaGenerator(import('../../generators/adr-new.js').then((m) => m.adrNew)) },
  'adr status': { summary: 'change an ADR’s status', menu: true, load: () => viaGenerator(import('../../generators/adr-status.js').then((m) => m.adrStatus)) },
  'adr renumber': { summary: 'move an ADR to a new number, rewriting every reference', load: () => viaGenerator(import('../../generators/adr-renumber.js').then((m) => m.adrRenumber)) },
  'adr migrate': { summary: 'convert an ADR series to another format', load: () => viaGenerator(import('../../generators/adr-migrate.js').then((m) => m.adrMigrate)) },
  'adr list': { summary: 'list ADRs (table or --json)', load: async () => (await import('../commands/adr-list.js')).adrList },
  'chat new': { summary: 'open a chat thread with its first message', menu: true, load: () => viaGenerator(import('../../generators/chat-new.js').then((m) => m.chatNew)) },
  'chat reply': { summary: 'add the next message and hand over the turn', menu: true, load: () => viaGenerator(import('../../generators/chat-reply.js').then((m) => m.chatReply)) },
  'chat close': { summary: 'close a thread with DECISION.md (architect/user)', menu: true, load: () => viaGenerator(import('../../generators/chat-close.js').then((m) => m.chatClose)) },
  'docs add': { summary: 'add a guide, concept, app or use-case page', menu: true, load: () => viaGenerator(import('../../generators/docs-add.js').then((m) => m.docsAdd)) },
  'docs term': { summary: 'add a glossary term in sorted order', menu: true, load: () => viaGenerator(import('../../generators/docs-term.js').then((m) => m.docsTerm)) },
  'merge-driver': { summary: 'git merge driver for derived files', hidden: true, load: async () => (await import('../commands/merge-driver.js')).mergeDriver },
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
