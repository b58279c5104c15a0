/**
 * The merge criteria of one change, as pure rules: what the pull request's
 * body says (an issue link, an ADR named) and which files the change touched,
 * against the `gates` of docpact.yaml. `index.ts` gathers the inputs through
 * git; this module only decides.
 *
 * - gate/issue-link: the body links an issue ("Fixes #12", Closes, Resolves,
 *   Refs, "owner/repo#12", or an issue's URL);
 * - gate/adr-required: a change touching a `require: adr` gate's paths adds
 *   or changes an ADR, or the body names an existing one (ADR-0007, or its
 *   file in a link) — the PR template's "ADR:" line is where it goes;
 * - gate/docs-required: a change touching a `require: docs` gate's paths
 *   changes one of its docs pages (default: any page under paths.docs).
 */
import picomatch from 'picomatch';
import type { Gate } from '../config/schema.js';
import { visibleText } from './visible.js';

/** A problem as check reports one (src/check/problem.ts has the same shape); `file` is "" when it is about the body. */
export interface GateProblem {
  file: string;
  line: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

/** The rule ids gate reports (stable; README lists them). */
export const GATE_RULES: Record<string, string> = {
  'gate/issue-link': 'the pull request body links an issue: "Fixes #12" (or Closes, Resolves, Refs, owner/repo#12), or the issue’s URL',
  'gate/adr-required': 'a change touching the paths of a "require: adr" gate adds or changes an ADR, or names an existing one in the body',
  'gate/docs-required': 'a change touching the paths of a "require: docs" gate changes one of its docs pages',
};

export interface Changed {
  /** A, M, D or T (git diff-tree). */
  status: string;
  /** Relative to the docpact root. */
  path: string;
}

/** One ADR series as gate sees it: its folder, how its files are named, and (when asked) the files at HEAD. */
export interface GateSeries {
  dir: string;
  re: RegExp;
  files: () => { number: number; file: string }[];
}

export interface GateInput {
  gates: Gate[];
  /** paths.docs: a docs gate without `docs` accepts any page under it. */
  docsDir: string;
  changed: Changed[];
  /** The pull request's body; null when none was given (then the issue link is not checked). */
  body: string | null;
  series: GateSeries[];
}

const KEYWORD = String.raw`\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|refs?|references)\b`;
/** An issue's number: there is no issue 0 (#0, #00). */
const NUMBER = String.raw`0*[1-9]\d*\b`;
const TARGET = String.raw`(?:#${NUMBER}|[\w.-]+\/[\w.-]+#${NUMBER}|https?:\/\/[^\s<>()\]]+)`;
const LINKED = new RegExp(`${KEYWORD}:?[ \\t]*${TARGET}`, 'i');
const ISSUE_PATH = new RegExp(String.raw`.\/issues\/${NUMBER}`, 'i');
/**
 * An issue's address on GitHub, GitLab (/-/issues/) or Gitea, wherever it
 * stands: a run of URL characters holding "http(s)://" and, after it, a path
 * ending in /issues/N. Each run is looked at once (a pattern from every
 * "https://" to the end of the run was quadratic on a run of them).
 */
const hasIssueUrl = (text: string) =>
  [...text.matchAll(/[^\s<>()\]]+/g)].some(([run]) => {
    const scheme = /https?:\/\//i.exec(run);
    return scheme !== null && ISSUE_PATH.test(run.slice(scheme.index + scheme[0].length));
  });

/** Whether the body links an issue the way GitHub (and a reader) would take it. */
export function linksIssue(body: string): boolean {
  const text = visibleText(body);
  return LINKED.test(text) || hasIssueUrl(text);
}

/** File names ending in .md or .html in a run of name characters, each from where the last one ended; one pass over each run. */
function fileNames(text: string): string[] {
  const out: string[] = [];
  for (const [run] of text.matchAll(/[\w.-]+/g)) {
    let from = 0;
    for (const m of run.matchAll(/\.(?:md|html)(?!\w)/g)) {
      if (m.index > from) out.push(run.slice(from, m.index + m[0].length));
      from = m.index + m[0].length;
    }
  }
  return out;
}

/** Whether the body names an ADR that exists: its id (ADR-0007, ADR 7) or its file (a link, with .md or .html). */
export function namesAdr(body: string, series: GateSeries[]): boolean {
  const text = visibleText(body);
  const numbers = new Set([...text.matchAll(/\bADR[-\s]?0*(\d{1,9})\b/gi)].map((m) => Number(m[1])));
  const names = new Set(fileNames(text).map((f) => f.replace(/\.html$/, '.md')));
  if (!numbers.size && !names.size) return false;
  return series.some((s) => s.files().some((f) => numbers.has(f.number) || names.has(f.file)));
}

/** "a.ts", "a.ts and b.ts", "a.ts and 4 more files". */
const some = (files: string[]) => (files.length === 1 ? files[0] : files.length === 2 ? `${files[0]} and ${files[1]}` : `${files[0]} and ${files.length - 1} more files`);
const oneOf = (pages: string[]) => (pages.length === 1 ? pages[0] : `one of ${pages.join(', ')}`);

/** Every merge criterion the change misses. */
export function evaluateGates(input: GateInput): GateProblem[] {
  const out: GateProblem[] = [];
  if (input.body === null) {
    out.push({ file: '', line: 0, rule: 'gate/issue-link', severity: 'warning', message: 'not checked: no pull request body given; pass --pr-body FILE or --event "$GITHUB_EVENT_PATH"' });
  } else if (!linksIssue(input.body)) {
    out.push({ file: '', line: 0, rule: 'gate/issue-link', severity: 'error', message: 'the pull request body links no issue: add "Fixes #123" (or Closes, Resolves, Refs, or the issue’s URL); every change starts from an issue' });
  }
  const changedAdr = input.changed.some((c) => c.status !== 'D' && input.series.some((s) => c.path.startsWith(`${s.dir}/`) && !c.path.slice(s.dir.length + 1).includes('/') && s.re.test(c.path.slice(s.dir.length + 1))));
  let named: boolean | undefined;
  const bodyNamesAdr = () => (named ??= input.body !== null && namesAdr(input.body, input.series));
  input.gates.forEach((gate, i) => {
    const inGate = picomatch(gate.paths, { dot: true });
    const touched = input.changed.map((c) => c.path).filter((p) => inGate(p));
    if (!touched.length) return;
    const where = `${some(touched)} ${touched.length === 1 ? 'is' : 'are'} under ${gate.paths.join(', ')} (gates[${i}] in docpact.yaml)`;
    const needs = [gate.require].flat();
    if (needs.includes('adr') && !changedAdr && !bodyNamesAdr()) {
      out.push({
        file: touched[0],
        line: 1,
        rule: 'gate/adr-required',
        severity: 'error',
        message: `${where}, which needs an ADR: add one (docpact adr new "Title") or change the ADR this builds on, or name an existing ADR in the pull request body ("ADR: ADR-0007", or a link to it)`,
      });
    }
    if (needs.includes('docs')) {
      const pages = gate.docs ?? [`${input.docsDir}/**`];
      const isPage = picomatch(pages, { dot: true });
      if (!input.changed.some((c) => isPage(c.path))) {
        out.push({
          file: touched[0],
          line: 1,
          rule: 'gate/docs-required',
          severity: 'error',
          message: `${where}, which changes its docs with it: update ${gate.docs ? oneOf(pages) : `a page under ${input.docsDir}`} in this pull request`,
        });
      }
    }
  });
  return out;
}
