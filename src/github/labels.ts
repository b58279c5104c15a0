/**
 * The repository's issue labels, declared from docpact.yaml's `labels`:
 * `type:<kind>` for each form, `area:<area>` and `size:<size>` (the forms ask
 * for them in dropdowns, which cannot apply labels; `gh issue edit
 * --add-label` can), `extra` (applied by every form), and `own` (what the
 * project's own forms applied when init adopted them). GitHub silently
 * drops a label a form applies when the repository lacks it, so
 * `.github/labels.yml` declares them all, the governance workflow creates or
 * updates them on pushes to the default branch (the team's own, declared
 * without a colour, only created where missing), and `check` reports a form
 * applying a label not declared here (forms/undeclared-label).
 */
import type { DocpactConfig } from '../config/schema.js';
import { writeYaml } from '../text/yaml.js';

export interface LabelDef {
  name: string;
  /** Six hex digits, as GitHub and `gh label create --color` take it; none for a label of the team's own (labels.own), which the labels job creates only where missing. */
  color?: string;
  /** At most 100 characters (GitHub's limit). */
  description: string;
}

/** Colours of GitHub's own default labels where one fits the kind; one colour per family otherwise. */
const TYPE_COLORS: Record<string, string> = { feature: 'a2eeef', bug: 'd73a4a', chore: 'fef2c0', docs: '0075ca' };
const AREA = 'c5def5';
const SIZE = 'e4e669';
const EXTRA = '0e8a16';

/** The descriptions of GitHub's default labels, which every new repository has. */
const GITHUB_DEFAULTS: Record<string, string> = {
  bug: "Something isn't working",
  documentation: 'Improvements or additions to documentation',
  duplicate: 'This issue or pull request already exists',
  enhancement: 'New feature or request',
  'good first issue': 'Good for newcomers',
  'help wanted': 'Extra attention is needed',
  invalid: "This doesn't seem right",
  question: 'Further information is requested',
  wontfix: 'This will not be worked on',
};

const short = (s: string) => (s.length <= 100 ? s : `${s.slice(0, 99)}…`);

/** Every label, in the order of the configuration; each name once. */
export function labelDefs(c: DocpactConfig): LabelDef[] {
  const all: LabelDef[] = [
    ...c.labels.types.map((t) => ({ name: `type:${t}`, color: TYPE_COLORS[t] ?? 'bfd4f2', description: short(`Issue kind: ${t} (applied by the ${t} form)`) })),
    ...c.labels.areas.map((a) => ({ name: `area:${a}`, color: AREA, description: short(`Area: ${a} (the forms ask for it; add with gh issue edit N --add-label)`) })),
    ...c.labels.sizes.map((s) => ({ name: `size:${s}`, color: SIZE, description: short(`Size: ${s} (the forms ask for it; add with gh issue edit N --add-label)`) })),
    ...c.labels.extra.map((x) => ({ name: x, color: EXTRA, description: short('Applied by every issue form (labels.extra in docpact.yaml)') })),
    // The team's: no colour, so the labels job never changes one the repository has (src/github/workflow.ts LABELS_SCRIPT).
    ...(c.labels.own ?? []).map((x) => ({ name: x, description: GITHUB_DEFAULTS[x] ?? "Applied by the project's own issue forms (labels.own in docpact.yaml)" })),
  ];
  const seen = new Set<string>();
  return all.filter((l) => !seen.has(l.name) && seen.add(l.name));
}

/** A form's `labels`: a list, or GitHub's comma-separated string. */
export const labelsOf = (data: unknown): string[] => {
  const labels = (data as { labels?: unknown } | null)?.labels;
  const list = typeof labels === 'string' ? labels.split(',') : Array.isArray(labels) ? labels : [];
  return list.map((l) => String(l).trim()).filter(Boolean);
};

/** Where the labels are declared: beside the forms. */
export const labelsPath = (c: DocpactConfig) => `${c.paths.github}/labels.yml`;

/** .github/labels.yml: a list of {name, color, description}, the shape label-sync tools read. */
export function renderLabels(c: DocpactConfig): string {
  const header =
    '# Written by docpact from docpact.yaml (labels): every label the issue forms apply, and area and size labels.\n' +
    '# The governance workflow creates or updates them on GitHub on pushes to the default branch.\n';
  return header + writeYaml(labelDefs(c));
}
