/**
 * `docpact.yaml`: one zod schema, with defaults that reproduce the reference
 * layout. An invalid file is reported with every bad key path at once.
 */
import * as z from 'zod/mini';

/**
 * A repo-relative folder in a strict grammar: names of letters, digits and
 * `. _ - @ +` joined by "/". Paths land in generated Python, shell and YAML,
 * so nothing a quoting rule could get wrong (spaces, quotes, `$`, `;`,
 * newlines) is allowed, and nothing that leaves the repo or enters `.git`.
 */
const SEGMENT = /^(?!\.\.?$)(?!-)[A-Za-z0-9._@+-]+$/;
export const isRelDir = (p: string) => p.length <= 200 && p.split('/').every((seg) => SEGMENT.test(seg) && seg.toLowerCase() !== '.git');
export const REL_DIR_MESSAGE =
  'must be a folder inside the repository: names of letters, digits, ".", "_", "-", "@" or "+" joined by "/" (no "..", no ".git", no trailing "/", at most 200 characters)';
export const LABEL_PART = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

const RelDir = z.string().check(z.minLength(1), z.refine(isRelDir, { message: REL_DIR_MESSAGE }));

const Name = z.string().check(z.trim(), z.minLength(1), z.maxLength(80));
const LabelPart = z.string().check(z.regex(LABEL_PART, 'must be letters, digits, ".", "_", "/" or "-"'));
const Role = z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits or "-"'));
const list = <T extends z.core.SomeType>(item: T, fallback: readonly z.output<T>[], min = 0) =>
  z._default(z.array(item).check(z.minLength(min)), () => [...fallback] as z.output<T>[]);

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
  docs: z._default(RelDir, 'docs/source'),
  adr: z._default(RelDir, 'docs/source/adr'),
  generated: z._default(RelDir, 'docs/_generated'),
  chats: z.optional(RelDir),
  prompts: z.optional(RelDir),
  github: z._default(RelDir, '.github'),
  templates: z._default(RelDir, '.docpact/templates'),
});

export const AdrSettings = z
  .strictObject({
    digits: z._default(z.int().check(z.minimum(3), z.maximum(8)), 4),
    statuses: list(z.string().check(z.regex(/^[A-Z][A-Za-z -]*$/, 'must start with a capital letter')), DEFAULTS.statuses, 2),
    initial: z._default(z.string(), 'Proposed'),
    superseded: z._default(z.string(), 'Superseded'),
  })
  .check(
    z.refine((a) => a.statuses.includes(a.initial), { message: 'initial must be one of statuses', path: ['initial'] }),
    z.refine((a) => a.statuses.includes(a.superseded), { message: 'superseded must be one of statuses', path: ['superseded'] }),
  );

export const Labels = z.strictObject({
  types: list(LabelPart, DEFAULTS.types, 1),
  areas: list(LabelPart, DEFAULTS.areas, 1),
  sizes: list(LabelPart, DEFAULTS.sizes, 1),
  extra: list(z.string().check(z.minLength(1)), ['status:governed']),
});

/** A git branch name (git check-ref-format --branch rules, roughly): it goes into the workflow's triggers. */
export const isBranchName = (b: string) =>
  b.length > 0 && b.length <= 200 && !/[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|\/\/|@\{|^[-/.]|[/.]$|\.lock$|\/\./.test(b) && b !== '@';
/** An npm install spec for docpact (name@range, tarball URL, git URL): one shell word after --package=. */
export const isInstallSpec = (s: string) => s.length > 0 && s.length <= 500 && !/[\s\x00-\x1f\x7f]|^-/.test(s);

/** How CI gets docpact and which branch its push trigger follows (init detects the default branch). */
export const Ci = z.strictObject({
  docpact: z.optional(z.string().check(z.refine(isInstallSpec, { message: 'must be an npm install spec without spaces, e.g. "docpact@^0.2" or a tarball URL' }))),
  branch: z.optional(z.string().check(z.refine(isBranchName, { message: 'must be a git branch name, e.g. "main"' }))),
});

export const DocpactConfig = z.pipe(
  z.strictObject({
    version: z.literal(1),
    project: z._default(Name, DEFAULTS.project),
    package: z._default(RelDir, DEFAULTS.package),
    paths: z._default(Paths, () => z.parse(Paths, {})),
    roles: z._default(
      z.array(Role).check(z.length(2, 'must name exactly two roles: the one who asks and the one who implements')),
      () => ['architect', 'engineer'],
    ),
    closers: list(Role, ['architect', 'user'], 1),
    adr: z._default(AdrSettings, () => z.parse(AdrSettings, {})),
    labels: z._default(Labels, () => z.parse(Labels, {})),
    invariants: list(Name, DEFAULTS.invariants),
    concepts: list(Name, DEFAULTS.concepts),
    apps: list(Name, DEFAULTS.apps),
    useCases: list(Name, DEFAULTS.useCases),
    ci: z._default(Ci, () => ({})),
  }),
  z.transform((c) => ({
    ...c,
    paths: {
      ...c.paths,
      chats: c.paths.chats ?? `${c.package}/agents/chats`,
      prompts: c.paths.prompts ?? `${c.package}/agents/prompts`,
    },
  })),
);

export type DocpactConfig = z.output<typeof DocpactConfig>;
export type DocpactConfigInput = z.input<typeof DocpactConfig>;
