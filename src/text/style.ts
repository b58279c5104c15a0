/**
 * Terminal styling: SGR colours and plural words. Pure; the caller decides
 * whether to colour (NO_COLOR, --no-color, a terminal).
 */

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
