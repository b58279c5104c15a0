#!/usr/bin/env node
// docpact benchmarks (SPEC §7). Each command is timed interleaved with
// `node -e 0` in the same run — baseline, command, baseline, command, … — and
// the medians are compared, so machine noise hits both sides alike.
//
//   npm run bench                 # all figures, 9 runs each
//   BENCH_RUNS=15 npm run bench   # more runs
//
// Targets: adr new ≤ 2× node -e 0 and flat from 10 to 10,000 ADRs;
// check on 10,000 ADRs + 1,000 threads ≤ 15× and ≤ 200 MiB peak.
// This is not a test: nothing here fails the suite.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'docpact.js');
const RSS = path.join(ROOT, 'bench', 'max-rss.cjs');
const RUNS = Math.max(7, Number(process.env.BENCH_RUNS ?? 9));
const DATE = '2026-11-23';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-bench-'));

const docpact = (cwd, ...args) => execFileSync(process.execPath, [BIN, ...args], { cwd, stdio: 'pipe' });

/** Wall time (ms) and peak RSS (MiB) of one child process. */
function once(args, cwd) {
  const rssFile = path.join(work, `rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, ['--require', RSS, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, BENCH_RSS_FILE: rssFile } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0 && res.status !== 1) throw new Error(`${args.join(' ')} exited ${res.status}: ${res.stderr}`);
  const kib = Number(fs.readFileSync(rssFile, 'utf8'));
  return { ms, mib: kib / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Interleave baseline and command; `setup(i)` may prepare state before each command run. */
function measure(name, argsFor, cwdFor, setup = () => {}) {
  const base = [];
  const cmd = [];
  const mem = [];
  once(['-e', '0'], work); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    base.push(once(['-e', '0'], work).ms);
    setup(i);
    const r = once([BIN, ...argsFor(i)], cwdFor(i));
    cmd.push(r.ms);
    mem.push(r.mib);
  }
  const row = { name, baseline: median(base), ms: median(cmd), mib: Math.max(...mem) };
  row.ratio = row.ms / row.baseline;
  console.log(`${name.padEnd(34)} ${row.ms.toFixed(0).padStart(6)} ms  ${row.ratio.toFixed(2).padStart(5)}× node -e 0 (${row.baseline.toFixed(0)} ms)  peak ${row.mib.toFixed(0)} MiB`);
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
  docpact(dir, 'chat', 'reply', 'seed');
  docpact(dir, 'chat', 'reply', 'seed');
  const chats = path.join(dir, 'theory_api/agents/chats');
  const seed = path.join(chats, 'seed');
  const meta = fs.readFileSync(path.join(seed, 'meta.yaml'), 'utf8');
  for (let i = 1; i < count; i++) {
    const slug = `thread-${i}`;
    fs.cpSync(seed, path.join(chats, slug), { recursive: true });
    fs.writeFileSync(path.join(chats, slug, 'meta.yaml'), meta.replace('slug: seed', `slug: ${slug}`));
  }
}

console.log(`docpact benchmarks — node ${process.version}, ${os.cpus().length} cores, median of ${RUNS} interleaved runs\n`);
process.stdout.write('building fixtures (10 ADRs; 10,000 ADRs + 1,000 threads)… ');
const small = initRepo('small');
addAdrs(small, 10);
const large = initRepo('large');
addAdrs(large, 10_000);
addThreads(large, 1000);
const chatRepo = initRepo('chat');
docpact(chatRepo, 'chat', 'new', 'bench', '--title', 'Bench thread');
console.log('done\n');

const rows = [
  measure('adr new (10 ADRs)', (i) => ['adr', 'new', `Small bench ${i}`, '--date', DATE], () => small),
  measure('adr new (10,000 ADRs)', (i) => ['adr', 'new', `Large bench ${i}`, '--date', DATE], () => large),
  measure('chat reply', () => ['chat', 'reply', 'bench', '--date', DATE], () => chatRepo),
  measure('init (fresh folder)', () => ['init', '--yes', '--date', DATE], (i) => path.join(work, `init-${i}`), (i) => fs.mkdirSync(path.join(work, `init-${i}`))),
  measure('check (10,000 ADRs + 1,000 threads)', () => ['check', '--quiet'], () => large),
];

const get = (name) => rows.find((r) => r.name === name);
const adrSmall = get('adr new (10 ADRs)');
const adrLarge = get('adr new (10,000 ADRs)');
const check = get('check (10,000 ADRs + 1,000 threads)');
const verdict = (ok) => (ok ? 'meets target' : 'MISSES target');
console.log('\nTargets (SPEC §7):');
console.log(`  adr new ≤ 2× node -e 0 ............ ${adrSmall.ratio.toFixed(2)}× (10 ADRs), ${adrLarge.ratio.toFixed(2)}× (10,000 ADRs): ${verdict(Math.max(adrSmall.ratio, adrLarge.ratio) <= 2)}`);
console.log(`  adr new flat from 10 to 10,000 ..... 10,000 / 10 = ${(adrLarge.ms / adrSmall.ms).toFixed(2)}×`);
console.log(`  check ≤ 15× node -e 0, ≤ 200 MiB ... ${check.ratio.toFixed(2)}×, ${check.mib.toFixed(0)} MiB: ${verdict(check.ratio <= 15 && check.mib <= 200)}`);

fs.rmSync(work, { recursive: true, force: true });
