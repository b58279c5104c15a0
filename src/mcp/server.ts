/**
 * `docpact mcp`: a Model Context Protocol server over stdio, on the official
 * SDK's low-level Server (the tools are derived in ./tools.ts, with JSON
 * Schemas of their own). Standard output is the transport: nothing else is
 * ever written there. Loaded only by this command, so the SDK and its zod
 * never reach another command's start-up. What `initialize` does not need —
 * the tools (the generators, the engine) and the templates the guide is
 * rendered from — is imported when first asked for, so the server answers
 * sooner.
 */
import {
  AjvJsonSchemaValidator,
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  Server,
  StdioServerTransport,
} from './sdk.js';
import { DocpactError } from '../errors.js';
import { readText } from '../io/fs.js';
import { VERSION } from '../version.js';
import type { ServerContext, Tools } from './tools.js';

const GUIDE_URI = 'docpact://agents/AGENTS.md';

/** The coordination guide as the repository has it (its prompts folder), else as docpact renders it. */
async function guide(s: ServerContext): Promise<string> {
  const c = s.ctx.config;
  if (!c) return '';
  const own = readText(s.ctx.root, `${c.paths.prompts}/AGENTS.md`);
  if (own !== null) return own;
  const { render, templateSource } = await import('../templates/render.js');
  return render(templateSource(s.ctx.root, c), 'agents/AGENTS.md', { asker: c.roles[0], implementer: c.roles[1], chatsDir: c.paths.chats, closers: c.closers.join(' or ') });
}

/**
 * The guide as the prompt gives it: without a section whose table lists CLI
 * commands (AGENTS.md's "Quick commands"), whose work this server's tools
 * do; the resource keeps the whole guide.
 */
function withoutCommands(guide: string): string {
  return guide
    .split(/^(?=## )/m)
    .filter((part) => !(part.startsWith('## ') && /^\|.*`docpact /m.test(part)))
    .join('')
    .trimEnd();
}

/** How this server's role works the protocol, in a few lines an agent can follow. */
function protocol(s: ServerContext): string {
  const c = s.ctx.config;
  const closes = c?.closers.includes(s.role);
  return [
    `You are the ${s.role} in this repository's chat threads (docpact). The role is fixed for this server.`,
    '',
    `1. Call chat_inbox: the threads waiting for the ${s.role}, the longest waiting first.`,
    '2. Read a thread with chat_show (latest: true for only its last message).',
    `3. Answer with chat_reply {slug, body}: Markdown with every "## " section of the ${s.role}'s template; a body missing one is refused with the sections named.`,
    '4. Only the role whose turn it is speaks; after your reply the turn is the other side\'s.',
    closes ? '5. Close a finished thread with chat_close {slug, body}: the decision ("## Decision", "## Follow-ups"; plain text is the decision).' : `5. You never close a thread: report readiness in a reply; ${c?.closers.join(' or ') ?? 'the architect'} closes it.`,
    '6. Record decisions with adr_new (title and the context, decision, consequences and alternatives as text); read them with adr_show.',
    '7. Run check before you finish: it must report no errors.',
    '',
    'The full coordination guide is the resource ' + GUIDE_URI + '.',
  ].join('\n');
}

/**
 * A JSON-RPC error with this code and message. Not the SDK's McpError, whose
 * message already starts "MCP error <code>: ", which the client adds again.
 */
const rpcError = (code: number, message: string, data?: unknown) => Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });

/** JSON-RPC's code for a resource that does not exist (the MCP specification's). */
const RESOURCE_NOT_FOUND = -32002;
/** The most the SDK's stdio transport reads as one message. */
const MAX_MESSAGE = '10 MiB';

/**
 * The SDK checks what a client answers to an elicitation against a JSON
 * Schema, and by default builds that validator (Ajv with every format) when
 * the server is made. docpact never elicits: build it only if asked.
 */
function lazyValidator(): AjvJsonSchemaValidator {
  let real: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (real ??= new AjvJsonSchemaValidator()).getValidator(schema) } as AjvJsonSchemaValidator;
}

export async function serve(s: ServerContext, err: (line: string) => void): Promise<void> {
  const server = new Server(
    { name: 'docpact', version: VERSION },
    { capabilities: { tools: {}, resources: {}, prompts: {} }, instructions: protocol(s), jsonSchemaValidator: lazyValidator() },
  );
  let loading: Promise<typeof import('./tools.js')> | undefined;
  const toolsModule = () => (loading ??= import('./tools.js'));
  let tools: Promise<Tools> | undefined;
  const allTools = () => (tools ??= toolsModule().then((t) => t.loadTools(s)));
  const callTool: typeof import('./tools.js').callTool = async (...args) => (await toolsModule()).callTool(...args);
  // Once the client has its answer to initialize, the tools load while it sends its first request.
  server.oninitialized = () => void toolsModule();
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: (await allTools()).tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as { type: 'object' }, annotations: t.annotations })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (req, extra) => {
    const { tools: list, unavailable } = await allTools();
    const name = req.params.name;
    const tool = list.find((t) => t.name === name);
    if (!tool) {
      const why = unavailable.get(name);
      throw rpcError(ErrorCode.InvalidParams, why ? `${name} is not a tool of this server: ${why}.` : `No tool "${name}". The tools: ${list.map((t) => t.name).join(', ')}.`);
    }
    return callTool(tool, (req.params.arguments ?? {}) as Record<string, unknown>, new Set(list.map((t) => t.name)), extra.signal);
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: GUIDE_URI, name: 'AGENTS.md', description: 'How the roles coordinate through chat threads, and the exact commands', mimeType: 'text/markdown' }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    if (req.params.uri !== GUIDE_URI) throw rpcError(RESOURCE_NOT_FOUND, `No resource ${req.params.uri}; the resource is ${GUIDE_URI}.`, { uri: req.params.uri });
    return { contents: [{ uri: GUIDE_URI, mimeType: 'text/markdown', text: await guide(s) }] };
  });
  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: [{ name: 'chat_protocol', description: `How the ${s.role} works the chat protocol through these tools` }],
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (req) => {
    if (req.params.name !== 'chat_protocol') throw rpcError(ErrorCode.InvalidParams, `No prompt ${req.params.name}; the prompt is chat_protocol.`);
    return { messages: [{ role: 'user', content: { type: 'text', text: `${protocol(s)}\n\n${withoutCommands(await guide(s))}` } }] };
  });
  const transport = new StdioServerTransport();
  // Each result a slow client has not read yet waits for stdout's 'drain' with a listener of its own: as many as calls
  // in flight, which a client may send without limit. That is no leak, so Node's warning at 11 would only alarm.
  process.stdout.setMaxListeners(0);
  // The transport stops reading at a message over its buffer: that is no normal end, and the client is told nothing.
  let fatal: DocpactError | undefined;
  server.onerror = (e) => {
    if (/ReadBuffer exceeded/.test(e.message)) fatal = new DocpactError('input', `A message was larger than ${MAX_MESSAGE}, the most the MCP stdio transport reads; stopping.`);
    else err(`docpact mcp: ${e.message}`);
  };
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  if (fatal) throw fatal;
}
