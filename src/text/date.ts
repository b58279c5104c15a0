/** Dates docpact writes and checks: calendar dates as YYYY-MM-DD (no 2026-02-30). */
import { DocpactError } from '../errors.js';

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return !!m && !!d && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function checkDate(date: string): string {
  if (!isCalendarDate(date)) {
    throw new DocpactError('usage', `--date must be a calendar date as YYYY-MM-DD (got "${date}").`);
  }
  return date;
}
