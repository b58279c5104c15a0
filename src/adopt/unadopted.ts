/**
 * Folders that look like decision records but that init does not adopt as an
 * ADR series, so init can say so (which folder, why) rather than nothing:
 * numbered Markdown files written as Y-statements ("In the context of …, we
 * decided for …"), or inside a folder named for decisions or ADRs without
 * reading as decision records (no Status or Decision section). Only names
 * them; what is adopted is src/adopt/detect.ts's.
 */
import { underPackage } from '../config/schema.js';
import { readText, type Root } from '../io/fs.js';
import { candidateIn, walk } from './detect.js';

export interface Unadopted {
  dir: string;
  count: number;
  /** Why it is not a series docpact reads. */
  kind: 'y-statements' | 'other';
}

/** A Y-statement: "In the context of …", then "we decided for/to …" (the words often in bold), within one record's opening. */
const Y_CONTEXT = /^[*_ \t>-]*in the context of\b/im;
const Y_DECIDED = /\bwe decided (?:for|to|on)\b/i;
const isYStatement = (text: string) => Y_CONTEXT.test(text) && Y_DECIDED.test(text.replace(/[*_]/g, ''));
/** A folder below one named for decisions or ADRs, or so named itself. */
const UNDER_DECISIONS = /(^|\/)[^/]*(adr|decision)[^/]*(\/|$)/i;

/**
 * Folders under `base` with two or more numbered Markdown files that are
 * not in an adopted series (`adopted`: series folders and their subfolders of
 * older records), and that are Y-statements or sit in a decisions folder.
 */
export function findUnadopted(root: Root, base: string, adopted: string[]): Unadopted[] {
  const taken = (dir: string) => adopted.some((a) => dir === a || dir.startsWith(`${a}/`));
  const out: Unadopted[] = [];
  walk(root, base, (dir, files) => {
    const c = candidateIn(dir, files);
    if (!c || c.names.length < 2 || taken(dir)) return;
    const sample = [...c.names].sort().slice(0, 8);
    const y = sample.filter((n) => isYStatement(readText(root, underPackage(dir, n)) ?? '')).length;
    if (y * 2 >= sample.length) out.push({ dir, count: c.names.length, kind: 'y-statements' });
    else if (UNDER_DECISIONS.test(dir)) out.push({ dir, count: c.names.length, kind: 'other' });
  });
  return out;
}
