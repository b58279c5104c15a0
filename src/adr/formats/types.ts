/**
 * What every ADR format module provides. A format knows where its ADRs keep
 * the title, the status and the relations, which sections it requires, and
 * how to make docpact's narrow edits (status, relation lines) in its own
 * syntax. The rest of docpact — numbering, REFs, the index, check — works on
 * the `ParsedAdr` records, whatever the format.
 */
import { recordId, seriesNumber, type Series } from '../series.js';

/** Relation keys, in the order docpact writes them, and their inverse. */
export const RELATIONS = {
  supersedes: { label: 'Supersedes', inverse: 'supersededBy' },
  supersededBy: { label: 'Superseded by', inverse: 'supersedes' },
  amends: { label: 'Amends', inverse: 'amendedBy' },
  amendedBy: { label: 'Amended by', inverse: 'amends' },
} as const;
export type RelationKey = keyof typeof RELATIONS;
export const RELATION_KEYS = Object.keys(RELATIONS) as RelationKey[];

export interface AdrRecord {
  number: number;
  id: string; // "ADR-0007", whatever the file naming
  file: string;
  title: string;
  status: string;
  date: string;
  deciders: string;
  supersedes: string[];
  supersededBy: string[];
  amends: string[];
  amendedBy: string[];
}

export interface ParsedAdr extends AdrRecord {
  /** Number in the H1 (formats that number their H1), or null when missing or malformed. */
  h1Number: number | null;
  /** The H1 is what the format requires. */
  h1Ok: boolean;
  /** 1-based line numbers, for check's `path:line` output. */
  lines: { h1: number; status: number; date?: number; relations: Partial<Record<RelationKey, number>> };
  sections: Map<string, number>;
  /** Why the front matter could not be read (bad YAML, an alias bomb): its metadata is then unknown, not absent. */
  unreadable?: string;
  /** The status a second place states too (an adr-tools ADR's front matter, for a site generator): edits keep it the same. */
  statusCopy?: string;
}

/** An ADR another one links to. */
export interface LinkTarget {
  number: number;
  file: string;
  title: string;
}

/** The id a relation to `t` names (see `recordId`). */
export const targetId = (s: Series, t: LinkTarget) => recordId(s, t.number, t.file);

export interface NewAdr {
  number: number;
  title: string;
  status: string;
  date: string;
  deciders: string;
  relations: { key: RelationKey; targets: LinkTarget[] }[];
}

/** The content a new ADR can be given (adr new --context …), in docpact's words. */
export const CONTENT_KEYS = ['context', 'decision', 'consequences', 'alternatives'] as const;
export type ContentKey = (typeof CONTENT_KEYS)[number];

export interface AdrFormat {
  /** Sections a complete ADR has (check's adr/missing-section). */
  sections: readonly string[];
  /** The heading each kind of content goes under in this format (one the template lacks is added). */
  content: Record<ContentKey, string>;
  /** The status may be left out (MADR: "optional elements"): an ADR without one simply has no status. */
  statusOptional?: boolean;
  /** Built-in template for a new ADR's body (overridable like every template). */
  template: string;
  parse(file: string, text: string, s: Series): ParsedAdr;
  /** Template data for a new ADR; `frontMatter` is rendered as YAML ahead of the body when present. */
  newData(adr: NewAdr, s: Series): Record<string, unknown>;
  /** The ADR with its status replaced (and nothing else changed). */
  setStatus(text: string, status: string, s: Series): string;
  /** The ADR with `target` added to the `key` relation (superseding also sets the status). */
  addRelation(text: string, key: RelationKey, target: LinkTarget, s: Series): string;
}

export function emptyParsed(file: string, s: Series): ParsedAdr {
  const number = seriesNumber(s, file) ?? NaN;
  return {
    number,
    id: recordId(s, number, file),
    file,
    title: '',
    status: '',
    date: '',
    deciders: '',
    supersedes: [],
    supersededBy: [],
    amends: [],
    amendedBy: [],
    h1Number: null,
    h1Ok: false,
    lines: { h1: 0, status: 0, relations: {} },
    sections: new Map(),
  };
}
