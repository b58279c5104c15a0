/**
 * ADR files, both ways, in the series' own format: parse an ADR into a
 * record, and make the narrow edits docpact is allowed to make (status,
 * relations), leaving every other byte as the team wrote it. The formats
 * themselves live in ./formats/; `check` uses the same parsers.
 */
import { FORMATS } from './formats/index.js';
import type { AdrFormat, AdrRecord, LinkTarget, ParsedAdr, RelationKey } from './formats/types.js';
import { adrId, patternRegex, type Series } from './series.js';

export { RELATIONS, RELATION_KEYS } from './formats/types.js';
export type { AdrRecord, LinkTarget, ParsedAdr, RelationKey } from './formats/types.js';
export { adrId } from './series.js';

/** A docpact-format series, for callers that only know the number width. */
function defaultSeries(digits: number): Series {
  return {
    dir: '',
    format: 'docpact',
    pattern: 'ADR-{number}-{slug}.md',
    digits,
    numbering: 'sequence',
    first: 1,
    statuses: [],
    initial: 'Proposed',
    superseded: 'Superseded',
    index: 'index.md',
    data: '',
    graph: '',
    re: patternRegex('ADR-{number}-{slug}.md'),
  };
}

const seriesArg = (s: Series | number | undefined) => (typeof s === 'object' ? s : defaultSeries(s ?? 4));
export const formatOf = (s: Series): AdrFormat => FORMATS[s.format];

export function parseAdr(file: string, text: string, series?: Series | number): ParsedAdr {
  const s = seriesArg(series);
  return formatOf(s).parse(file, text, s);
}

/** The record docpact keeps in its index data (no line numbers). */
export function toRecord(p: ParsedAdr): AdrRecord {
  const { h1Number: _h, h1Ok: _o, lines: _l, sections: _s, ...rec } = p;
  return rec;
}

/** Replace the ADR's status, in its format. */
export function setStatus(text: string, status: string, series?: Series | number): string {
  const s = seriesArg(series);
  return formatOf(s).setStatus(text, status, s);
}

/** Add a relation to `target` (superseding also sets the status), in the ADR's format. */
export function addRelation(text: string, key: RelationKey, target: LinkTarget, series?: Series | number): string {
  const s = seriesArg(series);
  return formatOf(s).addRelation(text, key, target, s);
}

/** The ADR's H1 renumbered, in its format (MADR's H1 has no number: unchanged). */
export function setNumber(text: string, number: number, series?: Series | number): string {
  const s = seriesArg(series);
  return formatOf(s).setNumber?.(text, number, s) ?? text;
}

/** `ADR-0007`, from a file of the series. */
export const idOf = (s: Series, number: number) => adrId(number, s.digits);
