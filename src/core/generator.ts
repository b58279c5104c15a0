/**
 * A generator is data: the questions it needs (each also a flag) and a pure-ish
 * plan function. The CLI, plop and tests all drive generators through this
 * one shape; the prompt seam (src/cli/prompt.ts) only ever sees `Question`s.
 */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';
import { checkUserText, readUserText } from '../io/fs.js';
import type { PlanBuilder } from './plan.js';
import type { Root } from '../io/fs.js';

export type Answers = Record<string, unknown>;

export interface GenContext {
  root: Root;
  /**
   * init only: the folder init was pointed at, relative to the root, when that
   * folder is a package inside a git repository (the root is then the git root,
   * where GitHub reads .github). Empty otherwise.
   */
  base?: string;
  /** Undefined only for init, which creates the config. */
  config: DocpactConfig | undefined;
  /** The ADR series named by --series (empty: the main one); see adrConfigOf in src/adr/questions.ts. */
  series?: string;
  /** YYYY-MM-DD, injectable with --date. */
  date: string;
  force: boolean;
  /**
   * Refuse what check would report instead of warning about it (a message
   * missing its template's sections): the MCP server, whose callers cannot be
   * asked. The CLI writes such a message with a warning.
   */
  strict?: boolean;
}

export interface Question {
  /** Answer key and long flag name (camelCase key ↔ kebab-case flag). */
  name: string;
  flag: string;
  message: string;
  kind: 'text' | 'list' | 'choice' | 'boolean';
  /** Taken from the n-th positional argument when given there. */
  positional?: number;
  /** Allowed values for `choice`. */
  choices?: (ctx: GenContext) => string[];
  /** Value used with --yes or without a TTY; absent + required = must be given. */
  default?: (ctx: GenContext, answers: Answers) => unknown;
  required?: boolean;
  /** Ask on a TTY even when a default exists (init's vocabulary). */
  prompt?: boolean;
  /**
   * On a terminal, offer these values as a list instead of free text (open
   * threads). Throws a DocpactError when there is nothing to choose.
   */
  pick?: (ctx: GenContext, answers: Answers) => { name: string; value: string }[];
  /**
   * On a terminal, when not given, the answer is written in the user's editor
   * starting from this text (a chat message); the editor's text reaches
   * `validate` like a --body-file's.
   */
  edit?: (ctx: GenContext, answers: Answers) => string;
  /**
   * Preselected at a prompt (the role whose turn it is), but never an answer
   * by itself: without a terminal the question stays unanswered.
   */
  suggest?: (ctx: GenContext, answers: Answers) => unknown;
  /** Faces that read the environment (CLI, plop) take the answer from this variable when it is not given. */
  env?: string;
  /**
   * The answer is text a face may read from a file: `path` — the flag names
   * the file ("-": standard input); `at` — a value "@path" names one, any
   * other value is the text. Faces without files (MCP) pass the text itself,
   * so `validate` always sees text.
   */
  file?: 'path' | 'at';
  /**
   * Throws a DocpactError('input') for a bad value; may normalise it.
   * `answers`: the answers so far (earlier questions checked, later flags as
   * given), so an answer that depends on another one is refused where it is typed.
   */
  validate?: (value: unknown, ctx: GenContext, answers: Answers) => unknown;
  /** Shown in --help. */
  help: string;
}

export interface Generator {
  /** Plop generator name, e.g. "adr-new". */
  name: string;
  /** CLI words, e.g. "adr new". */
  command: string;
  description: string;
  usage: string;
  examples: string[];
  questions: Question[];
  /** init works on a folder without docpact.yaml. */
  needsConfig: boolean;
  /** The first positional argument names the target folder (init). */
  dirArgument?: boolean;
  /**
   * Where a generator without `needsConfig` works (init: the target folder, or
   * the git root above it); the others work in the repo holding docpact.yaml.
   */
  target?: (cwd: string, given: Answers) => Promise<{ root: Root; base: string }>;
  /** Apply the non-conflicting part of a plan that has conflicts (init's re-run). */
  partial?: boolean;
  /** Nothing it writes holds a date, so it takes no --date. */
  undated?: boolean;
  /** The plan writes YAML (meta.yaml, config, forms): load the YAML writer first. */
  writesYaml?: boolean;
  /**
   * On a terminal, when anything was asked: a last yes/no question before the
   * plan runs (adr renumber: "Move … to …?"). No stops with nothing written.
   */
  confirm?: (ctx: GenContext, answers: Answers) => string;
  plan(ctx: GenContext, answers: Answers, plan: PlanBuilder): void | Promise<void>;
}

/** The loaded docpact.yaml of a generator that declared `needsConfig`. */
export function configOf(ctx: GenContext): DocpactConfig {
  if (!ctx.config) throw new Error('this generator needs docpact.yaml but was run without it');
  return ctx.config;
}

export type Ask = (questions: Question[], ctx: GenContext, answers: Answers) => Promise<Answers>;

const present = (v: unknown) => v !== undefined && v !== null;

export function coerce(q: Question, value: unknown): unknown {
  if (value === undefined) return undefined;
  switch (q.kind) {
    case 'list':
      // Empty items are kept so validators can refuse them (an empty --supersedes is a mistake, not "none").
      return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim());
    case 'boolean':
      return value === true || value === 'true' || value === 'yes';
    default:
      return Array.isArray(value) ? value[value.length - 1] : value;
  }
}

export function checkChoice(q: Question, ctx: GenContext, value: unknown, answers: Answers = {}): unknown {
  if (q.kind !== 'choice' || !q.choices) return value;
  const choices = q.choices(ctx);
  const hit = choices.find((c) => c.toLowerCase() === String(value).toLowerCase());
  if (hit === undefined) {
    // A value that is known but not allowed here gets the question's own explanation.
    q.validate?.(value, ctx, answers);
    // Positional answers are named as in the usage line (KIND), flags by their flag.
    const what = q.positional !== undefined ? q.name.toUpperCase() : `--${q.flag}`;
    throw new DocpactError('input', `${what} must be one of: ${choices.join(', ')} (got "${String(value)}").${didYouMean(String(value), choices)}`);
  }
  return hit;
}

/**
 * Answers as a face with files and an environment gives them (CLI, plop):
 * `file` questions read (a --body-file, an "@file" value) and `env` defaults
 * taken. MCP gives text and pins the role itself, so it does not call this.
 */
export function readGiven(gen: Generator, given: Answers, env: NodeJS.ProcessEnv = process.env): Answers {
  const out: Answers = { ...given };
  for (const q of gen.questions) {
    const v = out[q.name];
    if (!present(v) && q.env && env[q.env]) out[q.name] = env[q.env];
    if (q.file && typeof v === 'string' && (q.file === 'path' || v.startsWith('@'))) out[q.name] = readAnswerFile(q.file === 'path' ? v : v.slice(1), q);
  }
  return out;
}

function readAnswerFile(file: string, q: Question): string {
  // On a terminal, fd 0 is non-blocking once node has looked at it (EAGAIN); a fresh open of /dev/stdin blocks as it should.
  const tty = file === '-' && process.stdin.isTTY && process.platform !== 'win32';
  if (tty) process.stderr.write(`Type the ${q.file === 'path' ? 'message' : 'text'}, then press Ctrl+D on an empty line.\n`);
  return readUserText(tty ? '/dev/stdin' : file, `${q.flag.replace(/-file$/, '')} file`);
}

/**
 * Turn flags into a complete, validated answer set.
 * 1. Given values are coerced and validated.
 * 2. On a TTY (interactive) the remaining questions go to `ask`.
 * 3. Otherwise defaults fill the rest; every required answer still missing is
 *    listed in one usage error, with its flag.
 */
export async function resolveAnswers(gen: Generator, ctx: GenContext, given: Answers, ask?: Ask): Promise<Answers> {
  const answers: Answers = {};
  const finish = (q: Question, raw: unknown, fromDefault = false) => {
    const so = { ...given, ...answers };
    // A list default is already a list (e.g. invariants from docpact.yaml): splitting it on "," would cut "1,000" in two.
    const v = fromDefault && Array.isArray(raw) ? raw : checkChoice(q, ctx, coerce(q, raw), so);
    // Text written into a file as it is (a body, a section), whichever face gave it: one rule for what it may hold.
    if (q.file && !fromDefault && typeof v === 'string') checkUserText(v, `${/^[A-Z][a-z]/.test(q.message) ? q.message.charAt(0).toLowerCase() + q.message.slice(1) : q.message} text`);
    answers[q.name] = q.validate ? q.validate(v, ctx, so) : v;
  };
  for (const q of gen.questions) if (present(given[q.name])) finish(q, given[q.name]);

  const open = gen.questions.filter((q) => !(q.name in answers) && (q.required || q.prompt || q.edit));
  if (ask && open.length) {
    const got = await ask(open, ctx, { ...answers });
    for (const q of open) if (present(got[q.name])) finish(q, got[q.name]);
  }
  const missing: Question[] = [];
  for (const q of gen.questions) {
    if (q.name in answers) continue;
    if (q.default) finish(q, q.default(ctx, answers), true);
    else if (q.required) missing.push(q);
  }
  if (missing.length) {
    throw new DocpactError(
      'usage',
      `docpact ${gen.command} needs ${missing.length === 1 ? 'an answer' : 'answers'} it cannot prompt for here (no terminal, or --yes):`,
      missing.map((q) => `${q.positional !== undefined ? `<${q.name}> or ` : ''}--${q.flag}${q.env ? ` (or $${q.env})` : ''}: ${q.help}`),
    );
  }
  const confirm = open.length ? confirmation(gen, ctx, answers) : undefined;
  if (ask && confirm && (await ask([confirm], ctx, answers))[confirm.name] === false) throw new DocpactError('cancelled', 'Stopped: nothing was written.');
  return answers;
}

/** The yes/no question a generator asks last on a terminal (`Generator.confirm`), given the complete answers. */
export function confirmation(gen: Generator, ctx: GenContext, answers: Answers): Question | undefined {
  if (!gen.confirm) return undefined;
  return { name: 'confirmed', flag: 'confirmed', kind: 'boolean', message: gen.confirm(ctx, answers), help: 'go ahead', default: () => true };
}
