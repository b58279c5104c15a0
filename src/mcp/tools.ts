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
import type { Answers, GenContext, Generator, Question } from '../core/generator.js';
import { runGenerator } from '../core/run.js';
import type { Command, Io, OptionDef, Parsed } from '../commands/command.js';
import { DocpactError } from '../errors.js';
import { explainIoError } from '../io/fs.js';
import { READING } from '../commands/index.js';
import { planData } from '../cli/output.js';

/** The reading commands offered as tools. */
const READERS: { command: string; omit?: string[] }[] = [
  { command: 'adr list' },
  { command: 'adr show' },
  { command: 'chat inbox' },
  { command: 'chat list' },
  { command: 'chat show' },
  // Accepting problems (a baseline) is a person's decision.
  { command: 'check', omit: ['update-baseline', 'no-cache'] },
  // Before a pull request: the diff against BASE meets the ADR and docs gates. Its body is not known yet, and
  // standard input ("-") is the server's own channel, so no body file: the issue link stays a warning.
  { command: 'gate', omit: ['pr-body', 'event'] },
  // An issue as its form would file it, to hand to a person or to gh.
  { command: 'issue draft' },
];

/** Never arguments of a tool: the role is the server's, and the human override stays human. */
const PINNED = new Set(['as', 'force']);

export const toolName = (command: string) => command.replace(/[ -]/g, '_');
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');

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
  call(args: Record<string, unknown>): Promise<ToolResult>;
}

export interface ServerContext {
  /** The repository root (absolute). */
  cwd: string;
  /** The role this server speaks as. */
  role: string;
  /** The generator context for enums (choices): the repository's configuration. */
  ctx: GenContext;
}

const result = (data: Record<string, unknown>, isError = false): ToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(data, null, 2) }],
  structuredContent: data,
  ...(isError ? { isError: true } : {}),
});

/** A refusal, as the CLI's --json says it: the same code and message. */
export function failure(err: unknown): ToolResult {
  if (err instanceof DocpactError) return result({ ok: false, error: { code: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) } }, true);
  const environment = explainIoError(err);
  if (environment) return result({ ok: false, error: { code: 'environment', message: environment } }, true);
  return result({ ok: false, error: { code: 'internal', message: `unexpected error (a bug in docpact): ${String((err as Error)?.message ?? err)}` } }, true);
}

interface Arg {
  /** The tool's argument name. */
  name: string;
  schema: z.ZodMiniType;
  required: boolean;
  description: string;
}

/** A JSON Schema and a strict parser for these arguments; unknown ones (as, force) are refused by name. */
function inputOf(args: Arg[], role: string): { inputSchema: Record<string, unknown>; parse(input: Record<string, unknown>): Record<string, unknown> } {
  const shape = Object.fromEntries(args.map((a) => [a.name, a.required ? a.schema : z.optional(a.schema)]));
  const object = z.strictObject(shape);
  const inputSchema = z.toJSONSchema(object) as Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };
  delete inputSchema.$schema;
  for (const a of args) if (inputSchema.properties?.[a.name]) inputSchema.properties[a.name].description = a.description;
  return {
    inputSchema,
    parse(input) {
      const got = object.safeParse(input ?? {});
      if (got.success) return got.data as Record<string, unknown>;
      const problems = got.error.issues.map((i) => {
        if (i.code === 'unrecognized_keys') {
          return i.keys.map((k) => (PINNED.has(k) ? `${k}: not an argument here; this server speaks as the ${role}, fixed when it started` : `${k}: unknown argument (arguments: ${args.map((a) => a.name).join(', ') || 'none'})`)).join('; ');
        }
        return `${i.path.join('.') || '(arguments)'}: ${i.message}`;
      });
      throw new DocpactError('usage', 'The arguments do not fit this tool:', problems);
    },
  };
}

function questionArg(q: Question, ctx: GenContext): Arg {
  let schema: z.ZodMiniType;
  let choices: string[] | undefined;
  if (q.kind === 'boolean') schema = z.boolean();
  else if (q.kind === 'list') schema = z.array(z.string());
  else if (q.kind === 'choice' && q.choices) {
    try {
      choices = q.choices(ctx);
    } catch {
      choices = undefined; // the validator explains a bad value when it is called
    }
    schema = z.string();
  } else schema = z.string();
  // A file on the command line is the text itself here.
  const help = q.file === 'path' ? `${q.message}, as Markdown text${q.edit ? ' with the ## sections of its template' : ''}` : q.help.replace(/, or @file \("@-": stdin\)/, '');
  return {
    name: snake(q.name),
    schema,
    // Nobody can open an editor here: what a person would write there must be given.
    required: !!(q.required && !q.default) || !!q.edit,
    description: `${help}${choices ? ` (one of: ${choices.join(', ')})` : ''}`,
  };
}

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
    async call(raw) {
      const args = input.parse(raw);
      const given: Answers = {};
      for (const q of questions) if (args[snake(q.name)] !== undefined) given[q.name] = args[snake(q.name)];
      if (speaks) given.as = s.role;
      const dryRun = plan ? args.apply !== true : args.dry_run === true;
      const res = await runGenerator(gen, { cwd: s.cwd, given, dryRun, strict: true });
      return result({ ok: res.exitCode === 0, ...planData(res.plan, res.applied.ops, dryRun) });
    },
  };
}

function optionArg(o: OptionDef): Arg {
  const schema = o.type === 'boolean' ? z.boolean() : o.multiple ? z.array(z.string()) : z.string();
  return { name: snake(o.name), schema, required: false, description: o.help };
}

/** A reading command as a tool: its options and positionals; it runs with --json, and what it emits is the result, as the CLI's envelope. */
function readerTool(spec: (typeof READERS)[number], cmd: Command, s: ServerContext): Tool {
  const options = cmd.options.filter((o) => !PINNED.has(o.name) && !spec.omit?.includes(o.name));
  const positionals = cmd.positionals ?? [];
  const input = inputOf([...positionals.map((p) => ({ name: snake(p.name), schema: z.string(), required: !!p.required, description: p.help })), ...options.map(optionArg)], s.role);
  const speaks = cmd.options.some((o) => o.name === 'as');
  return {
    name: toolName(spec.command),
    description: `${cmd.description?.split('\n')[0] ?? cmd.summary}${speaks ? ` For the ${s.role}.` : ''}`,
    inputSchema: input.inputSchema,
    async call(raw) {
      const args = input.parse(raw);
      const values: Parsed['values'] = { json: true, cwd: s.cwd, ...(speaks ? { as: s.role } : {}) };
      for (const o of options) if (args[snake(o.name)] !== undefined) values[o.name] = args[snake(o.name)] as string | boolean | string[];
      const parsed: Parsed = { values, positionals: positionals.flatMap((p) => (typeof args[snake(p.name)] === 'string' ? [args[snake(p.name)] as string] : [])) };
      const data: Record<string, unknown> = {};
      const messages: string[] = [];
      const io: Io = { out: () => {}, err: (t) => messages.push(t), emit: (d) => Object.assign(data, d), color: false, json: true, quiet: false, interactive: false };
      const code = await cmd.run(parsed, io);
      const { ok: _ok, ...emitted } = data;
      return result({ ok: code === 0, ...emitted, ...(messages.length ? { messages } : {}) });
    },
  };
}

/** Every tool, in the order the CLI lists its commands. */
export async function loadTools(s: ServerContext): Promise<Tool[]> {
  const gens = GENERATORS.filter((g) => g.mcp !== 'off');
  const [generators, readers] = await Promise.all([Promise.all(gens.map((g) => g.load())), Promise.all(READERS.map((r) => READING[r.command].load()))]);
  const tools = [...gens.map((g, i) => generatorTool(g, generators[i], s)), ...READERS.map((r, i) => readerTool(r, readers[i], s))];
  return tools.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Run a tool; a refusal is a tool error with the CLI's code and message, never a thrown protocol error. */
export async function callTool(tool: Tool, args: Record<string, unknown>): Promise<ToolResult> {
  try {
    return await tool.call(args);
  } catch (err) {
    return failure(err);
  }
}
