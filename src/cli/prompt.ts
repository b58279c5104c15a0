/**
 * The prompt seam: the only module that talks to inquirer. It turns
 * docpact's declarative `Question`s into inquirer questions, so the same
 * validation runs for flags and for typed answers (a bad answer is asked
 * again with the reason). The plop pack asks them through plop's inquirer
 * (src/plop/adapter.ts); the CLI through Inquirer's own prompt packages
 * (`@inquirer/input`, `select`, `confirm`, bundled), which load in a tenth
 * of the time node-plop and its inquirer take. Loaded only on interactive paths.
 */
import { DocpactError } from '../errors.js';
import { visible } from '../text/style.js';
import { checkChoice, coerce, type Answers, type Ask, type GenContext, type Question } from '../core/generator.js';

/** Minimal shape of inquirer that plop hands to prompt functions. */
export interface InquirerLike {
  prompt(questions: object[], answers?: Answers): Promise<Answers>;
}

/** True, or the message to show under the answer (which stays as typed so it can be corrected). */
export function checkAnswer(q: Question, ctx: GenContext, raw: unknown, answers: Answers = {}): true | string {
  try {
    const v = checkChoice(q, ctx, coerce(q, raw), answers);
    if (q.required && (v === '' || v === undefined || (Array.isArray(v) && !v.length))) return 'An answer is required.';
    q.validate?.(v, ctx, answers);
    return true;
  } catch (err) {
    if (err instanceof DocpactError) return [err.message, ...err.details].map(visible).join('\n');
    throw err;
  }
}

/**
 * `lazy`: the questions go to inquirer in one batch, so a default is a
 * function inquirer calls with the answers so far when it asks (init's
 * preset decides the vocabulary offered after it). The plop adapter builds
 * each question when it is asked, with those answers in `given`.
 */
export function toInquirer(q: Question, ctx: GenContext, given: Answers, lazy = false): object {
  const compute = (so: Answers = {}) => (q.default ?? q.suggest)?.(ctx, { ...given, ...so });
  const listDefault = (so?: Answers) => {
    const d = compute(so);
    return Array.isArray(d) && d.length ? d.join(', ') : undefined;
  };
  const def = lazy ? compute : compute();
  // Inquirer passes the answers so far (the plop adapter's are keyed by flag; `given` has them by name).
  const check = (raw: unknown, so?: Answers) => checkAnswer(q, ctx, raw, { ...so, ...given });
  // Picks list the repository's own text (thread titles): shown escaped, like every other output.
  if (q.pick) return { type: 'list', name: q.name, message: q.message, choices: q.pick(ctx, given).map((c) => ({ ...c, name: visible(c.name) })), pageSize: PAGE_SIZE };
  switch (q.kind) {
    case 'choice':
      return { type: 'list', name: q.name, message: q.message, choices: q.choices?.(ctx) ?? [], default: def, pageSize: PAGE_SIZE };
    case 'boolean':
      return { type: 'confirm', name: q.name, message: q.message, default: def };
    case 'list':
      // An empty answer means "none"; it is shown as "(none)", not as a raw value.
      return {
        type: 'input',
        name: q.name,
        message: q.message,
        default: lazy ? listDefault : listDefault(),
        filter: (v: string) => (v.trim() === '' ? [] : v),
        transformer: (v: unknown, _a: unknown, flags: { isFinal?: boolean }) => (flags?.isFinal && (v === '' || (Array.isArray(v) && !v.length)) ? '(none)' : v),
        validate: (v: unknown, so?: Answers) => (Array.isArray(v) && !v.length ? true : check(v, so)),
      };
    default:
      return { type: 'input', name: q.name, message: q.message, default: def, validate: check };
  }
}

/** Enough rows for every generator in the menu and every configured status. */
const PAGE_SIZE = 12;

/** Inquirer signals Ctrl+C / Esc by rejecting; docpact turns that into a quiet exit 130. */
function rethrow(err: unknown): never {
  const e = err as Error | undefined;
  if (e?.name === 'ExitPromptError' || /force closed/i.test(String(e?.message))) throw new DocpactError('cancelled', 'Cancelled.');
  throw err;
}

/** An `Ask` backed by an inquirer instance (plop's own, or a test's); `edit` questions open the user's editor last. */
export function inquirerAsk(inquirer: InquirerLike): Ask {
  return async (questions, ctx, given) => {
    const typed = questions.filter((q) => !q.edit);
    const got: Answers = typed.length ? await inquirer.prompt(typed.map((q) => toInquirer(q, ctx, given, true)), { ...given }).catch(rethrow) : { ...given };
    for (const q of questions) if (q.edit) got[q.name] = await editAnswer(q, ctx, { ...given, ...got }, inquirer);
    return got;
  };
}

/**
 * Write an answer in the user's editor, starting from the question's text.
 * An empty or unchanged text is not an answer: the user edits again (keeping
 * what they wrote) or stops, and nothing is written.
 */
export async function editAnswer(q: Question, ctx: GenContext, answers: Answers, inquirer: InquirerLike): Promise<string> {
  const { editText } = await import('./editor.js');
  const start = (q.edit as NonNullable<Question['edit']>)(ctx, answers);
  let text = start;
  for (;;) {
    text = editText(text, `${q.name}.md`);
    const problem = text.trim() === '' ? 'The message is empty.' : text === start ? 'The message is still the unedited template.' : checkAnswer(q, ctx, text, answers);
    if (problem === true) return text;
    const again = await inquirer.prompt([{ type: 'confirm', name: 'again', message: `${problem} Edit it again? (No: stop, nothing is written)`, default: true }]).catch(rethrow);
    if (!again.again) {
      process.stderr.write('Stopped: nothing was written.\n');
      throw new DocpactError('cancelled', 'Stopped: nothing was written.');
    }
    if (text.trim() === '') text = start;
  }
}

/** The inquirer question objects `toInquirer` makes (and the menu's). */
interface InquirerQuestion {
  type?: string;
  name: string;
  message: string;
  default?: unknown;
  choices?: (string | { name: string; value: unknown })[];
  pageSize?: number;
  filter?: (v: string) => unknown;
  validate?: (v: unknown, answers: Answers) => true | string;
  transformer?: (v: unknown, answers: Answers, flags: { isFinal?: boolean }) => unknown;
}

/**
 * An `InquirerLike` over Inquirer's prompt packages, asking as inquirer's
 * `prompt()` does: in order, skipping a question already answered, a function
 * default called with the answers so far, `filter` before `validate`.
 */
async function terminalInquirer(): Promise<InquirerLike> {
  const { input, select, confirm } = await import('./inquirer.js');
  return {
    async prompt(questions, given = {}) {
      const answers: Answers = { ...given };
      for (const q of questions as InquirerQuestion[]) {
        if (answers[q.name] !== undefined) continue;
        const def = typeof q.default === 'function' ? q.default(answers) : q.default;
        if (q.type === 'list') {
          const choices = (q.choices ?? []).map((c) => (typeof c === 'string' ? { name: c, value: c } : c));
          answers[q.name] = await select({ message: q.message, choices, default: def, pageSize: q.pageSize });
        } else if (q.type === 'confirm') {
          answers[q.name] = await confirm({ message: q.message, default: def === undefined ? undefined : !!def });
        } else {
          const filter = q.filter ?? ((v: string) => v);
          const so = { ...answers };
          const typed = await input({
            message: q.message,
            default: def === undefined || def === null ? undefined : String(def),
            validate: (v) => q.validate?.(filter(v), so) ?? true,
            transformer: q.transformer && ((v, flags) => String(q.transformer?.(v, so, flags))),
          });
          answers[q.name] = filter(typed);
        }
      }
      return answers;
    },
  };
}

/** An `Ask` on the terminal. */
export async function terminalAsk(): Promise<Ask> {
  return inquirerAsk(await terminalInquirer());
}

/** The generator menu shown by a bare `docpact` on a terminal; returns the chosen command. */
export async function chooseFromMenu(items: { name: string; value: string }[]): Promise<string> {
  const inquirer = await terminalInquirer();
  const got = await inquirer.prompt([{ type: 'list', name: 'command', message: 'What do you want to do?', choices: items, pageSize: Math.max(PAGE_SIZE, items.length) }]).catch(rethrow);
  return String(got.command);
}
