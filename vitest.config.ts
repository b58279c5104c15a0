import fs from 'node:fs';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain ESM helper shared with the esbuild build
import { VIRTUAL_ID, templatesModule } from './scripts/templates-module.mjs';

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

export default defineConfig({
  define: { __DOCPACT_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    {
      name: 'docpact-templates',
      resolveId: (id: string) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
      load: (id: string) => (id === `\0${VIRTUAL_ID}` ? templatesModule() : undefined),
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
