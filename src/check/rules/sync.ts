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
import { countAdrFiles, seriesListing } from '../../adr/store.js';
import { seriesOf } from '../../adr/series.js';
import { contentHash } from '../../text/hash.js';
import { loadYamlWriter } from '../../text/yaml.js';
import { factsOf, problem, type Problem, type Repo } from '../problem.js';

/** Rendering the tree needs the YAML writer and, for non-ASCII page titles, the transliterator. */
export async function prepareSyncCheck(config: DocpactConfig): Promise<void> {
  await loadYamlWriter();
  await prepareTree(config);
}

const isPresent = (text: string | null) => text !== null;

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
    files = desiredTree({ ...repo, adrCount }, repo.config, '1970-01-01', lock).files;
  } catch (err) {
    if (!(err instanceof DocpactError)) throw err;
    return [...out, problem(CONFIG_FILE, 1, 'sync/due', err.message)];
  }
  for (const d of files) {
    if (d.covered) continue;
    const entry = lock.get(d.path);
    // Whether it is there, as a fact of the file (a file only some facts were asked of can be judged by them: src/check/verdict.ts).
    const present = factsOf(repo).of(d.path, 'present', isPresent);
    if (entry && present && !d.living && contentHash(d.content) !== entry.sha256) {
      out.push(problem(d.path, 1, 'sync/due', 'docpact.yaml or a template changed since docpact generated this file; run "docpact sync" (your edits are kept)'));
    } else if (!entry && !present && !d.living) {
      // (A missing living page — the ADR index, a section index — is its own rule's: adr/index-missing, docs/…)
      // A warning: the configuration may ask for a file the project chose to do without (e.g. after adr migrate).
      out.push(problem(d.path, 1, 'sync/due', 'docpact.yaml asks for this file and it does not exist yet; run "docpact sync" to create it', 'warning'));
    }
  }
  return out;
}
