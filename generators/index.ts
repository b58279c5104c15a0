/**
 * Every docpact generator, in menu order: the one list the faces read. The
 * CLI makes each a command (src/cli/commands.ts), the plop pack registers
 * each with plop (plopfile.ts), and the MCP server offers each as a tool.
 * An entry names the generator and loads its module only when it runs, so
 * `docpact adr new` never loads the other generators.
 *
 * Adding a generator: write generators/<name>.ts exporting a `Generator`, and
 * add its entry here.
 */
import type { Generator } from '../src/core/generator.js';

export interface GeneratorEntry {
  /** CLI words, e.g. "adr new" (the plop name and MCP tool derive from them). */
  command: string;
  /** One line for the command list and the menu (the module holds the long description). */
  summary: string;
  /** Left out of the interactive menu (rare, whole-series operations). */
  notInMenu?: true;
  /**
   * As an MCP tool: `off` — not offered to agents (init, and whole-series
   * rewrites a person should run); `plan` — a dry run unless the call says
   * `apply: true` (sync). Otherwise the tool applies, like the command.
   */
  mcp?: 'off' | 'plan';
  load: () => Promise<Generator>;
}

export const GENERATORS: GeneratorEntry[] = [
  { command: 'init', summary: 'bootstrap a docs-governed repository', mcp: 'off', load: () => import('./init.js').then((m) => m.init) },
  { command: 'adr new', summary: 'create the next numbered ADR', load: () => import('./adr-new.js').then((m) => m.adrNew) },
  { command: 'adr status', summary: 'change an ADR’s status', load: () => import('./adr-status.js').then((m) => m.adrStatus) },
  { command: 'adr renumber', summary: 'move an ADR to a new number, rewriting every reference', notInMenu: true, mcp: 'off', load: () => import('./adr-renumber.js').then((m) => m.adrRenumber) },
  { command: 'adr migrate', summary: 'convert an ADR series to another format', notInMenu: true, mcp: 'off', load: () => import('./adr-migrate.js').then((m) => m.adrMigrate) },
  { command: 'chat new', summary: 'open a chat thread with its first message', load: () => import('./chat-new.js').then((m) => m.chatNew) },
  { command: 'chat reply', summary: 'add the next message and hand over the turn', load: () => import('./chat-reply.js').then((m) => m.chatReply) },
  { command: 'chat close', summary: 'close a thread with DECISION.md (architect/user)', load: () => import('./chat-close.js').then((m) => m.chatClose) },
  { command: 'docs add', summary: 'add a guide, concept, app or use-case page', load: () => import('./docs-add.js').then((m) => m.docsAdd) },
  { command: 'docs term', summary: 'add a glossary term in sorted order', load: () => import('./docs-term.js').then((m) => m.docsTerm) },
  { command: 'sync', summary: 'bring generated files in step with docpact.yaml (3-way merge)', mcp: 'plan', load: () => import('./sync.js').then((m) => m.sync) },
];

/** Every generator, loaded (the plop pack registers them all at once). */
export const loadGenerators = (): Promise<Generator[]> => Promise.all(GENERATORS.map((g) => g.load()));
