/**
 * The ADR questions the generators share. Their validators run for flags,
 * for each answer typed at a prompt (re-asked with the error) and for plop,
 * so a bad REF is caught where it is typed, with the candidates listed.
 */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { configOf, type GenContext, type Question } from '../core/generator.js';
import { singleLine } from '../text/slug.js';
import { listAdrFiles, resolveRef, type AdrFile } from './store.js';
import { seriesConfig } from './series.js';

/**
 * The configuration as the ADR series chosen with --series sees it (its
 * folder, format and statuses as the main ones): what ADR questions validate
 * against and ADR plans work on.
 */
export function adrConfigOf(ctx: GenContext): DocpactConfig {
  return seriesConfig(configOf(ctx), ctx.series);
}

/** --series: which ADR series an ADR command works on; an unknown name is refused with the names there are. */
export const seriesQuestion: Question = {
  name: 'series',
  flag: 'series',
  kind: 'text',
  message: 'ADR series',
  help: 'which ADR series (a name from adr.series; default: the main one)',
  default: () => '',
  validate: (value, ctx) => {
    const name = String(value ?? '');
    if (name) seriesConfig(configOf(ctx), name);
    return name;
  },
};

/** Statuses a user may set directly: every configured one except the superseded status. */
export const settableStatuses = (c: DocpactConfig) => c.adr.statuses.filter((s) => s !== c.adr.superseded);

/** One REF, checked and resolved against the ADRs on disk (the plan resolves it again under the lock). */
export function checkRef(ref: string, flag: string, ctx: GenContext, files?: AdrFile[]): string {
  if (ref.trim() === '') throw new DocpactError('input', `--${flag} needs an ADR reference (7, 0007, ADR-0007 or a file name); it got an empty one.`);
  const text = singleLine(ref, `--${flag} reference`);
  const c = adrConfigOf(ctx);
  resolveRef(text, files ?? listAdrFiles(ctx.root, c), c.adr.digits);
  return text;
}

/** A list of REFs (adr new --supersedes / --amends). */
export const refsQuestion = (name: 'supersedes' | 'amends', message: string, help: string): Question => ({
  name,
  flag: name,
  kind: 'list',
  message,
  prompt: true,
  help,
  default: () => [],
  validate: (value, ctx) => {
    // Most ADRs relate to nothing: no directory listing then (adr new stays flat at 10,000 ADRs).
    if (!(value as string[]).length) return [];
    const files = listAdrFiles(ctx.root, adrConfigOf(ctx));
    return (value as string[]).map((ref) => checkRef(ref, name, ctx, files));
  },
});

/** The ADR a command acts on (adr status REF). */
export const refQuestion: Question = {
  name: 'ref',
  flag: 'ref',
  positional: 0,
  kind: 'text',
  message: 'ADR (number, id or file name)',
  required: true,
  help: 'the ADR: 7, 0007, ADR-0007 or its file name',
  validate: (value, ctx) => checkRef(String(value), 'ref', ctx),
};
