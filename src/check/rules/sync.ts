/**
 * Generated files against what sync would make of them: unresolved merge
 * conflicts, and files whose configuration or template changed since docpact
 * last rendered them (sync is due).
 */
import { CONFIG_FILE } from '../../config/load.js';
import type { DocpactConfig } from '../../config/schema.js';
import { DocpactError } from '../../errors.js';
import type { Lock } from '../../core/lockfile.js';
import { conflictMarkers } from '../../text/conflict-markers.js';
import { desiredTree, prepareTree } from '../../sync/tree.js';
import { CHECK_TREE, TreeInputs, rememberTree, rememberedTree, treeKey } from '../../sync/tree-memo.js';
import { countAdrFiles, seriesListing } from '../../adr/store.js';
import { seriesConfigs, seriesOf } from '../../adr/series.js';
import { contentHash } from '../../text/hash.js';
import type { Root } from '../../io/fs.js';
import { loadYamlWriter } from '../../text/yaml.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';

/** Rendering the tree needs the YAML writer and, for non-ASCII page titles, the transliterator. */
export async function prepareSyncCheck(config: DocpactConfig): Promise<void> {
  await loadYamlWriter();
  await prepareTree(config);
}

const isPresent = (text: string | null) => text !== null;

/** What check compares of each file of the tree: where, whether covered or living, and its rendering's digest (`contentHash`). */
interface TreeFile {
  path: string;
  covered?: string;
  living?: true;
  /** The name an earlier docpact wrote this file under (a folder note's README.md, README in an MkDocs site). */
  was?: string;
  digest: string | null;
}

/** The date check renders the tree for: none of what it compares depends on the day. */
const DATE = '1970-01-01';

/**
 * The generated tree as sync would render it, for check: remembered, with a
 * check that remembers (src/sync/tree-memo.ts, in check's own cache file),
 * by every path the rendering read, listed or tested and each override's
 * text, and rendered again when one changed. The remembered rendering's
 * inputs are told to this check's trace as if read now: its verdict
 * depends on them.
 */
function treeOf(repo: Repo, lock: Lock, adrCount: (sc: DocpactConfig) => number): TreeFile[] {
  const { root, config } = repo;
  const key = factsOf(repo).remembers ? treeKey(config, DATE, lock.keys(), seriesConfigs(config).map(adrCount)) : null;
  const memo = key === null ? null : rememberedTree(root, key, config.paths.templates, CHECK_TREE);
  if (memo) {
    for (const [kind, rel] of memo.inputs) if (kind !== 'up') root.trace?.(rel, kind);
    return memo.files;
  }
  const inputs = key === null ? null : new TreeInputs(config.paths.templates);
  const traced: Root = inputs ? { ...root, trace: (rel, kind) => (inputs.trace(rel, kind), root.trace?.(rel, kind)) } : root;
  const read = inputs ? (rel: string) => (inputs.trace(rel, 'file'), repo.read(rel)) : repo.read;
  const files = desiredTree({ root: traced, read, adrCount }, config, DATE, lock).files;
  const out = files.map((d): TreeFile => ({ path: d.path, ...(d.covered ? { covered: d.covered } : {}), ...(d.living ? { living: true as const } : {}), ...(d.was ? { was: d.was } : {}), digest: contentHash(d.content) }));
  const stamps = inputs?.stamps(root, () => false);
  const overrides = stamps && inputs?.overridesOf(root, files);
  if (key !== null && stamps && overrides) rememberTree(root, key, stamps, { files: files.map((d, i) => ({ ...out[i], template: d.template, version: d.version, override: overrides[i] })), found: [] }, CHECK_TREE);
  return out;
}

export function checkSync(repo: Repo, lock: Lock): Problem[] {
  const out: Problem[] = [];
  for (const e of lock.values()) {
    for (const line of factsOf(repo).of(e.path, 'sync-conflict', (text) => (text === null ? [] : conflictMarkers(text)))) {
      out.push(problem(e.path, line, 'sync/conflict', 'unresolved merge conflict from docpact sync: keep what you want between "<<<<<<< yours" and ">>>>>>> docpact sync", and remove the markers'));
    }
  }
  let files;
  try {
    // Each series' folder as check listed it (src/check/index.ts scan): not listed again.
    const adrCount = (sc: DocpactConfig) => countAdrFiles(seriesListing(seriesOf(sc), (dir) => factsOf(repo).list(dir)), sc);
    files = treeOf(repo, lock, adrCount);
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    return [...out, problem(CONFIG_FILE, 1, 'sync/due', err.message)];
  }
  for (const d of files) {
    if (d.covered) continue;
    const entry = lock.get(d.path);
    // Whether it is there, as a fact of the file (a file only some facts were asked of can be judged by them: src/check/verdict.ts).
    const present = factsOf(repo).of(d.path, 'present', isPresent);
    if (entry && present && !d.living && d.digest !== entry.sha256) {
      out.push(problem(d.path, 1, 'sync/due', 'docpact.yaml or a template changed since docpact generated this file; run "docpact sync" (your edits are kept)'));
    } else if (!entry && !present && !d.living) {
      // (A missing living page — the ADR index, a section index — is its own rule's: adr/index-missing, docs/…)
      // A warning: the configuration may ask for a file the project chose to do without (e.g. after adr migrate).
      // One an earlier docpact wrote under another name is moved by sync: say which file moves.
      const moves = d.was !== undefined && lock.get(d.was) !== undefined && factsOf(repo).of(d.was, 'present', isPresent);
      out.push(problem(d.path, 1, 'sync/due', moves ? `docpact now writes ${d.was} as ${d.path}; run "docpact sync" to move it (your edits to it are kept)` : 'docpact.yaml asks for this file and it does not exist yet; run "docpact sync" to create it', 'warning'));
    }
  }
  return out;
}
