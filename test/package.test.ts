/**
 * docpact as users get it: the packed tarball, installed with --omit=dev into
 * a fresh `npm init -y` project, driven through the installed bin and through
 * real plop 4 with no terminal. One pack and one install serve every test.
 *
 * DOCPACT_TEST_NODE picks the Node that runs the installed package (.ci/run
 * sets it to Node 20.0.0, the floor in package.json's engines).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { init as lexerReady, parse } from 'es-module-lexer';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATE, REPO, exists, keepForFile, ok, read, tempRepo, write, type Ran } from './helpers.js';

const NODE = process.env.DOCPACT_TEST_NODE || process.execPath;
const PLOP = path.join(REPO, 'node_modules', 'plop', 'bin', 'plop.js');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

// Child npm runs must not inherit the settings of an enclosing `npm test` (prefix, lifecycle).
const KEEP_NPM = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || KEEP_NPM.has(k.toLowerCase())));

let work: string;
let app: string;
let packedFiles: string[];
let install: Ran;

function spawn(cwd: string, cmd: string, args: string[]): Ran {
  // stdin is /dev/null: no terminal, as in CI.
  const res = spawnSync(cmd, args, { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}
const docpact = (cwd: string, ...args: string[]) => spawn(cwd, NODE, [path.join(app, 'node_modules', '.bin', 'docpact'), ...args]);
const plop = (cwd: string, ...args: string[]) => spawn(cwd, NODE, [PLOP, ...args]);

beforeAll(() => {
  work = keepForFile(tempRepo(false));
  // --ignore-scripts: the global setup has just built dist/; prepack would rebuild it under the other test files.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO, env, encoding: 'utf8' }));
  packedFiles = packed[0].files.map((f: { path: string }) => f.path);
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  execFileSync('npm', ['init', '-y'], { cwd: app, env, stdio: 'ignore' });
  install = spawn(app, 'npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', path.join(work, packed[0].filename)]);
});

describe('the published package', () => {
  it('ships the built bin, dist, templates, types and LICENSE; no sources or source maps; installs without warnings of its own', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/docpact.js', 'dist/cli.cjs', 'dist/plopfile.js', 'types/plopfile.d.ts']));
    expect(packedFiles.filter((f) => !/^(bin|dist|templates|types)\/|^(LICENSE|README\.md|package\.json)$/.test(f))).toEqual([]);
    expect(packedFiles.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(read(REPO, 'LICENSE')).toMatch(/^MIT License/);
    expect(pkg.license).toBe('MIT');
    // Install-time scripts would run in users' projects (and npm warns about them).
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
    ok(install);
    expect(install.stderr).not.toMatch(/docpact|install-scripts|prepare/);
  });

  it('imports at run time only its declared dependencies, and each loads on the target Node', async () => {
    await lexerReady;
    const dist = path.join(app, 'node_modules', 'docpact', 'dist');
    const bare = new Set<string>();
    for (const file of fs.readdirSync(dist, { recursive: true }) as string[]) {
      if (!/\.c?js$/.test(file)) continue;
      const code = fs.readFileSync(path.join(dist, file), 'utf8');
      const specs = file.endsWith('.cjs') ? [] : parse(code)[0].flatMap((i) => (i.specifier ? [i.specifier] : []));
      // require("x") (bundled CommonJS, the CLI's bundle) and createRequire(import.meta.url)("x") (in the CLI's
      // CommonJS bundle, import.meta.url is __docpactUrl); not inside string literals.
      for (const m of code.matchAll(/(?<![\w$.'"`])require\("([^"]+)"\)|\((?:import\.meta\.url|__docpactUrl)\)\("([^"]+)"\)/g)) specs.push(m[1] ?? m[2]);
      for (const s of specs) {
        if (s.startsWith('.') || s.startsWith('node:') || builtinModules.includes(s)) continue;
        bare.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
      }
    }
    expect([...bare].sort()).toEqual(Object.keys(pkg.dependencies).sort());
    // Resolved from the installed package, loaded by the Node under test.
    const load = spawn(dist, NODE, ['--input-type=module', '-e', 'for (const s of process.argv.slice(1)) await import(s);', ...bare]);
    ok(load);
  });

  it('runs init, adr new and check through the installed bin', () => {
    const repo = path.join(app, 'bin-repo');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    ok(docpact(repo, 'init', '--yes', '--project', 'Packed', '--date', DATE));
    // A template override needs the full Handlebars compiler at run time.
    const tpl = read(path.join(app, 'node_modules', 'docpact'), 'templates/docs/adr/adr.md.hbs');
    write(repo, '.docpact/templates/docs/adr/adr.md.hbs', `${tpl.trimEnd()}\n\nWritten from the override.\n`);
    ok(docpact(repo, 'adr', 'new', 'Café Überblick', '--date', DATE));
    expect(read(repo, 'docs/source/adr/ADR-0002-cafe-uberblick.md')).toContain('Written from the override.');
    const dry = docpact(repo, 'adr', 'new', 'Second', '--dry-run', '--date', DATE);
    ok(dry);
    expect(dry.stdout).toMatch(/^@@ /m);
    const check = docpact(repo, 'check');
    ok(check);
    expect(check.stdout).toMatch(/no problems \(2 ADRs/);
  });
});

describe('the plop pack, with real plop 4 and no terminal', () => {
  it('runs every generator from a CommonJS plopfile.js, with positional and -- --flag bypass', () => {
    const repo = path.join(app, 'plop-cjs');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    // The README's CommonJS form, in the `npm init -y` project.
    write(repo, 'plopfile.js', "module.exports = async function (plop) {\n  const { default: docpact } = await import('docpact');\n  docpact(plop);\n};\n");

    const menu = plop(repo);
    expect(menu.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')).toContain('adr-new - Create the next numbered ADR');

    ok(plop(repo, 'init', '--', '--project', 'Via Plop', '--areas', 'orders,billing'));
    expect(read(repo, 'docs/source/index.md').split('\n')[0]).toBe('# Via Plop');
    expect(read(repo, 'docpact.yaml')).toMatch(/- billing/);

    // Missing required answers: one message in plop's syntax, nothing written, no waiting on stdin.
    const missing = plop(repo, 'adr-new');
    expect(missing.code).toBe(1);
    expect(missing.stdout + missing.stderr).toContain('plop adr-new <title>');
    expect(fs.readdirSync(path.join(repo, 'docs/source/adr')).filter((f) => f.startsWith('ADR-0'))).toHaveLength(1);

    ok(plop(repo, 'adr-new', 'Use plop for scaffolding'));
    ok(plop(repo, 'adr-status', '2', 'accepted'));
    // Titles go positionally: plop hands a --title after "--" to Node itself (its own --title option).
    ok(plop(repo, 'adr-new', 'Replace it', '--', '--status', 'Proposed', '--supersedes', '2'));
    ok(plop(repo, 'chat-new', 'storage-leases', 'Leases per facet?'));
    ok(plop(repo, 'chat-reply', 'storage-leases', '--', '--as', 'engineer'));
    ok(plop(repo, 'chat-close', 'storage-leases', '--', '--as', 'architect', '--summary'));
    ok(plop(repo, 'docs-add', 'guide', 'Replay the ledger'));
    ok(plop(repo, 'docs-term', 'Quorum', 'The minimum number of votes a decision needs.'));

    expect(read(repo, 'docs/source/adr/ADR-0002-use-plop-for-scaffolding.md')).toMatch(/Superseded/);
    expect(read(repo, 'docs/source/adr/ADR-0003-replace-it.md')).toMatch(/ADR-0002/);
    // --areas is the user's own vocabulary, so the blank preset: agents/ at the root.
    expect(fs.readdirSync(path.join(repo, 'agents/chats/storage-leases')).sort()).toEqual(['001-to-engineer.md', '002-to-architect.md', 'DECISION.md', 'SUMMARY.md', 'meta.yaml']);
    expect(exists(repo, 'docs/source/guides/replay-the-ledger.md')).toBe(true);
    expect(read(repo, 'docs/source/glossary.md')).toContain('Quorum');
    const check = docpact(repo, 'check');
    ok(check);
    expect(check.stdout).toMatch(/no problems \(3 ADRs, 1 thread,/);
  });

  it('runs from an ES module plopfile.mjs', () => {
    const repo = path.join(app, 'plop-esm');
    fs.mkdirSync(repo);
    execFileSync('git', ['init', '-q', repo]);
    write(repo, 'plopfile.mjs', "import docpact from 'docpact';\n\nexport default docpact;\n");
    ok(plop(repo, 'init', 'ESM Project'));
    expect(read(repo, 'docs/source/index.md').split('\n')[0]).toBe('# ESM Project');
  });
});
