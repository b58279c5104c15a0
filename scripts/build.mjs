// Build: bundle the CLI and the plop pack with esbuild. Templates are
// precompiled into the bundle (see templates-module.mjs) with Handlebars' small
// runtime. Everything else is bundled (the CLI's prompts too: Inquirer's
// prompt packages), so the package's one runtime dependency is handlebars (its
// full compiler is required at run time, only when a repo overrides a
// template). test/package.test.ts holds dist/ to that.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { isTemplatesId, templatesModule, TEMPLATES_DIR } from './templates-module.mjs';
import { SCHEMAS_ID, schemasModule } from './schemas-module.mjs';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The build's identity: a hash of everything bundled. Machine-local caches of
// parsed files (src/io/cache.ts) carry it, so a rebuild with a changed schema
// never trusts what an older build parsed, even at the same version.
const hash = createHash('sha256');
const addTree = (rel) => {
  const abs = fileURLToPath(new URL(`../${rel}`, import.meta.url));
  if (fs.statSync(abs).isDirectory()) for (const name of fs.readdirSync(abs).sort()) addTree(`${rel}/${name}`);
  else hash.update(`${rel}\0`).update(fs.readFileSync(abs)).update('\0');
};
// package-lock.json too: a js-yaml or zod upgrade within the same ranges may parse differently.
['package.json', 'package-lock.json', 'plopfile.ts', 'generators', 'scripts', 'src', 'templates', 'schemas'].forEach(addTree);
const build = hash.digest('hex').slice(0, 16);

// Modules generated at build time: precompiled templates and schema validators.
const virtualModule = (id) => (isTemplatesId(id) ? templatesModule(id) : id === SCHEMAS_ID ? schemasModule() : undefined);
const virtualPlugin = {
  name: 'docpact-virtual',
  setup(build) {
    build.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path, namespace: 'docpact-virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'docpact-virtual' }, (args) => ({
      contents: virtualModule(args.path),
      resolveDir: TEMPLATES_DIR,
      loader: 'js',
    }));
  },
};

const BANNER = "import { createRequire as __docpactRequire } from 'node:module'; const require = __docpactRequire(import.meta.url);";

fs.rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
// DOCPACT_METAFILE=dir: esbuild's metafile of each build there (which modules each chunk holds).
const metaDir = process.env.DOCPACT_METAFILE;
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version), __DOCPACT_BUILD__: JSON.stringify(build) },
  plugins: [virtualPlugin],
  // Smaller bundles parse faster; start-up time is a feature (SPEC §7).
  // No keepNames: its __name() call on every function and class costs `adr new`
  // ~10% of its start-up, and nothing reads a function's or class's name
  // (errors set theirs: DocpactError, js-yaml's, yaml's and zod's).
  minify: !process.env.DOCPACT_DEBUG_BUILD,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: !!metaDir,
};
const keepMeta = (name, result) => metaDir && fs.writeFileSync(`${metaDir}/${name}.meta.json`, JSON.stringify(result.metafile));

// The CLI: docpact's own code in one CommonJS file, dist/cli.cjs, which
// bin/docpact.js compiles with V8's code cache (an ES module cannot be: Node
// 20 has no compile cache), and the libraries only some commands use, each a
// bundle of its own in dist/vendor/, required where first used. Measured on
// `adr new` against the earlier ES module chunks (36 files for `adr new`):
// without a code cache about as fast, with one a third less CPU.
// A library with state docpact shares is one vendor bundle (the SDK's
// subpaths through src/mcp/sdk.ts, Inquirer's prompts through src/cli/inquirer.ts).
const VENDOR = {
  'js-yaml': 'js-yaml',
  yaml: 'yaml',
  picomatch: 'picomatch',
  diff: 'diff',
  'node-diff3': 'node-diff3',
  'any-ascii': 'any-ascii',
  '@github/issue-parser': 'issue-parser',
  './src/mcp/sdk.ts': 'mcp-sdk',
  './src/cli/inquirer.ts': 'inquirer',
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const vendorOf = (args) => {
  if (VENDOR[args.path] && !args.path.startsWith('.')) return VENDOR[args.path];
  if (!args.path.startsWith('.')) return undefined;
  const rel = `./${path.relative(ROOT, path.resolve(args.resolveDir, args.path)).replace(/\.js$/, '.ts')}`;
  return VENDOR[rel];
};
const vendorPlugin = {
  name: 'docpact-vendor',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.namespace !== 'file') return undefined;
      const name = vendorOf(args);
      return name ? { path: `./vendor/${name}.cjs`, external: true } : undefined;
    });
  },
};
for (const [spec, name] of Object.entries(VENDOR)) {
  keepMeta(`vendor-${name}`, await esbuild.build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: ROOT, loader: 'js' },
    outfile: `dist/vendor/${name}.cjs`,
    format: 'cjs',
  }));
}
// dist/cli-<command>.cjs: the CLI with one command's code only, for the
// commands run most often in a loop by people and agents. The bin runs it
// when the command line starts with exactly those words; anything else runs
// dist/cli.cjs. The command table keeps every entry (help, did-you-mean), but
// the modules of the other commands are left out: what V8 reads, deserializes
// and instantiates shrinks to a third (adr new: 644 -> 196 KB, ~3 ms of CPU).
const OWN_BUNDLE = {
  'adr-new': 'generators/adr-new.ts',
  'adr-status': 'generators/adr-status.ts',
  'adr-renumber': 'generators/adr-renumber.ts',
  'chat-new': 'generators/chat-new.ts',
  'chat-reply': 'generators/chat-reply.ts',
  'chat-close': 'generators/chat-close.ts',
  'docs-add': 'generators/docs-add.ts',
  'docs-term': 'generators/docs-term.ts',
  check: 'src/commands/check.ts',
};
/** The files whose lazy imports are the command table's: generators, reading commands, the rest. */
const TABLES = ['generators/index.ts', 'src/commands/index.ts', 'src/cli/commands.ts'];
const onlyCommand = (keep) => ({
  name: 'docpact-only-command',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import' || !TABLES.includes(path.relative(ROOT, args.importer))) return undefined;
      const target = path.relative(ROOT, path.resolve(args.resolveDir, args.path)).replace(/\.js$/, '.ts');
      if (target === keep || target === 'src/cli/generator-command.ts') return undefined;
      return { path: target, namespace: 'docpact-elsewhere' };
    });
    b.onLoad({ filter: /.*/, namespace: 'docpact-elsewhere' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`docpact: ${args.path} is not in this bundle (a bug in bin/docpact.js's choice of bundle)`)});`,
      loader: 'js',
    }));
  },
});
// dist/cli-check.cjs holds only the replay of check's last verdict (a check
// with nothing changed: 156 KB of bytecode to deserialize, not 930 KB); the
// full run it hands to dist/cli.cjs, through src/cli/full-check.ts in place
// of src/check/run.ts, which bin/docpact.js loads with its own code cache.
const replayOnly = {
  name: 'docpact-replay-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/check\/run\.js$/ }, (args) => (path.relative(ROOT, args.importer) === 'src/commands/check.ts' ? { path: path.join(ROOT, 'src/cli/full-check.ts') } : undefined));
    b.onResolve({ filter: /^\.\/cli\.cjs$/ }, () => ({ path: './cli.cjs', external: true }));
  },
};
for (const [name, keep] of Object.entries({ cli: undefined, ...Object.fromEntries(Object.entries(OWN_BUNDLE).map(([k, v]) => [`cli-${k}`, v])) })) {
  keepMeta(name, await esbuild.build({
    ...common,
    // dist/cli.cjs also exports check's full run, for dist/cli-check.cjs.
    entryPoints: { [name]: keep ? 'src/cli/main.ts' : 'src/cli/bundle.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist',
    format: 'cjs',
    plugins: [vendorPlugin, virtualPlugin, ...(keep ? [onlyCommand(keep)] : []), ...(name === 'cli-check' ? [replayOnly] : [])],
    // The build's identity on the first line: bin/docpact.js keys the code cache by it.
    banner: {
      // "use strict" first: docpact's modules are ES modules, strict, and the banner would end esbuild's directive prologue.
      js: `// docpact build ${build}\n"use strict";\nconst __docpactUrl = require('node:url').pathToFileURL(__filename).href;\nconst __docpactBuiltins = {}, __docpactBuiltin = (toESM, id) => (__docpactBuiltins[id] ??= toESM(require(id), 1));`,
    },
    define: { ...common.define, 'import.meta.url': '__docpactUrl' },
  }));

  // A vendor bundle imported lazily is required (vm.Script, which compiles
  // dist/cli.cjs, runs no import()): `await import(x)` of a bundle that
  // marks itself an ES module gives what `require(x)` does.
  const file = new URL(`../dist/${name}.cjs`, import.meta.url);
  let code = fs.readFileSync(file, 'utf8').replace(/\bimport\(("\.\/vendor\/[\w-]+\.cjs")\)/g, 'Promise.resolve(require($1))');
  // Each module that imports a Node built-in gets its own ES module view of
  // it from esbuild's __toESM: a getter per export (node:fs has ~100), 35
  // views of node:path, 13 of node:fs. One view per built-in, shared, is the
  // same object to read from: ~1 ms less of `adr new`'s start.
  const views = new Set();
  code = code.replace(/(?<![\w$.])([\w$]+)\(require\("(node:[\w/]+)"\),1\)/g, (_, toESM, id) => {
    views.add(toESM);
    return `__docpactBuiltin(${toESM},${JSON.stringify(id)})`;
  });
  if (views.size > 1) throw new Error(`dist/${name}.cjs: built-ins wrapped by ${[...views].join(', ')}, expected one __toESM`);
  if (/\bimport\(/.test(code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, ''))) throw new Error(`dist/${name}.cjs still has an import(): vm.Script cannot run it`);
  fs.writeFileSync(file, code);
}

// The plop pack: ES modules, split into chunks (plop imports it).
keepMeta('plopfile', await esbuild.build({
  ...common,
  entryPoints: { plopfile: 'plopfile.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS (yaml, handlebars' runtime) may require node built-ins.
  banner: { js: BANNER },
}));

// The banner costs every module it heads a createRequire() at load: keep it
// only where `require` is used.
for (const file of fs.readdirSync(new URL('../dist', import.meta.url), { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const url = new URL(`../dist/${file}`, import.meta.url);
  const code = fs.readFileSync(url, 'utf8');
  if (code.startsWith(BANNER) && !/\brequire\b/.test(code.slice(BANNER.length))) fs.writeFileSync(url, code.slice(BANNER.length).replace(/^\n/, ''));
}
