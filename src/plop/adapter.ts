/**
 * A docpact generator as a plop generator config.
 *
 * Plop's bypass (`plop adr-new "Title"`, `plop init -- --project X`) only
 * works on an array of named prompts, so every docpact question becomes one
 * prompt, named by its flag, positional questions first in their order. A
 * prompt is asked only where the CLI would ask: on a terminal, for a question
 * docpact prompts for. Everything else is left to the action, which resolves
 * answers exactly like the CLI (validation, defaults), so a run without a
 * terminal never waits on stdin, and a missing answer is one message in
 * plop's own syntax.
 *
 * The prompts have one inquirer type, "docpact", which becomes, when asked,
 * whatever the CLI's prompt seam (src/cli/prompt.ts) makes of the question —
 * so plop users get the same prompts, defaults and re-asking as CLI users,
 * and the repository's configuration is read when a run starts, not when the
 * plopfile loads.
 */
import type { Answers, GenContext, Generator, Question } from '../core/generator.js';
import { coerce, confirmation, readGiven } from '../core/generator.js';
import { DocpactError } from '../errors.js';
import { makeContext, runGenerator } from '../core/run.js';
import { findRoot, loadConfig } from '../config/load.js';
import { initTarget } from '../adopt/target.js';
import { editAnswer, toInquirer, type InquirerLike } from '../cli/prompt.js';
import { opLines } from '../cli/output.js';

type PromptClass = new (question: object, rl: unknown, answers: Answers) => object;

/** The parts of node-plop's plopfile API the adapter uses. */
export interface PlopApi {
  getDestBasePath(): string;
  setPrompt(name: string, prompt: never): void;
  /** node-plop's passthrough of its inquirer (missing from node-plop's types). */
  inquirer?: { prompt: { prompts: Record<string, PromptClass> } };
}

const PROMPT_TYPE = 'docpact';

interface DocpactQuestion {
  name: string;
  /** The inquirer question for this docpact question, given the answers so far. */
  build(answers: Answers): { type?: string } & Record<string, unknown>;
  /** A question written in the user's editor (a chat message): asked by opening it, as the CLI does. */
  edit?(answers: Answers, inquirer: InquirerLike): Promise<unknown>;
  /** Inquirer's prompt types (input, list, confirm, …) to delegate to. */
  promptTypes: Record<string, PromptClass>;
}

/** Inquirer constructs this for a "docpact" prompt; it returns the real prompt the seam asks for. */
class DocpactPrompt {
  constructor(question: DocpactQuestion, rl: unknown, answers: Answers) {
    if (question.edit) return editPrompt(question, rl as Readline, answers);
    const built = question.build(answers);
    const Real = question.promptTypes[built.type ?? 'input'];
    if (!Real) throw new Error(`plop's inquirer has no "${built.type}" prompt`);
    return new Real({ ...question, ...built, name: question.name }, rl, answers);
  }
}

interface Readline {
  pause(): void;
  resume(): void;
}

/**
 * An inquirer prompt (something with `run()`) that opens the user's editor:
 * the CLI's editAnswer, with its "edit again?" question asked through plop's
 * own prompt types on the same readline, which is paused while the editor
 * owns the terminal.
 */
function editPrompt(question: DocpactQuestion, rl: Readline, answers: Answers): object {
  const inquirer: InquirerLike = {
    async prompt(questions) {
      const got: Answers = {};
      for (const q of questions as { type: string; name: string }[]) {
        const Real = question.promptTypes[q.type];
        rl.resume();
        try {
          got[q.name] = await (new Real(q, rl, got) as { run(): Promise<unknown> }).run();
        } finally {
          rl.pause();
        }
      }
      return got;
    },
  };
  return {
    async run() {
      rl.pause();
      try {
        return await (question.edit as NonNullable<DocpactQuestion['edit']>)(answers, inquirer);
      } finally {
        rl.resume();
      }
    },
  };
}

/** Plop's positional bypass fills prompts in array order: positional questions lead. */
function promptOrder(gen: Generator): Question[] {
  const rank = (q: Question) => q.positional ?? Number.MAX_SAFE_INTEGER;
  return [...gen.questions].sort((a, b) => rank(a) - rank(b));
}

/** Plop answers are keyed by flag (what `-- --flag` names); docpact's by question name. */
function byName(gen: Generator, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of gen.questions) if (answers[q.flag] !== undefined) out[q.name] = answers[q.flag];
  return out;
}

/** Plop's own words for a yes/no answer given on its command line. */
function yesNo(value: string): boolean {
  if (/^(y|yes|t|true)$/i.test(value)) return true;
  if (/^(n|no|f|false)$/i.test(value)) return false;
  throw new Error('answer yes or no');
}

/** Mirrors the CLI's rule (src/cli/main.ts): prompt only with a terminal on both ends, never in CI. */
const interactive = () => !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;

function plopPrompts(gen: Generator, plop: PlopApi): object[] {
  let ctx: GenContext | undefined;
  const context = () => {
    if (ctx) return ctx;
    const opts = { cwd: plop.getDestBasePath() };
    const target = gen.needsConfig ? { root: findRoot(opts.cwd), base: '' } : initTarget(opts.cwd, false);
    // Synchronous (inquirer builds a prompt synchronously): the configuration is parsed, not read from the cache.
    return (ctx = makeContext(gen, opts, target, gen.needsConfig ? loadConfig(target.root) : undefined));
  };
  const given = (answers: Answers) => {
    const named = byName(gen, answers ?? {});
    for (const q of gen.questions) if (q.name in named) named[q.name] = coerce(q, named[q.name]);
    return named;
  };
  const ask = interactive();
  // The CLI's last yes/no question (adr renumber), with the answers completed by their defaults.
  const complete = (answers: Answers) => {
    const named = given(answers);
    for (const q of gen.questions) if (!(q.name in named) && q.default) named[q.name] = q.default(context(), named);
    return named;
  };
  const confirm = gen.confirm
    ? [{ type: PROMPT_TYPE, name: 'confirmed', when: ask, build: (answers: Answers) => toInquirer(confirmation(gen, context(), complete(answers)) as Question, context(), {}), promptTypes: plop.inquirer?.prompt.prompts ?? {} }]
    : [];
  // --date, as the CLI takes it: bypass only (plop adr-new "X" -- --date 2026-11-23), never asked.
  const date = gen.undated ? [] : [{ type: PROMPT_TYPE, name: 'date', message: 'Date (YYYY-MM-DD)', help: 'date to write (default: today)', when: false, build: () => ({ type: 'input' }), promptTypes: {} }];
  return [...promptOrder(gen).map((q) => ({
    type: PROMPT_TYPE,
    name: q.flag,
    message: q.message,
    help: q.help,
    when: ask && !!(q.required || q.prompt || q.edit),
    build: (answers: Answers) => toInquirer(q, context(), given(answers)),
    ...(q.edit && { edit: async (answers: Answers, inquirer: InquirerLike) => ({ text: await editAnswer(q, context(), given(answers), inquirer) }) }),
    promptTypes: plop.inquirer?.prompt.prompts ?? {},
    // Bypassed values go to the action as typed, where they are validated like flags.
    ...(q.kind === 'boolean' && { bypass: yesNo }),
  })), ...date, ...confirm];
}

/** Required answers that neither a prompt, a bypass value nor a default supplied. */
function checkComplete(gen: Generator, given: Answers): void {
  const missing = gen.questions.filter((q) => q.required && !q.default && (given[q.name] === undefined || given[q.name] === null));
  if (!missing.length) return;
  // A question with a place is given there: after "--", plop hands a --title to Node itself (its own option).
  const positional = promptOrder(gen).filter((q) => q.positional !== undefined);
  const named = missing.filter((q) => q.positional === undefined);
  const upTo = Math.max(-1, ...missing.map((q) => positional.indexOf(q)));
  const places = positional.slice(0, upTo + 1).map((q) => `<${q.flag}>`);
  const line = [`plop ${gen.name}`, ...places, ...(named.length ? ['--', ...named.map((q) => `--${q.flag} <${q.flag}>`)] : [])].join(' ');
  throw new Error(`docpact ${gen.name} needs ${missing.map((q) => q.flag).join(', ')}, and there is no terminal to ask on. Give ${missing.length === 1 ? 'it' : 'them'} as:\n  ${line}`);
}

/** Makes the "docpact" prompt type known to plop's inquirer; call once per plop instance. */
export function registerPromptType(plop: PlopApi): void {
  plop.setPrompt(PROMPT_TYPE, DocpactPrompt as never);
}

/** The config for plop.setGenerator: prompts plop can bypass, one action running docpact's core. */
export function plopGenerator(gen: Generator, plop: PlopApi): object {
  return {
    description: gen.description,
    // A getter: node-plop reads `prompts` when a run starts, so each run gets
    // fresh prompts and reads the repository's configuration at most once.
    get prompts() {
      return plopPrompts(gen, plop);
    },
    actions: [
      async (answers: Answers) => {
        if (answers.confirmed === false) throw new Error('Stopped: nothing was written.');
        // A --body-file names a file, DOCPACT_ROLE is the role: as the CLI reads them. Text written in the
        // editor ({ text }, from the edit prompt) is the answer itself, never a file name to read.
        const named = byName(gen, answers);
        const edited = Object.entries(named).filter(([, v]) => typeof v === 'object' && v !== null && typeof (v as { text?: unknown }).text === 'string');
        const given = { ...readGiven(gen, named), ...Object.fromEntries(edited.map(([k, v]) => [k, (v as { text: string }).text])) };
        checkComplete(gen, given);
        const date = typeof answers.date === 'string' ? answers.date : undefined;
        const res = await runGenerator(gen, { cwd: plop.getDestBasePath(), given, date }).catch((err: unknown) => {
          // Plop prints an action's error message only: the details (a REF's candidates) go into it.
          if (err instanceof DocpactError && err.details.length) throw new Error([err.message, ...err.details].join('\n'));
          throw err;
        });
        // Plop prints the returned text after its "✔"; the file list starts on its own line.
        const summary = [...opLines({ color: false }, res.applied.ops, false), ...res.plan.warnings.map((w) => `warning: ${w}`)].join('\n');
        if (res.exitCode !== 0) throw new Error(`docpact ${gen.command}: some files were kept because you changed them\n${summary}`);
        return `docpact ${gen.command}\n${summary}`;
      },
    ],
  };
}
