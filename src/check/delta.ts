/**
 * check after an edit that changed an ADR's title (or its deciders), and
 * nothing else any rule reads of it: the last verdict's result with the
 * index rule's problems for the edited ADR's range judged again. Only the
 * index renders a title (an ADR without relations is no node of the graph,
 * and an ADR whose heading is as configured is not quoted by the heading
 * rule), so every other rule would see what it saw. The range is rendered
 * from its ADRs as they are now, once with the ADR as the verdict saw it and
 * once as it is: the first must give exactly the problems the verdict
 * holds for those files (else this is no delta), the second gives the new
 * ones, with the configured severities, ignores and baseline applied.
 *
 * Anything else — another kind of fact changed, a problem the verdict holds
 * that the old rendering does not explain, a baseline entry for a file the
 * delta judges, a range page whose links would be checked now and are not
 * plainly links to ADRs that exist — is no delta: the check runs in full.
 */
import path from 'node:path';
import type { DocpactConfig } from '../config/schema.js';
import { adrIndexPage, adrFilesIn, indexFiles, indexLayout, isIndexPage, seriesListing, shardOf, type AdrFile, type Summaries } from '../adr/store.js';
import type { RangeSummary } from '../adr/memo.js';
import { seriesConfigs, seriesOf, type Series } from '../adr/series.js';
import { rangeDataFile, rangePage } from '../adr/ranges.js';
import type { AdrRecord } from '../adr/parse.js';
import { isExternal, linkPath, resolveLink } from '../docs/links.js';
import { listDir, type Root } from '../io/fs.js';
import { adrFact, digestFact, hasRelations, headingOk, judgeIndexFile, packedRecord, regionFact, sameButTitle } from './rules/adr.js';
import { linksFact } from './rules/links.js';
import { BASELINE_PATH, applyIgnore, applySeverity, parseBaseline } from './suppress.js';
import type { Problem } from './problem.js';
import type { CheckResult } from './index.js';

/** An ADR whose remembered parse changed: as the verdict saw it, and as it is now (both packed, `adrFact`). */
export interface AdrChange {
  rel: string;
  was: unknown;
  now: unknown;
}

/** The rules whose problems on the index files the delta judges again. */
const INDEX_RULES = new Set(['adr/index-drift', 'generated/drift', 'adr/index-missing']);
/**
 * More ADRs edited than this since the last verdict: the full check, which
 * keeps a new verdict once the edits are settled. The delta keeps none, so
 * every check repeats it until then; 16 ranges of 100 are at most the 1,600
 * ADRs read, under MAX_READ, past which the full check is as cheap.
 */
const MAX_CHANGES = 16;
/** More ADRs than this read to render a series of one range: the full check is as cheap. */
const MAX_READ = 2000;

const no = (): never => {
  throw new Error('no delta');
};

/** What a problem is, as the verdict writes it. */
const keyOf = (p: Problem) => JSON.stringify([p.file, p.line, p.rule, p.severity, p.message, p.suppressed ?? null, p.reason ?? null]);

/**
 * The result a full check would give now, from the last verdict's `result`
 * and the changed ADRs; null when this is not such an edit (the check runs).
 */
export function deltaResult(root: Root, config: DocpactConfig, result: CheckResult, changes: AdrChange[], read: (rel: string) => string | null): CheckResult | null {
  try {
    return delta(root, config, result, changes, read);
  } catch {
    // No delta (NoDelta), or the tree is not as the verdict left it (a folder gone meanwhile): the full check tells.
    return null;
  }
}

function delta(root: Root, config: DocpactConfig, result: CheckResult, changes: AdrChange[], read: (rel: string) => string | null): CheckResult {
  if (changes.length > MAX_CHANGES) no();
  // Each change only in the title (or deciders), its heading as configured before and after.
  for (const c of changes) if (!sameButTitle(c.was, c.now) || !headingOk(c.was) || !headingOk(c.now)) no();
  const oldRaw: Problem[] = [];
  const newRaw: Problem[] = [];
  /** Range pages whose being proved equal to their rendering (no links checked) changes. */
  const flipped: string[] = [];
  const judged = new Set<string>();
  const all = seriesConfigs(config).map((c) => ({ c, files: adrFilesIn(seriesListing(seriesOf(c), (dir) => listDir(root, dir)), c) }));
  // Every ADR file listed is one the verdict parsed (a folder named like an ADR, say, is not one): else no delta.
  if (all.reduce((n, x) => n + x.files.length, 0) !== result.counts.adrs) no();
  for (const { c, files } of all) {
    const s = seriesOf(c);
    const mine = changes.filter((x) => x.rel.startsWith(`${s.dir}/`));
    if (!mine.length) continue;
    // An ADR two series claim is no delta (its parse is not known: src/check/index.ts factDerivers).
    if (mine.some((x) => all.some((o) => o.c !== c && x.rel.startsWith(`${seriesOf(o.c).dir}/`)))) no();
    const byRel = new Map(mine.map((x) => [x.rel, x]));
    for (const x of mine) if (!files.some((f) => f.file.length === x.rel.length - s.dir.length - 1 && x.rel.endsWith(f.file))) no();
    const shards = new Set(files.map((f) => shardOf(c, f.number)));
    const one = shards.size === 1;
    // With several ranges, the index page and the graph hold no title of an ADR without relations: only its range changes.
    if (!one && mine.some((x) => hasRelations(x.was) || hasRelations(x.now))) no();
    const touched = new Set(mine.map((x) => shardOf(c, packedRecordOf(x, 'now', s).number)));
    if (one && files.length > MAX_READ) no();
    const layout = indexLayout(c, read);
    const pageRel = adrIndexPage(c);
    const region = regionFact(read(pageRel));
    if (region === null) no();
    // The files judged: every index file of a series of one range; else the touched ranges' data and pages.
    const ranged = new Set([...touched].flatMap((shard) => [rangeDataFile(c, shard), rangePage(c, shard)]));
    const mayJudge = (rel: string) => one || ranged.has(rel);
    const have = new Map<string, string | null>();
    const digestOf = (rel: string) => {
      if (!have.has(rel)) have.set(rel, digestFact(read(rel)));
      return have.get(rel) as string | null;
    };
    const records = new Map<string, AdrRecord>();
    const recordOf = (which: 'was' | 'now') => (f: AdrFile): AdrRecord => {
      const rel = `${s.dir}/${f.file}`;
      const x = byRel.get(rel);
      if (x) return packedRecordOf(x, which, s);
      let r = records.get(rel);
      if (!r) {
        const text = read(rel);
        if (text === null) no();
        records.set(rel, (r = packedRecord(f.file, adrFact(f.file, s)(text), s)));
      }
      return r;
    };
    const proved = new Map<string, boolean>();
    for (const which of ['was', 'now'] as const) {
      const out = which === 'was' ? oldRaw : newRaw;
      // The other ranges are not rendered: nothing of theirs is judged here.
      const summaryOf: Summaries = (shard, _files, derive) => (one || touched.has(shard) ? derive() : SKIPPED);
      for (const { rel, digest: want } of indexFiles(c, files, recordOf(which), layout, summaryOf)) {
        if (!mayJudge(rel) || (s.ownIndex && isIndexPage(rel))) continue;
        judged.add(rel);
        const j = judgeIndexFile(rel, want, pageRel, region, () => digestOf(rel));
        if (j.problem) out.push(j.problem);
        if (!rel.endsWith('.md') || rel === pageRel) continue;
        if (which === 'was') proved.set(rel, j.proved);
        else if (proved.get(rel) !== j.proved) flipped.push(rel);
      }
    }
  }
  // A baseline entry for a file judged here could be used, or freed, by the change: no delta.
  const baseline = parseBaseline(read(BASELINE_PATH));
  if (baseline.entries.some((e) => judged.has(e.file))) no();
  const final = (ps: Problem[]) => applyIgnore(applySeverity(ps, config), config);
  // The verdict's problems on the judged files by the index rules must be exactly the old rendering's.
  const held = result.problems.filter((p) => judged.has(p.file) && INDEX_RULES.has(p.rule)).map(keyOf).sort();
  const old = final(oldRaw).map(keyOf).sort();
  if (held.length !== old.length || held.some((k, i) => k !== old[i])) no();
  // A range page whose links are checked now, or no longer: only when it has none that could be reported either way.
  for (const page of flipped) {
    if (result.problems.some((p) => p.file === page && !INDEX_RULES.has(p.rule))) no();
    if (!plainLinks(root, config, page, read)) no();
  }
  const added = final(newRaw);
  const kept = result.problems.filter((p) => !(judged.has(p.file) && INDEX_RULES.has(p.rule)));
  // A problem added beside one at the same place and rule would sort by the order found: no delta.
  const at = new Set(kept.map((p) => `${p.file}\0${p.line}\0${p.rule}`));
  if (added.some((p) => at.has(`${p.file}\0${p.line}\0${p.rule}`))) no();
  const problems = [...kept, ...added];
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  return { problems, counts: result.counts };
}

/** A summary for a range not rendered: none of its files is judged. */
const SKIPPED: RangeSummary = { data: '', page: '', graph: [], links: [] };

const packedRecordOf = (x: AdrChange, which: 'was' | 'now', s: Series): AdrRecord => packedRecord(x.rel.slice(s.dir.length + 1), x[which], s);

/**
 * Whether every link of a generated range page is one no check could
 * report: a plain link to an ADR file that exists, inside the docs, with no
 * label or role (src/check/rules/links.ts would find nothing, whether it
 * checks the page or not).
 */
function plainLinks(root: Root, config: DocpactConfig, page: string, read: (rel: string) => string | null): boolean {
  const docs = config.paths.docs;
  const listings = new Map<string, Set<string>>();
  for (const link of linksFact(read(page))) {
    if (link.kind === 'ref' || link.kind === 'doc') return false;
    if (isExternal(link.target)) continue;
    if (link.target.includes(':')) return false;
    const rel = resolveLink(page, link.target, docs);
    if (rel === null) continue;
    const dir = path.posix.dirname(rel);
    if (!rel.startsWith(`${docs}/`) || !rel.endsWith('.md') || dir === '.' || linkPath(link.target).startsWith('/')) return false;
    let names = listings.get(dir);
    if (!names) listings.set(dir, (names = new Set(listDir(root, dir))));
    if (!names.has(path.posix.basename(rel))) return false;
  }
  return true;
}
