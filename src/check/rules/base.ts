/**
 * `check --base REF`: the working tree compared with the merge base of REF
 * and HEAD, read through git (src/git/read.ts). What a single snapshot
 * cannot show:
 *
 * - base/adr-number: an ADR number added on both sides (or added here while
 *   the base already had it), with the exact `adr renumber` command;
 * - base/sealed-edit: a message sealed at the base whose bytes differ now —
 *   recomputing meta.yaml does not hide it, only rewriting git history does;
 * - base/closure: DECISION.md appearing or changing without the thread
 *   closing in the same change, or a closed thread reopened;
 * - base/decision-edit: the Decision section of an ADR that was Accepted at
 *   the base was edited (a warning: records are superseded, not rewritten);
 * - base/lock-forged: a hash the lock records for a generated file, or its
 *   merge base in .docpact/base/, changed to something docpact does not
 *   render — sync would take a file matching it as unedited and replace it.
 *
 * Who closed a thread is not checked: roles (architect, user) are not git
 * identities, and docpact has no mapping from one to the other.
 */
import { parseAdr } from '../../adr/parse.js';
import { adrId, sameStatus, seriesConfigs, seriesOf, type Series } from '../../adr/series.js';
import { canonicalNumber, listAdrFiles } from '../../adr/store.js';
import { META_FILE, maybeNotUtf8, parseMeta, sealDigest, type ThreadMeta } from '../../chat/thread.js';
import { CONFIG_FILE, parseConfig } from '../../config/load.js';
import type { DocpactConfig } from '../../config/schema.js';
import { DocpactError } from '../../errors.js';
import { BASE_DIR, LOCK_PATH, basePath, parseLock, type Lock } from '../../core/lockfile.js';
import { listDir, listSubdirs, readBytes } from '../../io/fs.js';
import { desiredTree } from '../../sync/tree.js';
import { contentHash } from '../../text/hash.js';
import { GitReader } from '../../git/read.js';
import { problem, type Problem, type Repo } from '../problem.js';
import { placeholders, sectionBodies } from '../../adr/formats/text.js';
import { renderDecision } from '../../chat/format.js';
import { adrTemplate } from './adr.js';
import { BASELINE_PATH } from '../suppress.js';

export interface BaseInfo {
  ref: string;
  base: string;
}

/**
 * What accepts problems of the rules that protect history (`protectsHistory`)
 * under --base: the merge base's docpact.yaml (check.severity, check.ignore)
 * and .docpact/baseline.json, never the change's own — else a pull request
 * could set base/sealed-edit to a warning in the same commit as the edit.
 * A base without a readable docpact.yaml accepts nothing.
 */
export interface History {
  config: DocpactConfig | null;
  baseline: string | null;
}

export function checkBase(repo: Repo, ref: string): { problems: Problem[]; info: BaseInfo; history: History } {
  const git = GitReader.open(repo.root, 'check --base');
  const theirs = git.commit(ref, '--base');
  const head = git.commit('HEAD', '--base (HEAD)');
  const base = git.mergeBase(theirs, head, '--base');
  const at = `${ref} (merge base ${git.short(base)})`;
  let config: DocpactConfig | null = null;
  try {
    const text = git.readText(base, CONFIG_FILE);
    config = text === null ? null : parseConfig(text);
  } catch (err) {
    if (!(err instanceof DocpactError) || err.code !== 'config') throw err; // broken at the base: it accepts nothing
  }
  // Every ADR series has its own numbers and records.
  const perSeries = seriesConfigs(repo.config).flatMap((sc) => {
    const view = { ...repo, config: sc };
    return [...adrNumbers(view, git, base, theirs, ref), ...decisions(view, git, base, at)];
  });
  const problems = [...perSeries, ...threads(repo, git, base, at, config?.paths.chats ?? repo.config.paths.chats), ...lockClaims(repo, git, base, at)];
  return { problems, info: { ref, base }, history: { config, baseline: git.readText(base, BASELINE_PATH) } };
}

const numberOf = (file: string, s: Series) => {
  const m = s.re.exec(file);
  return m && canonicalNumber(m[1], s.digits) ? Number(m[1]) : null;
};

/** ` --series NAME` for an ADR outside the main series. */
const seriesFlag = (s: Series) => (s.name ? ` --series ${s.name}` : '');

function adrNumbers(repo: Repo, git: GitReader, base: string, theirs: string, ref: string): Problem[] {
  const { config } = repo;
  const s = seriesOf(config);
  const dir = s.dir;
  const names = (paths: Map<string, string>) => [...paths.keys()].filter((p) => p.lastIndexOf('/') === dir.length && p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1));
  const atBase = new Set(names(git.listFiles(base, dir)));
  const onTheirs = new Set(names(git.listFiles(theirs, dir)));
  const here = new Set(listAdrFiles(repo.root, config).map((f) => f.file));
  // Every ADR file on either side, by number; a number is contested when it has a file added since the base and another file.
  const byNumber = new Map<number, Set<string>>();
  for (const file of [...atBase, ...onTheirs, ...here]) {
    const n = numberOf(file, s);
    if (n === null) continue;
    if (!byNumber.has(n)) byNumber.set(n, new Set());
    (byNumber.get(n) as Set<string>).add(file);
  }
  // reduce, not Math.max(...): 100,000 numbers as arguments overflow the stack.
  let next = [...byNumber.keys()].reduce((max, n) => Math.max(max, n), s.first - 1) + 1;
  const out: Problem[] = [];
  for (const [n, files] of [...byNumber].sort((a, b) => a[0] - b[0])) {
    if (files.size < 2) continue;
    const added = [...files].filter((f) => !atBase.has(f)).sort();
    if (!added.length || s.numbering === 'date') continue; // an old duplicate: adr/duplicate-number reports it; days are shared in a dated series
    // Keep what the base or the other side already has; renumber what this side added.
    const keep = [...files].find((f) => atBase.has(f)) ?? [...files].filter((f) => onTheirs.has(f)).sort()[0] ?? added[0];
    const others = [...files].filter((f) => f !== keep).sort();
    for (const file of others) {
      if (!here.has(file)) continue; // only on the other side: the renumbering happens there, or after the merge
      const where = atBase.has(keep) ? `${keep} already had it at the merge base` : onTheirs.has(keep) && !here.has(keep) ? `${ref} added ${keep}` : `${keep} was added too`;
      out.push(problem(`${dir}/${file}`, 1, 'base/adr-number', `${adrId(n, s.digits)} was added on both sides: ${where}. Run: docpact adr renumber ${file} ${next}${seriesFlag(s)}`));
      next++;
    }
  }
  return out;
}

/**
 * Threads compared with the base, by folder name (the slug) under the chats
 * folder each side configures: a change that moves paths.chats (git mv, sync)
 * is followed, so messages rewritten with recomputed hashes on the way are
 * still caught. A thread the base had and this side does not was deleted
 * (or renamed): its sealed messages are reported as deleted.
 */
function threads(repo: Repo, git: GitReader, base: string, at: string, baseChats: string): Problem[] {
  const { root, config, read } = repo;
  const chats = config.paths.chats;
  const here = (baseRel: string) => chats + baseRel.slice(baseChats.length);
  // A file's bytes: its text (read once for the whole check) unless decoding replaced bytes that are not UTF-8.
  const bytesOf = (rel: string): Buffer | null => {
    const text = read(rel);
    return text === null ? null : maybeNotUtf8(text) ? readBytes(root, rel) : Buffer.from(text, 'utf8');
  };
  const baseFiles = git.listFiles(base, baseChats);
  // Only threads with a file whose bytes differ from the base need reading (O(changed), not O(threads)).
  const slugs = new Set<string>();
  for (const [file, blob] of baseFiles) {
    const bytes = bytesOf(here(file));
    if (bytes === null || GitReader.blobId(bytes) !== blob) slugs.add(file.slice(baseChats.length + 1).split('/')[0]);
  }
  // What the base has of these paths (absent: not at the base), keyed by the path there.
  const atBase = (paths: string[]) => paths.flatMap((p): [string, string][] => (baseFiles.has(p) ? [[p, baseFiles.get(p) as string]] : []));
  const metas = git.readBlobs(base, atBase([...slugs].map((s) => `${baseChats}/${s}/${META_FILE}`)));
  // Sealed messages and closure files at the base, read in one git call.
  const baseMeta = new Map<string, ThreadMeta>();
  const wanted: string[] = [];
  for (const slug of slugs) {
    const bytes = metas.get(`${baseChats}/${slug}/${META_FILE}`);
    if (bytes === undefined) continue;
    try {
      const meta = parseMeta(bytes.toString('utf8'), META_FILE);
      baseMeta.set(slug, meta);
      for (const m of meta.messages) if (m.sha256 !== null) wanted.push(`${baseChats}/${slug}/${m.file}`);
      wanted.push(`${baseChats}/${slug}/DECISION.md`);
    } catch {
      // A thread that was already broken at the base has no seal to protect.
    }
  }
  const old = git.readBlobs(base, atBase(wanted));
  const out: Problem[] = [];
  let template: string | undefined;
  const decisionTemplate = () => (template ??= renderDecision({ root }, config, { slug: '', title: '', by: '', date: '', count: 0 }));
  const present = new Set(listSubdirs(root, chats));
  const baseSlugs = new Set([...baseFiles.keys()].map((f) => f.slice(baseChats.length + 1).split('/')[0]));
  const changedOrNew = [...present].filter((s) => !baseSlugs.has(s) || slugs.has(s) || listDir(root, `${chats}/${s}`).some((n) => !baseFiles.has(`${baseChats}/${s}/${n}`)));
  for (const slug of [...new Set([...slugs, ...changedOrNew])].sort()) {
    const dir = `${chats}/${slug}`;
    const was = baseMeta.get(slug);
    let now: ThreadMeta | null = null;
    try {
      const text = read(`${dir}/${META_FILE}`);
      now = text === null ? null : parseMeta(text, META_FILE);
    } catch {
      now = null; // chat/meta-schema reports it
    }
    // 1. Sealed at the base ⇒ the same bytes now (line endings aside): decoded text would hide invalid bytes swapped for others.
    for (const m of was?.messages ?? []) {
      if (m.sha256 === null) continue;
      const before = old.get(`${baseChats}/${slug}/${m.file}`);
      const after = bytesOf(`${dir}/${m.file}`);
      if (before === undefined || (after !== null && sealDigest(before) === sealDigest(after))) continue;
      const what = after === null ? 'was deleted' : 'changed';
      out.push(problem(`${dir}/${m.file}`, 1, 'base/sealed-edit', `message ${m.seq} was sealed at ${at} and ${what} since; sealed messages never change (add a new message instead)`));
    }
    // 2. Closing: DECISION.md appears in the change that closes the thread, and never changes after.
    const decisionRel = `${dir}/DECISION.md`;
    const decisionBefore = old.get(`${baseChats}/${slug}/DECISION.md`);
    const decisionNow = bytesOf(decisionRel);
    const closedBefore = was?.status === 'closed';
    const closedNow = now?.status === 'closed';
    if (decisionNow !== null && decisionBefore === undefined && (closedBefore || !closedNow)) {
      out.push(problem(decisionRel, 1, 'base/closure', closedBefore ? `DECISION.md appeared in a thread that was already closed at ${at}; a decision is written when the thread closes` : 'DECISION.md appeared but the thread is not closed in the same change; close it with "docpact chat close"'));
    } else if (decisionBefore !== undefined && decisionNow !== null && !decisionNow.equals(decisionBefore) && !fillsIn(decisionBefore.toString('utf8'), decisionNow.toString('utf8'), decisionTemplate())) {
      out.push(problem(decisionRel, 1, 'base/closure', `DECISION.md changed after the thread was closed at ${at}; open a new thread to revisit the decision`));
    }
    if (closedBefore && now && !closedNow) out.push(problem(`${dir}/${META_FILE}`, 1, 'base/closure', `the thread was closed at ${at} and is open again; open a new thread instead`));
    if (!closedBefore && closedNow && decisionNow === null) out.push(problem(`${dir}/${META_FILE}`, 1, 'base/closure', 'the thread is closed in this change without a DECISION.md; close threads with "docpact chat close"'));
  }
  return out;
}

/**
 * `after` only writes what `before` left as the template's text: the same
 * headings in the same order, and every section that changed was a
 * placeholder. Filling in a decision written as the template is not an edit
 * of the record.
 */
function fillsIn(before: string, after: string, template: string): boolean {
  const left = new Set(placeholders(before, template));
  const was = [...sectionBodies(before)];
  const now = sectionBodies(after);
  if (was.length !== now.size || was.some(([h], i) => [...now.keys()][i] !== h)) return false;
  const lead = (t: string) => t.split(/\r?\n/).slice(0, t.split(/\r?\n/).findIndex((l) => /^#{1,6}\s/.test(l))).join('\n').trim();
  return lead(before) === lead(after) && was.every(([h, b]) => now.get(h)?.body === b.body || left.has(h.replace(/^#+\s+/, '')));
}

/** The decision's own section: `## Decision`, MADR's `## Decision Outcome`. */
const DECISION = /^##\s+Decision(?: Outcome)?\s*$/;

/** The text of the decision section (to the next `## ` heading), line endings and trailing blanks normalised. */
function decisionText(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => DECISION.test(l));
  if (start === -1) return null;
  let end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  if (end === -1) end = lines.length;
  return lines
    .slice(start + 1, end)
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}

function decisions(repo: Repo, git: GitReader, base: string, at: string): Problem[] {
  const { config, read } = repo;
  const s = seriesOf(config);
  const dir = s.dir;
  const here = listAdrFiles(repo.root, config);
  // Only ADRs whose bytes differ from the base are read from git.
  const changed = [...git.listFiles(base, dir)].filter(([p, blob]) => {
    if (p.lastIndexOf('/') !== dir.length) return false;
    const text = read(p);
    return text === null || GitReader.blobId(text) !== blob;
  });
  const old = git.readBlobs(base, changed);
  const out: Problem[] = [];
  let template: string | undefined;
  const tmpl = () => (template ??= adrTemplate(repo.root, config));
  for (const [rel, bytes] of old) {
    const text = bytes.toString('utf8');
    const file = rel.slice(dir.length + 1);
    if (numberOf(file, s) === null) continue;
    const was = parseAdr(file, text, s);
    if (!sameStatus(was.status, 'accepted')) continue;
    // Follow a renumbering: the same slug under another number.
    const slug = s.re.exec(file)?.[2];
    const now = here.find((f) => f.file === file) ?? here.find((f) => s.re.exec(f.file)?.[2] === slug);
    if (!now) continue;
    const nowRel = `${dir}/${now.file}`;
    const current = read(nowRel);
    if (current === null) continue;
    const before = decisionText(text);
    const after = decisionText(current);
    if (before === null || before === after) continue;
    // A Decision still holding the template's text was never written: writing it is no edit of the record.
    if (placeholders(text, tmpl()).some((h) => DECISION.test(`## ${h}`))) continue;
    const line = current.split(/\r?\n/).findIndex((l) => DECISION.test(l)) + 1;
    out.push(
      problem(
        nowRel,
        line,
        'base/decision-edit',
        `the Decision of ${was.id} changed, but it was already Accepted at ${at}; records are superseded, not rewritten: docpact adr new "<title>" --supersedes ${was.number}${seriesFlag(s)}`,
        'warning',
      ),
    );
  }
  return out;
}

/**
 * The lock's hashes and the merge bases in .docpact/base/ are committed, so
 * a pull request can rewrite them; git history it cannot. sync replaces a
 * generated file whose text matches the recorded hash and its base, and
 * merges from that base: a hash set to the maintainer's edited file, or a
 * base with a paragraph slipped in, would make the next sync discard edits.
 * What a genuine sync in this change records is what docpact renders now
 * from this docpact.yaml and these templates, so every hash and base copy
 * of a generated file that changed since the merge base must be that
 * rendering. (Stale after a later config change, it is reported too, as
 * sync/due is: run docpact sync.) Requires the tree to be prepared
 * (src/check/rules/sync.ts, prepareSyncCheck).
 */
function lockClaims(repo: Repo, git: GitReader, base: string, at: string): Problem[] {
  const text = repo.read(LOCK_PATH);
  let now: Lock;
  let files;
  try {
    now = parseLock(text);
    files = desiredTree(repo, repo.config, '1970-01-01', now).files;
  } catch (err) {
    if (err instanceof DocpactError) return []; // config/schema and sync/due report it
    throw err;
  }
  const atBase = git.listFiles(base, '.docpact');
  let was: Lock = new Map();
  try {
    was = parseLock(git.readBlobs(base, [...atBase].filter(([p]) => p === LOCK_PATH)).get(LOCK_PATH)?.toString('utf8') ?? null);
  } catch {
    // A lock that was broken at the base vouched for nothing.
  }
  const lines = (text ?? '').split('\n');
  const lineOf = (rel: string) => lines.findIndex((l) => /^\s*- path: /.test(l) && l.replace(/^\s*- path: /, '').replace(/^(["'])(.*)\1$/, '$2') === rel) + 1;
  const out: Problem[] = [];
  const fix = `take both from the merge base (git checkout ${git.short(base)} -- ${LOCK_PATH} ${BASE_DIR}) and run "docpact sync"`;
  for (const d of files) {
    if (d.covered || d.living) continue;
    const rendered = contentHash(d.content);
    const claim = now.get(d.path)?.sha256;
    if (claim !== undefined && claim !== was.get(d.path)?.sha256 && claim !== rendered) {
      out.push(problem(LOCK_PATH, lineOf(d.path), 'base/lock-forged', `the hash recorded for ${d.path} changed since ${at}, but it is not what docpact renders there now; sync takes a file matching it as unedited and replaces it, so a hash edited by hand (or forged) can discard edits: ${fix}`));
    }
    const rel = basePath(d.path);
    const copy = repo.read(rel);
    if (copy !== null && GitReader.blobId(copy) !== atBase.get(rel) && contentHash(copy) !== rendered) {
      out.push(problem(rel, 1, 'base/lock-forged', `the merge base of ${d.path} changed since ${at}, but it is not what docpact renders there now; sync merges from it, so text slipped into it is removed from your file: ${fix}`));
    }
  }
  return out;
}
