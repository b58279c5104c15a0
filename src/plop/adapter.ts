/**
 * A docpact generator as a plop generator config.
 *
 * Plop's bypass (`plop adr-new "Title"`, `plop init -- --project X`) only
 * works on an array of named prompts, so every docpact question becomes one
 * prompt, named by its flag, positional questions first in their order. A
 * prompt is asked only where the CLI would ask: on a terminal, for a question
 * docpact prompts for. Everything not answered is left to the action, which
 * resolves answers like the CLI does (defaults, validation), so a run without
 * a terminal never waits on stdin and fails with one message naming what is
 * missing in plop's own syntax.
 *
 * Questions are turned into inquirer questions by the same prompt seam the
 * CLI uses (src/cli/prompt.ts), lazily: the repository's configuration is
 * read when plop runs the generator, not when the plopfile is loaded.
 */
import type { Answers, GenContext, Generator, Question } from '../core/generator.js';
import { coerce } from '../core/generator.js';
import { makeContext, runGenerator } from '../core/run.js';
import { toInquirer } from '../cli/prompt.js';
import { opLines } from '../cli/output.js';

type InquirerQuestion = {
  default?: unknown;
  choices?: unknown;
  filter?: (value: unknown) => unknown;
  validate?: (value: unknown) => true | string;
};

const INQUIRER_TYPE: Record<Question['kind'], string> = { text: 'input', list: 'input', choice: 'list', boolean: 'confirm' };

/** Plop's positional bypass fills prompts in array order: positional questions lead. */
function promptOrder(gen: Generator): Question[] {
  const rank = (q: Question) => q.positional ?? Number.MAX_SAFE_INTEGER;
  return [...gen.questions].sort((a, b) => rank(a) - rank(b));
}

/** Plop answers are keyed by flag; docpact's by question name. */
function byName(gen: Generator, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of gen.questions) if (answers[q.flag] !== undefined) out[q.name] = answers[q.flag];
  return out;
}

/** Mirrors the CLI's rule (src/cli/main.ts): prompt only with a terminal on both ends, never in CI. */
const interactive = () => !!process.stdin.isTTY && !!process.stdout.isTTY && !process.env.CI;

/** One prompt array per run: plop reads `prompts` afresh for each run (see plopGenerator). */
function plopPrompts(gen: Generator, cwd: string): object[] {
  let ctx: GenContext | undefined;
  const context = () => (ctx ??= makeContext(gen, { cwd }));
  const ask = interactive();
  return promptOrder(gen).map((q) => {
    const given = (answers: Answers) => {
      const named = byName(gen, answers ?? {});
      for (const k of Object.keys(named)) named[k] = coerce(gen.questions.find((x) => x.name === k) as Question, named[k]);
      return named;
    };
    const built = (answers: Answers) => toInquirer(q, context(), given(answers)) as InquirerQuestion;
    return {
      type: INQUIRER_TYPE[q.kind],
      name: q.flag,
      message: q.message,
      help: q.help,
      when: ask && !!(q.required || q.prompt),
      default: (answers: Answers) => built(answers).default,
      ...(q.kind === 'choice' && {
        choices: (answers: Answers) => built(answers).choices,
        // Plop's own list bypass needs a static choices array; docpact checks the value instead.
        bypass: (value: string) => value,
      }),
      filter: (value: unknown, answers: Answers) => {
        const filter = built(answers).filter;
        return filter ? filter(value) : value;
      },
      validate: (value: unknown, answers: Answers) => built(answers).validate?.(value) ?? true,
    };
  });
}

/** Required answers that neither a prompt, a bypass value nor a default supplied. */
function checkComplete(gen: Generator, given: Answers): void {
  const missing = gen.questions.filter((q) => q.required && !q.default && (given[q.name] === undefined || given[q.name] === null));
  if (!missing.length) return;
  const positional = promptOrder(gen).filter((q) => q.positional !== undefined);
  const lines = [
    `docpact ${gen.name} needs ${missing.map((q) => q.flag).join(', ')}, and there is no terminal to ask on. Give ${missing.length === 1 ? 'it' : 'them'} as:`,
    ...(positional.length ? [`  plop ${gen.name} ${positional.map((q) => `<${q.flag}>`).join(' ')}`] : []),
    `  plop ${gen.name} -- ${missing.map((q) => `--${q.flag} <${q.flag}>`).join(' ')}`,
  ];
  throw new Error(lines.join('\n'));
}

export interface PlopDest {
  getDestBasePath(): string;
}

/** The config for plop.setGenerator: prompts for plop, one action running docpact's core. */
export function plopGenerator(gen: Generator, plop: PlopDest): object {
  return {
    description: gen.description,
    // A getter: node-plop reads `prompts` when a run starts, so each run gets
    // fresh prompts and reads the repository's configuration once.
    get prompts() {
      return plopPrompts(gen, plop.getDestBasePath());
    },
    actions: [
      async (answers: Answers) => {
        const given = byName(gen, answers);
        checkComplete(gen, given);
        const res = await runGenerator(gen, { cwd: plop.getDestBasePath(), given });
        // Plop prints the returned text after its "✔"; the file list starts on its own line.
        const summary = opLines({ color: false }, res.applied.ops, false).join('\n');
        if (res.exitCode !== 0) throw new Error(`docpact ${gen.command}: some files were kept because you changed them\n${summary}`);
        return `docpact ${gen.command}\n${summary}`;
      },
    ],
  };
}
