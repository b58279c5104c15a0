/**
 * Plan a sync: bring every generated file in step with a configuration and
 * the current templates, without losing anything the user wrote.
 *
 * For each file of the tree (src/sync/tree.ts):
 * - covered by the project's own file (a form, the PR template, a `.rst`
 *   page) → not written, reported;
 * - absent, never written → created; absent but written before → the user
 *   deleted it: it stays deleted (--force restores it);
 * - identical to the new rendering (line endings aside) → unchanged;
 * - present but not written by docpact (the lock does not know it) → kept,
 *   reported; --force never replaces it;
 * - still what docpact rendered last time → replaced ("updated"): the lock's
 *   hash and the merge base both say so (the lock alone can be forged);
 * - edited → three-way merge (base = last rendering from .docpact/base/,
 *   ours = the file, theirs = the new rendering): "merged", or written with
 *   conflict markers ("conflict", exit 1);
 * - living pages (indexes, glossary, ADR-0001) only get additions;
 * - written by an earlier docpact under another name (`was`) → moved: the
 *   rendering with the old file's edits merged in; the old name removed.
 * Files docpact generated that the configuration no longer asks for are
 * reported, never deleted. A change of a `paths.*` folder is refused with
 * the steps to move it by hand (exit 2), unless the move is already done.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { BASE_DIR, LOCK_PATH, basePath, type Lock, type LockEntry, type LockPaths } from '../core/lock.js';
import { readLock } from '../core/lock-update.js';
import type { FileOp, PlanBuilder } from '../core/plan.js';
import { parseAdr, toRecord } from '../adr/parse.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { listAdrFiles, planIndexOf, type AdrFile } from '../adr/store.js';
import { exists, type Root } from '../io/fs.js';
import { contentHash, sha256 } from '../text/hash.js';
import { conflictMarkers } from '../text/conflict-markers.js';
import type { Desired } from './tree.js';
import { firstAdrFile } from './first-adr.js';
import { TreeInputs, rememberTree, rememberedTree, treeKey, type MemoFile } from './tree-memo.js';
import { lf } from '../text/markdown.js';

export interface SyncOptions {
  force: boolean;
  /** YYYY-MM-DD: only a newly seeded first ADR carries it. */
  date: string;
  /** Remember what the tree rendered to, and find it unchanged next time without rendering it (sync: ./tree-memo.ts). */
  remember?: boolean;
}

/** The folders a generated tree lives in, as the lock records them. */
export const trackedPaths = (c: DocpactConfig): LockPaths => ({
  docs: c.paths.docs,
  adr: c.paths.adr,
  generated: c.paths.generated,
  github: c.paths.github,
  prompts: c.paths.prompts,
  chats: c.paths.chats,
});

/** Plan the sync; returns what the tree adopted from the project (init prints it). */
export async function planSync(root: Root, config: DocpactConfig, plan: PlanBuilder, opts: SyncOptions): Promise<string[]> {
  // 1. The lock (through its cache while it is unchanged), re-keyed if the user moved a configured folder; a move still to do is refused.
  const lock = followMoves(root, config, await readLock(plan, plan.read(LOCK_PATH)), plan);

  // 2. Every file the configuration asks for (each series listed once, for the tree and the index): as remembered
  // when no input of the rendering changed and every file still holds what it remembers, else rendered now.
  const listed = new Map<DocpactConfig, AdrFile[]>();
  const adrFiles = (sc: DocpactConfig) => listed.get(sc) ?? (listed.set(sc, listAdrFiles(root, sc)), listed.get(sc) as AdrFile[]);
  const key = opts.remember ? treeKey(config, opts.date, lock.keys(), seriesConfigs(config).map((sc) => adrFiles(sc).length)) : null;
  const memo = key === null ? null : rememberedTree(root, key, config.paths.templates);
  let tree: { files: { path: string }[]; found: string[] } | null = memo && planRemembered(plan, lock, memo.files) ? memo : null;
  if (!tree) {
    // What rendering needs is loaded only to render: the templates and their data, the yaml writer (forms, the
    // workflow, labels), the three-way merge.
    const { desiredTree, prepareTree } = await import('./tree.js');
    await prepareTree(config);
    await (await import('../text/yaml.js')).loadYamlWriter();
    const { merge3 } = await import('./merge.js');
    const inputs = key === null ? null : new TreeInputs(config.paths.templates);
    const traced: Root = inputs ? { ...root, trace: inputs.trace } : root;
    const read = (rel: string) => (inputs?.trace(rel, 'file'), plan.read(rel));
    const rendered = desiredTree({ root: traced, read, adrCount: (sc) => adrFiles(sc).length }, config, opts.date, lock);
    const files: Omit<MemoFile, 'override'>[] = [];
    for (const d of rendered.files) {
      let digest: string | null = null;
      if (d.covered) plan.put({ path: d.path, kind: 'skip', before: null, after: null, template: d.template, outcome: 'covered', reason: d.covered });
      else if (d.living) {
        planLiving(plan, lock, d, opts.force);
        // A living page its update leaves as it is: that very text is found unchanged next time.
        const cur = plan.original(d.path);
        if (cur !== null && plan.read(d.path) === cur) digest = sha256(cur);
      } else if (!(d.was && planMoved(plan, lock, d, merge3))) {
        planFile(plan, lock, d, opts.force, merge3);
        digest = sha256(d.content);
      }
      files.push({ path: d.path, template: d.template, version: d.version, ...(d.living ? { living: true as const } : {}), ...(d.covered ? { covered: d.covered } : {}), digest });
    }
    tree = rendered;
    const stamps = inputs?.stamps(root, (rel) => changes(plan, rel));
    const overrides = stamps && inputs?.overridesOf(root, rendered.files);
    if (key !== null && stamps && overrides) {
      const remembered = files.map((f, i) => ({ ...f, override: overrides[i] }));
      plan.afterApply.push(() => rememberTree(root, key, stamps, { files: remembered, found: rendered.found }));
    }
  }

  // 3. Each series' index, from the ADRs on disk (and a newly seeded first ADR): a range whose ADRs did not
  // change since sync last summarized it, and whose index files still match, is not read (src/adr/memo.ts).
  for (const [i, sc] of seriesConfigs(config).entries()) {
    const series = seriesOf(sc);
    const files = [...adrFiles(sc)];
    const first = firstAdrFile(sc);
    if (i === 0 && series.format === 'docpact' && plan.read(`${series.dir}/${first}`) !== null && !files.some((f) => f.file === first)) files.unshift({ number: series.first, file: first });
    if (plan.read(series.index) !== null) planIndexOf(plan, sc, files, (f) => toRecord(parseAdr(f.file, plan.read(`${series.dir}/${f.file}`) ?? '', series)), { remember: true });
  }

  // 4. What docpact generated before and the configuration no longer asks for: reported, never deleted.
  const wanted = new Set(tree.files.map((d) => d.path));
  let dropped = false;
  for (const e of lock.values()) {
    if (!e.templateVersion || wanted.has(e.path) || plan.has(e.path)) continue;
    const cur = plan.original(e.path);
    if (cur === null) {
      lock.delete(e.path); // gone already: nothing left to track, nor its merge base
      plan.remove(basePath(e.path));
      dropped = true;
      continue;
    }
    const edited = contentHash(cur) !== e.sha256;
    plan.put({
      path: e.path,
      kind: 'skip',
      before: cur,
      after: null,
      outcome: 'removed-from-config',
      reason: `no longer in docpact.yaml; ${edited ? 'it has your edits, so it is' : 'docpact never deletes pages, so it is'} kept: delete it (and its toctree entry) by hand, or delete its entry in ${LOCK_PATH} to keep it as yours`,
    });
  }

  // 5. Record the folders (and any re-keying) in the lock; per-file entries follow in planLockUpdate.
  const paths = trackedPaths(config);
  if (dropped || !isDeepStrictEqual(lock.paths, paths) || plan.read(LOCK_PATH) === null) {
    lock.paths = paths;
    const { renderLock } = await import('../core/lockfile.js');
    await (await import('../text/yaml.js')).loadYamlWriter();
    plan.write(LOCK_PATH, renderLock(lock));
  }
  return tree.found;
}

const rendered = (d: Desired) => ({ content: d.content, version: d.version });

type Merge3 = typeof import('./merge.js').merge3;

/** The plan leaves this file other than it is on disk. */
const changes = (plan: PlanBuilder, rel: string) => plan.has(rel) && plan.read(rel) !== plan.original(rel);

/**
 * Plan the remembered tree without rendering it: each file covered as it
 * was, or holding the very text it remembers (a rendering unchanged; a
 * living page its update left as it was). False as soon as one does not:
 * then the tree is rendered and planned in full (its operations replace
 * these).
 */
function planRemembered(plan: PlanBuilder, lock: Lock, files: MemoFile[]): boolean {
  for (const m of files) {
    if (m.covered !== undefined) {
      plan.put({ path: m.path, kind: 'skip', before: null, after: null, template: m.template, outcome: 'covered', reason: m.covered });
      continue;
    }
    const cur = plan.original(m.path);
    if (cur === null || m.digest === null) return false;
    if (m.living) {
      if (sha256(cur) !== m.digest) return false;
      plan.put({ path: m.path, kind: 'modify', before: cur, after: cur, template: lock.get(m.path)?.template ?? m.template, living: true, outcome: 'unchanged' });
      continue;
    }
    const text = lf(cur);
    if (sha256(text) !== m.digest) return false;
    // As planFile puts a file that holds its rendering: that text is the rendering.
    plan.put({ path: m.path, kind: 'unchanged', before: cur, after: cur, template: m.template, rendered: { content: text, version: m.version }, outcome: 'unchanged' });
  }
  return true;
}

/** A file sync owns: create, update, merge, or leave alone — never lose the user's text. */
function planFile(plan: PlanBuilder, lock: Lock, d: Desired, force: boolean, merge3: Merge3): void {
  const cur = plan.original(d.path);
  const entry = lock.get(d.path);
  const op = { path: d.path, template: d.template, rendered: rendered(d), before: cur };
  const put = (o: Omit<FileOp, 'path' | 'before'>) => plan.put({ ...op, ...o });
  if (cur === null) {
    if (entry && !force) return put({ kind: 'skip', after: d.content, outcome: 'deleted-by-user', reason: 'deleted since docpact wrote it; --force restores it' });
    return put({ kind: 'create', after: d.content, outcome: 'created' });
  }
  if (lf(cur) === d.content) return put({ kind: 'unchanged', after: cur, outcome: 'unchanged' });
  // --force restores docpact's own files; a file docpact never wrote is the team's, and stays.
  if (!entry) return put({ kind: 'skip', after: d.content, outcome: 'foreign', reason: 'exists, not written by docpact; kept', foreign: true, rendered: undefined });
  if (contentHash(cur) === entry.sha256) {
    // The lock is committed, so a pull request can set its hash to the hash of your edited file: "unedited" also
    // needs the merge base docpact kept to be this very text (check --base reports a hash changed that way).
    const copy = plan.read(basePath(d.path)); // as followMoves left it (a moved folder's bases move too)
    if (copy !== null && lf(copy) === lf(cur)) return put({ kind: 'modify', after: d.content, outcome: 'updated' });
    return put({
      kind: 'conflict',
      after: d.content,
      outcome: 'conflict',
      reason: `the lock says docpact wrote it, but its merge base in ${BASE_DIR}/ ${copy === null ? 'is missing' : 'is other text'} (a lock edited by hand, or in a pull request?); kept — --force replaces it with the new rendering`,
    });
  }
  const base = mergeBase(plan, entry, d);
  if (base === null) {
    return put({
      kind: 'conflict',
      after: d.content,
      outcome: 'conflict',
      reason: 'edited, and no merge base was kept for it (written by an older docpact); kept — --force replaces it with the new rendering',
    });
  }
  const m = merge3(base, cur, d.content);
  if (m.text === cur) {
    // Markers left from an earlier sync still fail the run until they are resolved.
    if (conflictMarkers(cur).length) return put({ kind: 'unchanged', after: cur, outcome: 'conflict', reason: 'unresolved conflict markers from an earlier sync' });
    return put({ kind: 'unchanged', after: cur, outcome: 'unchanged' });
  }
  if (!m.conflict) return put({ kind: 'modify', after: m.text, outcome: 'merged', reason: 'your edits kept' });
  put({ kind: 'modify', after: m.text, outcome: 'conflict', reason: 'you and the new rendering changed the same lines: resolve the conflict markers' });
}

/**
 * A file docpact now writes under another name (`d.was`: the folder notes'
 * README.md, README in an MkDocs site), moved when docpact wrote the old one
 * and the new one is not there yet: the rendering, with the edits made to the
 * old file merged in (as planFile merges), and the old name removed. Edited
 * and without a merge base, the old file is kept and the move reported as a
 * conflict. False when there is nothing to move.
 */
function planMoved(plan: PlanBuilder, lock: Lock, d: Desired, merge3: Merge3): boolean {
  const was = d.was as string;
  const entry = lock.get(was);
  const old = plan.original(was);
  if (!entry || entry.living || old === null || plan.original(d.path) !== null) return false;
  const op = { path: d.path, template: d.template, rendered: rendered(d), before: null };
  const base = mergeBase(plan, entry, d);
  if (base === null) {
    plan.put({ ...op, kind: 'conflict', after: d.content, outcome: 'conflict', reason: `docpact now writes ${was} as ${d.path}, and ${was} has edits but no merge base; kept — move your text to ${d.path} and delete ${was}, or --force writes ${d.path} anew` });
    return true;
  }
  const m = merge3(base, lf(old), d.content);
  const edited = m.text !== d.content;
  plan.put({ ...op, kind: 'create', after: m.text, outcome: m.conflict ? 'conflict' : edited ? 'merged' : 'created', reason: `moved from ${was}${m.conflict ? ': you and the new rendering changed the same lines: resolve the conflict markers' : edited ? ', your edits kept' : ''}` });
  plan.remove(was);
  plan.remove(basePath(was));
  return true;
}

/**
 * What docpact rendered last time: the new rendering itself when it has not
 * changed since (which covers locks written before docpact kept bases), or
 * the copy in .docpact/base/ if the lock vouches for it.
 */
function mergeBase(plan: PlanBuilder, entry: LockEntry, d: Desired): string | null {
  if (contentHash(d.content) === entry.sha256) return d.content;
  const copy = plan.original(basePath(entry.path));
  return copy !== null && contentHash(copy) === entry.sha256 ? lf(copy) : null;
}

/** A page other commands keep editing: created once, then only given what the configuration adds. */
function planLiving(plan: PlanBuilder, lock: Lock, d: Desired, force: boolean): void {
  const cur = plan.original(d.path);
  const entry = lock.get(d.path);
  if (cur === null) {
    if (entry && !force) {
      return plan.put({ path: d.path, kind: 'skip', before: null, after: d.content, template: d.template, living: true, outcome: 'deleted-by-user', reason: 'deleted since docpact wrote it; --force restores it' });
    }
    return plan.put({ path: d.path, kind: 'create', before: null, after: d.content, template: d.template, living: true, rendered: rendered(d), outcome: 'created' });
  }
  const after = d.update ? d.update(cur) : cur;
  plan.put({ path: d.path, kind: 'modify', before: cur, after, template: entry?.template ?? d.template, living: true, outcome: after === cur ? 'unchanged' : 'updated' });
}

/** Every place docpact.yaml names, by key: the folders, each ADR series' folder and index page. */
function configPaths(c: DocpactConfig): { key: string; value: string }[] {
  return [
    ...Object.entries(c.paths).map(([k, value]) => ({ key: `paths.${k}`, value })),
    { key: 'adr.index', value: c.adr.index },
    ...(c.adr.series ?? []).flatMap((x, i) => [
      { key: `adr.series[${i}].path`, value: x.path },
      { key: `adr.series[${i}].index`, value: x.index },
    ]),
  ];
}

/**
 * Compare the folders the lock recorded with the configuration. A folder the
 * user already moved (old place gone, new place there) is followed: lock
 * entries and merge bases are re-keyed. Any other change is refused before
 * anything is written, with the steps to do the move by hand.
 */
function followMoves(root: Root, config: DocpactConfig, lock: Lock, plan: PlanBuilder): Lock {
  const now = trackedPaths(config);
  const was = lock.paths;
  if (!was) return lock;
  const changed = Object.keys(now)
    .filter((k) => was[k] !== undefined && was[k] !== now[k])
    .map((k) => ({ key: k, from: was[k], to: now[k] }))
    // Longest first, so a nested folder (adr inside docs) claims its own files.
    .sort((a, b) => b.from.length - a.from.length);
  if (!changed.length) return lock;
  const under = (p: string, dir: string) => p === dir || p.startsWith(`${dir}/`);
  const pending = changed.filter((c) => exists(root, c.from) || !exists(root, c.to)).sort((a, b) => a.from.length - b.from.length);
  // Keys that still name a place inside a folder that moves (adr.index, a nested paths.*): the move takes them along.
  const stale = configPaths(config).flatMap(({ key, value }) => {
    const c = changed.find((x) => x.key !== key.replace(/^paths\./, '') && under(value, x.from) && !under(value, x.to));
    return c ? [{ key, value, to: c.to + value.slice(c.from.length) }] : [];
  });
  if (pending.length || stale.length) {
    // A folder that moves with its parent needs no step of its own.
    const steps = [
      ...pending.filter((c) => !pending.some((o) => o !== c && under(c.from, o.from) && c.to === o.to + c.from.slice(o.from.length))).map((c) => `git mv ${c.from} ${c.to}`),
      ...stale.map((x) => `In docpact.yaml, set ${x.key}: ${x.to} (it names ${x.value}, inside the folder that moves)`),
      'Fix the relative links that cross the moved folders (toctrees, {doc} and Markdown links); "docpact check" lists the ones left.',
      `Run "docpact sync" again: it follows the move in ${LOCK_PATH}.`,
    ];
    const moving = pending.length ? pending : changed;
    throw new DocpactError('config', `docpact.yaml moves ${moving.map((c) => `paths.${c.key}`).join(', ')}; sync does not move folders, so nothing was written.`, [
      ...moving.map((c) => `paths.${c.key}: ${c.from} → ${c.to}`),
      pending.length ? 'To move by hand:' : 'The folders are moved; still to do:',
      ...steps.map((step, i) => `${i + 1}. ${step}`),
      'Or put the old paths back in docpact.yaml.',
    ]);
  }
  const moved: Lock = new Map();
  moved.paths = was;
  for (const e of lock.values()) {
    const hit = changed.find((c) => e.path.startsWith(`${c.from}/`));
    if (!hit) {
      moved.set(e.path, e);
      continue;
    }
    const path = hit.to + e.path.slice(hit.from.length);
    moved.set(path, { ...e, path });
    const base = plan.original(basePath(e.path));
    if (base !== null) {
      plan.write(basePath(path), base);
      plan.remove(basePath(e.path));
    }
  }
  return moved;
}
