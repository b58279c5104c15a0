/**
 * Git conflict markers in files docpact derives. A conflict hunk that lies
 * wholly inside a region docpact generates — the ADR index region, a
 * toctree — is resolved (a toctree keeps the entries of both sides; the
 * index region is regenerated afterwards anyway); every other hunk is left
 * exactly as git wrote it, for a person. Used by `check --fix` and by the
 * `docpact merge-driver` git calls.
 */
import { INDEX_END, INDEX_START } from '../adr/store.js';
import { parseConflicts } from '../text/conflict-markers.js';


type Where = 'index' | 'toctree' | null;

/** Which generated region a line leaves us in. */
function step(where: Where, line: string): Where {
  if (line.trim() === INDEX_START) return 'index';
  if (line.trim() === INDEX_END) return null;
  if (where === 'index') return 'index';
  if (where === 'toctree') return /^(`{3,}|~{3,})\s*$/.test(line) ? null : 'toctree';
  return /^(`{3,}|~{3,})\s*\{toctree\}/.test(line) ? 'toctree' : null;
}

/** True when every line of `side`, read from `where`, stays inside that region. */
function stays(where: Where, side: string[]): boolean {
  let w = where;
  for (const line of side) {
    w = step(w, line);
    if (w !== where) return false;
  }
  return true;
}

/**
 * Resolve the hunks that lie inside generated regions. Toctree hunks keep
 * both sides' entries (ours first, then theirs not already listed); index
 * hunks keep both sides' rows, ordered by ADR number — the caller
 * regenerates the region from the ADR files when it can.
 */
export function resolveGenerated(text: string): { text: string; resolved: number; left: number } {
  const parts = parseConflicts(text);
  if (!parts) return { text, resolved: 0, left: 1 };
  const out: string[] = [];
  let where: Where = null;
  let resolved = 0;
  let left = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      out.push(part);
      where = step(where, part);
      continue;
    }
    if (where !== null && stays(where, part.ours) && stays(where, part.theirs)) {
      const seen = new Set(part.ours.filter((l) => l.trim() !== ''));
      const merged = [...part.ours, ...part.theirs.filter((l) => l.trim() === '' ? false : !seen.has(l))];
      out.push(...(where === 'index' ? sortRows(merged) : merged));
      resolved++;
    } else {
      out.push(...part.raw);
      left++;
      // Follow ours through an unresolved hunk: that is the side git's own text continues from.
      for (const l of part.ours) where = step(where, l);
    }
  }
  return { text: out.join('\n'), resolved, left };
}

/** Table rows `| [ADR-0007](ADR-0007-x.md) | …` once per file (ours first), in number then file order; other lines keep their place. */
export function sortRows(all: string[]): string[] {
  const key = (l: string) => /^\| \[ADR-(\d+)\]\(([^)]*)\)/.exec(l);
  const files = new Set<string>();
  const lines = all.filter((l) => {
    const k = key(l);
    if (!k) return true;
    if (files.has(k[2])) return false;
    files.add(k[2]);
    return true;
  });
  const rows = lines.filter((l) => key(l)).sort((a, b) => {
    const ka = key(a) as RegExpExecArray;
    const kb = key(b) as RegExpExecArray;
    return Number(ka[1]) - Number(kb[1]) || (ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0);
  });
  let i = 0;
  return lines.map((l) => (key(l) ? rows[i++] : l));
}
