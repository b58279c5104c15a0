/**
 * Rendering a Markdown body from a template id (its path under templates/,
 * without ".hbs"). A file at the same relative path under the repo's
 * override dir (default `.docpact/templates/`) wins over the built-in one.
 * Which built-ins a renderer knows is its caller's choice: render.ts has
 * them all, adr.ts only the ADR templates (so `adr new` loads no others).
 *
 * User input is always data, never template source: a title containing
 * "{{" is inserted as-is.
 */
import { createRequire } from 'node:module';
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { readText, type Root } from '../io/fs.js';
import { sha256 } from '../text/hash.js';
import { VERSION } from '../version.js';

type Template = (data: unknown) => string;

export interface TemplateSource {
  root: Root;
  /** Repo-relative override directory; undefined disables overrides. */
  overrides?: string;
  /** A preset's variant (templates/presets/<preset>/<id>) wins over the shared built-in. */
  preset?: string;
}

/** Where a repo's templates come from: its override folder, then its preset, then the built-ins. */
export const templateSource = (root: Root, config: DocpactConfig): TemplateSource => ({ root, overrides: config.paths.templates, preset: config.preset });

const compiled = new Map<string, Template>();

/** Precompiled built-ins by id, each built on first call. */
export type Builtins = Record<string, () => Template>;

/** `render` and `hasTemplate` over a set of built-in templates. */
export function renderer(builtin: Builtins) {
  const built = new Map<string, Template>();
  const builtinTemplate = (id: string): Template | undefined => {
    let tpl = built.get(id);
    if (!tpl && Object.hasOwn(builtin, id)) built.set(id, (tpl = builtin[id]()));
    return tpl;
  };
  const builtinFor = (src: TemplateSource, id: string): Template | undefined => (src.preset && builtinTemplate(`presets/${src.preset}/${id}`)) || builtinTemplate(id);
  // The template each id resolved to, and where it was looked for (an override's text is read once per command
  // anyway): check renders a framing per sealed message, and looking it up built three paths each time.
  const found = new Map<string, { run: number; dir: string; overrides?: string; preset?: string; tpl: Template }>();
  const templateFor = (src: TemplateSource, id: string): Template | undefined => {
    const was = found.get(id);
    if (was && was.run === run && was.dir === src.root.dir && was.overrides === src.overrides && was.preset === src.preset) return was.tpl;
    const tpl = (src.overrides && override(src.root, `${src.overrides}/${id}.hbs`)) || builtinFor(src, id);
    if (tpl) found.set(id, { run, dir: src.root.dir, overrides: src.overrides, preset: src.preset, tpl });
    return tpl;
  };
  return {
    render(src: TemplateSource, id: string, data: object): string {
      const tpl = templateFor(src, id);
      if (!tpl) throw new Error(`docpact has no built-in template "${id}"`);
      const out = tpl(data);
      // One trailing newline, no trailing blank lines: markdownlint MD012/MD047 (trimEnd removes what \s matches).
      return `${out.trimEnd()}\n`;
    },
    hasTemplate: (id: string) => Object.hasOwn(builtin, id),
  };
}

/**
 * The version of the template a file is rendered from, as the lock records
 * it: docpact's version for a built-in, or "override:<sha256 prefix>" for a
 * repo's own template (so a change to the override is a new version too).
 */
export function templateVersion(src: TemplateSource, id: string): string {
  const text = src.overrides ? overrideText(src.root, `${src.overrides}/${id}.hbs`) : null;
  return text === null ? VERSION : `override:${sha256(text).slice(0, 12)}`;
}

/** Override texts, read once per command: rendering 3,000 chat messages must not look for the same file 3,000 times. */
const overrideTexts = new Map<string, string | null>();
/** Which command of this process the override texts (and each renderer's templates found) were read for. */
let run = 0;

/**
 * Forget the override texts read so far, and the templates each id resolved
 * to: a process that runs one command after another (docpact mcp) reads a
 * repo's overrides afresh for each, as a new process would.
 */
export function forgetOverrides(): void {
  overrideTexts.clear();
  run++;
}
function overrideText(root: Root, rel: string): string | null {
  const key = `${root.dir}\0${rel}`;
  let text = overrideTexts.get(key);
  if (text === undefined) {
    text = readText(root, rel);
    overrideTexts.set(key, text);
  }
  return text;
}

/**
 * The work one rendering of an override may do: steps (helper calls, block
 * bodies — each iteration of an `#each` — and partials) and characters those
 * produce. A built-in renders in a few hundred steps; an override nesting
 * `{{#each @root.invariants}}` twelve deep would take 10¹² (days).
 */
const MAX_STEPS = 1_000_000;
const MAX_CHARS = 16 * 1024 * 1024;

type Fn = ((...args: unknown[]) => unknown) & Record<string, unknown>;
interface Budget {
  steps: number;
  chars: number;
  rel: string;
}
let budget: Budget = { steps: 0, chars: 0, rel: '' };

function spend(steps: number, chars: number): void {
  budget.steps += steps;
  budget.chars += chars;
  if (budget.steps > MAX_STEPS || budget.chars > MAX_CHARS) {
    const what = budget.steps > MAX_STEPS ? `more than ${MAX_STEPS.toLocaleString('en-US')} steps (helper calls, loop iterations, partials)` : `more than ${MAX_CHARS / 1024 / 1024} MiB of text`;
    throw new DocpactError('config', `Template override ${budget.rel} does too much work: ${what} for one file; docpact stopped rendering it. Simplify its loops.`);
  }
}

/** A block body (or partial) that counts one step per call and the text it produces. */
function counted(fn: Fn): Fn {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    spend(1, 0);
    const out = fn.apply(this, args);
    spend(0, typeof out === 'string' ? out.length : 0);
    return out;
  };
  return Object.assign(wrapped, fn);
}

let environment: { compile(text: string, options: object): (data: unknown) => string } | undefined;

/**
 * Handlebars for overrides: an environment of its own whose helpers and
 * inline partials count against the budget, whose `log` is an error (an
 * override must not write to stdout or stderr: `check --json` is JSON), and
 * with the library's own logging (denied prototype access) silenced.
 */
function overrideHandlebars() {
  if (environment) return environment;
  // The full compiler is loaded only when a repo overrides a template.
  const Handlebars = createRequire(import.meta.url)('handlebars');
  Handlebars.logger.log = () => {};
  const hb = Handlebars.create();
  // Compiled templates call `log` directly (a known helper), so it is replaced, not just removed.
  hb.registerHelper('log', () => {
    throw new DocpactError('config', `Template override ${budget.rel} uses {{log}}, which would write into docpact's output; remove it.`);
  });
  for (const [name, helper] of Object.entries(hb.helpers as Record<string, Fn>)) {
    if (name === 'log') continue;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      spend(1, 0);
      const options = args[args.length - 1] as { fn?: Fn; inverse?: Fn } | undefined;
      if (options && typeof options === 'object') {
        if (typeof options.fn === 'function') options.fn = counted(options.fn);
        if (typeof options.inverse === 'function') options.inverse = counted(options.inverse);
      }
      return helper.apply(this, args);
    });
  }
  const inline = hb.decorators.inline as Fn;
  hb.registerDecorator('inline', (fn: unknown, props: unknown, container: unknown, options: { fn: Fn }) => inline(fn, props, container, { ...options, fn: counted(options.fn) }));
  return (environment = hb as typeof environment & object);
}

function override(root: Root, rel: string): Template | undefined {
  const text = overrideText(root, rel);
  if (text === null) return undefined;
  const key = `${root.dir}\0${rel}\0${text}`;
  let tpl = compiled.get(key);
  if (!tpl) {
    try {
      const fn = overrideHandlebars().compile(text, { noEscape: true, strict: false });
      tpl = (data: unknown) => {
        budget = { steps: 0, chars: 0, rel };
        try {
          const out = fn(data);
          spend(0, out.length);
          return out;
        } catch (err) {
          if (err instanceof DocpactError) throw err;
          throw new DocpactError('config', `Template override ${rel} failed to render: ${(err as Error).message.split('\n')[0]}`);
        }
      };
    } catch (err) {
      throw new DocpactError('config', `Template override ${rel} is not valid Handlebars: ${(err as Error).message.split('\n')[0]}`);
    }
    compiled.set(key, tpl);
  }
  return tpl;
}
