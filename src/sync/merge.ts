/**
 * Three-way merge of one file: base = what docpact rendered last time,
 * ours = the file as it is now, theirs = the new rendering. node-diff3 does
 * the diff3; this module only prepares lines and writes git-style markers.
 */
import { diff3Merge } from 'node-diff3';
import { eolOf, lf } from '../text/markdown.js';
export interface Merged {
  text: string;
  /** Overlapping changes were found; `text` holds conflict markers around each. */
  conflict: boolean;
}

import { OURS_LABEL, THEIRS_LABEL } from '../text/conflict-markers.js';

/**
 * @example merge3('a\nb\n', 'a\nB\n', 'A\nb\n') // { text: 'A\nB\n', conflict: false }
 */
export function merge3(base: string, ours: string, theirs: string, labels: [string, string] = [OURS_LABEL, THEIRS_LABEL]): Merged {
  // Merge in the user's line endings, so a CRLF checkout does not conflict on every line.
  const eol = eolOf(ours);
  const split = (t: string) => lf(t).split('\n');
  // Lines become numbers: node-diff3 keys a plain object by line, and a line such as
  // "constructor" must not collide with Object.prototype.
  const ids = new Map<string, number>();
  const lines: string[] = [];
  const intern = (t: string) =>
    split(t).map((l) => {
      let id = ids.get(l);
      if (id === undefined) {
        id = lines.push(l) - 1;
        ids.set(l, id);
      }
      return id;
    });
  const regions = diff3Merge(intern(ours), intern(base), intern(theirs), { excludeFalseConflicts: true });
  const out: number[] = [];
  const text: string[] = [];
  let conflict = false;
  const flush = () => {
    for (const id of out.splice(0)) text.push(lines[id]);
  };
  for (const r of regions) {
    if (r.ok) out.push(...r.ok);
    else if (r.conflict) {
      conflict = true;
      flush();
      text.push(`<<<<<<< ${labels[0]}`, ...r.conflict.a.map((i) => lines[i]), '=======', ...r.conflict.b.map((i) => lines[i]), `>>>>>>> ${labels[1]}`);
    }
  }
  flush();
  return { text: text.join('\n').replace(/\n/g, eol), conflict };
}
