/**
 * Metadata as bullets under the H1 — `- Status: Accepted` — as docpact, MADR 2
 * and log4brains write it. Reading stops at the first `## ` section; edits
 * change one bullet, or add one in docpact's order, using the bullet mark
 * the file already uses.
 */
import { BULLET, type Lines } from './text.js';

/** Bullet keys in the order docpact writes them. */
export const BULLET_ORDER = ['status', 'deciders', 'date', 'tags', 'supersedes', 'superseded by', 'amends', 'amended by'];

export interface Bullet {
  index: number; // 0-based line
  mark: string;
  key: string; // lowercase
  value: string;
}

/** Bullets between the H1 (`from`) and the first `## ` heading. */
export function readBullets(lines: string[], from: number): Bullet[] {
  const out: Bullet[] = [];
  for (let i = from; i < lines.length; i++) {
    if (lines[i].startsWith('## ')) break;
    const m = BULLET.exec(lines[i]);
    if (m) out.push({ index: i, mark: m[1], key: m[2].toLowerCase(), value: m[3] });
  }
  return out;
}

/**
 * Set the bullet `label` to `value(current)`, or insert it after the last
 * bullet that comes before it in `order` (else after the H1 at `h1`).
 */
export function setBullet(l: Lines, h1: number, label: string, value: (current: string | undefined) => string, order = BULLET_ORDER): void {
  const bullets = readBullets(l.lines, h1 + 1);
  const key = label.toLowerCase();
  const found = bullets.find((b) => b.key === key);
  if (found) {
    const line = l.lines[found.index];
    l.lines[found.index] = `${line.slice(0, line.indexOf(':') + 1)} ${value(found.value)}`;
    return;
  }
  const rank = order.indexOf(key);
  let at = -1;
  for (const b of bullets) if (order.indexOf(b.key) <= rank) at = b.index + 1;
  const mark = bullets[0]?.mark ?? '-';
  if (at === -1) {
    if (bullets.length) at = bullets[0].index;
    else {
      // No bullets yet: a block of one after the H1, set off by blank lines.
      l.lines.splice(h1 + 1, 0, '', `${mark} ${label}: ${value(undefined)}`);
      return;
    }
  }
  l.lines.splice(at, 0, `${mark} ${label}: ${value(undefined)}`);
}
