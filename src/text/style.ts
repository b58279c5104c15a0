/**
 * Terminal styling: SGR colours and plural words, and what makes text from
 * the repository safe to print. Pure; the caller decides whether to colour
 * (NO_COLOR, --no-color, a terminal).
 */
import { BIDI_CONTROLS } from './bidi.js';

// SGR open/close pairs. Not util.styleText: it only exists from Node 20.12,
// and docpact supports every Node 20 (package.json engines).
const SGR = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;
export type Style = keyof typeof SGR;

/** "1 ADR", "2 ADRs". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const paint = (io: { color: boolean }, style: Style, text: string) =>
  io.color ? `\x1b[${SGR[style][0]}m${text}\x1b[${SGR[style][1]}m` : text;

/**
 * Characters that must not reach a terminal or a CI log from the repository:
 * C0 controls but tab (CR and LF forge lines, BEL ends an OSC), DEL, C1
 * controls (ESC/CSI/OSC sequences clear the screen or set the window title),
 * Unicode's line separators and bidirectional controls (which reorder text).
 */
const UNSAFE = `[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f${BIDI_CONTROLS}]`;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\x1b': '\\e' };
const escapeChar = (c: string) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const unsafe = new RegExp(UNSAFE, 'g');
/** With colour on, the SGR codes paint() writes pass; any other escape does not. */
const ownSgrOrUnsafe = new RegExp(`\\x1b\\[(?:${[...new Set(Object.values(SGR).flat())].join('|')})m|${UNSAFE}`, 'g');

/** Repository text made safe to print on one line: every unsafe character as a visible escape (`\n`, `\e`, `\x07`, `\u202e`). */
export const visible = (text: string): string => text.replace(unsafe, escapeChar);

/**
 * One line of human output as it is printed (cli/main.ts prints every line
 * through this; callers print a line per call): file names, titles and
 * headings from the repository cannot forge a line or drive the terminal,
 * and no line starts with "::", which GitHub Actions reads as a workflow
 * command (its first colon is escaped).
 */
export function printable(line: string, color: boolean): string {
  const safe = color ? line.replace(ownSgrOrUnsafe, (m) => (m.length > 1 ? m : escapeChar(m))) : visible(line);
  return /^\s*::/.test(safe) ? safe.replace(':', '\\x3a') : safe;
}

/** The unsafe characters JSON.stringify leaves raw (DEL, C1, separators, bidi controls), which it only ever writes inside strings. */
const rawInJson = new RegExp(`[\\x7f-\\x9f\\u2028\\u2029\\u200e\\u200f${BIDI_CONTROLS}]`, 'g');
/** JSON as printed: those characters as \u escapes, so the value is the same and the text safe to show. */
export const printableJson = (json: string): string => json.replace(rawInJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
