/**
 * docpact's commands as MCP tools, derived, never restated: a generator's
 * tool takes its questions (argument names: the CLI's, in snake_case; the
 * types and enums from the question; required when the question is, or when
 * a person would write it in an editor), and runs through runGenerator — the
 * same answers resolution, validators, plan, journal and lock as the CLI. A
 * reading tool takes its command's options and runs the command itself with
 * --json. The role is the server's, fixed at start: no tool takes `as`, and
 * none takes `force`.
 */
import * as z from 'zod/mini';
import { GENERATORS } from '../../generators/index.js';
import { configOf, type Answers, type GenContext, type Generator, type Question } from '../core/generator.js';
import { runGenerator } from '../core/run.js';
import type { Command, Io, OptionDef, Parsed } from '../commands/command.js';
import { DocpactError } from '../errors.js';
import { explainIoError } from '../io/fs.js';
import { MAX_LOCK_WAIT_MS, lockTimeoutMs, withLock } from '../io/mutex.js';
import { READING } from '../commands/index.js';
import { forgetOverrides } from '../templates/renderer.js';
import { planData } from '../cli/output.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';

/**
 * The reading commands offered as tools. `omit`: options no tool takes; `writes`: it writes (one call at a time, under the lock);
 * `required`: options it cannot run without; `choices`: an option's allowed values; `text`: file options whose
 * argument is the text itself (handed to the command as its standard input, "-"); `set`: a boolean option always on,
 * which makes this a tool of its own (`name`), described by that option's help.
 */
interface Reader {
  command: string;
  name?: string;
  omit?: string[];
  writes?: boolean;
  idempotent?: boolean;
  required?: string[];
  choices?: Record<string, (ctx: GenContext) => string[]>;
  text?: Record<string, string>;
  set?: string;
}
const READERS: Reader[] = [
  { command: 'adr list', choices: { status: (ctx) => [...new Set(seriesConfigs(configOf(ctx)).flatMap((c) => seriesOf(c).statuses))] } },
  { command: 'adr show' },
  { command: 'chat inbox' },
  { command: 'chat list' },
  { command: 'chat show' },
  // Accepting problems (a baseline) is a person's decision. A plain check only reads (its caches are docpact's own,
  // ignored by git), so a host may run it without asking; fixing writes, so it is a tool of its own.
  { command: 'check', omit: ['fix', 'update-baseline', 'no-cache'] },
  { command: 'check', name: 'check_fix', omit: ['fix', 'update-baseline', 'no-cache'], set: 'fix', writes: true, idempotent: true },
  // Before a pull request: the diff against BASE meets the ADR and docs gates, and the body (as text: standard input
  // is the server's own channel) links an issue. An event file is GitHub Actions', no agent's.
  { command: 'gate', omit: ['event'], required: ['base'], text: { 'pr-body': 'the pull request body, as Markdown text (without it the issue link is not checked)' } },
  // An issue as its form would file it, to hand to a person or to gh.
  { command: 'issue draft', required: ['title'] },
];

/** Never arguments of a tool: the role is the server's, and the human override stays human. */
const PINNED = new Set(['as', 'force']);

export const toolName = (command: string) => command.replace(/[ -]/g, '_');
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');

/** What a tool reports: the CLI's --json envelope, `ok` first. */
type Data = Record<string, unknown>;

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface Tool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /**
   * Hints for the host (MCP tool annotations): a tool that only reads may run
   * without asking; one that writes keeps what the user wrote (a plan, a
   * three-way merge), so is not destructive; none reaches past the repository.
   */
  annotations: { readOnlyHint: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint: false };
  /** `signal`: the client cancelled the call (notifications/cancelled); a write not yet begun then writes nothing. */
  call(args: Record<string, unknown>, signal?: AbortSignal): Promise<Data>;
}

export interface ServerContext {
  /** The repository root (absolute). */
  cwd: string;
  /** The role this server speaks as. */
  role: string;
  /** The generator context for enums (choices): the repository's configuration. */
  ctx: GenContext;
}

const lockWait = () => Math.min(lockTimeoutMs(MAX_LOCK_WAIT_MS), MAX_LOCK_WAIT_MS);

let writes: Promise<unknown> = Promise.resolve();
/**
 * A client may have several calls in flight: the server's writes run one
 * after another, each holding the repository's lock (waited for without
 * blocking, so reads and ping are answered meanwhile), at most
 * MAX_LOCK_WAIT_MS from the call. A call cancelled before its turn, or
 * before its plan is applied, writes nothing.
 */
function serially<T>(s: ServerContext, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  // The wait counts from the call, not from its turn: a queue behind a long wait still answers in time.
  const deadline = Date.now() + lockWait();
  const turn = writes.then(() => withLock(s.ctx.root, work, { timeoutMs: Math.max(0, deadline - Date.now()), signal }));
  writes = turn.catch(() => undefined);
  return turn;
}

/** Past this size a result is carried once, as compact JSON text (a client reads at most 10 MiB a message). */
const ONCE = 256 * 1024;
/** The most a result may be: the SDK client's read buffer (10 MiB) less room for the envelope. */
const MAX_RESULT = 9 * 1024 * 1024;

/** A result: its data as JSON text and as structured content; failed (isError) whenever it is not ok. */
export function result(data: Data): ToolResult {
  const isError = data.ok === false ? { isError: true } : {};
  const text = JSON.stringify(data, null, 2);
  if (text.length <= ONCE) return { content: [{ type: 'text', text }], structuredContent: data, ...isError };
  const once = JSON.stringify(data);
  // As the message carries it: the text is a JSON string inside the JSON-RPC message, so its quotes and backslashes are escaped again.
  const size = Buffer.byteLength(JSON.stringify(once));
  if (size > MAX_RESULT) {
    return result(failure(new DocpactError('input', `The result is ${(size / 1024 / 1024).toFixed(1)} MiB, more than an MCP client reads in one message (10 MiB). Ask for less (chat_show: latest).`)));
  }
  return { content: [{ type: 'text', text: once }], ...isError };
}

/**
 * The CLI's words as this face says them: a flag is its argument (--to → to,
 * --body-file → body), a command in quotes is its tool, the role is the
 * server's, and what only a person may do (--force) is not offered.
 */
export function toolWords(text: string, tools: ReadonlySet<string>): string {
  return text
    .replace(/,? or pass --force to [^.;]*/g, '')
    // A GitHub Actions event file is the workflow's: no tool takes one.
    .replace(/ or --event "\$GITHUB_EVENT_PATH"/g, '')
    // A command with a flag that is a tool of its own ("docpact check --fix": check_fix).
    .replace(/"(?:docpact )?([a-z]+) --([a-z]+)"/g, (m, a: string, b: string) => (tools.has(`${a}_${b}`) ? `${a}_${b}` : m))
    .replace(/ \(positional or --[\w-]+\)/g, '')
    .replace(/"(?:docpact )?([a-z]+) ([a-z]+)((?: [^"]*)?)"/g, (m, a: string, b: string, rest: string) => {
      if (!tools.has(`${a}_${b}`)) return m;
      // --as is the role this server speaks as (or the other server's): no argument of a tool.
      const flags = [...rest.matchAll(/--([\w-]+)/g)].map((f) => snake(f[1])).filter((f) => f !== 'as');
      return `${a}_${b}${flags.length ? ` with ${flags.join(', ')}` : ''}`;
    })
    .replace(/--body-file\b/g, 'body')
    .replace(/--as\b/g, 'your role')
    // A flag's placeholder (--to ROLE) goes with it; a value the caller gave (--base HEAD~1000:) stays.
    .replace(/(^|[\s("'/])--([a-z][\w-]*)(?: [A-Z][A-Z_]+(?=[\s,;)]|\.(?!\S)|$))?/g, (_, pre: string, flag: string) => `${pre}${snake(flag)}`)
    .replace(/\bfield ([\w-]+)=VALUE\b/g, 'add "$1=<value>" to field')
    .replace(/\b([A-Z]{2,})(?= must be one of| takes)/g, (w: string) => w.toLowerCase())
    .replace(/\bID=VALUE\b/g, 'id=value');
}

/** A refusal, as the CLI's --json says it: the same code and message. */
export function failure(err: unknown): Data {
  if (err instanceof DocpactError) return { ok: false, error: { code: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) } };
  const environment = explainIoError(err);
  if (environment) return { ok: false, error: { code: 'environment', message: environment } };
  return { ok: false, error: { code: 'internal', message: `unexpected error (a bug in docpact): ${String((err as Error)?.message ?? err)}` } };
}

/** A result's words (errors, warnings, notes, messages) as this face says them. */
function inToolWords(data: Data, tools: ReadonlySet<string>): Data {
  const words = (v: unknown) => (Array.isArray(v) ? v.map((t) => (typeof t === 'string' ? toolWords(t, tools) : t)) : v);
  const error = data.error as { message?: string; details?: string[] } | undefined;
  return {
    ...data,
    ...(error && typeof error === 'object' ? { error: { ...error, ...(error.message ? { message: toolWords(error.message, tools) } : {}), ...(error.details ? { details: words(error.details) } : {}) } } : {}),
    ...(['warnings', 'notes', 'messages'] as const).reduce((o, k) => (Array.isArray(data[k]) ? { ...o, [k]: words(data[k]) } : o), {}),
    // check's and gate's problems: what to do names the tools.
    ...(Array.isArray(data.problems)
      ? { problems: data.problems.map((p) => (p && typeof p === 'object' && typeof (p as { message?: unknown }).message === 'string' ? { ...p, message: toolWords((p as { message: string }).message, tools) } : p)) }
      : {}),
  };
}

interface Arg {
  /** The tool's argument name. */
  name: string;
  schema: z.ZodMiniType;
  required: boolean;
  description: string;
  /** The values it takes (any case), for the JSON Schema's enum. */
  choices?: string[];
}

/** A REF (7, 0007, ADR-0007, a file name): agents often send the number as a number. */
const REF = z.union([z.string(), z.int()]);
const refArg = (name: string) => name === 'ref';
/** A list of REFs (supersedes, amends): each may be a number too. */
const refsArg = (name: string) => name === 'supersedes' || name === 'amends';
const asText = (v: unknown): unknown => (typeof v === 'number' ? String(v) : Array.isArray(v) ? v.map(asText) : v);

/**
 * A JSON Schema and a strict parser for these arguments; unknown ones (as,
 * force) are refused by name, and one a tool of its own stands for (check's
 * fix: check_fix, `moved`) names that tool.
 */
function inputOf(args: Arg[], role: string, moved: (name: string) => string | undefined = () => undefined): { inputSchema: Record<string, unknown>; parse(input: Record<string, unknown>): Record<string, unknown> } {
  const shape = Object.fromEntries(args.map((a) => [a.name, a.required ? a.schema : z.optional(a.schema)]));
  const object = z.strictObject(shape);
  const inputSchema = z.toJSONSchema(object) as Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
  delete inputSchema.$schema;
  for (const a of args) {
    const prop = inputSchema.properties?.[a.name];
    if (!prop) continue;
    prop.description = a.description;
    if (a.choices) prop.enum = a.choices;
  }
  return {
    inputSchema,
    parse(input) {
      const got = object.safeParse(input ?? {});
      if (got.success) return Object.fromEntries(Object.entries(got.data as Record<string, unknown>).map(([k, v]) => [k, asText(v)]));
      const problems = got.error.issues.map((i) => {
        if (i.code === 'unrecognized_keys') {
          return i.keys
            .map((k) => {
              if (PINNED.has(k)) return `${k}: not an argument here; this server speaks as the ${role}, fixed when it started`;
              const tool = moved(k);
              return tool ? `${k}: ${tool}` : `${k}: unknown argument (arguments: ${args.map((a) => a.name).join(', ') || 'none'})`;
            })
            .join('; ');
        }
        return `${i.path.join('.') || '(arguments)'}: ${i.message}`;
      });
      throw new DocpactError('usage', 'The arguments do not fit this tool:', problems);
    },
  };
}

/** The values a choice question allows here, or undefined (then its validator explains a bad value when it is called). */
function choicesOf(q: Question, ctx: GenContext): string[] | undefined {
  if (q.kind !== 'choice' || !q.choices) return undefined;
  try {
    return q.choices(ctx);
  } catch {
    return undefined;
  }
}

function questionArg(q: Question, ctx: GenContext): Arg {
  const schema = q.kind === 'boolean' ? z.boolean() : q.kind === 'list' ? z.array(refsArg(q.name) ? REF : z.string()) : refArg(q.name) ? REF : z.string();
  // A file on the command line is the text itself here.
  const help = q.file === 'path' ? `${q.message}, as Markdown text${q.edit ? ' with the ## sections of its template' : ''}` : q.help.replace(/, or @file \("@-": stdin\)/, '');
  return {
    name: snake(q.name),
    schema,
    // Nobody can open an editor here: what a person would write there must be given.
    required: !!(q.required && !q.default) || !!q.edit,
    description: help,
    choices: choicesOf(q, ctx),
  };
}

/** Why a generator is no tool for this role (chat_close for a role that never closes), or undefined. */
function unavailable(gen: Generator, s: ServerContext): string | undefined {
  const as = gen.questions.find((q) => q.name === 'as');
  const roles = as && choicesOf(as, s.ctx);
  return roles && !roles.includes(s.role) ? `only ${roles.join(' or ')} may use it, and this server speaks as the ${s.role}` : undefined;
}

/** A tool's description: the command's first sentence (its first line may end mid-sentence). */
function firstSentence(text: string): string {
  const flat = text.split('\n\n')[0].replace(/\s*\n\s*/g, ' ').trim();
  const end = /[.!?](?=\s+[A-Z"]|$)/.exec(flat);
  const sentence = end ? flat.slice(0, end.index + 1) : flat;
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A generator as a tool. */
function generatorTool(entry: (typeof GENERATORS)[number], gen: Generator, s: ServerContext): Tool {
  const questions = gen.questions.filter((q) => !PINNED.has(q.name));
  const plan = entry.mcp === 'plan';
  const extra: Arg[] = [plan ? { name: 'apply', schema: z.boolean(), required: false, description: 'write the plan (default: false, only show it)' } : { name: 'dry_run', schema: z.boolean(), required: false, description: 'only show the plan, write nothing' }];
  const input = inputOf([...questions.map((q) => questionArg(q, s.ctx)), ...extra], s.role);
  const speaks = gen.questions.some((q) => q.name === 'as');
  return {
    name: toolName(entry.command),
    description: `${gen.description}${speaks ? ` You speak as the ${s.role}.` : ''}${plan ? ' Shows the plan unless apply is true.' : ''}`,
    inputSchema: input.inputSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, ...(plan ? { idempotentHint: true } : {}), openWorldHint: false },
    async call(raw, signal) {
      const args = input.parse(raw);
      const given: Answers = {};
      for (const q of questions) if (args[snake(q.name)] !== undefined) given[q.name] = args[snake(q.name)];
      if (speaks) given.as = s.role;
      const dryRun = plan ? args.apply !== true : args.dry_run === true;
      const go = () => runGenerator(gen, { cwd: s.cwd, given, dryRun, strict: true, signal });
      const res = dryRun ? await go() : await serially(s, go, signal);
      return { ok: res.exitCode === 0, ...planData(res.plan, res.applied.ops, dryRun) };
    },
  };
}

function optionArg(o: OptionDef, ctx: GenContext, spec: Reader): Arg {
  const schema = o.type === 'boolean' ? z.boolean() : o.multiple ? z.array(z.string()) : z.string();
  // A value with a form (--field ID=VALUE) says it.
  const form = o.value?.includes('=') ? ` (as ${o.value.toLowerCase()})` : '';
  return { name: snake(o.name), schema, required: !!spec.required?.includes(o.name), description: spec.text?.[o.name] ?? `${o.help}${form}`, choices: spec.choices?.[o.name]?.(ctx) };
}

/** A reading command as a tool: its options and positionals; it runs with --json, and what it emits is the result, as the CLI's envelope. */
function readerTool(spec: Reader, cmd: Command, s: ServerContext): Tool {
  const options = cmd.options.filter((o) => !PINNED.has(o.name) && !spec.omit?.includes(o.name));
  const set = spec.set ? cmd.options.find((o) => o.name === spec.set) : undefined;
  const positionals = cmd.positionals ?? [];
  // An omitted flag that is a tool of its own (check's fix: check_fix) is named with it when an agent passes it.
  const moved = (name: string) => {
    const other = READERS.find((r) => r !== spec && r.command === spec.command && r.set && snake(r.set) === name && r.name);
    return other ? `not an argument of ${toolName(spec.command)}; call the tool ${other.name}` : undefined;
  };
  const input = inputOf([...positionals.map((p) => ({ name: snake(p.name), schema: refArg(p.name) ? REF : z.string(), required: !!p.required, description: p.help })), ...options.map((o) => optionArg(o, s.ctx, spec))], s.role, moved);
  const speaks = cmd.options.some((o) => o.name === 'as');
  return {
    name: spec.name ?? toolName(spec.command),
    description: set ? `${capital(set.help)}, then ${spec.command} as the ${toolName(spec.command)} tool does.` : `${firstSentence(cmd.description ?? capital(cmd.summary))}${speaks ? ` You are the ${s.role}.` : ''}`,
    inputSchema: input.inputSchema,
    annotations: spec.writes
      ? { readOnlyHint: false, destructiveHint: false, ...(spec.idempotent ? { idempotentHint: true } : {}), openWorldHint: false }
      : { readOnlyHint: true, openWorldHint: false },
    async call(raw, signal) {
      const args = input.parse(raw);
      const values: Parsed['values'] = { json: true, cwd: s.cwd, ...(speaks ? { as: s.role } : {}), ...(set ? { [set.name]: true } : {}) };
      let stdin: string | undefined;
      for (const o of options) {
        const v = args[snake(o.name)];
        if (v === undefined) continue;
        if (spec.text?.[o.name] !== undefined && typeof v === 'string') {
          stdin = v;
          values[o.name] = '-';
        } else values[o.name] = v as string | boolean | string[];
      }
      const parsed: Parsed = { values, positionals: positionals.flatMap((p) => (typeof args[snake(p.name)] === 'string' ? [args[snake(p.name)] as string] : [])) };
      const data: Record<string, unknown> = {};
      const messages: string[] = [];
      const io: Io = { out: () => {}, err: (t) => messages.push(t), emit: (d) => Object.assign(data, d), color: false, json: true, quiet: false, interactive: false, ...(stdin !== undefined ? { stdin } : {}) };
      const go = () => cmd.run(parsed, io);
      const code = spec.writes ? await serially(s, go, signal) : await go();
      const { ok: _ok, ...emitted } = data;
      return { ok: code === 0, ...emitted, ...(messages.length ? { messages } : {}) };
    },
  };
}

export interface Tools {
  tools: Tool[];
  /** The commands this role cannot use, and why (a call names the reason). */
  unavailable: Map<string, string>;
}

/** Every tool this role may use, in the order the CLI lists its commands. */
export async function loadTools(s: ServerContext): Promise<Tools> {
  const gens = GENERATORS.filter((g) => g.mcp !== 'off');
  const [generators, readers] = await Promise.all([Promise.all(gens.map((g) => g.load())), Promise.all(READERS.map((r) => READING[r.command].load()))]);
  const closed = new Map<string, string>();
  const tools: Tool[] = [];
  gens.forEach((g, i) => {
    const why = unavailable(generators[i], s);
    if (why) closed.set(toolName(g.command), why);
    else tools.push(generatorTool(g, generators[i], s));
  });
  tools.push(...READERS.map((r, i) => readerTool(r, readers[i], s)));
  const names = new Set(tools.map((t) => t.name));
  for (const t of tools) {
    t.description = toolWords(t.description, names);
    for (const p of Object.values((t.inputSchema.properties ?? {}) as Record<string, { description?: string }>)) if (p.description) p.description = toolWords(p.description, names);
  }
  return { tools: tools.sort((a, b) => (a.name < b.name ? -1 : 1)), unavailable: closed };
}

/** Run a tool; a refusal is a tool error with the CLI's code and message (in the tools' words), never a thrown protocol error. */
export async function callTool(tool: Tool, args: Record<string, unknown>, names: ReadonlySet<string>, signal?: AbortSignal): Promise<ToolResult> {
  let data: Data;
  // Each call reads the repository as it is now: a template override written since the last call is the one to render.
  forgetOverrides();
  try {
    data = await tool.call(args, signal);
  } catch (err) {
    data = failure(err);
  }
  return result(inToolWords(data, names));
}
