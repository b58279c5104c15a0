/**
 * What an edit removed, word by word: the tokens of `before` that are not in
 * a longest common subsequence with `after`. Used to prove that an edit to a
 * file docpact did not write removed nothing but the field it meant to
 * change. The common start and end are skipped first, so a one-field edit
 * compares a few tokens, not the file.
 */
const TOKEN = /\n|[^\S\n]+|[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu;

/** Tokens beyond which an edit is not compared (the answer is then null: not proven). */
const LIMIT = 4_000_000;

export function removedTokens(before: string, after: string): string[] | null {
  const a = before.match(TOKEN) ?? [];
  const b = after.match(TOKEN) ?? [];
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) lo++;
  let ha = a.length;
  let hb = b.length;
  while (ha > lo && hb > lo && a[ha - 1] === b[hb - 1]) ha--, hb--;
  const x = a.slice(lo, ha);
  const y = b.slice(lo, hb);
  if (!x.length) return [];
  if (x.length * y.length > LIMIT) return null;
  // LCS table, one row at a time from the end, then walk it forwards.
  const n = x.length;
  const m = y.length;
  const rows: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) rows[i][j] = x[i] === y[j] ? rows[i + 1][j + 1] + 1 : Math.max(rows[i + 1][j], rows[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n) {
    if (j < m && x[i] === y[j]) i++, j++;
    else if (j < m && rows[i][j + 1] >= rows[i + 1][j]) j++;
    else out.push(x[i++]);
  }
  return out;
}

/** A token that carries meaning: a word or a number (not spacing or punctuation). */
export const isWord = (t: string) => /[\p{L}\p{N}]/u.test(t);
