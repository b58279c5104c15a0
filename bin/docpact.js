#!/usr/bin/env node
// CommonJS (bin/package.json): an ES module entry costs Node's ESM loader and
// a facade of each built-in it imports, ~6 ms of CPU at every start.
const fs = require('node:fs');
const { createRequire } = require('node:module');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');

// The command line's first words name the command, and its code cache
// (below): "adr new X" is adr-new; "init DIR" is init once no init-DIR is
// found; a run whose first argument is no word (--help, an option before the
// command) is "other".
const isWord = (w) => /^[a-z][a-z-]{0,20}$/.test(w ?? '');
const [first, second] = process.argv.slice(2);
const keys = !isWord(first) ? ['other'] : isWord(second) ? [`${first}-${second}`, first] : [first];

// dist/cli.cjs is the CLI; a command run often has a bundle of its own
// holding only its code (dist/cli-adr-new.cjs, scripts/build.mjs), used when
// the command line starts with its words. dist/ is built by `npm run build`
// (and by `npm pack`/`npm publish`); a fresh clone does not have it yet. Say
// so instead of a module-resolution trace.
const dist = path.join(__dirname, '..', 'dist');
let cli;
let source;
for (const name of [...(keys[0] === 'other' ? [] : [`cli-${keys[0]}.cjs`]), 'cli.cjs']) {
  try {
    cli = path.join(dist, name);
    source = fs.readFileSync(cli, 'utf8');
    break;
  } catch {}
}
if (source === undefined) {
  process.stderr.write('docpact: dist/ is missing: this is a source checkout. Run "npm run build" in it first.\n');
  process.exit(2);
}

// The bundle is compiled with V8's code cache: the bytecode of what a run of
// the same command compiled (a command compiles only its own functions, so
// one cache per command), kept in the user's cache folder (never in a
// repository) under the build's identity (the hash on the bundle's first
// line), so a cache is only ever read by the very build that wrote it; V8
// also refuses one made for other source or another V8. Any trouble with the
// cache just means compiling from source. DOCPACT_NO_CODE_CACHE=1: none.
// The libraries only some commands use (dist/vendor/*.cjs, built with it)
// are compiled the same way when the bundle requires them, each with a cache
// of its own: compiled from source, js-yaml costs a command ~4 ms, yaml ~6 ms.
const build = /^\/\/ docpact build ([0-9a-f]{16})\n/.exec(source)?.[1];
// A relative XDG_CACHE_HOME is invalid and ignored, as the XDG spec says: ~/.cache then.
let home = process.env.XDG_CACHE_HOME;
if (!home || !path.isAbsolute(home)) {
  try {
    home = path.join(os.homedir(), '.cache');
  } catch {}
}
const cacheDir = build && home && path.isAbsolute(home) && !process.env.DOCPACT_NO_CODE_CACHE ? path.join(home, 'docpact') : undefined;
/** Scripts compiled without a cache V8 accepted, and the cache file each is to write. */
const unwritten = [];

/**
 * Run a CommonJS file compiled with the first of the caches `names` there is
 * (if any): its exports, its script, and the cache V8 took (if it took one).
 */
function load(file, text, names, mod = { exports: {} }) {
  let cachedData;
  let name;
  for (name of cacheDir ? names : []) {
    try {
      cachedData = fs.readFileSync(path.join(cacheDir, name));
      break;
    } catch {}
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${text}\n})`, { filename: file, cachedData });
  const taken = cachedData && !script.cachedDataRejected ? name : undefined;
  script.runInThisContext()(mod.exports, path.dirname(file) === dist ? requireFromCli : createRequire(file), mod, file, path.dirname(file));
  return { exports: mod.exports, script, taken };
}

/**
 * What a bundle of dist/ requires: a bundle of dist/vendor, or dist/cli.cjs
 * (the whole CLI, which dist/cli-check.cjs asks for check's full run), through
 * `load`, once; anything else as Node requires it.
 */
const vendors = new Map();
const nodeRequire = createRequire(cli);
function requireFromCli(id) {
  const name = /^\.\/vendor\/([\w-]+)\.cjs$/.exec(id)?.[1] ?? (id === './cli.cjs' ? '' : undefined);
  if (name === undefined) return nodeRequire(id);
  let mod = vendors.get(name);
  if (!mod) {
    const file = name ? path.join(dist, 'vendor', `${name}.cjs`) : path.join(dist, 'cli.cjs');
    mod = { exports: {} };
    vendors.set(name, mod);
    try {
      // The whole CLI's cache when a command's bundle asked for it: of the functions that command's runs compile.
      const cache = name ? `cli-${build}-vendor.${name}.v8` : `cli-${build}-full.${keys[0]}.v8`;
      const { script, taken } = load(file, fs.readFileSync(file, 'utf8'), [cache], mod);
      if (cacheDir && !taken) unwritten.push([script, path.join(cacheDir, cache)]);
    } catch (err) {
      vendors.delete(name);
      throw err;
    }
  }
  return mod.exports;
}

const names = keys.map((key) => `cli-${build}-${key}.v8`);
const { exports: cliExports, script, taken } = load(cli, source, names);
cliExports.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Once the command, the cache below and every promise callback are done
  // (a tick runs after the microtasks) and nothing is left to run (no handle,
  // request or timer; no 'beforeExit' listener), end at once, as Node would
  // next, but without first running the garbage collector's tasks pending on
  // the heap the command leaves behind (adr renumber at 10,000 ADRs: a full
  // mark-compact and its sweep, ~20 ms of CPU). Output is written
  // synchronously; a pending write would be an active request.
  process.nextTick(() => {
    if (!process.getActiveResourcesInfo().length && !process.listenerCount('beforeExit')) process.exit();
  });
  // The cache of the command that ran ("init" for "init DIR"), once it ran
  // through (exit 0 or 1): its help or a usage error compiles little of it.
  const argv = process.argv.slice(2);
  const ran = code <= 1 && !argv.includes('--help') && !argv.includes('-h');
  const key = keys[0] === 'other' ? 'other' : keys.find((k) => ran && k === cliExports.commandOf?.(argv));
  if (cacheDir && key && taken !== `cli-${build}-${key}.v8`) unwritten.push([script, path.join(cacheDir, `cli-${build}-${key}.v8`)]);
  if (!unwritten.length) return;
  try {
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    for (const [compiled, cacheFile] of unwritten) {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, compiled.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    }
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
});
