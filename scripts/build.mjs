// Build: bundle the CLI and the plop pack with esbuild. Templates are
// precompiled into the bundle (see templates-module.mjs) with Handlebars' small
// runtime. Everything else is bundled (the CLI's prompts too: Inquirer's
// prompt packages), so the package's one runtime dependency is handlebars (its
// full compiler is required at run time, only when a repo overrides a
// template). test/package.test.ts holds dist/ to that.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
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
// The CLI and the plop pack are built apart: they never run in one process,
// and one build would split the CLI's modules into more, smaller chunks
// (every module a command loads is a file read, resolved and linked).
// DOCPACT_METAFILE=dir: esbuild's metafile of each build there (which modules each chunk holds).
const metaDir = process.env.DOCPACT_METAFILE;
for (const entryPoints of [{ cli: 'src/cli/main.ts' }, { plopfile: 'plopfile.ts' }]) {
  const result = await esbuild.build({
    entryPoints,
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version), __DOCPACT_BUILD__: JSON.stringify(build) },
    plugins: [virtualPlugin],
    chunkNames: 'chunks/[name]-[hash]',
    // Smaller bundles parse faster; start-up time is a feature (SPEC §7).
    // No keepNames: its __name() call on every function and class costs `adr new`
    // ~10% of its start-up, and nothing reads a function's or class's name
    // (errors set theirs: DocpactError, js-yaml's, yaml's and zod's).
    minify: !process.env.DOCPACT_DEBUG_BUILD,
    legalComments: 'none',
    // Bundled CommonJS (yaml, handlebars' runtime) may require node built-ins.
    banner: { js: BANNER },
    logLevel: 'warning',
    metafile: !!metaDir,
  });
  if (metaDir) fs.writeFileSync(`${metaDir}/${Object.keys(entryPoints)[0]}.meta.json`, JSON.stringify(result.metafile));
}

// The banner costs every module it heads a createRequire() at load, and
// `adr new` loads ~25 of them: keep it only where `require` is used.
for (const file of fs.readdirSync(new URL('../dist', import.meta.url), { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const url = new URL(`../dist/${file}`, import.meta.url);
  const code = fs.readFileSync(url, 'utf8');
  if (code.startsWith(BANNER) && !/\brequire\b/.test(code.slice(BANNER.length))) fs.writeFileSync(url, code.slice(BANNER.length).replace(/^\n/, ''));
}
