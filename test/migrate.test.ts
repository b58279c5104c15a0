/** `docpact adr migrate --to FORMAT` through the built bin, on the adopted fixture series. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATE, adopted, edit, ok, read, run, snapshot, write } from './helpers.js';

describe('docpact adr migrate', () => {
  it('converts an adr-tools series to docpact’s format, renaming files and every link to them, then to MADR keeping names and every body line', () => {
    const dir = adopted('adr-tools');
    const adrs = 'doc/architecture/decisions';
    // Links to the ADRs from another ADR's body follow the renames (docs pages: test/adr-renumber.test.ts).
    fs.appendFileSync(path.join(dir, adrs, '0001-record-architecture-decisions.md'), '\nThe first real one: [SQLite](./0002-store-the-catalogue-in-sqlite.md).\n');
    const before = snapshot(dir);
    const dry = run(dir, ['adr', 'migrate', '--to', 'docpact', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^would delete\s+doc\/architecture\/decisions\/0002-store-the-catalogue-in-sqlite\.md$/m);
    expect(dry.stdout).toMatch(/^\+# ADR-0002 — Store the catalogue in SQLite$/m);
    expect(snapshot(dir)).toEqual(before);

    const r = run(dir, ['adr', 'migrate', '--to', 'docpact']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/renamed 3 \(\{number\}-\{slug\}\.md → ADR-\{number\}-\{slug\}\.md\)[\s\S]*Rewrote 1 link to renamed ADRs in 1 other file/);
    expect(fs.readdirSync(path.join(dir, adrs)).sort()).toEqual(['ADR-0001-record-architecture-decisions.md', 'ADR-0002-store-the-catalogue-in-sqlite.md', 'ADR-0003-store-the-catalogue-in-postgres.md', 'index.md']);
    const old = read(dir, `${adrs}/ADR-0002-store-the-catalogue-in-sqlite.md`);
    expect(old).toMatch(/^# ADR-0002 — Store the catalogue in SQLite\n\n- Status: Superseded\n- Date: 2024-03-09\n- Superseded by: \[ADR-0003\]\(ADR-0003-store-the-catalogue-in-postgres\.md\)\n\n## Context\n/);
    expect(old).toMatch(/## Consequences\n\nBackups are file copies\. Concurrent writers are not possible\.\n\n## Alternatives\n\nNot recorded before this ADR was migrated to docpact\.\n$/);
    expect(read(dir, `${adrs}/ADR-0001-record-architecture-decisions.md`)).toContain('[SQLite](./ADR-0002-store-the-catalogue-in-sqlite.md)');
    expect(read(dir, `${adrs}/index.md`)).toContain('(ADR-0003-store-the-catalogue-in-postgres.md)');
    expect(read(dir, 'docpact.yaml')).toMatch(/format: docpact\n\s+pattern: ADR-\{number\}-\{slug\}\.md/);
    expect(run(dir, ['check']).stdout).toMatch(/no problems \(3 ADRs/);
    expect(run(dir, ['adr', 'new', 'Cache the catalogue', '--date', DATE]).code).toBe(0);
    expect(read(dir, `${adrs}/ADR-0004-cache-the-catalogue.md`)).toMatch(/^# ADR-0004 — Cache the catalogue\n\n- Status: Proposed\n/);

    expect(run(dir, ['adr', 'migrate', '--to', 'madr4', '--keep-names']).code).toBe(0);
    const madr = read(dir, `${adrs}/ADR-0003-store-the-catalogue-in-postgres.md`);
    expect(madr).toMatch(/^---\nstatus: accepted\ndate: 2024-06-18\nsupersedes: "\[ADR-0002\]\(ADR-0002-store-the-catalogue-in-sqlite\.md\)"\n---\n\n# Store the catalogue in Postgres\n\n## Context and Problem Statement\n\nA second service now writes to the catalogue, and SQLite allows one writer\.\n/);
    expect(madr).toMatch(/## Decision Outcome\n\nThe catalogue moves to the shared Postgres cluster\.\n/);
    expect(run(dir, ['check']).stdout).toMatch(/no problems \(4 ADRs/);
    expect(run(dir, ['adr', 'migrate', '--to', 'madr4']).stderr).toMatch(/already in the madr4 format/);
  });

  it('keeps MADR’s other metadata (consulted, informed) through a migration to docpact’s format and back', () => {
    const dir = adopted('madr');
    const adrs = 'docs/decisions';
    ok(run(dir, ['adr', 'migrate', '--to', 'docpact']));
    const bullets = read(dir, `${adrs}/ADR-0001-bundle-with-esbuild.md`);
    expect(bullets).toMatch(/^# ADR-0001 — Bundle with esbuild\n\n- Status: Accepted\n- Date: 2024-02-01\n- Deciders: Ana\n- Consulted: Cy\n- Informed: the plug-in team\n\n/);
    ok(run(dir, ['adr', 'migrate', '--to', 'madr4', '--keep-names']));
    expect(read(dir, `${adrs}/ADR-0001-bundle-with-esbuild.md`)).toMatch(/^---\nstatus: accepted\ndate: 2024-02-01\ndecision-makers: Ana\nconsulted: Cy\ninformed: the plug-in team\n---\n/);
    expect(run(dir, ['check']).stdout).toMatch(/no problems/);
  });
});

describe('docpact adr migrate and trailing definitions', () => {
  const NOTES = '\n[^1]: Measured on the build machine,\n    with a cold cache.\n[^ops]: Nobody is on call.\n\n[sqlite]: https://sqlite.org/whentouse.html\n';

  it('adds the sections a target requires before a record’s footnotes and link definitions, for every target that adds one', () => {
    const dir = adopted('adr-tools');
    const adrs = 'doc/architecture/decisions';
    const file = `${adrs}/0002-store-the-catalogue-in-sqlite.md`;
    edit(dir, file, (t) => t.replace('Concurrent writers are not possible.', 'Concurrent writers are not possible.[^1] See [SQLite][sqlite].[^ops]') + NOTES);
    ok(run(dir, ['adr', 'migrate', '--to', 'madr4', '--keep-names']));
    const madr = read(dir, file);
    expect(madr).toMatch(/Concurrent writers are not possible\.\[\^1\] See \[SQLite\]\[sqlite\]\.\[\^ops\]\n\n## Considered Options\n\nNot recorded before this ADR was migrated to madr4\.\n/);
    // The definitions stay the record's last lines, as written.
    expect(madr.endsWith(`Not recorded before this ADR was migrated to madr4.\n${NOTES}`)).toBe(true);
    expect(run(dir, ['check']).stdout).toMatch(/no problems/);

    // docpact's format requires Alternatives, which the Nygard record lacks; MADR 2 then requires nothing new.
    const dir2 = adopted('adr-tools');
    edit(dir2, file, (t) => t + NOTES);
    ok(run(dir2, ['adr', 'migrate', '--to', 'docpact', '--keep-names']));
    const mine = read(dir2, file);
    expect(mine.endsWith(`## Alternatives\n\nNot recorded before this ADR was migrated to docpact.\n${NOTES}`)).toBe(true);
    ok(run(dir2, ['adr', 'migrate', '--to', 'madr2', '--keep-names']));
    expect(read(dir2, file).endsWith(NOTES)).toBe(true);
  });

  it('adds the sections before the definitions of a record that has no sections, only text under its title', () => {
    const dir = adopted('madr');
    const file = 'docs/decisions/0002-ship-a-single-settings-file.md';
    write(dir, file, '---\nstatus: accepted\ndate: 2024-02-03\n---\n\n# Ship a single settings file\n\nOne file, read once.[^1]\n\n[^1]: Per process.\n');
    ok(run(dir, ['adr', 'migrate', '--to', 'nygard', '--keep-names']));
    const out = read(dir, file);
    expect(out).toMatch(/One file, read once\.\[\^1\]\n\n## Context\n[\s\S]*## Consequences\n\nNot recorded before this ADR was migrated to nygard\.\n\n\[\^1\]: Per process\.\n$/);
  });
});
