/**
 * `.prettierignore`: what prettier must leave alone in a governed
 * repository. A reformatted ADR table or generated file is drift `check`
 * reports (and `--fix` undoes, so the two fight), and a reformatted chat
 * message breaks its seal. The project's own lines are kept; docpact's are
 * added when missing, as for `.gitattributes`.
 */
import type { DocpactConfig } from '../config/schema.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { rangePageDir } from '../adr/store.js';
import { STATE_DIR } from '../io/fs.js';

const HEADER = "# docpact: generated and sealed files, which prettier must not reformat (docpact's README: .prettierignore)";

/** The patterns (gitignore rules, as prettier reads them), one per line. */
export function prettierignoreLines(c: DocpactConfig): string[] {
  const series = seriesConfigs(c);
  // A pattern with a "/" before its end is relative to the file's folder (the root), as in .gitignore.
  // A team's own index page is theirs, not generated: prettier keeps formatting it.
  return [...new Set([`${c.paths.generated}/`, `/${STATE_DIR}/`, `${c.paths.chats}/`, ...series.filter((x) => !seriesOf(x).ownIndex).map((x) => seriesOf(x).index), ...series.map((x) => `${rangePageDir(x)}/`)])];
}

/** The whole file init writes, or `current` with docpact's missing lines appended. */
export function renderPrettierignore(c: DocpactConfig, current: string | null): string {
  const lines = prettierignoreLines(c);
  if (current === null) return `${[HEADER, ...lines].join('\n')}\n`;
  const have = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !have.has(l));
  if (!missing.length) return current;
  return `${current}${current.endsWith('\n') || current === '' ? '' : '\n'}${[...(current.includes(HEADER) ? [] : [HEADER]), ...missing].join('\n')}\n`;
}
