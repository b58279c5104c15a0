/**
 * An ADR series as data: its folder, file-name pattern, number width, first
 * number, format and status vocabulary, all from `docpact.yaml` (`paths.adr`
 * and `adr.*`). Everything that names, numbers or parses ADR files asks the
 * series, so docpact's own `ADR-0007-x.md`, adr-tools' `0007-x.md` and MADR's
 * `0000-x.md` work the same way.
 */
import type { AdrFormatName, DocpactConfig } from '../config/schema.js';

export interface Series {
  dir: string;
  format: AdrFormatName;
  pattern: string;
  digits: number;
  first: number;
  statuses: string[];
  initial: string;
  superseded: string;
  /** The generated index page. */
  index: string;
  /** The generated index data. */
  data: string;
  /** Matches a file name; group 1 is the number, group 2 the slug. */
  re: RegExp;
}

const cache = new WeakMap<DocpactConfig, Series>();

export function seriesOf(config: DocpactConfig): Series {
  let s = cache.get(config);
  if (!s) {
    const a = config.adr;
    s = {
      dir: config.paths.adr,
      format: a.format,
      pattern: a.pattern,
      digits: a.digits,
      first: a.first,
      statuses: a.statuses,
      initial: a.initial,
      superseded: a.superseded,
      index: a.index,
      data: `${config.paths.generated}/adr/index.json`,
      re: patternRegex(a.pattern),
    };
    cache.set(config, s);
  }
  return s;
}

/** `ADR-{number}-{slug}.md` → /^ADR-(\d+)-(.+)\.md$/ (the schema puts {number} before {slug}). */
export function patternRegex(pattern: string): RegExp {
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const [pre, rest] = pattern.split('{number}');
  const [mid, tail] = rest.split('{slug}');
  return new RegExp(`^${esc(pre)}(\\d+)${esc(mid)}(.+)${esc(tail)}$`);
}

/** The id docpact uses for an ADR in every format: `ADR-0007` (also a REF). */
export const adrId = (n: number, digits: number) => `ADR-${String(n).padStart(digits, '0')}`;

/** The file name for a new ADR. */
export const fileName = (s: Series, number: number, slug: string) =>
  s.pattern.replace('{number}', String(number).padStart(s.digits, '0')).replace('{slug}', slug);

/** Number of an ADR file name in this series, or null (`template.md`, `README.md`). */
export function seriesNumber(s: Series, file: string): number | null {
  const m = s.re.exec(file);
  return m ? Number(m[1]) : null;
}

/** Status equality as people write it: "accepted" is "Accepted". */
export const sameStatus = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The configured spelling of a status, or undefined when it is not in the vocabulary. */
export const canonicalStatus = (s: Series, status: string) => s.statuses.find((x) => sameStatus(x, status));

/** The ADR index page as a Sphinx docname (`adr/index`), or null when it is outside the docs source. */
export function indexDocname(config: DocpactConfig): string | null {
  const index = seriesOf(config).index;
  const docs = config.paths.docs;
  return index.startsWith(`${docs}/`) ? index.slice(docs.length + 1).replace(/\.md$/, '') : null;
}

/** Template data naming the ADR index from the root page and from a section page. */
export const adrLinks = (config: DocpactConfig) => {
  const doc = indexDocname(config);
  return { adrDoc: doc ?? '', adrUp: doc ? `../${doc}` : '' };
};
