/**
 * `docpact.yaml`: one zod schema, with defaults that reproduce the reference
 * layout. An invalid file is reported with every bad key path at once.
 */
import { z } from 'zod';

/** True for a repo-relative directory: not absolute, no `..`, no NUL. */
export const isRelDir = (p: string) => p !== '' && !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..') && !p.includes('\0');
export const REL_DIR_MESSAGE = 'must be a path inside the repository (relative, without "..")';
export const LABEL_PART = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

const RelDir = z.string().min(1).refine(isRelDir, { message: REL_DIR_MESSAGE });

const Name = z.string().trim().min(1).max(80);
const LabelPart = z.string().regex(LABEL_PART, 'must be letters, digits, ".", "_", "/" or "-"');
const Role = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits or "-"');

export const DEFAULTS = {
  project: 'theory_api',
  package: 'theory_api',
  concepts: ['World/Plan/Ledger', 'Predicates', 'Facets/Paths', 'Registry/Adapters', 'Agents/Cognition', 'Storage planes'],
  apps: ['Storage', 'Core'],
  useCases: ['Media', 'CI/CD', 'Real-time FaceTime'],
  areas: ['world', 'planner', 'ledger', 'executor', 'registry'],
  types: ['feature', 'bug', 'chore', 'docs'],
  sizes: ['S', 'M', 'L'],
  statuses: ['Proposed', 'Accepted', 'Rejected', 'Deprecated', 'Superseded'],
  invariants: [
    'Plan ≡ World (facet)',
    'CAS admission',
    'Reserve→settle budgets',
    'Hash-chained events',
    'WorldPath grammar',
    'Registry pinning',
    'Idempotency envelope',
    'No env-driven logic',
    'Receipts & artifacts',
    'Merged execution accounting',
  ],
} as const;

export const Paths = z.strictObject({
  docs: RelDir.default('docs/source'),
  adr: RelDir.default('docs/source/adr'),
  generated: RelDir.default('docs/_generated'),
  chats: RelDir.optional(),
  prompts: RelDir.optional(),
  github: RelDir.default('.github'),
  templates: RelDir.default('.docpact/templates'),
});

export const AdrSettings = z
  .strictObject({
    digits: z.number().int().min(3).max(8).default(4),
    statuses: z.array(z.string().regex(/^[A-Z][A-Za-z -]*$/, 'must start with a capital letter')).min(2).default([...DEFAULTS.statuses]),
    initial: z.string().default('Proposed'),
    superseded: z.string().default('Superseded'),
  })
  .refine((a) => a.statuses.includes(a.initial), { message: 'initial must be one of statuses', path: ['initial'] })
  .refine((a) => a.statuses.includes(a.superseded), { message: 'superseded must be one of statuses', path: ['superseded'] });

export const Labels = z.strictObject({
  types: z.array(LabelPart).min(1).default([...DEFAULTS.types]),
  areas: z.array(LabelPart).min(1).default([...DEFAULTS.areas]),
  sizes: z.array(LabelPart).min(1).default([...DEFAULTS.sizes]),
  extra: z.array(z.string().min(1)).default(['status:governed']),
});

export const DocpactConfig = z
  .strictObject({
    version: z.literal(1),
    project: Name.default(DEFAULTS.project),
    package: RelDir.default(DEFAULTS.package),
    paths: Paths.default(() => Paths.parse({})),
    roles: z.array(Role).length(2, 'must name exactly two roles: the one who asks and the one who implements').default(['architect', 'engineer']),
    closers: z.array(Role).min(1).default(['architect', 'user']),
    adr: AdrSettings.default(() => AdrSettings.parse({})),
    labels: Labels.default(() => Labels.parse({})),
    invariants: z.array(Name).default([...DEFAULTS.invariants]),
    concepts: z.array(Name).default([...DEFAULTS.concepts]),
    apps: z.array(Name).default([...DEFAULTS.apps]),
    useCases: z.array(Name).default([...DEFAULTS.useCases]),
  })
  .transform((c) => ({
    ...c,
    paths: {
      ...c.paths,
      chats: c.paths.chats ?? `${c.package}/agents/chats`,
      prompts: c.paths.prompts ?? `${c.package}/agents/prompts`,
    },
  }));

export type DocpactConfig = z.output<typeof DocpactConfig>;
export type DocpactConfigInput = z.input<typeof DocpactConfig>;
