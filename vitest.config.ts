import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the esbuild build
import { isTemplatesId, templatesModule } from './scripts/templates-module.mjs';
// @ts-expect-error plain ESM helper shared with the esbuild build
import { SCHEMAS_ID, schemasModule } from './scripts/schemas-module.mjs';

const virtualModule = (id: string): string | undefined => (isTemplatesId(id) ? templatesModule(id) : id === SCHEMAS_ID ? schemasModule() : undefined);
const isVirtual = (id: string) => isTemplatesId(id) || id === SCHEMAS_ID;

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    {
      name: 'docpact-virtual',
      resolveId: (id: string) => (isVirtual(id) ? `\0${id}` : undefined),
      load: (id: string) => (id.startsWith('\0') && isVirtual(id.slice(1)) ? virtualModule(id.slice(1)) : undefined),
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
