/**
 * GitHub issue forms and the template chooser, built as data and serialised
 * with the yaml library (never by string templating). The workflow is in
 * workflow.ts.
 */
import { writeYamlForGitHub } from '../text/yaml.js';
import type { DocpactConfig } from '../config/schema.js';

type Field = Record<string, unknown>;

const textarea = (id: string, label: string, description: string, opts: { required?: boolean; value?: string; placeholder?: string } = {}): Field => ({
  type: 'textarea',
  id,
  attributes: {
    label,
    description,
    ...(opts.placeholder ? { placeholder: opts.placeholder } : {}),
    ...(opts.value ? { value: opts.value } : {}),
  },
  validations: { required: opts.required ?? false },
});

const dropdown = (id: string, label: string, description: string, options: string[], required = true): Field => ({
  type: 'dropdown',
  id,
  attributes: { label, description, options },
  validations: { required },
});

interface Kind {
  type: string;
  name: string;
  about: string;
  titlePrefix: string;
  branch: string;
  /** Fields specific to the kind, placed before the shared ones. */
  lead: Field[];
  intro: string;
}

/** The sentences that differ by preset: the governed one speaks the reference workflow's vocabulary. */
const WORDING = {
  governed: {
    featureIntro: 'Describe the change in the vocabulary of the docs. If it touches an invariant or a storage plane, an ADR comes first.',
    goal: { label: 'Goal (plan facet)', description: 'The outcome, stated as the facet of the plan it changes.' },
    adrNeeded: 'Architecture, invariants, storage planes or path grammar changes need an ADR.',
    safety: '- [ ] Budget and lease safety verified',
  },
  blank: {
    featureIntro: 'Describe the change in the vocabulary of the docs. If it changes the architecture or an invariant, an ADR comes first.',
    goal: { label: 'Goal', description: 'The outcome in one line, in the words the docs use.' },
    adrNeeded: 'Changes to the architecture or to an invariant need an ADR.',
    safety: '- [ ] Every invariant ticked above still holds',
  },
} as const;

const KINDS = (c: DocpactConfig): Kind[] => [
  {
    type: 'feature',
    name: 'Feature',
    about: 'Propose new behaviour, scoped against the docs before any code is written.',
    titlePrefix: 'feat: ',
    branch: 'feat',
    intro: WORDING[c.preset].featureIntro,
    lead: [],
  },
  {
    type: 'bug',
    name: 'Bug report',
    about: 'Report behaviour that contradicts the docs or an invariant.',
    titlePrefix: 'fix: ',
    branch: 'fix',
    intro: 'A bug is behaviour that differs from what the docs promise. Name the page or ADR it contradicts.',
    lead: [
      textarea('observed', 'What happened', 'Observed behaviour, with logs or output if you have them.', { required: true }),
      textarea('expected', 'What the docs say should happen', 'Quote or link the page or ADR.', { required: true }),
      textarea('reproduce', 'How to reproduce', 'Smallest sequence of commands or requests that shows it.', { placeholder: '1. …\n2. …' }),
    ],
  },
  {
    type: 'chore',
    name: 'Chore',
    about: 'Maintenance with no behaviour change: dependencies, tooling, refactors.',
    titlePrefix: 'chore: ',
    branch: 'chore',
    intro: 'Chores change no behaviour a user can see. If that stops being true, switch to a feature issue.',
    lead: [],
  },
  {
    type: 'docs',
    name: 'Docs',
    about: 'Fix or extend the docs when they lag behind, or before a change lands.',
    titlePrefix: 'docs: ',
    branch: 'docs',
    intro: `Docs are contracts. Name the pages under ${c.paths.docs} and any ${c.paths.generated} output this affects.`,
    lead: [textarea('pages', 'Pages affected', `Paths under ${c.paths.docs}, and generated references to refresh.`, { required: true })],
  },
];

function form(c: DocpactConfig, k: Kind): Record<string, unknown> {
  const words = WORDING[c.preset];
  // GitHub refuses a dropdown or checkbox group without options: an empty list drops the field.
  const body: Field[] = [
    { type: 'markdown', attributes: { value: k.intro } },
    ...k.lead,
    textarea('problem', 'Problem', 'One to three lines, framed with the concepts in the docs.', { required: true }),
    {
      type: 'input',
      id: 'goal',
      attributes: { ...words.goal },
      validations: { required: k.type !== 'chore' },
    },
    ...(c.invariants.length
      ? [
          {
            type: 'checkboxes',
            id: 'invariants',
            attributes: {
              label: 'Invariants touched',
              description: 'Tick every invariant this work could affect. Leave all unticked for none.',
              options: c.invariants.map((label) => ({ label })),
            },
          },
        ]
      : []),
    dropdown('adr-needed', 'ADR needed', words.adrNeeded, ['Yes', 'No', 'Not sure']),
    textarea('adr-reason', 'Why (or why not) an ADR', 'One line is enough.'),
    textarea('acceptance', 'Acceptance criteria', 'Observable outcomes a reviewer can verify.', {
      required: true,
      value: [
        '- [ ] Behaviour under the normal path',
        '- [ ] Edge case: …',
        ...(c.preset === 'governed' || c.invariants.length ? [words.safety] : []),
        `- [ ] Docs updated and ${c.paths.generated} refreshed`,
      ].join('\n'),
    }),
    textarea('out-of-scope', 'Out of scope', 'What this issue deliberately leaves for later.'),
    textarea('implementation', 'Implementation notes', `Filled in by the ${c.roles[1]}; edit freely.`, {
      value: `Branch: ${k.branch}/<area>-<slug>\nChangesets: C-01 … (to be planned)`,
    }),
    ...(c.labels.areas.length ? [dropdown('area', 'Area', 'Where the change lives; mirrors the area:* labels.', c.labels.areas)] : []),
    ...(c.labels.sizes.length ? [dropdown('size', 'Size', 'Rough size; mirrors the size:* labels.', c.labels.sizes)] : []),
  ];
  return {
    name: k.name,
    description: k.about,
    title: k.titlePrefix,
    labels: [`type:${k.type}`, ...c.labels.extra],
    body,
  };
}

// Written so that check reads each back without parsing it (src/text/yaml.ts).
const yaml = writeYamlForGitHub;

/** Issue forms keyed by file name (relative to the ISSUE_TEMPLATE folder). */
export function issueForms(c: DocpactConfig): Record<string, string> {
  const out: Record<string, string> = {};
  const types = new Set(c.labels.types);
  for (const k of KINDS(c)) if (types.has(k.type)) out[`${k.type}.yaml`] = yaml(form(c, k));
  return out;
}

/** The template chooser: blank issues off, so every issue goes through a form. */
export function chooserConfig(): string {
  return yaml({ blank_issues_enabled: false });
}

/** Words that name an issue kind in a template's file name, name, title prefix or labels ("2-feature-request", "🐛 Bug Report", "Type: Refactor"). */
const KIND_WORDS: Record<string, string[]> = {
  feature: ['feature', 'features', 'feat', 'enhancement', 'enhancements'],
  bug: ['bug', 'bugs', 'bugfix', 'defect', 'fix'],
  chore: ['chore', 'chores', 'maintenance', 'refactor', 'refactoring', 'housekeeping'],
  docs: ['docs', 'doc', 'documentation', 'document'],
};

/**
 * The kinds (feature, bug, chore, docs) an issue template or form of the
 * project's own stands for, by the words of its file name, name and labels
 * and the conventional prefix of its title ("fix: " is a bug, but a "Code
 * fix" template is not). Any kind it names is one docpact does not add a
 * second form for.
 */
export function templateKinds(t: { file: string; name: string; title: string; type: string; labels: string[] }): string[] {
  const words = (s: string) => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const base = t.file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
  const said = new Set([...words(base), ...words(t.name), ...t.labels.flatMap(words), ...words(t.type)].filter((w) => w !== 'fix'));
  const prefix = /^\s*([a-z]+)(?:\([^)]*\))?!?:/i.exec(t.title)?.[1].toLowerCase();
  if (prefix) said.add(prefix);
  return Object.entries(KIND_WORDS)
    .filter(([, ws]) => ws.some((w) => said.has(w)))
    .map(([kind]) => kind);
}

/** What a legacy single issue template means once the chooser lists forms (init's report and check's warning). */
export const LEGACY_TEMPLATE =
  'a single template from before issue forms: the chooser now lists the forms in ISSUE_TEMPLATE/ and new issues no longer start from it; move what it asks into a form, then delete it';
