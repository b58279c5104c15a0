/** What check reports, and the documented list of rule ids (stable; README lists them). */
import type { DocpactConfig } from '../config/schema.js';
import type { Root } from '../io/fs.js';
import { freshFacts, type Facts } from './facts.js';

export interface Problem {
  file: string;
  line: number;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** Accepted by `check.ignore` (with its reason) or by `.docpact/baseline.json`: shown in --json, does not fail. */
  suppressed?: 'ignore' | 'baseline';
  reason?: string;
}

export interface Repo {
  root: Root;
  config: DocpactConfig;
  /** Repo-relative read, cached for one check run (ADR pages are read once, not twice). */
  read(rel: string): string | null;
  /** What rules derive from files, remembered across runs (check); without it, derived from `read` now. */
  facts?: Facts;
  /**
   * Done reading a file directly (a thread's files, once the thread is
   * checked): a pass without a cache derives the facts later rules ask of it
   * now and lets its text go.
   */
  done?(rel: string): void;
}

export const factsOf = (repo: Repo): Facts => repo.facts ?? freshFacts(repo.root, repo.read);

export const problem = (file: string, line: number, rule: string, message: string, severity: Problem['severity'] = 'error'): Problem => ({ file: file.replace(/^(?:\.\/)+/, ''), line: Math.max(1, line), rule, severity, message });

/** Problems that make check fail: errors nobody accepted. */
export const failing = (p: Problem) => p.severity === 'error' && !p.suppressed;

export const RULES: Record<string, string> = {
  'config/schema': 'docpact.yaml (and .docpact/lock.yaml) parse and match their schemas',
  'repo/unsafe-path': 'no file docpact reads, nor any entry of a folder it walks (the docs tree), is a symbolic link leading outside the repository or into .git, a link loop, or a FIFO, socket or device',
  'forms/yaml': 'every issue form is valid YAML',
  'forms/schema': 'every issue form matches GitHub’s form schema (SchemaStore)',
  'forms/unique-ids': 'body element ids are unique within a form',
  'forms/unique-labels': 'body element labels are unique within a form',
  'forms/unique-options': 'dropdown and checkbox options are unique',
  'forms/markdown-id': 'markdown elements carry no id',
  'forms/no-fields': 'a form has at least one non-markdown field',
  'forms/name-length': 'a form name is at least 3 characters long',
  'forms/reserved-none': 'no dropdown option is the reserved "None"',
  'forms/duplicate-name': 'no two forms share a name',
  'forms/yaml11-type': 'no form value changes type when GitHub reads it as YAML 1.1 (a plain Yes, on, 010 or 2026-01-02)',
  'forms/chooser': 'ISSUE_TEMPLATE/config.yml matches GitHub’s chooser schema',
  'forms/undeclared-label': 'every label a form applies is declared in .github/labels.yml (GitHub drops a label the repository lacks); a warning for a form of the project’s own',
  'forms/legacy-template': 'warning: no single legacy ISSUE_TEMPLATE.md beside the forms (the chooser lists the forms; fold it into one)',
  'adr/file-name': 'ADR files follow the configured pattern (ADR-NNNN-slug.md by default) and digits',
  'adr/h1': 'an ADR starts with the heading its format requires ("# ADR-NNNN — Title", "# N. Title", "# Title")',
  'adr/number-mismatch': 'the number in the H1 equals the number in the file name',
  'adr/duplicate-number': 'no two ADRs share a number',
  'adr/missing-section': 'the sections of the format are present (docpact: Context, Decision, Consequences, Alternatives)',
  'adr/unknown-status': 'the status is one of the configured statuses (any case; with a "did you mean"); a missing one is said to be missing',
  'adr/date': 'the Date line names a real day (YYYY-MM-DD, or as people write days: 21.07.2017, Jan 29, 2021), not a placeholder or a day that does not exist',
  'adr/relation-target': 'every Supersedes / Superseded by / Amends / Amended by target exists',
  'adr/relation-reciprocal': 'relations are written on both sides, and a superseded ADR says Superseded',
  'adr/lifecycle': 'a Rejected ADR supersedes nothing (it never took effect)',
  'adr/index-drift': 'the generated table in the ADR index page matches the ADRs (fixable)',
  'adr/index-missing': 'the ADR index page adr.index names exists (fixable)',
  'adr/orphan-index': 'no page in the docs holds a generated ADR index that no series names as adr.index (a leftover of a move)',
  'generated/drift': 'docs/_generated data matches its sources (fixable)',
  'docs/missing-entry': 'every toctree entry names an existing page (fixable for pages docpact generated)',
  'docs/orphan': 'every page docpact governs is reachable from the root toctree (fixable for pages docpact generated)',
  'docs/duplicate-source': 'no document has two source files (index.md beside index.rst)',
  'docs/not-built': 'conf.py enables MyST when docpact governs Markdown pages in the Sphinx source',
  'docs/encoding': 'every page, ADR and chat message is valid UTF-8 (Sphinx rejects anything else; seals hash bytes)',
  'chat/meta-schema': 'each thread is a real folder (not a link) with a meta.yaml matching the thread schema',
  'chat/numbering': 'messages are numbered 001, 002, … without gaps and named NNN-to-<role>.md',
  'chat/direction': 'turns alternate between the two roles',
  'chat/owner': 'owner is the recipient of the last message',
  'chat/seal': 'sealed messages are present and unchanged',
  'chat/chain': 'the hash chain over sealed messages is intact',
  'chat/unexpected-file': 'no message file exists that meta.yaml does not record',
  'chat/unedited': 'warning: a sealed message is still the unedited template (it was never written)',
  'chat/format': 'a message carries the ## sections of its author’s template, and each # CHANGESET: block its fields (an error until the message is sealed, a warning after)',
  'chat/placeholder': 'warning: DECISION.md still holds the template’s text (the decision was never written)',
  'adr/placeholder': 'an ADR’s sections are not still the template’s text (an error once Accepted, a warning before)',
  'sync/conflict': 'generated files hold no unresolved merge conflict from docpact sync',
  'sync/due': 'generated files match what docpact.yaml and the templates make now (else run docpact sync)',
  'chat/closure-file': 'DECISION.md / SUMMARY.md exist only in closed threads, and a closed thread keeps its DECISION.md',
  'base/adr-number': '(--base) an ADR number was added on both sides; names the "docpact adr renumber" command to run',
  'base/sealed-edit': '(--base) a message sealed at the merge base has the same bytes now, whatever meta.yaml says',
  'base/closure': '(--base) DECISION.md appears only in the change that closes its thread and never changes after; closed threads stay closed',
  'base/decision-edit': '(--base) warning: the Decision section of an ADR Accepted at the merge base is not edited',
  'base/lock-forged': '(--base) a hash the lock records for a generated file, and its merge base in .docpact/base/, changed only to what docpact renders now',
  'merge/conflict': 'no file docpact reads holds git conflict markers (check --fix resolves those in generated regions and derived data)',
  'links/dead': 'relative Markdown links, {doc} and {ref} targets resolve (docs pages, ADRs, chat messages; a warning in sealed messages)',
  'baseline/unused': 'an entry in .docpact/baseline.json no longer occurs (warning; prune with --update-baseline)',
};
