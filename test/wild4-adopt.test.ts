/**
 * Adopting repositories docpact had never seen, round 4 (wild4): ADR series
 * detection and formats — a log4brains series that switched from numbers to
 * days, a series of bare `NNNN.md` files, docpact's own series beside a
 * team's rST `ADR-NNNN` records, front-matter ADRs that state their
 * replacement in a `replaced-by:` key, and series-wide front-matter keys.
 * Each fixture is written here, small, from what those repositories do.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { adrList, exists, must, read, run, snapshot, tempRepo, withDate, write } from './helpers.js';


/** A log4brains record (MADR 2 bullets, no number in the heading). */
const l4bAdr = (title: string, date: string) =>
  `# ${title}\n\n- Status: accepted\n- Date: ${date}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n- This\n- That\n\n## Decision Outcome\n\nThis.\n`;

describe('a log4brains series that began with numbered records, then switched to dated ones', () => {
  const switched = () => {
    const dir = tempRepo();
    write(dir, '.log4brains.yml', 'project:\n  name: Ledger\n  tz: UTC\n  adrFolder: ./doc/adr\n');
    write(dir, 'doc/adr/0001-keep-a-ledger.md', l4bAdr('Keep a ledger', '2023-02-01'));
    write(dir, 'doc/adr/0002-use-double-entry.md', l4bAdr('Use double entry', '2023-03-15'));
    write(dir, 'doc/adr/20250826-post-nightly.md', l4bAdr('Post nightly', '2025-08-26'));
    write(dir, 'doc/adr/20251002-close-monthly.md', l4bAdr('Close monthly', '2025-10-02'));
    return dir;
  };

  it('is numbered by day, as log4brains writes it, and keeps the numbered records as members', () => {
    const dir = switched();
    const theirs = snapshot(dir);
    must(dir, ['init', '--yes']);
    for (const [rel, { sha }] of theirs) expect(snapshot(dir).get(rel)?.sha, rel).toBe(sha);
    const adr = parseYaml(read(dir, 'docpact.yaml')).adr;
    expect(adr.numbering).toBe('date');
    expect(adrList(dir).map((a) => a.file)).toEqual(['0001-keep-a-ledger.md', '0002-use-double-entry.md', '20250826-post-nightly.md', '20251002-close-monthly.md']);
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    expect(run(dir, ['check']).code).toBe(0);
    // A new record is named by the day it is written (withDate: 2026-11-23), not the last day + 1.
    const made = must(dir, ['adr', 'new', 'Archive yearly']);
    expect(made.stdout).toContain('created    doc/adr/20261123-archive-yearly.md');
    expect(adrList(dir)).toHaveLength(5);
    // The old records are in the index too: a range of their own beside the years.
    const index = parseYaml(read(dir, 'docpact.yaml')).adr.index as string;
    const ranges = index.replace(/index\.md$/, 'by-year/');
    expect(read(dir, index)).toContain('- [Numbered decisions (before the dated ones)](by-year/0000.md)');
    expect(read(dir, `${ranges}0000.md`)).toContain('Keep a ledger');
    expect(read(dir, `${ranges}2026.md`)).toContain('Archive yearly');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

/** A record named only by its number (0003.md): its title and status in front matter for MkDocs Material's tags plugin. */
const bareAdr = (n: number, title: string) =>
  `---\ntitle: "${String(n).padStart(4, '0')}: ${title}"\ntags:\n    - Accepted\n---\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;

describe('an MkDocs site whose decision records are named by their number alone (docs/ADRs/0001.md)', () => {
  it('init names that folder, and docpact\'s own series is not started inside it', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Handbook\n');
    write(dir, 'docs/index.md', '# Handbook\n');
    write(dir, 'docs/ADRs/README.md', '# Architecture Decision Records\n\nTagged by status.\n');
    write(dir, 'docs/ADRs/0001.md', bareAdr(1, 'Record decisions'));
    write(dir, 'docs/ADRs/0002.md', bareAdr(2, 'Use tags for statuses'));
    const theirs = snapshot(dir);
    const init = must(dir, ['init', '--yes']);
    for (const [rel, { sha }] of theirs) if (rel.startsWith('docs/ADRs/')) expect(snapshot(dir).get(rel)?.sha, rel).toBe(sha);
    const adrDir = parseYaml(read(dir, 'docpact.yaml')).paths.adr as string;
    expect(adrDir.toLowerCase()).not.toBe('docs/adrs');
    expect(init.stdout).toContain('ADRs docpact does not read: docs/ADRs (2 files named by their number alone, 0001.md)');
  });

  it('never starts its series in a folder that differs from an existing one only by case (one folder on macOS and Windows)', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Handbook\n');
    write(dir, 'docs/index.md', '# Handbook\n');
    write(dir, 'docs/ADR/README.md', '# Decisions\n\nWe have not written any yet.\n');
    must(dir, ['init', '--yes']);
    const adrDir = parseYaml(read(dir, 'docpact.yaml')).paths.adr as string;
    expect(adrDir).not.toBe('docs/adr');
    expect(exists(dir, 'docs/adr')).toBe(false);
    expect(exists(dir, `${adrDir}/index.md`)).toBe(true);
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('a Sphinx project whose own rST records are numbered ADR-NNNN', () => {
  it('numbers docpact\'s series after theirs, so no two records in the site share an ADR number, and says so', () => {
    const dir = tempRepo();
    write(dir, 'docs/conf.py', 'project = "Fits"\nextensions = []\nexclude_patterns = ["_build"]\n');
    write(dir, 'docs/index.rst', 'Fits\n====\n\n.. toctree::\n   :maxdepth: 1\n\n   adr/index\n');
    write(dir, 'docs/adr/index.rst', 'Decisions\n=========\n\n.. toctree::\n   :glob:\n\n   ADR-*\n');
    const rst = (id: string, title: string) => `${id}: ${title}\n${'='.repeat(id.length + 2 + title.length)}\n\n:Status: Accepted\n\nContext\n-------\n\nWhy.\n`;
    write(dir, 'docs/adr/ADR-0000-template.rst', rst('ADR-0000', 'Template'));
    write(dir, 'docs/adr/ADR-0001-several-backends.rst', rst('ADR-0001', 'Several backends'));
    write(dir, 'docs/adr/ADR-0003-lazy-imports.rst', rst('ADR-0003', 'Lazy imports'));
    const init = must(dir, ['init', '--yes']);
    const cfg = parseYaml(read(dir, 'docpact.yaml'));
    expect(cfg.paths.adr).toBe('docs/decisions');
    expect(cfg.adr.first).toBe(4);
    expect(init.stdout).toContain('its ADR series is docs/decisions, numbered from ADR-0004 on, after theirs');
    expect(exists(dir, 'docs/decisions/ADR-0004-record-architecture-decisions.md')).toBe(true);
    expect(exists(dir, 'docs/decisions/ADR-0001-record-architecture-decisions.md')).toBe(false);
    expect(exists(dir, '.docpact/baseline.json')).toBe(false);
    const made = must(dir, ['adr', 'new', 'Cache fits', ...['--context', 'Why.', '--decision', 'What.', '--consequences', 'So.', '--alternatives', 'None.']]);
    expect(made.stdout).toContain('created    docs/decisions/ADR-0005-cache-fits.md');
    expect(run(dir, ['check']).code).toBe(0);
  });
});

describe('ADRs that keep their metadata in front matter, with a replaced-by: key and no status', () => {
  const fmAdr = (n: number, title: string) =>
    `---\ntitle: ADR-00${n} - ${title}\nauthor: Ada (ada@example.org)\ndate: 2026/01/2${n}\nreplaced-by: \n---\n\n# ${title}\n\nIn short: ${title.toLowerCase()}.\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
  const frontMatterSeries = () => {
    const dir = tempRepo();
    write(dir, 'docs/adr/001_pin_runner_images.md', fmAdr(1, 'Pin runner images'));
    write(dir, 'docs/adr/002_cache_wheels.md', fmAdr(2, 'Cache wheels'));
    must(dir, ['init', '--yes']);
    return dir;
  };

  it('supersede fills the replaced-by: key, changing nothing else, and the old ADR reads superseded', () => {
    const dir = frontMatterSeries();
    const before = read(dir, 'docs/adr/001_pin_runner_images.md');
    const made = must(dir, ['adr', 'new', 'Build runner images', '--supersedes', '1']);
    const file = /created {4}docs\/adr\/(\S+)/.exec(made.stdout)?.[1] as string;
    expect(read(dir, 'docs/adr/001_pin_runner_images.md')).toBe(before.replace('replaced-by: \n', `replaced-by: "[3. Build runner images](${file})"\n`));
    const old = adrList(dir).find((a) => a.file === '001_pin_runner_images.md');
    expect(old?.status.toLowerCase()).toBe('superseded');
    expect(old?.supersededBy).toHaveLength(1);
  });

  it('fills a key written with nothing after its colon (replaced-by:) as valid YAML', () => {
    const dir = frontMatterSeries();
    const rel = 'docs/adr/002_cache_wheels.md';
    write(dir, rel, read(dir, rel).replace('replaced-by: \n', 'replaced-by:\n'));
    const before = read(dir, rel);
    const made = must(dir, ['adr', 'new', 'Vendor wheels', '--supersedes', '2']);
    const file = /created {4}docs\/adr\/(\S+)/.exec(made.stdout)?.[1] as string;
    expect(read(dir, rel)).toBe(before.replace('replaced-by:\n', `replaced-by: "[3. Vendor wheels](${file})"\n`));
    expect(parseYaml(read(dir, rel).split('---\n')[1])['replaced-by']).toBe(`[3. Vendor wheels](${file})`);
  });

  it('a status change goes into the front matter, beside the other metadata, not into a new Status section', () => {
    const dir = frontMatterSeries();
    const before = read(dir, 'docs/adr/002_cache_wheels.md');
    must(dir, ['adr', 'status', '2', 'deprecated']);
    expect(read(dir, 'docs/adr/002_cache_wheels.md')).toBe(before.replace('replaced-by: \n', 'replaced-by: \nstatus: Deprecated\n'));
    expect(adrList(dir).find((a) => a.file === '002_cache_wheels.md')?.status).toBe('Deprecated');
  });
});

describe('front-matter keys every ADR of a series carries', () => {
  it('adr new writes them: number: N where a nav script needs it (MADR 4), with the format\'s own keys', () => {
    const dir = tempRepo();
    write(dir, 'mkdocs.yml', 'site_name: Platform\n');
    write(dir, 'docs/index.md', '# Platform\n');
    const madr = (n: number, title: string) =>
      `---\n# Licence: CC-BY-SA-4.0\nnumber: ${n}\nstatus: accepted\ndate: 2026-03-1${n}\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n- One\n\n## Decision Outcome\n\nOne.\n`;
    write(dir, 'docs/decisions/0001-use-madr.md', madr(1, 'Use MADR'));
    write(dir, 'docs/decisions/0002-use-mkdocs.md', madr(2, 'Use MkDocs'));
    const init = must(dir, ['init', '--yes']);
    expect(parseYaml(read(dir, 'docpact.yaml')).adr.frontMatter).toEqual(['number']);
    // docpact's index page sits among those ADRs without a number: init says so.
    expect(init.stderr).toContain("docs/decisions/index.md is docpact's index page among the ADRs of docs/decisions, which all carry the front-matter keys number");
    must(dir, ['adr', 'new', 'Use Postgres']);
    const fm = parseYaml(read(dir, 'docs/decisions/0003-use-postgres.md').split('---\n')[1]);
    expect(fm.number).toBe(3);
    expect(fm.status).toBe('proposed');
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('a new record in a front-matter series without status gets the series\' keys, its relation key filled', () => {
    const dir = tempRepo();
    const fmAdr = (n: number, title: string) =>
      `---\ntitle: ADR-00${n} - ${title}\nauthor: Ada\ndate: 2026/01/2${n}\ndomain: architecture\nreplaced-by: \n---\n\n# ${title}\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n`;
    write(dir, 'docs/adr/001_pin_runner_images.md', fmAdr(1, 'Pin runner images'));
    write(dir, 'docs/adr/002_cache_wheels.md', fmAdr(2, 'Cache wheels'));
    must(dir, ['init', '--yes']);
    const made = must(dir, ['adr', 'new', 'Build runner images', '--deciders', 'Grace']);
    const file = /created {4}(docs\/adr\/\S+)/.exec(made.stdout)?.[1] as string;
    const text = read(dir, file);
    const fm = parseYaml(text.split('---\n')[1]);
    expect(Object.keys(fm)).toEqual(['title', 'author', 'date', 'domain', 'replaced-by']);
    expect(fm.title).toBe('Build runner images');
    expect(fm.author).toBe('Grace');
    expect(fm['replaced-by']).toBeNull();
    // Superseding it later fills its key too, so its front matter and its Status section say the same.
    const next = must(dir, ['adr', 'new', 'Bake runner images', '--supersedes', '3']);
    const newer = /created {4}docs\/adr\/(\S+)/.exec(next.stdout)?.[1] as string;
    expect(adrList(dir).find((a) => file.endsWith(a.file))?.status.toLowerCase()).toBe('superseded');
    expect(parseYaml(read(dir, file).split('---\n')[1])['replaced-by']).toBe(`[4. Bake runner images](${newer})`);
    expect(run(dir, ['check']).code).toBe(0);
  });
});
