/**
 * The glossary page's MyST `{glossary}` block: terms at the start of a line,
 * definitions indented below. Terms are kept in Unicode collation order.
 */
import { DocpactError } from '../errors.js';
import { eolOf, markdownText } from '../text/markdown.js';

export interface GlossaryEntry {
  term: string;
  definition: string;
}

const OPEN = /^(`{3,}|~{3,})\s*\{glossary\}/;

/**
 * Dictionary order, as readers expect it ("Ärger" with the A's, "Étiquette"
 * with the E's, "zone" after "Zebra"): Unicode collation in one fixed locale,
 * so every machine writes the same order; code units break ties. Terms are
 * compared as they read, without their escapes and inline Markdown.
 */
let collator: Intl.Collator | undefined;
export const compareTerms = (a: string, b: string) => {
  const x = markdownText(a);
  const y = markdownText(b);
  // Made at the first comparison, not at load: ICU's collation data costs ~6 ms, and most commands sort no terms.
  return (collator ??= new Intl.Collator('en', { sensitivity: 'variant', numeric: true })).compare(x, y) || (x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0);
};

/** Lists kept in dictionary order as written (docpact's seed glossaries; test/docs.test.ts holds them to it). */
const inOrder = new WeakSet<readonly GlossaryEntry[]>();
/** `entries`, marked as already in dictionary order: sorting them again is copying them. */
export const inDictionaryOrder = (entries: GlossaryEntry[]): GlossaryEntry[] => (inOrder.add(Object.freeze(entries)), entries);

export const sortEntries = (entries: GlossaryEntry[]) => (inOrder.has(entries) ? [...entries] : [...entries].sort((a, b) => compareTerms(a.term, b.term)));

/** The fenced glossary block for these entries. */
export function renderGlossary(entries: GlossaryEntry[]): string {
  const body = sortEntries(entries).map((e) => `${e.term}\n  ${e.definition}`);
  return ['```{glossary}', body.join('\n\n'), '```'].join('\n');
}

/** Terms in the first glossary block, with their 1-based lines. */
export function glossaryTerms(text: string): { term: string; line: number }[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => OPEN.test(l));
  if (start === -1) return [];
  const fence = (OPEN.exec(lines[start]) as RegExpExecArray)[1];
  const out: { term: string; line: number }[] = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith(fence); i++) {
    const l = lines[i];
    if (l.trim() && !/^\s/.test(l) && !l.startsWith(':')) out.push({ term: l.trim(), line: i + 1 });
  }
  return out;
}

/** Insert a term in sorted position; duplicates (case-insensitive) are refused. */
export function insertTerm(text: string, entry: GlossaryEntry, file: string): string {
  const lines = text.split(/\r?\n/);
  const eol = eolOf(text);
  const start = lines.findIndex((l) => OPEN.test(l));
  if (start === -1) throw new DocpactError('config', `${file} has no {glossary} block to add terms to. Add one (see docpact's glossary template) and run again.`);
  const fence = (OPEN.exec(lines[start]) as RegExpExecArray)[1];
  let end = start + 1;
  while (end < lines.length && !lines[end].startsWith(fence)) end++;
  const existing = glossaryTerms(text);
  const dup = existing.find((t) => t.term.toLowerCase() === entry.term.toLowerCase());
  if (dup) throw new DocpactError('input', `The glossary already defines "${dup.term}" (${file}:${dup.line}). Edit that entry instead.`);
  const block = [entry.term, `  ${entry.definition}`];
  const after = existing.find((t) => compareTerms(entry.term, t.term) < 0);
  if (after) {
    lines.splice(after.line - 1, 0, ...block, '');
  } else {
    // Append after the last definition, before the closing fence.
    let at = end;
    while (at > start + 1 && lines[at - 1].trim() === '') at--;
    lines.splice(at, 0, ...(at > start + 1 ? [''] : []), ...block);
  }
  return lines.join(eol);
}
