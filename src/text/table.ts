import { visible } from './style.js';

/** Plain aligned columns for list output (no dependency needed for this); cells from the repository shown escaped. */
export function table(head: string[], cells: string[][]): string[] {
  const rows = cells.map((r) => r.map(visible));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)];
}
