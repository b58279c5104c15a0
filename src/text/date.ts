/** Dates docpact writes and checks: calendar dates as YYYY-MM-DD (no 2026-02-30). */
import { DocpactError } from '../errors.js';

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(date: string): boolean {
  const known = days.get(date);
  if (known !== undefined) return known;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  const is = !!m && !!d && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  if (days.size < 4096 && date.length <= 32) days.set(date, is);
  return is;
}
/** Answers given (100,000 ADRs name a few hundred days; check asks of each twice). */
const days = new Map<string, boolean>();

export function checkDate(date: string): string {
  if (!isCalendarDate(date)) {
    throw new DocpactError('usage', `--date must be a calendar date as YYYY-MM-DD (got "${date}").`);
  }
  return date;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** A month's number from its English name or abbreviation ("Sept", "January", "Apr."), or 0. */
function monthOf(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTHS.indexOf(w.slice(0, 3));
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][i];
  return i !== -1 && (w === MONTHS[i] || w === 'sept' || full === w) ? i + 1 : 0;
}

const day = (y: string | number, m: string | number, d: string | number) => isCalendarDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/**
 * Does a date a person wrote name a real day (or month)? ISO days, and the
 * writings teams use: "21.07.2017", "20/11/2018" (day first, or month first
 * as in "11/20/2018"), "2026/01/23", "Jan 29, 2021", "10 Apr 2022",
 * "2 Sept 2024", "March 3rd, 2019", "08/01/24" (a two-digit year is this
 * century's); a month alone ("2018-11", "Nov 2018")
 * for a decision older than anyone's notes; and a bound on one ("<2018-08-31",
 * "before 2018-08-31"). Placeholders ("YYYY-MM-DD", "TBD", "{date}") and
 * days that do not exist ("2023-02-30", "31.02.2017") do not.
 */
export function namesADay(text: string): boolean {
  const t = text.trim().replace(/^(?:[<>~≈≤≥]|(?:before|after|about|around|circa|approx\.?|c\.)\s)\s*/i, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (m) return day(m[1], m[2], m[3]);
  m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$/.exec(t);
  const year = m && (m[3].length === 2 ? `20${m[3]}` : m[3]);
  if (m && year) return day(year, m[2], m[1]) || day(year, m[1], m[2]);
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m) return +m[2] >= 1 && +m[2] <= 12;
  const ord = '(\\d{1,2})(?:st|nd|rd|th)?';
  m = new RegExp(`^([A-Za-z]+\\.?)\\s+${ord},?\\s+(\\d{4})$`).exec(t);
  if (m) return monthOf(m[1]) > 0 && day(m[3], monthOf(m[1]), m[2]);
  m = new RegExp(`^${ord}\\s+(?:of\\s+)?([A-Za-z]+\\.?),?\\s+(\\d{4})$`).exec(t);
  if (m) return monthOf(m[2]) > 0 && day(m[3], monthOf(m[2]), m[1]);
  m = /^([A-Za-z]+\.?),?\s+(\d{4})$/.exec(t);
  return m !== null && monthOf(m[1]) > 0;
}
