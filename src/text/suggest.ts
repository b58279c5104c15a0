/**
 * "Did you mean …?" for flags, commands, kinds, statuses and slugs: the
 * closest candidate by edit distance (a swap of two neighbours counts once),
 * or one that differs only in case, or the only one the input starts.
 */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The candidate the user most likely meant, or undefined when none is close. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const x = input.toLowerCase();
  if (!x) return undefined;
  const caseOnly = candidates.find((c) => c.toLowerCase() === x);
  if (caseOnly !== undefined) return caseOnly;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(x, c.toLowerCase());
    if (dist < bestDistance) [best, bestDistance] = [c, dist];
  }
  // Up to a third of the word may be wrong (at least one letter): "supercedes", "chek", "acepted".
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(x.length / 3))) return best;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(x));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** " Did you mean X?" (with a leading space), or "". */
export function didYouMean(input: string, candidates: readonly string[], show: (c: string) => string = (c) => `"${c}"`): string {
  const hit = closest(input, candidates);
  return hit === undefined ? '' : ` Did you mean ${show(hit)}?`;
}
