/**
 * Conflict markers, read without any merge library: git's own
 * (`<<<<<<<` ours [`|||||||` base] `=======` theirs `>>>>>>>`) and the ones
 * `docpact sync` writes in git's style (so editors and merge tools
 * understand them), labelled "yours" and "docpact sync".
 */

export const hasConflict = (text: string) => /^<{7}(?: |$)/m.test(text);

export interface Hunk {
  ours: string[];
  theirs: string[];
  /** The raw lines, markers included, to put back when the hunk is not ours to resolve. */
  raw: string[];
}

export type Part = string | Hunk;

/** Lines and conflict hunks (`<<<<<<<` ours [`|||||||` base] `=======` theirs `>>>>>>>`). */
export function parseConflicts(text: string): Part[] | null {
  const lines = text.split('\n');
  const parts: Part[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^<{7}(?: |$)/.test(lines[i])) {
      parts.push(lines[i]);
      continue;
    }
    const hunk: Hunk = { ours: [], theirs: [], raw: [lines[i]] };
    let side: 'ours' | 'base' | 'theirs' = 'ours';
    for (i++; i < lines.length; i++) {
      const line = lines[i];
      hunk.raw.push(line);
      if (/^\|{7}(?: |$)/.test(line) && side === 'ours') side = 'base';
      else if (/^={7}$/.test(line) && side !== 'theirs') side = 'theirs';
      else if (/^>{7}(?: |$)/.test(line) && side === 'theirs') break;
      else if (side === 'ours') hunk.ours.push(line);
      else if (side === 'theirs') hunk.theirs.push(line);
    }
    if (i >= lines.length) return null; // an unterminated hunk: not something to touch
    parts.push(hunk);
  }
  return parts;
}

/** One side of every hunk: what the file says on that side of the merge. */
export function side(text: string, which: 'ours' | 'theirs'): string | null {
  const parts = parseConflicts(text);
  if (!parts) return null;
  return parts.flatMap((p) => (typeof p === 'string' ? [p] : p[which])).join('\n');
}

/** Marker labels: what a user reads beside the arrows. */
export const OURS_LABEL = 'yours';
export const THEIRS_LABEL = 'docpact sync';

/**
 * 1-based lines of unresolved conflicts sync wrote (a `<<<<<<< yours` line
 * with its `>>>>>>> docpact sync` after it). Git's own markers: `gitConflictLine`.
 */
export function conflictMarkers(text: string): number[] {
  if (!text.includes(`<<<<<<< ${OURS_LABEL}`)) return [];
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  let open = -1;
  lines.forEach((l, i) => {
    if (l === `<<<<<<< ${OURS_LABEL}`) open = i;
    else if (open !== -1 && l === `>>>>>>> ${THEIRS_LABEL}`) {
      out.push(open + 1);
      open = -1;
    }
  });
  return out;
}

/** 1-based line of the first conflict git left (not one sync wrote), or 0. */
export function gitConflictLine(text: string): number {
  if (!text.includes('<<<<<<<') || !hasConflict(text)) return 0;
  return text.split('\n').findIndex((l) => /^<{7}(?: |$)/.test(l) && l.replace(/\r$/, '') !== `<<<<<<< ${OURS_LABEL}`) + 1;
}
