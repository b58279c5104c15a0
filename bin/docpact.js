#!/usr/bin/env node
// CommonJS (bin/package.json): an ES module entry costs Node's ESM loader and
// a facade of each built-in it imports, ~6 ms of CPU at every start.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

// dist/ is built by `npm run build` (and by `npm pack`/`npm publish`); a fresh
// clone does not have it yet. Say so instead of a module-resolution trace.
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
let source;
try {
  source = fs.readFileSync(cli, 'utf8');
} catch {
  process.stderr.write('docpact: dist/ is missing: this is a source checkout. Run "npm run build" in it first.\n');
  process.exit(2);
}

// dist/cli.cjs is compiled with V8's code cache: the bytecode of what a run
// of the same command compiled (a command compiles only its own functions,
// so one cache per first word), kept in the user's cache folder (never in a
// repository) under the build's identity (the hash on the bundle's first
// line), so a cache is only ever read by the very build that wrote it; V8
// also refuses one made for other source or another V8. Any trouble with the
// cache just means compiling from source. DOCPACT_NO_CODE_CACHE=1: none.
const build = /^\/\/ docpact build ([0-9a-f]{16})\n/.exec(source)?.[1];
let home = process.env.XDG_CACHE_HOME;
try {
  home ||= path.join(os.homedir(), '.cache');
} catch {}
const word = /^[a-z][a-z-]{0,20}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
const cacheDir = build && home && path.isAbsolute(home) && !process.env.DOCPACT_NO_CODE_CACHE ? path.join(home, 'docpact') : undefined;
const cacheFile = cacheDir && path.join(cacheDir, `cli-${build}-${word}.v8`);
let cachedData;
try {
  if (cacheFile) cachedData = fs.readFileSync(cacheFile);
} catch {}
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: cli, cachedData });
const cjs = { exports: {} };
script.runInThisContext()(cjs.exports, require('node:module').createRequire(cli), cjs, cli, path.dirname(cli));

cjs.exports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
      // Only the caches of the four builds that wrote one last are kept: two
      // installs used in turn (a global one and a project's) keep theirs, and
      // the folder of someone who rebuilds docpact stays small.
      const others = fs.readdirSync(cacheDir).flatMap((f) => {
        const other = /^cli-([0-9a-f]{16})-/.exec(f)?.[1];
        return other && other !== build ? [[f, other]] : [];
      });
      const newest = new Map();
      for (const [f, other] of others) newest.set(other, Math.max(newest.get(other) ?? 0, fs.statSync(path.join(cacheDir, f)).mtimeMs));
      const kept = new Set([...newest].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([other]) => other));
      for (const [f, other] of others) if (!kept.has(other)) fs.rmSync(path.join(cacheDir, f), { force: true });
    } catch {}
  }
});
