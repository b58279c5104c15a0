/**
 * A docpact MCP server driven as an agent host drives it: the SDK's own
 * Client over StdioClientTransport, on the built bin.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { BIN, binEnv } from './helpers.js';

export type Result = { isError?: boolean; structuredContent?: any; content: { type: string; text: string }[] };

export interface McpServer {
  call: (name: string, args?: Record<string, unknown>, opts?: { timeout?: number; signal?: AbortSignal }) => Promise<Result>;
  client: Client;
  /** What the server wrote on standard error so far. */
  stderr: () => string;
  close: () => Promise<void>;
}

/** A docpact MCP server speaking as `role` in `dir`, and a client connected to it. */
export async function mcpServer(dir: string, role: string, env: Record<string, string> = {}): Promise<McpServer> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--as', role], cwd: dir, env: binEnv(env) as Record<string, string>, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d) => (err += String(d)));
  const client = new Client({ name: 'docpact-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    call: async (name, args = {}, opts) => (await client.callTool({ name, arguments: args }, undefined, opts)) as Result,
    stderr: () => err,
    close: () => client.close(),
  };
}
