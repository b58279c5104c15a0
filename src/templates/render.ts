/**
 * Render a Markdown body from a template id (its path under templates/,
 * without ".hbs"). A file at the same relative path under the repo's
 * override dir (default `.docpact/templates/`) wins over the built-in one.
 *
 * User input is always data, never template source: a title containing
 * "{{" is inserted as-is.
 */
import { createRequire } from 'node:module';
import { builtin } from 'virtual:templates';
import { DocpactError } from '../core/errors.js';
import { readText, type Root } from '../io/fs.js';

type Template = (data: unknown) => string;

export interface TemplateSource {
  root: Root;
  /** Repo-relative override directory; undefined disables overrides. */
  overrides?: string;
}

const compiled = new Map<string, Template>();

export function render(src: TemplateSource, id: string, data: object): string {
  const tpl = (src.overrides && override(src.root, `${src.overrides}/${id}.hbs`)) || builtin[id];
  if (!tpl) throw new Error(`docpact has no built-in template "${id}"`);
  const out = tpl(data);
  // One trailing newline, no trailing blank lines: markdownlint MD012/MD047.
  return out.replace(/\s*$/, '\n');
}

export const hasTemplate = (id: string) => id in builtin;

function override(root: Root, rel: string): Template | undefined {
  const text = readText(root, rel);
  if (text === null) return undefined;
  const key = `${root.dir}\0${rel}\0${text}`;
  let tpl = compiled.get(key);
  if (!tpl) {
    // The full compiler is loaded only when a repo overrides a template.
    const Handlebars = createRequire(import.meta.url)('handlebars');
    try {
      const fn = Handlebars.compile(text, { noEscape: true, strict: false });
      tpl = (data: unknown) => {
        try {
          return fn(data) as string;
        } catch (err) {
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
