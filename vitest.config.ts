import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the esbuild build
import { VIRTUAL_ID, templatesModule } from './scripts/templates-module.mjs';
// @ts-expect-error plain ESM helper shared with the esbuild build
import { SCHEMAS_ID, schemasModule } from './scripts/schemas-module.mjs';

const VIRTUAL: Record<string, () => string> = { [VIRTUAL_ID]: templatesModule, [SCHEMAS_ID]: schemasModule };

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    {
      name: 'docpact-virtual',
      resolveId: (id: string) => (id in VIRTUAL ? `\0${id}` : undefined),
      load: (id: string) => (id.startsWith('\0') && id.slice(1) in VIRTUAL ? VIRTUAL[id.slice(1)]() : undefined),
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
