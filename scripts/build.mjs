// Build: bundle the CLI and the plop pack with esbuild. Templates are
// precompiled into the bundle (see templates-module.mjs); plop and inquirer
// stay external and are imported only on interactive paths.
import fs from 'node:fs';
import * as esbuild from 'esbuild';
import { VIRTUAL_ID, templatesModule, TEMPLATES_DIR } from './templates-module.mjs';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const templatesPlugin = {
  name: 'docpact-templates',
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${VIRTUAL_ID}$`) }, () => ({ path: VIRTUAL_ID, namespace: 'docpact-templates' }));
    build.onLoad({ filter: /.*/, namespace: 'docpact-templates' }, () => ({
      contents: templatesModule(),
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
  external: ['node-plop', 'inquirer', 'handlebars'],
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [templatesPlugin],
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  // Bundled CommonJS (yaml, handlebars' runtime) may require node built-ins.
  banner: { js: "import { createRequire as __docpactRequire } from 'node:module'; const require = __docpactRequire(import.meta.url);" },
  logLevel: 'warning',
});
