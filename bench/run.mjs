#!/usr/bin/env node
// docpact benchmarks (SPEC §7, issue #16). Each command is timed interleaved
// with `node -e 0` in the same run — baseline, command, baseline, command, … —
// and the medians are compared, so machine noise hits both sides alike.
//
// The true floor: Node parses the file NODE_EXTRA_CA_CERTS names at every
// start-up (~35 ms here), which inflates `node -e 0` more than it inflates a
// command, so ratios measured with it look better than a user sees. Every
// figure is measured with the variable unset for both sides; when the
// environment sets it, the ratio with it set is shown alongside.
//
//   npm run bench                          # every row, 9 runs each
//   BENCH_RUNS=15 npm run bench            # more runs
//   BENCH_MAX=10000 npm run bench          # skip the 100,000-ADR fixtures
//   DOCPACT_BIN=/other/bin/docpact.js node bench/run.mjs   # measure another build
//   BENCH_METRIC=cpu npm run bench         # judge CPU time (a busy, shared machine)
//
// Issue #29's targets compare check with the read floor (bench/floor.mjs: list
// every file once, read each once, one regular expression on each), timed
// interleaved with check in the same run, so both see the same machine.
//
// This is not a test: nothing here fails the suite.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.resolve(process.env.DOCPACT_BIN ?? path.join(ROOT, 'bin', 'docpact.js'));
const RSS = path.join(ROOT, 'bench', 'max-rss.cjs');
const FLOOR = path.join(ROOT, 'bench', 'floor.mjs');
const RUNS = Math.max(5, Number(process.env.BENCH_RUNS ?? 9));
const MAX = Number(process.env.BENCH_MAX ?? 100_000);
const DATE = '2026-11-23';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-bench-'));

const CA = process.env.NODE_EXTRA_CA_CERTS;
// CI=true turns check's caches off (a CI clone is checked once); the bench measures a developer's machine.
const ENV_AS_IS = { ...process.env, CI: '' };
const ENV_FLOOR = { ...ENV_AS_IS };
delete ENV_FLOOR.NODE_EXTRA_CA_CERTS;

const docpact = (cwd, ...args) => execFileSync(process.execPath, [BIN, ...args], { cwd, stdio: 'pipe', env: ENV_FLOOR, maxBuffer: 1 << 28 });

/** Wall time (ms), CPU time (ms) and peak RSS (MiB) of one child process. */
function once(args, cwd, env) {
  const rssFile = path.join(work, `rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['--require', RSS, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...env, BENCH_RSS_FILE: rssFile } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  const [kib, cpuUs] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
  return { ms, mib: kib / 1024, cpu: cpuUs / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n, w = 6, d = 0) => n.toFixed(d).padStart(w);

/**
 * Interleave baseline and command, with NODE_EXTRA_CA_CERTS unset and (when
 * the environment sets it) as set; `setup(i)` may prepare state before each
 * command run. Medians of wall time and of CPU time; the judged metric is
 * BENCH_METRIC (wall by default; cpu on a busy machine, where wall time
 * mostly measures the wait for a core).
 */
const METRIC = process.env.BENCH_METRIC === 'cpu' ? 'cpu' : 'ms';
function measure(name, argsFor, cwdFor, setup = () => {}, { runs = RUNS, asIs = true, floor } = {}) {
  const envs = CA && asIs ? [ENV_FLOOR, ENV_AS_IS] : [ENV_FLOOR];
  const base = envs.map(() => []);
  const cmd = envs.map(() => []);
  const floors = [];
  const mem = [];
  once(['-e', '0'], work, ENV_FLOOR); // warm the file cache
  // One uncounted run: the steady state a user sees. docpact caches what it
  // parsed of docpact.yaml and the lock (.docpact/cache/) once they are two
  // seconds old (the fixtures are left to settle first); the first run after
  // an edit parses them.
  setup(-1);
  once([BIN, ...argsFor(-1)], cwdFor(-1), ENV_FLOOR);
  let k = 0;
  for (let i = 0; i < runs; i++) {
    envs.forEach((env, e) => {
      base[e].push(once(['-e', '0'], work, env));
      if (floor && e === 0) floors.push(once([FLOOR, floor], work, env));
      setup(k);
      const r = once([BIN, ...argsFor(k)], cwdFor(k), env);
      k++;
      cmd[e].push(r);
      if (e === 0) mem.push(r.mib);
    });
  }
  const med = (runs, m) => median(runs.map((r) => r[m]));
  const row = { name, wall: med(cmd[0], 'ms'), cpu: med(cmd[0], 'cpu'), baseWall: med(base[0], 'ms'), baseCpu: med(base[0], 'cpu'), mib: Math.max(...mem) };
  row.ms = row[METRIC === 'cpu' ? 'cpu' : 'wall'];
  row.baseline = row[METRIC === 'cpu' ? 'baseCpu' : 'baseWall'];
  row.ratio = row.ms / row.baseline;
  if (floor) {
    row.floor = med(floors, METRIC === 'cpu' ? 'cpu' : 'ms');
    row.floorMib = Math.max(...floors.map((f) => f.mib));
    row.vsFloor = row.ms / row.floor;
  }
  const ratioCpu = row.cpu / row.baseCpu;
  const withCa = envs.length > 1 ? `   ${fmt(med(cmd[1], METRIC) / med(base[1], METRIC), 5, 2)}× (${fmt(med(base[1], METRIC), 3)} ms)` : CA ? ' '.repeat(22) : '';
  const vsFloor = floor ? `  ${fmt(row.vsFloor, 5, 2)}× the read floor (${fmt(row.floor)} ms, ${fmt(row.floorMib, 3)} MiB)` : '';
  console.log(
    `${name.padEnd(38)} ${fmt(row.wall)} ms ${fmt(row.wall / row.baseWall, 5, 2)}× (${fmt(row.baseWall, 3)})  ${fmt(row.cpu)} ms ${fmt(ratioCpu, 5, 2)}× (${fmt(row.baseCpu, 3)})${withCa}  ${fmt(row.mib, 5)} MiB${vsFloor}`,
  );
  return row;
}

// ---------------------------------------------------------------------------
// Fixtures: ADR files and sealed threads are written directly (fast), then
// `check --fix` builds the generated index as docpact itself would.

function initRepo(name) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  docpact(dir, 'init', '--yes', '--project', name, '--date', DATE);
  return dir;
}

function addAdrs(dir, count) {
  const adrDir = path.join(dir, 'docs/source/adr');
  for (let n = 2; n <= count; n++) {
    const id = `ADR-${String(n).padStart(4, '0')}`;
    fs.writeFileSync(
      path.join(adrDir, `${id}-decision-${n}.md`),
      `# ${id} — Decision ${n}\n\n- Status: Accepted\n- Date: ${DATE}\n- Deciders: architect, engineer\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n\n## Alternatives\n\nOthers.\n`,
    );
  }
  docpact(dir, 'check', '--fix', '--quiet');
}

function addThreads(dir, count) {
  docpact(dir, 'chat', 'new', 'seed', '--title', 'Seed thread');
  docpact(dir, 'chat', 'reply', 'seed', '--as', 'engineer');
  docpact(dir, 'chat', 'reply', 'seed', '--as', 'architect');
  const chats = path.join(dir, 'theory_api/agents/chats');
  const seed = path.join(chats, 'seed');
  const meta = fs.readFileSync(path.join(seed, 'meta.yaml'), 'utf8');
  const files = fs.readdirSync(seed).filter((f) => f !== 'meta.yaml');
  const bodies = files.map((f) => fs.readFileSync(path.join(seed, f)));
  for (let i = 1; i < count; i++) {
    const slug = `thread-${i}`;
    const to = path.join(chats, slug);
    fs.mkdirSync(to);
    files.forEach((f, j) => fs.writeFileSync(path.join(to, f), bodies[j]));
    fs.writeFileSync(path.join(to, 'meta.yaml'), meta.replace('slug: seed', `slug: ${slug}`));
  }
}

/**
 * A pull request on the 10,000-ADR fixture (issue #25): a copy made a git repository with two gates, then a
 * branch changing 50 files — storage code (an ADR gate, met by the body naming ADR-0002, so gate lists the
 * ADRs at HEAD), API code (a docs gate) and its page.
 */
function gateRepo(from) {
  const dir = path.join(work, 'gate-pr');
  fs.cpSync(from, dir, { recursive: true });
  fs.rmSync(path.join(dir, '.docpact/cache'), { recursive: true, force: true });
  fs.appendFileSync(path.join(dir, 'docpact.yaml'), '\ngates:\n  - paths: ["src/storage/**"]\n    require: adr\n  - paths: ["src/api/**"]\n    require: docs\n    docs: ["docs/source/apps/storage.md"]\n');
  docpact(dir, 'sync');
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'change');
  for (let i = 0; i < 49; i++) {
    const file = path.join(dir, i % 2 ? 'src/api' : 'src/storage', `module-${i}.ts`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `export const value${i} = ${i};\n`);
  }
  fs.appendFileSync(path.join(dir, 'docs/source/apps/storage.md'), '\nThe API changed.\n');
  git('add', '-A');
  git('commit', '-q', '-m', '50 files');
  fs.writeFileSync(path.join(work, 'pr-body.md'), 'Fixes #1\n\nADR: ADR-0002\n');
  return dir;
}

const SIZES = [10, 1_000, 10_000, 100_000].filter((n) => n <= MAX);
console.log(`docpact benchmarks — node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} interleaved runs`);
console.log(`bin: ${BIN}`);
console.log(`NODE_EXTRA_CA_CERTS: ${CA ? `set (${CA}); figures below are without it, the last ratio column with it` : 'not set'}\n`);
const repos = {};
for (const n of SIZES) {
  const threads = n >= 10_000 ? n / 10 : 0;
  const t0 = Date.now();
  process.stdout.write(`building fixture: ${n.toLocaleString('en')} ADRs${threads ? ` + ${threads.toLocaleString('en')} threads` : ''}… `);
  repos[n] = initRepo(`adrs-${n}`);
  addAdrs(repos[n], n);
  if (threads) addThreads(repos[n], threads);
  console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
// 1,000 threads waiting for the engineer: the MCP server's warm chat_inbox.
const inboxRepo = initRepo('inbox');
addThreads(inboxRepo, 1_000);
const prRepo = repos[10_000] ? gateRepo(repos[10_000]) : null;
const chatRepo = initRepo('chat');
docpact(chatRepo, 'chat', 'new', 'bench', '--title', 'Bench thread');
// Let the fixtures' files settle, as a user's have: docpact trusts its caches only for files unchanged for 2 s.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);

const head = `${'command'.padEnd(38)} ${'wall (vs node -e 0)'.padEnd(26)} ${'CPU (vs node -e 0)'.padEnd(25)}${CA ? ` ${METRIC === 'cpu' ? 'CPU' : 'wall'} with CA certs` : ''}  peak RSS`;
console.log(`\n${head}\n${'-'.repeat(head.length)}`);
const rows = {};
// check has three speeds (src/check/facts.ts, verdict.ts): nothing changed since the last check (its verdict is
// replayed after one stat per input); one file edited since (only that file is read, the rest is remembered);
// and no caches at all, as in a fresh CI clone. The first is the issue's row. Files must be two seconds old to
// be remembered, so the fixtures settle first; one unmeasured check then fills the caches.
await new Promise((resolve) => setTimeout(resolve, 2100));
for (const n of SIZES.filter((s) => s >= 10_000)) {
  const label = `${n.toLocaleString('en')} ADRs + ${(n / 10).toLocaleString('en')} threads`;
  docpact(repos[n], 'check', '--quiet');
  rows[`check ${n}`] = measure(`check (${label})`, () => ['check', '--quiet'], () => repos[n]);
  // ADR-0002…0008 in turn (the uncounted run is number -1: never ADR-0001, which is the fixture's record-architecture-decisions:
  // appending to ADR-0001-decision-1.md would create a second ADR-0001, a new file that makes every check run in full).
  const nth = (i, from) => from + (((i % 7) + 7) % 7);
  const edited = (i) => fs.appendFileSync(path.join(repos[n], 'docs/source/adr', `ADR-${String(nth(i, 2)).padStart(4, '0')}-decision-${nth(i, 2)}.md`), '\nEdited.\n');
  rows[`check edited ${n}`] = measure(`  one ADR edited since`, () => ['check', '--quiet'], () => repos[n], edited, { asIs: false });
  // The edit above adds prose, which changes no fact a rule reads (the verdict stands: early cutoff). A title edit
  // changes the ADR's facts and stales its index range, so the rules run again: the general case, for the record.
  const retitled = (i) => {
    const file = path.join(repos[n], 'docs/source/adr', `ADR-${String(nth(i, 12)).padStart(4, '0')}-decision-${nth(i, 12)}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^(# .*?)( \(rev \d+\))?$/m, `$1 (rev ${i})`));
  };
  rows[`check retitled ${n}`] = measure(`  one ADR's title edited since`, () => ['check', '--quiet'], () => repos[n], retitled, { asIs: false });
  rows[`check cold ${n}`] = measure(`  --no-cache (a fresh clone)`, () => ['check', '--quiet', '--no-cache'], () => repos[n], () => {}, { runs: n >= 100_000 ? 3 : Math.min(RUNS, 5), asIs: false, floor: repos[n] });
}
// sync with nothing to do, and adr renumber at 10,000 ADRs: numbers 200–239 are freed first (the fixture uses
// every 4-digit number), then run k moves ADR 301 + k to number 201 + k.
if (repos[10_000]) {
  rows.sync = measure('sync, nothing to do (10,000 ADRs)', () => ['sync', '--quiet'], () => repos[10_000]);
  const adrDir = path.join(repos[10_000], 'docs/source/adr');
  for (let n = 200; n < 240; n++) fs.rmSync(path.join(adrDir, `ADR-${String(n).padStart(4, '0')}-decision-${n}.md`), { force: true });
  spawnSync(process.execPath, [BIN, 'check', '--fix', '--quiet'], { cwd: repos[10_000], stdio: 'ignore', env: ENV_FLOOR }); // exit 1: problems --fix leaves
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
  rows.renumber = measure('adr renumber (10,000 ADRs)', (k) => ['adr', 'renumber', String(301 + k), String(201 + k), '--yes', '--quiet'], () => repos[10_000], () => {}, { asIs: false });
}
if (prRepo) rows.gate = measure('gate (10,000 ADRs, 50-file diff)', () => ['gate', '--base', 'main', '--pr-body', path.join(work, 'pr-body.md')], () => prRepo);
for (const n of SIZES) {
  rows[`adr ${n}`] = measure(`adr new (${n.toLocaleString('en')} ADRs)`, (i) => ['adr', 'new', `Bench decision ${i}`, '--date', DATE], () => repos[n]);
}
// The turn alternates: run k (from -1, the uncounted one) speaks as the role whose turn it is.
rows.reply = measure('chat reply', (k) => ['chat', 'reply', 'bench', '--as', (k + 1) % 2 === 0 ? 'engineer' : 'architect', '--date', DATE], () => chatRepo);
rows.init = measure('init (fresh folder)', () => ['init', '--yes', '--date', DATE], (i) => path.join(work, `init-${i}`), (i) => fs.mkdirSync(path.join(work, `init-${i}`)));

// The MCP server (issue #24): start-up to an answered `initialize`, and a tool call on a warm server, timed
// in this process around the SDK's own client (no node -e 0 to compare: a server answers many calls).
const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
async function mcpServer(cwd) {
  const client = new Client({ name: 'docpact-bench', version: '1' });
  const start = process.hrtime.bigint();
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--as', 'engineer'], cwd, env: ENV_FLOOR, stderr: 'ignore' }));
  return { client, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}
const inits = [];
for (let i = 0; i <= RUNS; i++) {
  const { client, ms } = await mcpServer(inboxRepo);
  if (i) inits.push(ms); // the first start warms the file cache
  await client.close();
}
const warm = await mcpServer(inboxRepo);
const calls = [];
let waiting = 0;
for (let i = 0; i <= Math.max(RUNS, 15); i++) {
  const start = process.hrtime.bigint();
  const r = await warm.client.callTool({ name: 'chat_inbox', arguments: {} });
  if (i) calls.push(Number(process.hrtime.bigint() - start) / 1e6); // the first call loads the tools and parses every thread
  waiting = r.structuredContent.threads.length;
}
await warm.client.close();
rows.mcpInit = median(inits);
rows.mcpInbox = median(calls);
console.log(`${'mcp: initialize answered'.padEnd(38)} ${fmt(rows.mcpInit)} ms`);
console.log(`${`mcp: chat_inbox, warm (${waiting.toLocaleString('en')} threads)`.padEnd(38)} ${fmt(rows.mcpInbox, 6, 1)} ms`);

// The first interactive prompt: `adr new` without a title on a terminal (a pseudo-terminal through Python's pty),
// from the fork to the first "?" inquirer prints; against node -e 0 on the same terminal.
const PROBE = `import os, pty, sys, time, select, signal
wait_prompt = sys.argv[1] == 'prompt'
start = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
buf, ms = b'', -1.0
while select.select([fd], [], [], 20)[0]:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        chunk = b''
    buf += chunk
    if (wait_prompt and b'?' in buf) or (not wait_prompt and not chunk):
        ms = (time.monotonic() - start) * 1000
        break
    if not chunk:
        break
try:
    os.kill(pid, signal.SIGKILL)
except ProcessLookupError:
    pass
os.waitpid(pid, 0)
print(f"{ms:.1f}")`;
const probe = (mode, args, cwd) => {
  const ms = Number(execFileSync('python3', ['-c', PROBE, mode, process.execPath, ...args], { cwd, env: ENV_FLOOR, encoding: 'utf8' }).trim());
  if (!(ms >= 0)) throw new Error(`no ${mode === 'prompt' ? 'prompt' : 'exit'} from ${args.join(' ')}`);
  return ms;
};
let promptRow = null;
try {
  const prompts = [];
  const bases = [];
  probe('prompt', [BIN, 'adr', 'new'], repos[10]);
  for (let i = 0; i < RUNS; i++) {
    bases.push(probe('exit', ['-e', '0'], work));
    prompts.push(probe('prompt', [BIN, 'adr', 'new'], repos[10]));
  }
  promptRow = { ms: median(prompts), base: median(bases) };
  console.log(`${'first prompt of adr new (a terminal)'.padEnd(38)} ${fmt(promptRow.ms)} ms ${fmt(promptRow.ms / promptRow.base, 5, 2)}× (${fmt(promptRow.base, 3)})`);
} catch (err) {
  console.log(`first prompt: not measured (${String(err.message).split('\n')[0]})`);
}

const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');
const line = (label, value, ok) => console.log(`  ${label.padEnd(44, '.')} ${value.padEnd(30)} ${verdict(ok)}`);
console.log(`\nTargets (issues #16 and #25; NODE_EXTRA_CA_CERTS unset for both sides; judged on ${METRIC === 'cpu' ? 'CPU' : 'wall'} time):`);
const a10 = rows['adr 10'];
line('adr new, 10 ADRs ≤ 2.5× node -e 0 ', `${a10.ratio.toFixed(2)}×`, a10.ratio <= 2.5);
const a100k = rows['adr 100000'] ?? rows['adr 10000'];
if (a100k) {
  const scale = a100k.ms / a10.ms;
  line(`${a100k.name} ≤ 1.25× 10-ADR time `, `${scale.toFixed(2)}× (${a100k.ratio.toFixed(2)}× node -e 0)`, scale <= 1.25);
  line(`${a100k.name} ≤ 80 MiB `, `${a100k.mib.toFixed(0)} MiB`, a100k.mib <= 80);
}
const c10k = rows['check 10000'];
if (c10k) line('check, 10,000 + 1,000 ≤ 12× node -e 0 ', `${c10k.ratio.toFixed(2)}×`, c10k.ratio <= 12);
const c100k = rows['check 100000'];
if (c100k) line('check, 100,000 + 10,000 ≤ 3 s, ≤ 256 MiB ', `${(c100k.ms / 1000).toFixed(2)} s, ${c100k.mib.toFixed(0)} MiB`, c100k.ms <= 3000 && c100k.mib <= 256);
line('docpact mcp: initialize answered ≤ 300 ms ', `${rows.mcpInit.toFixed(0)} ms`, rows.mcpInit <= 300);
line('mcp chat_inbox, warm, 1,000 threads < 30 ms ', `${rows.mcpInbox.toFixed(1)} ms`, rows.mcpInbox < 30);
if (rows.gate) line('gate, 10,000 ADRs, 50-file diff < 1 s ', `${(rows.gate.ms / 1000).toFixed(2)} s (${rows.gate.ratio.toFixed(2)}× node -e 0)`, rows.gate.ms < 1000);
console.log(`\nTargets of issue #29 (judged on ${METRIC === 'cpu' ? 'CPU' : 'wall'} time; the floor beside each):`);
for (const n of SIZES.filter((s) => s >= 10_000)) {
  const [w, e, c] = [rows[`check ${n}`], rows[`check edited ${n}`], rows[`check cold ${n}`]];
  const big = n >= 100_000;
  const label = `${n.toLocaleString('en')} + ${(n / 10).toLocaleString('en')}`;
  line(`check, no cache, ${label} ≤ 2× read floor${big ? ', ≤ 256 MiB' : ''} `, `${c.vsFloor.toFixed(2)}×, ${c.mib.toFixed(0)} MiB (floor ${(c.floor / 1000).toFixed(2)} s)`, c.vsFloor <= 2 && (!big || c.mib <= 256));
  line(`check, one ADR edited (prose), ${label} ≤ 0.2× no cache `, `${(e.ms / c.ms).toFixed(2)}× (${(e.ms / 1000).toFixed(2)} s of ${(c.ms / 1000).toFixed(2)} s)`, e.ms / c.ms <= 0.2);
  line(`check, nothing changed, ${label} ≤ 0.1× no cache `, `${(w.ms / c.ms).toFixed(2)}× (${(w.ms / 1000).toFixed(2)} s)`, w.ms / c.ms <= 0.1);
}
if (rows.sync) line('sync, nothing to do, 10,000 ≤ 10× node -e 0 ', `${rows.sync.ratio.toFixed(2)}×`, rows.sync.ratio <= 10);
if (rows.renumber) line('adr renumber, 10,000 ≤ 10× node -e 0 ', `${rows.renumber.ratio.toFixed(2)}×`, rows.renumber.ratio <= 10);
line('adr new, 10 ADRs ≤ 2.5× node -e 0 ', `${a10.ratio.toFixed(2)}×`, a10.ratio <= 2.5);
if (promptRow) line('first prompt ≤ 300 ms ', `${promptRow.ms.toFixed(0)} ms (node -e 0: ${promptRow.base.toFixed(0)} ms)`, promptRow.ms <= 300);
line('docpact mcp: initialize ≤ 300 ms ', `${rows.mcpInit.toFixed(0)} ms`, rows.mcpInit <= 300);
line('mcp chat_inbox, warm, 1,000 threads ≤ 30 ms ', `${rows.mcpInbox.toFixed(1)} ms`, rows.mcpInbox <= 30);

console.log('\nFor the record: check with one ADR edited since the last check, and without caches (a fresh clone):');
for (const n of SIZES.filter((s) => s >= 10_000)) {
  const [e, t, c] = [rows[`check edited ${n}`], rows[`check retitled ${n}`], rows[`check cold ${n}`]];
  console.log(`  ${n.toLocaleString('en')} ADRs: one edited ${(e.ms / 1000).toFixed(2)} s (${e.ratio.toFixed(1)}×, ${e.mib.toFixed(0)} MiB); one retitled ${(t.ms / 1000).toFixed(2)} s (${(t.ms / c.ms).toFixed(2)}× no cache, ${t.mib.toFixed(0)} MiB); no cache ${(c.ms / 1000).toFixed(2)} s (${c.ratio.toFixed(1)}×, ${c.mib.toFixed(0)} MiB)`);
}

fs.rmSync(work, { recursive: true, force: true });
