// Build: bundle the CLI and the plop pack with esbuild. Templates are
// precompiled into the bundle (see templates-module.mjs) with Handlebars' small
// runtime. Everything else is bundled, so the package's runtime dependencies
// are only node-plop (imported on interactive paths; it brings inquirer) and
// handlebars (its full compiler is required at run time, only when a repo
// overrides a template). test/package.test.ts holds dist/ to that.
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { VIRTUAL_ID, templatesModule, TEMPLATES_DIR } from './templates-module.mjs';
import { SCHEMAS_ID, schemasModule } from './schemas-module.mjs';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Modules generated at build time: precompiled templates and schema validators.
const VIRTUAL = { [VIRTUAL_ID]: templatesModule, [SCHEMAS_ID]: schemasModule };
const virtualPlugin = {
  name: 'docpact-virtual',
  setup(build) {
    build.onResolve({ filter: /^virtual:/ }, (args) => ({ path: args.path, namespace: 'docpact-virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'docpact-virtual' }, (args) => ({
      contents: VIRTUAL[args.path](),
      resolveDir: TEMPLATES_DIR,
      loader: 'js',
    }));
  },
};

fs.rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await esbuild.build({
  entryPoints: { cli: 'src/cli/main.ts', plopfile: 'plopfile.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['node-plop'],
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [virtualPlugin],
  chunkNames: 'chunks/[name]-[hash]',
  // Smaller bundles parse faster; start-up time is a feature (SPEC §7).
  minify: !process.env.DOCPACT_DEBUG_BUILD,
  keepNames: true,
  legalComments: 'none',
  // Bundled CommonJS (yaml, handlebars' runtime) may require node built-ins.
  banner: { js: "import { createRequire as __docpactRequire } from 'node:module'; const require = __docpactRequire(import.meta.url);" },
  logLevel: 'warning',
});
