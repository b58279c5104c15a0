/**
 * `docpact check` as a library: one pass over config, issue forms, ADRs, the
 * docs tree and chat threads, returning every problem. `planFixes` adds the
 * derivable repairs (ADR index, generated data, toctree entries for pages
 * docpact generated) to a plan; it never edits hand-written content.
 */
import path from 'node:path';
import { toRecord } from '../adr/parse.js';
import { TEMPLATE_PAGE, adrIndexPage, planIndex, regionBounds } from '../adr/store.js';
import { seriesConfigs } from '../adr/series.js';
import { LOCK_PATH, parseLock } from '../core/lockfile.js';
import type { PlanBuilder } from '../core/plan.js';
import { addToctreeEntry, removeToctreeEntry } from '../docs/toctree.js';
import { readText, type Root } from '../io/fs.js';
import { DocpactError } from '../core/errors.js';
import { problem, type Problem, type Repo } from './problem.js';
import { checkAdrIndex, checkAdrs, parseAll } from './rules/adr.js';
import { checkChats } from './rules/chat.js';
import { checkDocs, missingEntries, readDocsTree, unreachable } from './rules/docs.js';
import { checkForms } from './rules/forms.js';

export interface CheckResult {
  problems: Problem[];
  counts: { adrs: number; threads: number; pages: number };
}

/** A reader that reads each file at most once. */
export function cachedReader(root: Root): (rel: string) => string | null {
  const seen = new Map<string, string | null>();
  return (rel) => {
    let text = seen.get(rel);
    if (text === undefined) {
      text = readText(root, rel);
      seen.set(rel, text);
    }
    return text;
  };
}

/** .docpact/lock.yaml must parse and match its schema (docpact.yaml itself is checked on load). */
function checkLock(repo: Repo): Problem[] {
  try {
    parseLock(repo.read(LOCK_PATH));
    return [];
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    return [problem(LOCK_PATH, err.line ?? 1, 'config/schema', [err.message.replace(`${LOCK_PATH} `, ''), ...err.details].join(' '))];
  }
}

export function runCheck(repo: Repo): CheckResult {
  // Every ADR series, each with its own rules, numbering and index.
  const series = seriesConfigs(repo.config).map((config) => {
    const view = { ...repo, config };
    const adrs = parseAll(view);
    return { adrs, problems: [...checkAdrs(view, adrs), ...checkAdrIndex(view, adrs)] };
  });
  const adrs = series.flatMap((x) => x.adrs);
  const tree = readDocsTree(repo);
  const chats = checkChats(repo);
  const problems = [...checkLock(repo), ...checkForms(repo), ...series.flatMap((x) => x.problems), ...checkDocs(repo, tree), ...chats.problems];
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : 1)));
  return { problems, counts: { adrs: adrs.length, threads: chats.threads, pages: tree.pages.size } };
}

export function planFixes(plan: PlanBuilder, repo: Repo): void {
  const { config, read } = repo;
  // 1. The ADR index page region and data, from the ADR files themselves (not without markers: that needs a person).
  for (const c of seriesConfigs(config)) {
    const page = read(adrIndexPage(c));
    if (page !== null && regionBounds(page)) planIndex(plan, c, parseAll({ ...repo, config: c }).map(toRecord));
  }
  // 2. Toctree entries naming a page docpact generated (tracked in the lock) that has since been deleted.
  const lock = parseLock(read(LOCK_PATH));
  const gone = readDocsTree(repo);
  const byFile = new Map<string, number[]>();
  for (const m of missingEntries(repo, gone)) if (lock.has(m.page)) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m.line]);
  for (const [file, lines] of byFile) {
    let text = plan.read(file);
    // Bottom-up, so earlier line numbers stay valid.
    for (const line of lines.sort((a, b) => b - a)) text = text === null ? null : (removeToctreeEntry(text, line) ?? text);
    if (text !== null) plan.write(file, text);
  }
  // 3. Pages docpact generated (tracked in the lock) that no toctree reaches.
  const tree = readDocsTree({ ...repo, read: (rel) => plan.read(rel) });
  for (const doc of unreachable(tree)) {
    const file = tree.pages.get(doc) as string;
    // The ADR template page is an orphan by design; one from before that lacks the front matter is reported (docs/orphan), not re-listed.
    if (!lock.has(file) || path.posix.basename(doc) === 'index' || path.posix.basename(doc) === TEMPLATE_PAGE) continue;
    const indexRel = `${path.posix.dirname(file)}/index.md`;
    const index = plan.read(indexRel);
    const next = index === null ? null : addToctreeEntry(index, path.posix.basename(doc));
    if (next !== null) plan.write(indexRel, next);
  }
}
