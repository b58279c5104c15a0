/**
 * Conflict markers as sync writes them (git's style, so editors and merge
 * tools understand them). Kept apart from merge.ts so that `check` finds
 * markers without loading the merge library.
 */

/** Marker labels: what a user reads beside the arrows. */
export const OURS_LABEL = 'yours';
export const THEIRS_LABEL = 'docpact sync';

/**
 * 1-based lines of unresolved conflicts sync wrote (a `<<<<<<< yours` line
 * with its `>>>>>>> docpact sync` after it). Git's own markers are
 * merge/conflict's (src/check/index.ts).
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
