/**
 * `docpact mcp [--as ROLE]`: the MCP server as a command. The role is fixed
 * here (--as, else DOCPACT_ROLE) and checked against docpact.yaml before the
 * server starts; without one there is nothing to pin, so it does not start.
 */
import path from 'node:path';
import { openConfig } from '../config/open.js';
import { findRoot } from '../config/root.js';
import { DocpactError } from '../errors.js';
import { MAX_LOCK_WAIT_MS, lockTimeoutMs } from '../io/mutex.js';
import { ROLE_ENV } from '../chat/threads.js';
import type { Command } from '../commands/command.js';
import { AS_OPTION, roleOf } from '../commands/role.js';
import { today } from '../core/run.js';

export const mcp: Command = {
  command: 'mcp',
  summary: 'serve the tools to AI agents (Model Context Protocol, stdio)',
  usage: 'docpact mcp --as <role>',
  description:
    'A Model Context Protocol server on standard input and output, for AI agents (Claude Code, other MCP hosts).\n' +
    'Its tools are docpact\'s commands: adr_new, adr_status, adr_list, adr_show, chat_inbox, chat_show, chat_new,\n' +
    'chat_reply, chat_close, docs_add, docs_term, check, check_fix, gate, sync (a plan unless apply is true).\n' +
    `The role is fixed when it starts (--as, else $${ROLE_ENV}): it speaks only as that role, only in its turn,\n` +
    'and refusals carry the same code and message as the CLI. Registered for Claude Code in .mcp.json.',
  examples: ['docpact mcp --as engineer', `${ROLE_ENV}=architect docpact mcp`, 'claude mcp add docpact -- npx docpact mcp --as engineer'],
  options: [AS_OPTION],
  maxPositionals: 0,
  async run(args, io) {
    // stdout is the protocol's: one --json object there would break it.
    if (io.json) throw new DocpactError('usage', 'docpact mcp speaks JSON-RPC on standard output; it takes no --json.');
    const root = findRoot(path.resolve(String(args.values.cwd ?? '.')));
    const { config } = await openConfig(root);
    const role = roleOf(args, config);
    if (!role) throw new DocpactError('usage', `Which role does this server speak as? Pass --as <role> (${config.roles.join(' or ')}) or set ${ROLE_ENV}.`);
    // A closer that is no role of the protocol (user) neither asks nor answers: nothing here would be its to do but close.
    if (!config.roles.includes(role)) {
      throw new DocpactError('usage', `docpact mcp speaks as a role of the chat protocol (${config.roles.join(' or ')}); "${role}" only closes threads. Close one with: docpact chat close <slug> --as ${role}.`);
    }
    lockTimeoutMs(MAX_LOCK_WAIT_MS); // a value no write could wait by is refused at start, not at each write
    const { serve } = await import('./server.js');
    io.err(`docpact mcp: serving ${root.dir} as the ${role} on stdio`);
    await serve({ cwd: root.dir, role, ctx: { root, config, date: today(), force: false, strict: true } }, io.err);
    return 0;
  },
};
