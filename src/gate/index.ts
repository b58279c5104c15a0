/**
 * `docpact gate` as a library: the merge criteria of the change from the
 * merge base of REF and HEAD to HEAD, read through git (src/git/read.ts:
 * plumbing only, never a checkout or a fetch), judged by src/gate/rules.ts.
 * The CLI (src/commands/gate.ts) and the MCP server call `runGate`.
 *
 * gate never runs a generator: whether generated references are fresh is
 * `docpact generate --check`'s job (src/gate/generate.ts).
 */
import type { DocpactConfig } from '../config/schema.js';
import { DocpactError } from '../errors.js';
import { GitReader } from '../git/read.js';
import type { Root } from '../io/fs.js';
import { seriesConfigs, seriesOf } from '../adr/series.js';
import { adrFilesIn } from '../adr/store.js';
import { evaluateGates, type GateProblem, type GateSeries } from './rules.js';

export { GATE_RULES, type GateProblem } from './rules.js';

export interface GateResult {
  /** No error: the change meets every merge criterion (warnings allowed). */
  ok: boolean;
  base: { ref: string; commit: string; mergeBase: string };
  head: string;
  /** Files the change touched, relative to the docpact root. */
  changed: string[];
  /** How many gates docpact.yaml declares. */
  gates: number;
  problems: GateProblem[];
}

/**
 * The merge criteria of HEAD against `base` (a branch, tag or commit; on a
 * pull request, the target branch) and the pull request's `body` (null when
 * none was given: the issue link is then reported as not checked).
 */
export function runGate(root: Root, config: DocpactConfig, opts: { base: string; body: string | null }): GateResult {
  const git = GitReader.open(root, 'gate');
  const theirs = git.commit(opts.base, '--base');
  const head = git.commit('HEAD', '--base (HEAD)');
  const mergeBase = git.mergeBase(theirs, head, '--base');
  const changed = git.changedFiles(mergeBase, head);
  // The ADRs at HEAD are listed only when a gate asks whether the body names one (a 10,000-ADR folder costs a git call).
  const series: GateSeries[] = seriesConfigs(config).map((c) => {
    const s = seriesOf(c);
    let files: { number: number; file: string }[] | undefined;
    return {
      dir: s.dir,
      re: s.re,
      files: () => (files ??= adrFilesIn([...git.listFiles(head, s.dir).keys()].filter((p) => p.lastIndexOf('/') === s.dir.length).map((p) => p.slice(s.dir.length + 1)), c)),
    };
  });
  const problems = evaluateGates({ gates: config.gates ?? [], docsDir: config.paths.docs, changed, body: opts.body, series });
  return {
    ok: !problems.some((p) => p.severity === 'error'),
    base: { ref: opts.base, commit: theirs, mergeBase },
    head,
    changed: changed.map((c) => c.path),
    gates: config.gates?.length ?? 0,
    problems,
  };
}

/**
 * The pull request's body from a GitHub event payload ($GITHUB_EVENT_PATH):
 * `pull_request.body`, "" when the description is empty. An event without a
 * pull request (a push) is a usage error: gate judges pull requests.
 */
export function bodyFromEvent(text: string, file: string): string {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new DocpactError('input', `--event ${file} is not valid JSON; pass the file GitHub Actions names in $GITHUB_EVENT_PATH.`);
  }
  const pr = (event as { pull_request?: { body?: unknown } } | null)?.pull_request;
  if (typeof pr !== 'object' || pr === null) {
    throw new DocpactError('usage', `--event ${file} holds no pull_request: gate judges pull requests (run it on pull_request events, or pass the body with --pr-body FILE).`);
  }
  return typeof pr.body === 'string' ? pr.body : '';
}
