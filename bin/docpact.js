#!/usr/bin/env node
import { existsSync } from 'node:fs';

// dist/ is built by `npm run build` (and by `npm pack`/`npm publish`); a fresh
// clone does not have it yet. Say so instead of a module-resolution trace.
const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('docpact: dist/ is missing: this is a source checkout. Run "npm run build" in it first.\n');
  process.exit(2);
}
const { main } = await import(cli.href);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
