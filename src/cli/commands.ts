/**
 * The command table. Each entry lazily imports its module, so `docpact check`
 * never loads generator code, and nothing loads plop unless it prompts.
 */
import { GENERATORS, type GeneratorEntry } from '../../generators/index.js';
import type { Command } from './args.js';
import { READING } from '../commands/index.js';

interface Entry {
  summary: string;
  /** Shown in the interactive menu (generators only). */
  menu?: boolean;
  /** Not listed in help: called by tools (git), not people. */
  hidden?: boolean;
  load: () => Promise<Command>;
}

/** A generator as a command: its module and the CLI adapter load in parallel (start-up time matters). */
const viaGenerator = (g: GeneratorEntry): Entry => ({
  summary: g.summary,
  ...(g.notInMenu ? {} : { menu: true }),
  load: async () => {
    const [{ generatorCommand }, gen] = await Promise.all([import('./generator-command.js'), g.load()]);
    return generatorCommand(gen);
  },
});

/**
 * The commands with no generator behind them: those that only read
 * (src/commands/index.ts), the repository's own generators (generate runs
 * them, never through a plan; not in READING, so the MCP server never
 * offers them), the MCP server and git's merge driver.
 */
const READERS: Record<string, Entry> = {
  ...READING,
  generate: { summary: 'run the declared generators of generated references (--check: in a scratch copy)', load: async () => (await import('../commands/generate.js')).generate },
  mcp: { summary: 'serve docpact to AI agents (Model Context Protocol, stdio)', load: async () => (await import('../mcp/command.js')).mcp },
  'merge-driver': { summary: 'git merge driver for derived files', hidden: true, load: async () => (await import('../commands/merge-driver.js')).mergeDriver },
};

/** Help lists commands by topic: the first word's place here, then the order they are declared in. */
const TOPICS = ['check', 'gate', 'generate', 'init', 'sync', 'adr', 'chat', 'docs', 'issue', 'mcp'];
const topic = (name: string) => {
  const i = TOPICS.indexOf(name.split(' ')[0]);
  return i < 0 ? TOPICS.length : i;
};

export const COMMANDS: Record<string, Entry> = Object.fromEntries(
  [...GENERATORS.map((g) => [g.command, viaGenerator(g)] as const), ...Object.entries(READERS)].sort(([a], [b]) => topic(a) - topic(b)),
);

/** "adr new" → entry; also accepts a lone group word for group help. */
export function lookup(argv: string[]): { name: string; rest: string[] } | { group: string } | undefined {
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) return { name: two, rest: argv.slice(2) };
  if (argv[0] && COMMANDS[argv[0]]) return { name: argv[0], rest: argv.slice(1) };
  if (argv[0] && Object.keys(COMMANDS).some((k) => k.startsWith(`${argv[0]} `))) return { group: argv[0] };
  return undefined;
}
