/**
 * `docpact check` as a library: one pass over config, issue forms, ADRs, the
 * docs tree and chat threads, returning every problem. `planFixes` adds the
 * derivable repairs (ADR index, generated data, toctree entries for pages
 * docpact generated) to a plan; it never edits hand-written content.
 */
import path from 'node:path';
import { toRecord, type ParsedAdr } from '../adr/parse.js';
import { INDEX_END, INDEX_START, TEMPLATE_PAGE, adrIndexPage, canonicalNumber, indexDataFiles, otherIndexSource, planIndex, rangeDataDir, regionBounds, rememberHighest, seriesListing } from '../adr/store.js';
import { gitConflictLine, hasConflict } from '../text/conflict-markers.js';
import { derivedKind, resolveDerived } from '../merge/files.js';
import { merge3 } from '../sync/merge.js';
import type { Stages } from '../git/read.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import type { DocpactConfig } from '../config/schema.js';
import { LOCK_PATH, parseLock } from '../core/lockfile.js';
import type { PlanBuilder } from '../core/plan.js';
import { engineOf } from '../docs/engines/index.js';
import { readText, type Root } from '../io/fs.js';
import { DocpactError } from '../errors.js';
import { factsOf, problem, type Problem, type Repo } from './problem.js';
import { BASELINE_PATH, applyBaseline, applyIgnore, applySeverity, checkSettingsProblems, parseBaseline, protectsHistory } from './suppress.js';
import { checkLinks, labelsFact, linksFact } from './rules/links.js';
import { adrFact, adrTemplate, badFact, checkAdrIndex, checkAdrs, digestFact, parseAll, placeholderFact } from './rules/adr.js';
import { checkChats } from './rules/chat.js';
import { checkDocs, missingEntries, pageFact, pageKind, parseLockSafe, readDocsTree, unreachable, type DocsTree } from './rules/docs.js';
import type { Eager } from './facts.js';
import { checkForms } from './rules/forms.js';
import { checkSync } from './rules/sync.js';
import { lf } from '../text/markdown.js';

export interface CheckResult {
  problems: Problem[];
  counts: { adrs: number; threads: number; pages: number };
}

/** A reader that reads each file at most once; `once` reads without keeping the text (facts derived at first read). */
export interface Reader {
  (rel: string): string | null;
  /** The text without keeping it; a text kept already is the one given. */
  once(rel: string): string | null;
  /** Stop keeping a file's text; the text it kept (undefined when it kept none). */
  forget(rel: string): string | null | undefined;
}

export function cachedReader(root: Root): Reader {
  const seen = new Map<string, string | null>();
  const read = ((rel: string) => {
    let text = seen.get(rel);
    if (text === undefined) {
      text = readText(root, rel);
      seen.set(rel, text);
    }
    return text;
  }) as Reader;
  read.once = (rel) => {
    const text = seen.get(rel);
    return text === undefined ? readText(root, rel) : text;
  };
  read.forget = (rel) => {
    const text = seen.get(rel);
    seen.delete(rel);
    return text;
  };
  return read;
}

/** A file's first git conflict marker line (0: none). */
const conflictFact = (text: string | null) => (text === null ? 0 : gitConflictLine(text));

/**
 * The facts a file will give in one check, by where it is, each derived by
 * the very function its rule uses — so a pass without a cache derives them
 * all from one read and keeps no text (src/check/facts.ts `PassFacts`).
 * What it leaves out is derived on demand, from a second read.
 */
export function eagerFacts(repo: Repo): Eager {
  const docs = `${repo.config.paths.docs}/`;
  const mkdocs = repo.config.docs.engine === 'mkdocs';
  const series = seriesConfigs(repo.config).map((c) => {
    const s = seriesOf(c);
    let template: string | undefined;
    return { c, s, placeholders: placeholderFact(() => (template ??= adrTemplate(repo.root, c))), data: `${rangeDataDir(c)}/`, pages: [`${path.posix.dirname(s.index)}/by-number/`, `${path.posix.dirname(s.index)}/by-year/`] };
  });
  const chats = `${repo.config.paths.chats}/`;
  return (rel) => {
    const out: ReturnType<Eager> = [];
    // A thread's messages are read directly (src/check/rules/chat.ts); links and conflicts are asked of them later.
    if (rel.startsWith(chats) && rel.endsWith('.md')) return [['links', linksFact], ['git-conflict', conflictFact]];
    const inDocs = rel.startsWith(docs);
    const md = rel.endsWith('.md');
    let rangePage = false;
    for (const x of series) {
      if (x.pages.some((d) => rel.startsWith(d))) rangePage = true;
      if (rel.startsWith(x.data) && rel.endsWith('.json')) out.push(['digest', digestFact], ['git-conflict', conflictFact]);
      const name = rel.startsWith(`${x.s.dir}/`) ? rel.slice(x.s.dir.length + 1) : null;
      const m = name === null ? null : x.s.re.exec(name.slice(name.lastIndexOf('/') + 1));
      if (name === null || !m || !canonicalNumber(m[1], x.s.digits)) continue;
      out.push(['adr', adrFact(name, x.s, false)], ['adr-placeholder', x.placeholders]);
      if (!inDocs) out.push(['bad', badFact(repo.root, rel)], ['links', linksFact], ['git-conflict', conflictFact]);
    }
    if (inDocs && (md || rel.endsWith('.rst'))) out.push([pageKind(mkdocs), pageFact(rel, mkdocs, repo.root)], ['git-conflict', conflictFact]);
    // Asked for only when some page has a {ref} link, but then of every page: cheap to derive, dear to read again.
    if (inDocs && md) out.push(['labels', labelsFact]);
    if (rangePage) out.push(['digest', digestFact]);
    // A range page proved equal to its rendering has no links to check (checkLinks skips it).
    else if (inDocs && md) out.push(['links', linksFact]);
    return out;
  };
}

/**
 * How each kind of fact a remembering check asks of a file is derived from
 * its text, by where the file is: the pass's eager facts, with an ADR's
 * parse in the form the facts cache keeps (packed). A kind named twice for
 * one file (two series claiming it) is left out: its derivation is not known.
 */
export function factDerivers(repo: Repo): (rel: string) => Map<string, (text: string | null) => unknown> {
  const eager = eagerFacts(repo);
  const series = seriesConfigs(repo.config).map(seriesOf);
  return (rel) => {
    const out = new Map<string, (text: string | null) => unknown>();
    const twice = new Set<string>();
    for (const [kind, derive] of eager(rel)) (out.has(kind) ? twice.add(kind) : out.set(kind, derive));
    if (out.has('adr')) {
      const claims = series.filter((s) => rel.startsWith(`${s.dir}/`));
      if (claims.length === 1) out.set('adr', adrFact(rel.slice(claims[0].dir.length + 1), claims[0]));
      else twice.add('adr');
    }
    for (const kind of twice) out.delete(kind);
    return out;
  };
}

/** .docpact/lock.yaml must parse and match its schema (docpact.yaml itself is checked on load); then sync's rules. */
function checkLock(repo: Repo): Problem[] {
  let lock;
  try {
    lock = parseLock(repo.read(LOCK_PATH));
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    return [problem(LOCK_PATH, err.line ?? 1, 'config/schema', [err.message.replace(`${LOCK_PATH} `, ''), ...err.details].join(' '))];
  }
  return checkSync(repo, lock);
}

/** Files a merge left with git conflict markers. */
function checkConflicts(repo: Repo, files: string[]): Problem[] {
  const out: Problem[] = [];
  const facts = factsOf(repo);
  for (const file of new Set(files)) {
    // Markers docpact sync wrote are sync/conflict's (src/check/rules/sync.ts), not git's.
    const line = facts.of(file, 'git-conflict', conflictFact);
    if (!line) continue;
    const how = derivedKind(file) === 'page' ? '"docpact check --fix" resolves conflicts inside generated regions (ADR index, toctrees); resolve the rest by hand' : '"docpact check --fix" regenerates it';
    out.push(problem(file, line, 'merge/conflict', `unresolved git merge conflict; ${how}`));
  }
  return out;
}

/** The docs tree and every series' ADRs; the ADR folders inside the docs tree were stamped by its walk. */
function scan(repo: Repo): { tree: DocsTree; series: { config: DocpactConfig; names: string[]; adrs: ParsedAdr[] }[] } {
  const tree = readDocsTree(repo);
  // The folder's own listing decides what is an ADR (a folder named like one is reported, not skipped).
  const series = seriesConfigs(repo.config).map((config) => {
    const names = seriesListing(seriesOf(config), (dir) => factsOf(repo).list(dir));
    return { config, names, adrs: parseAll({ ...repo, config }, names) };
  });
  return { tree, series };
}

/** The ADR files of the series outside the docs tree (the tree's own pages are its walk's). */
const outsideDocs = (repo: Repo, series: { config: DocpactConfig; names: string[] }[]) =>
  series.flatMap(({ config, names }) => {
    const s = seriesOf(config);
    // The listing names subfolders too (log4brains' _index, templates/): only the ADR files.
    return s.dir.startsWith(`${repo.config.paths.docs}/`) ? [] : names.filter((n) => s.re.test(n.slice(n.lastIndexOf('/') + 1))).map((n) => `${s.dir}/${n}`);
  });

/**
 * Every problem, with configured severities, `check.ignore` and the baseline
 * applied (accepted problems are kept, marked `suppressed`). `extra` are
 * problems found elsewhere (check --base) that go through the same acceptance.
 */
export function runCheck(repo: Repo, opts: { extra?: Problem[]; baseline?: boolean; history?: { config: DocpactConfig | null; baseline: string | null } } = {}): CheckResult {
  // Every ADR series, each with its own rules, numbering and index.
  const configs = seriesConfigs(repo.config);
  const scanned = scan(repo);
  // Range pages just proved equal to a fresh rendering: their links are docpact's own, to ADRs that exist.
  const proved = new Set<string>();
  const series = scanned.series.map(({ config, names, adrs }) => {
    const view = { ...repo, config };
    return { adrs, problems: [...checkAdrs(view, adrs, names), ...checkAdrIndex(view, adrs, proved)] };
  });
  const adrs = series.flatMap((x) => x.adrs);
  const tree = scanned.tree;
  const chats = checkChats(repo);
  let problems = [
    ...checkLock(repo),
    ...checkSettingsProblems(repo.config),
    ...checkForms(repo),
    ...series.flatMap((x) => x.problems),
    ...checkDocs(repo, tree),
    ...checkLinks(repo, configs, tree, chats, proved),
    ...chats.problems,
    ...checkConflicts(repo, [...tree.pages.values(), ...outsideDocs(repo, scanned.series), ...chats.pages, LOCK_PATH, ...configs.flatMap((c) => indexDataFiles(repo.root, c, (dir) => factsOf(repo).list(dir))), BASELINE_PATH]),
    ...(opts.extra ?? []),
  ];
  // With --base, the rules that protect history answer to the merge base's settings and baseline, not to this change's.
  const { history } = opts;
  const kept = history ? problems.filter((p) => protectsHistory(p.rule)) : [];
  if (history) problems = problems.filter((p) => !protectsHistory(p.rule));
  problems = applyIgnore(applySeverity(problems, repo.config), repo.config);
  if (opts.baseline !== false) problems = withBaseline(repo, problems);
  if (history) {
    let theirs = history.config ? applyIgnore(applySeverity(kept, history.config), history.config) : kept;
    if (opts.baseline !== false) theirs = applyBaseline(theirs, parseBaseline(history.baseline).entries).problems;
    problems.push(...theirs);
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  return { problems, counts: { adrs: adrs.length, threads: chats.threads, pages: tree.pages.size } };
}

/** Problems the baseline accepts marked; its entries that no longer occur reported (baseline/unused). */
function withBaseline(repo: Repo, problems: Problem[]): Problem[] {
  const text = repo.read(BASELINE_PATH);
  const base = parseBaseline(text);
  const applied = applyBaseline(problems, base.entries);
  const lines = (text ?? '').split('\n');
  return [
    ...applied.problems,
    ...base.problems,
    ...applied.unused.map((e) => {
      const line = lines.findIndex((l) => l.startsWith(`{"file":${JSON.stringify(e.file)},`) && l.includes(JSON.stringify(e.message))) + 1;
      const times = e.count > 1 ? ` (${e.count} of them)` : '';
      return problem(BASELINE_PATH, line, 'baseline/unused', `${e.file}: ${e.rule}: "${e.message}" no longer occurs${times}; run "docpact check --update-baseline" to prune it`, 'warning');
    }),
  ];
}

export function planFixes(plan: PlanBuilder, repo: Repo, unmerged?: Map<string, Stages>): void {
  const { config, read } = repo;
  // 0. A derived file git lists as unmerged but left as our side alone (its merge driver did not run, e.g. docpact is
  // not installed in that clone): merged again from the sides git keeps in its index. Only while it is git's copy of ours.
  for (const [file, st] of unmerged ?? []) {
    const kind = derivedKind(file);
    const text = kind && st.ours !== null && st.theirs !== null ? plan.read(file) : null;
    if (!kind || text === null || hasConflict(text) || lf(text) !== lf(st.ours as string)) continue;
    const merged = merge3(st.base ?? '', text, st.theirs as string, ['ours', 'theirs']);
    plan.write(file, merged.conflict ? resolveDerived(kind, merged.text).text : merged.text);
  }
  // 0. Conflict markers a merge left in derived files: generated regions and derived data are resolved, the rest is kept for a person.
  const configs = seriesConfigs(config);
  for (const file of new Set([...readDocsTree(repo).pages.values(), ...configs.map(adrIndexPage), LOCK_PATH, ...configs.flatMap((c) => indexDataFiles(repo.root, c))])) {
    const kind = derivedKind(file);
    if (kind === null || !read(file)?.includes('<<<<<<<')) continue; // the cached read: cheap at 10,000 ADRs
    const text = plan.read(file);
    if (text === null || !hasConflict(text)) continue;
    const res = resolveDerived(kind, text);
    if (res.text !== text) plan.write(file, res.text);
  }
  // 1. The ADR index page region and data, from the ADR files themselves (not without markers: that needs a person).
  for (const c of configs) {
    const page = plan.read(adrIndexPage(c));
    const own = seriesOf(c).ownIndex === true;
    // Never an index.md beside the project's index.rst (two sources of one document): check names the setting to change.
    if (otherIndexSource(c, (rel) => plan.read(rel)) !== null) continue;
    // A configured index page that does not exist yet (adr.index moved) starts as a heading and the region; the team's own is never written.
    if (page === null && !own) plan.write(adrIndexPage(c), `# Architecture decisions\n\n${INDEX_START}\n${INDEX_END}\n`);
    const adrs = parseAll({ ...repo, config: c });
    if (page === null || own || regionBounds(page)) planIndex(plan, c, adrs.map(toRecord));
    // The folder was just listed: numbering can skip the listing until it changes.
    const highest = adrs.reduce((max, a) => Math.max(max, a.number), seriesOf(c).first - 1);
    plan.afterApply.push(() => rememberHighest(repo.root, c, highest));
  }
  // 2. Toctree entries naming a page docpact generated (tracked in the lock) that has since been deleted.
  const lock = parseLockSafe(plan.read(LOCK_PATH)); // as step 0 left it
  const gone = readDocsTree(repo);
  const byFile = new Map<string, number[]>();
  for (const m of missingEntries(repo, gone)) if (lock.has(m.page)) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m.line]);
  for (const [file, lines] of byFile) {
    let text = plan.read(file);
    // Bottom-up, so earlier line numbers stay valid.
    for (const line of lines.sort((a, b) => b - a)) text = text === null ? null : (engineOf(config).removeListed(text, line) ?? text);
    if (text !== null) plan.write(file, text);
  }
  // 3. Pages docpact generated (tracked in the lock) that no toctree reaches.
  // ADR pages are reached through the generated index (step 1), whose range pages may exist only in this plan yet.
  const series = configs.map(seriesOf);
  const isAdr = (file: string) => series.some((s) => file.startsWith(`${s.dir}/`) && s.re.test(file.slice(s.dir.length + 1)));
  const tree = readDocsTree({ root: repo.root, config, read: (rel) => plan.read(rel) }); // the plan's view, never remembered facts
  for (const doc of unreachable(tree)) {
    const file = tree.pages.get(doc) as string;
    // The ADR template page is an orphan by design; one from before that lacks the front matter is reported (docs/orphan), not re-listed.
    if (!lock.has(file) || path.posix.basename(doc) === 'index' || path.posix.basename(doc) === TEMPLATE_PAGE || isAdr(file)) continue;
    const indexRel = `${path.posix.dirname(file)}/index.md`;
    const index = plan.read(indexRel);
    const title = /^# (.+)$/m.exec(plan.read(file) ?? '')?.[1] ?? path.posix.basename(doc);
    const next = index === null ? null : engineOf(config).addListed(index, { slug: path.posix.basename(doc), title });
    if (next !== null) plan.write(indexRel, next);
  }
}
