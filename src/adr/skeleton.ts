/**
 * A new ADR of a series as its template renders it, before anyone writes in
 * it: what check's adr/placeholder compares sections with, and what `adr new`
 * asks to tell a skeleton from a written record.
 */
import type { DocpactConfig } from '../config/schema.js';
import type { Root } from '../io/fs.js';
import { renderAdr } from '../templates/adr.js';
import { templateSource } from '../templates/renderer.js';
import { formatOf } from './parse.js';
import { seriesOf } from './series.js';

/**
 * The series' template rendered for a placeholder ADR. Its status is left
 * empty: a Nygard Status section holds the status itself, and an ADR whose
 * status is the initial one ("Accepted", as adr-tools writes it) has not left
 * template text there.
 */
export function adrTemplate(root: Root, config: DocpactConfig): string {
  const s = seriesOf(config);
  const format = formatOf(s);
  return renderAdr(templateSource(root, config), format.template, format.newData({ number: s.first, title: 'x', status: '', date: '2000-01-01', deciders: 'x', relations: [] }, s));
}
