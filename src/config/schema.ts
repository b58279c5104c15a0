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

/** The governed preset's vocabulary: the reference workflow's (SPEC §3). */
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

export const PRESET_NAMES = ['governed', 'blank'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** What each preset fills in for a vocabulary key that docpact.yaml leaves out. */
export const PRESETS: Record<PresetName, { project: string; package: string; concepts: readonly string[]; apps: readonly string[]; useCases: readonly string[]; areas: readonly string[]; invariants: readonly string[] }> = {
  governed: DEFAULTS,
  // Neutral: no domain vocabulary; the agents folder sits at the repository root.
  blank: { project: 'Project', package: '.', concepts: [], apps: [], useCases: [], areas: ['core', 'docs', 'tooling'], invariants: [] },
};

/** The package directory: a folder, or "." for the repository root. */
export const isPackageDir = (p: string) => p === '.' || isRelDir(p);
const PackageDir = z.string().check(z.minLength(1), z.refine(isPackageDir, { message: `${REL_DIR_MESSAGE}, or "." for the repository root` }));

/** A folder under the package directory ("." is the repository root). */
export const underPackage = (pkg: string, sub: string) => (pkg === '.' ? sub : `${pkg}/${sub}`);

export const Paths = z.strictObject({
  docs: z._default(RelDir, 'docs/source'),
  adr: z._default(PackageDir, 'docs/source/adr'),
  generated: z._default(RelDir, 'docs/_generated'),
  chats: z.optional(RelDir),
  prompts: z.optional(RelDir),
  github: z._default(RelDir, '.github'),
  templates: z._default(RelDir, '.docpact/templates'),
});

/** ADR formats docpact reads and writes natively (src/adr/formats/). */
export const ADR_FORMATS = ['docpact', 'nygard', 'madr2', 'madr3', 'madr4'] as const;
export type AdrFormatName = (typeof ADR_FORMATS)[number];

/** Each format's own status vocabulary: what its tools write, in the case they write it. */
export const FORMAT_STATUSES: Record<AdrFormatName, { statuses: readonly string[]; initial: string; superseded: string }> = {
  docpact: { statuses: DEFAULTS.statuses, initial: 'Proposed', superseded: 'Superseded' },
  nygard: { statuses: DEFAULTS.statuses, initial: 'Accepted', superseded: 'Superseded' },
  madr2: { statuses: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'], initial: 'proposed', superseded: 'superseded' },
  madr3: { statuses: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'], initial: 'proposed', superseded: 'superseded' },
  madr4: { statuses: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'], initial: 'proposed', superseded: 'superseded' },
};

/** A file-name pattern: `{number}` (or `{day}`) then `{slug}`, once each, ending in `.md`, no folders. */
export const isAdrPattern = (p: string) => {
  // {day}: the number is the day an ADR was written, as YYYY-MM-DD (2022-03-22-x.md); {number} writes it as digits.
  const token = p.includes('{day}') ? '{day}' : '{number}';
  return p.split(token).length === 2 && p.split('{slug}').length === 2 && p.indexOf(token) < p.indexOf('{slug}') && p.endsWith('.md') && !/[\\/]/.test(p) && !/\{(?!number\}|day\}|slug\})/.test(p) && !(p.includes('{day}') && p.includes('{number}'));
};

/** A heading pattern: `{title}` once, after at most one `{number}` / `{n}`, one line, no leading `#`. */
export const isHeadingPattern = (h: string) => {
  const nums = h.match(/\{n(?:umber)?\}/g) ?? [];
  return h.split('{title}').length === 2 && nums.length <= 1 && (nums.length === 0 || h.indexOf(nums[0] as string) < h.indexOf('{title}')) && !/[\r\n]/.test(h) && !/^\s*#/.test(h) && !/\{(?!n\}|number\}|title\})/.test(h);
};

const seriesFields = {
  format: z._default(z.enum(ADR_FORMATS), 'docpact'),
  /** File names, e.g. `ADR-{number}-{slug}.md` or `{number}-{slug}.md` (default: by format). */
  pattern: z.optional(z.string().check(z.refine(isAdrPattern, { message: 'must hold {number} (or {day}) then {slug}, once each, and end in .md, e.g. "{number}-{slug}.md"' }))),
  digits: z._default(z.int().check(z.minimum(1), z.maximum(8)), 4),
  /** The number of the first ADR (MADR starts at 0). */
  first: z._default(z.int().check(z.minimum(0)), 1),
  /** "sequence": the highest number + 1; "date": the day's YYYYMMDD, as log4brains names files (several ADRs may share a day). */
  numbering: z._default(z.enum(['sequence', 'date']), 'sequence'),
  statuses: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z][A-Za-z -]*$/, 'must be letters, spaces or "-"'))).check(z.minLength(2))),
  initial: z.optional(z.string()),
  superseded: z.optional(z.string()),
  /** The generated index page (default: index.md in the ADR folder). */
  index: z.optional(RelDir),
  /** The first heading: `{number}` (zero-padded) or `{n}`, and `{title}` (default: by format, e.g. "{n}. {title}"). */
  heading: z.optional(z.string().check(z.refine(isHeadingPattern, { message: 'must hold {title} once, after at most one {number} or {n}, on one line without "#", e.g. "ADR {number}: {title}"' }))),
  /** Folders inside the ADR folder whose ADRs belong to the series too (older records); new ADRs go in the folder itself. */
  folders: z.optional(z.array(RelDir)),
  /** The index page is the team's own (init recognised one): docpact keeps it as it is and generates only the index data. */
  ownIndex: z.optional(z.boolean()),
  /** Front-matter keys every ADR of the series carries (`number`, `author`, `replaced-by`): a new ADR gets them too. */
  frontMatter: z.optional(z.array(z.string().check(z.regex(/^[A-Za-z][\w-]*$/, 'must be a YAML key of letters, digits, "_" or "-"')))),
};

/** Another ADR series (one per package in a monorepo, as log4brains allows). */
export const ExtraSeries = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"')),
  path: RelDir,
  ...seriesFields,
});

export const AdrSettings = z.strictObject({
  ...seriesFields,
  series: z.optional(z.array(ExtraSeries)),
});

/** The file naming a format's own tools use: docpact's `ADR-0007-x.md`, adr-tools' and MADR's `0007-x.md`. */
export const defaultPattern = (format: AdrFormatName) => (format === 'docpact' ? 'ADR-{number}-{slug}.md' : '{number}-{slug}.md');

type SeriesInput = { format: AdrFormatName; pattern?: string; digits: number; first: number; numbering: 'sequence' | 'date'; statuses?: string[]; initial?: string; superseded?: string; index?: string; heading?: string; folders?: string[]; ownIndex?: boolean; frontMatter?: string[] };

/** A series with every default filled in from its format; problems are reported at `at`. */
function resolveSeries(a: SeriesInput, dir: string, at: (string | number)[], issues: { code: 'custom'; message: string; path: (string | number)[]; input: unknown }[]) {
  const vocab = FORMAT_STATUSES[a.format];
  const statuses = a.statuses ?? [...vocab.statuses];
  const chosen = { initial: a.initial ?? vocab.initial, superseded: a.superseded ?? vocab.superseded };
  // {day} writes an ADR's number as the day it was written: a number counted in sequence would be a day no ADR was written.
  if (a.pattern?.includes('{day}') && a.numbering !== 'date') issues.push({ code: 'custom', message: '{day} names each ADR by the day it was written: it needs adr.numbering: date', path: [...at, 'pattern'], input: a.pattern });
  for (const key of ['initial', 'superseded'] as const) {
    const value = chosen[key];
    if (!statuses.some((x) => x.toLowerCase() === value.toLowerCase())) issues.push({ code: 'custom', message: `${key} must be one of statuses`, path: [...at, key], input: value });
  }
  return {
    format: a.format,
    pattern: a.pattern ?? defaultPattern(a.format),
    // A dated series' days have 8 digits whatever the width; the width is that of its older numbered records (0001-x.md), which stay members.
    digits: a.digits,
    first: a.first,
    numbering: a.numbering,
    statuses,
    ...chosen,
    index: a.index ?? `${dir}/index.md`,
    ...(a.heading !== undefined ? { heading: a.heading } : {}),
    ...(a.folders?.length ? { folders: a.folders } : {}),
    ...(a.ownIndex ? { ownIndex: true } : {}),
    ...(a.frontMatter?.length ? { frontMatter: a.frontMatter } : {}),
  };
}

/** A label's name: one line, since names land in shell commands and YAML. */
const LabelName = z.string().check(z.minLength(1), z.refine((l) => !/[\x00-\x1f\x7f]/.test(l), { message: 'must be one line, without control characters' }));

export const Labels = z.strictObject({
  types: list(LabelPart, DEFAULTS.types, 1),
  /** Filled in from the preset. Empty: the forms have no Area dropdown. */
  areas: z.optional(z.array(LabelPart)),
  /** Empty: the forms have no Size dropdown. */
  sizes: list(LabelPart, DEFAULTS.sizes),
  /** Applied by every form; one line each (they land in shell commands and YAML). */
  extra: list(LabelName, ['status:governed']),
  /** Applied by the project's own forms (found by init): declared in labels.yml beside docpact's. */
  own: z.optional(z.array(LabelName)),
});

/** One accepted class of `check` problems: a rule id (or glob, "chat/*"), optional path globs, and why. */
export const IgnoreEntry = z.strictObject({
  rule: z.string().check(z.minLength(1)),
  paths: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  reason: z.string({ error: 'every ignore entry needs a reason' }).check(z.trim(), z.minLength(1, 'every ignore entry needs a reason')),
});
export type IgnoreEntry = z.infer<typeof IgnoreEntry>;

/** The docs engines docpact writes pages for (src/docs/engines/): Sphinx (MyST pages) or MkDocs (plain Markdown). */
export const DOCS_ENGINES = ['sphinx', 'mkdocs'] as const;
export type DocsEngineName = (typeof DOCS_ENGINES)[number];

/** Which engine builds the docs, and its configuration file when it is not where the engine keeps it by default. */
export const DocsSettings = z.strictObject({
  engine: z._default(z.enum(DOCS_ENGINES), 'sphinx'),
  /** The engine's configuration file (default: <paths.docs>/conf.py for Sphinx, mkdocs.yml beside the MkDocs docs_dir). */
  config: z.optional(RelDir),
});

export const CheckSettings = z.strictObject({
  ignore: list(IgnoreEntry, []),
  /** Rule id → severity, e.g. make base/decision-edit an error. */
  severity: z._default(z.record(z.string(), z.enum(['error', 'warning'])), () => ({})),
});

/** What one role's chat messages must carry (check's chat/format); left out: what the role's template has. */
export const ChatFormat = z.strictObject({
  /** `## ` headings every message from the role has; empty: no section is required. */
  sections: z.optional(z.array(z.string().check(z.trim(), z.minLength(1)))),
  /** Fields every `# CHANGESET:` block in the role's messages has. */
  changeset: z.optional(z.array(z.string().check(z.trim(), z.minLength(1)))),
});

export const ChatSettings = z.strictObject({
  /** Role → the format of its messages. */
  format: z.optional(z.record(Role, ChatFormat)),
});

/**
 * A repo-relative path glob (picomatch: `**`, `*`, braces), as `gates` and
 * `generated` take them: one line, never absolute, never leaving the repository.
 */
export const isPathGlob = (g: string) => g.length > 0 && g.length <= 500 && !/[\x00-\x1f\x7f]/.test(g) && !g.startsWith('/') && !g.split('/').some((seg) => seg === '..');
const PathGlob = z.string().check(z.refine(isPathGlob, { message: 'must be a path glob inside the repository, relative to docpact.yaml (no "/" first, no "..", one line), e.g. "src/storage/**"' }));
const globs = z.array(PathGlob).check(z.minLength(1));

/** What a gate requires of a change that touches its paths (src/gate/rules.ts). */
export const GATE_REQUIREMENTS = ['adr', 'docs'] as const;
const Requirement = z.enum(GATE_REQUIREMENTS);

/** One merge criterion: a change touching `paths` needs an ADR, or one of `docs` changed (default: any page of the docs). */
export const Gate = z.strictObject({
  paths: globs,
  require: z.union([Requirement, z.array(Requirement).check(z.minLength(1))]),
  docs: z.optional(globs),
});
export type Gate = z.infer<typeof Gate>;

/** A generator of the repository's own: `docpact generate` runs `run` (a shell command) and compares `outputs`. */
export const GeneratedEntry = z.strictObject({
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lowercase letters, digits, ".", "_" or "-"')),
  run: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000), z.refine((r) => !/[\r\n\x00]/.test(r), { message: 'must be one line (a shell command; chain steps with &&)' })),
  outputs: globs,
  inputs: z.optional(globs),
});
export type GeneratedEntry = z.infer<typeof GeneratedEntry>;

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
    /** Which built-in text and vocabulary fill what this file leaves out. */
    preset: z._default(z.enum(PRESET_NAMES), 'governed'),
    project: z.optional(Name),
    package: z.optional(PackageDir),
    paths: z._default(Paths, () => z.parse(Paths, {})),
    docs: z._default(DocsSettings, () => ({ engine: 'sphinx' as const })),
    roles: z._default(
      z.array(Role).check(z.length(2, 'must name exactly two roles: the one who asks and the one who implements')),
      () => ['architect', 'engineer'],
    ),
    closers: list(Role, ['architect', 'user'], 1),
    adr: z._default(AdrSettings, () => z.parse(AdrSettings, {})),
    labels: z._default(Labels, () => z.parse(Labels, {})),
    // Empty lists are allowed: a project may have no invariants or apps (yet). Left out: the preset's.
    invariants: z.optional(z.array(Name)),
    concepts: z.optional(z.array(Name)),
    apps: z.optional(z.array(Name)),
    useCases: z.optional(z.array(Name)),
    ci: z._default(Ci, () => ({})),
    check: z.optional(CheckSettings),
    chat: z.optional(ChatSettings),
    /** Merge criteria `docpact gate` enforces on a pull request. */
    gates: z.optional(z.array(Gate)),
    /** The repository's generators of generated references (`docpact generate`). */
    generated: z.optional(z.array(GeneratedEntry)),
  }),
  z.transform((c, ctx) => {
    const issues: { code: 'custom'; message: string; path: (string | number)[]; input: unknown }[] = [];
    const series = (c.adr.series ?? []).map((x, i) => ({ name: x.name, path: x.path, ...resolveSeries(x, x.path, ['adr', 'series', i], issues) }));
    const names = new Set<string>();
    series.forEach((x, i) => {
      if (names.has(x.name)) issues.push({ code: 'custom', message: `series name "${x.name}" is used twice`, path: ['adr', 'series', i, 'name'], input: x.name });
      names.add(x.name);
    });
    const adr = { ...resolveSeries(c.adr, c.paths.adr, ['adr'], issues), ...(series.length ? { series } : {}) };
    (c.generated ?? []).forEach((g, i, all) => {
      if (all.findIndex((x) => x.name === g.name) !== i) issues.push({ code: 'custom', message: `generator name "${g.name}" is used twice`, path: ['generated', i, 'name'], input: g.name });
    });
    (c.gates ?? []).forEach((g, i) => {
      if (g.docs && ![g.require].flat().includes('docs')) issues.push({ code: 'custom', message: 'docs names the pages a "require: docs" gate accepts; this gate does not require docs', path: ['gates', i, 'docs'], input: g.docs });
    });
    for (const issue of issues) ctx.issues.push(issue);
    const p = PRESETS[c.preset];
    const pkg = c.package ?? p.package;
    return {
      version: c.version,
      preset: c.preset,
      project: c.project ?? p.project,
      package: pkg,
      paths: {
        ...c.paths,
        chats: c.paths.chats ?? underPackage(pkg, 'agents/chats'),
        prompts: c.paths.prompts ?? underPackage(pkg, 'agents/prompts'),
      },
      docs: c.docs,
      roles: c.roles,
      closers: c.closers,
      adr,
      labels: { types: c.labels.types, areas: c.labels.areas ?? [...p.areas], sizes: c.labels.sizes, extra: c.labels.extra, ...(c.labels.own?.length ? { own: c.labels.own } : {}) },
      invariants: c.invariants ?? [...p.invariants],
      concepts: c.concepts ?? [...p.concepts],
      apps: c.apps ?? [...p.apps],
      useCases: c.useCases ?? [...p.useCases],
      ci: c.ci,
      ...(c.check ? { check: c.check } : {}),
      ...(c.chat ? { chat: c.chat } : {}),
      ...(c.gates ? { gates: c.gates } : {}),
      ...(c.generated ? { generated: c.generated } : {}),
    };
  }),
);

export type DocpactConfig = z.output<typeof DocpactConfig>;
export type DocpactConfigInput = z.input<typeof DocpactConfig>;
