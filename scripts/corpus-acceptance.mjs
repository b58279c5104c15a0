#!/usr/bin/env node
// Acceptance over real repositories (issue #22): adopt each repository of a
// corpus folder (../shared/corpus: real ADR series, docs and .github trees)
// with the built bin, in a temporary git repository, and prove that
//
//   1. init leaves every original file byte-identical, except the edits it
//      announces ("modified" lines) to the files it may edit when it joins a
//      docs engine (conf.py, the root toctree page, mkdocs.yml, .gitattributes);
//   2. every existing ADR is listed by `adr list` (found independently: a
//      numbered Markdown file in a folder whose path names ADRs or decisions);
//   3. `adr status` and `adr new --supersedes` on their ADRs lose no text: the
//      words the edited ADR loses are at most its old status, and nothing else
//      the team wrote changes (a refusal must leave everything unchanged);
//   4. `check` right after init reports no ADR problem beyond the genuine ones
//      listed below (each with the reason it is genuine);
//   5. docpact's ADR index is never where log4brains reads ADRs, and a dated
//      series gets no month-range pages.
//
// Usage: node scripts/corpus-acceptance.mjs CORPUS [--bin PATH] [--only a,b] [--edits N | --all] [--keep]
// Prints one line per repository; exits 1 if any repository fails, 2 on bad usage.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DATE = '2026-01-02';

/**
 * Problems the repositories' ADRs really have before docpact touches them
 * (rule → [count, why]); check must report exactly these. Anything else it
 * reports on an ADR right after init is a false positive.
 */
const GENUINE = {
  'alphagov-forms': {
    // ADR023's "08/01/24" names a real day (tester D6: a day a person wrote is not an error), so no adr/date.
    'adr/duplicate-number': [2, 'two ADR025 and two ADR041 files'],
    'adr/h1': [1, 'ADR037 is headed "ADD037:"'],
    'adr/missing-section': [1, 'ADR030 has no Decision section'],
    'adr/number-mismatch': [2, 'ADR028 is headed 029, ADR033 is headed 032'],
    'adr/relation-reciprocal': [7, 'six "Superseded by" lines whose ADR does not say what it supersedes, and DR002/DR008 likewise'],
  },
  'cloud-platform': {
    // Its 21 dates written DD/MM/YYYY name real days (tester D6), so no adr/date.
    'adr/h1': [21, 'early ADRs are headed by their title alone; the later ones, "# 41. Title"'],
    'adr/missing-section': [34, 'sections named otherwise or left out (Status, Context, Decision, Consequences); 028 to 031, with neither a status nor a Status section, are told once, by adr/unknown-status'],
    'adr/number-mismatch': [1, '030 is headed 29'],
    'adr/unknown-status': [4, '028 to 031 have no Status section'],
  },
  'cometbft-cometbft': {
    'adr/missing-section': [26, 'ADRs without a Context, Decision or Consequences section (the 4 without a Status section are told once, by adr/unknown-status)'],
    'adr/number-mismatch': [1, 'tendermint-core/adr-021 is headed "ADR 012"'],
    'adr/placeholder': [2, 'adr-036 and adr-038 keep their adr-template.md\'s Changelog "- {date}: {changelog}" (warnings: not accepted)'],
    'adr/unknown-status': [9, 'no Status section or an empty one (4), the template\'s "{Deprecated|Proposed|Accepted}" left in (3), no status word (adr-035: "The two points above …"), adr-041 empty'],
  },
  'febus982-mkdocs-macros-adr-summary': {
    'adr/missing-section': [4, 'the MADR examples\' 0002 files have no Considered Options or Decision Outcome'],
    'adr/relation-reciprocal': [2, 'the MADR examples\' 0001 are superseded by 0002, which does not say it supersedes them'],
  },
  'govuk-aws': {
    'adr/missing-section': [1, '0039 has a Proposal section instead of Decision'],
    'adr/number-mismatch': [2, '0033 and 0035 are headed "# 3."'],
    'adr/relation-reciprocal': [1, '0004 is superseded by 0015, which does not say it supersedes it'],
  },
  'home-assistant-architecture': {
    'adr/missing-section': [2, '0004 and 0005 have a Proposal section instead of Decision'],
  },
  'hyperledger-identus-cloud-agent': {
    'adr/date': [3, 'three ADRs keep the template\'s "[YYYY-MM-DD when the decision was last updated]"'],
    'adr/missing-section': [6, 'MADR sections left out'],
    'adr/placeholder': [3, 'those three are their template.md unwritten, every section (warnings: no status)'],
    'adr/unknown-status': [3, 'the same three keep the template\'s "[ accepted | deprecated | … ]"'],
  },
  'johanhaleby-occurrent': {
    'adr/missing-section': [3, '0016 is a withdrawn number with no sections'],
    'adr/relation-reciprocal': [7, 'ADRs that amend another which does not say "Amended by"'],
  },
  log4brains: {
    'adr/missing-section': [20, 'MADR sections left out or named otherwise ("## Decision")'],
  },
  'pod-os-PodOS': {
    'adr/missing-section': [5, 'MADR sections left out'],
  },
  'SSWConsulting-SSW.CleanArchitecture': {
    'adr/missing-section': [1, '20241118 has no Considered Options'],
    'adr/relation-reciprocal': [2, '20240219 is accepted yet superseded by 20241023 (its Links), which does not say it supersedes it'],
  },
};

/** Files init may edit in a repository it joins (each edit announced as "modified"). */
const EDITABLE = /(^|\/)(conf\.py|index\.(rst|md|txt)|contents\.(rst|md)|mkdocs\.ya?ml|\.gitattributes)$/;
/** An ADR as a person would spot one: a numbered Markdown file in a folder whose path names ADRs or decisions. */
const NUMBERED = /^[A-Za-z]{0,4}[-_]?\d+[-_][^/]*\.md$/i;
const DECISION_PATH = /(^|\/)[^/]*(adr|decision|architecture)[^/]*\//i;
/** Files log4brains never reads as ADRs in its folder. */
const LOG4BRAINS_RESERVED = new Set(['template.md', 'readme.md', 'index.md', 'backlog.md']);

function usage(msg) {
  process.stderr.write(`${msg}\nUsage: node scripts/corpus-acceptance.mjs CORPUS [--bin PATH] [--only a,b] [--edits N | --all] [--keep]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = { bin: path.join(HERE, '..', 'bin', 'docpact.js'), only: null, edits: 4, all: false, keep: false, corpus: null };
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--bin') opts.bin = path.resolve(args[++i] ?? usage('--bin needs a path'));
  else if (a === '--only') opts.only = (args[++i] ?? usage('--only needs names')).split(',');
  else if (a === '--edits') opts.edits = Number(args[++i] ?? usage('--edits needs a number'));
  else if (a === '--all') opts.all = true;
  else if (a === '--keep') opts.keep = true;
  else if (a.startsWith('-')) usage(`Unknown option ${a}`);
  else if (opts.corpus === null) opts.corpus = path.resolve(a);
  else usage(`Unexpected argument ${a}`);
}
if (!opts.corpus) usage('Give the corpus folder.');
if (!fs.existsSync(opts.corpus) || !fs.statSync(opts.corpus).isDirectory()) usage(`${opts.corpus} is not a folder.`);
if (!fs.existsSync(opts.bin)) usage(`${opts.bin} does not exist; run "npm run build" first.`);
if (!Number.isInteger(opts.edits) || opts.edits < 1) usage('--edits needs a whole number of 1 or more.');

const env = { ...process.env, NO_COLOR: '1', CI: 'true' };
delete env.NODE_EXTRA_CA_CERTS;
const docpact = (dir, argv) => {
  const r = spawnSync(process.execPath, [opts.bin, ...argv], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
};
const git = (dir, ...argv) => execFileSync('git', ['-c', 'user.name=acceptance', '-c', 'user.email=acceptance@example.org', '-c', 'core.autocrlf=false', ...argv], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Every file under dir but .git and docpact's machine-local cache, with its sha256. */
function hashes(dir) {
  const out = new Map();
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git' || r === '.docpact/cache') continue;
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.set(r, createHash('sha256').update(fs.readFileSync(path.join(dir, r))).digest('hex'));
    }
  };
  walk('');
  return out;
}

/** Words of `before` an edit dropped (a longest common subsequence of tokens, after the common start and end). */
function lostWords(before, after) {
  const tok = (t) => t.match(/\n|[^\S\n]+|[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu) ?? [];
  const a = tok(before);
  const b = tok(after);
  let lo = 0;
  while (lo < a.length && lo < b.length && a[lo] === b[lo]) lo++;
  let ha = a.length;
  let hb = b.length;
  while (ha > lo && hb > lo && a[ha - 1] === b[hb - 1]) ha--, hb--;
  const x = a.slice(lo, ha);
  const y = b.slice(lo, hb);
  const rows = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) rows[i][j] = x[i] === y[j] ? rows[i + 1][j + 1] + 1 : Math.max(rows[i + 1][j], rows[i][j + 1]);
  const lost = [];
  for (let i = 0, j = 0; i < x.length; ) {
    if (j < y.length && x[i] === y[j]) i++, j++;
    else if (j < y.length && rows[i][j + 1] >= rows[i + 1][j]) j++;
    else lost.push(x[i++]);
  }
  return lost.filter((t) => /[\p{L}\p{N}]/u.test(t) || t === '\n');
}

/** The series docpact configured: dir, name (for --series), statuses, superseded word, index, numbering. */
async function seriesOf(dir) {
  const { load } = await import('js-yaml');
  const c = load(fs.readFileSync(path.join(dir, 'docpact.yaml'), 'utf8'));
  const adr = c.adr ?? {};
  const main = { name: '', dir: c.paths?.adr ?? 'docs/source/adr', statuses: adr.statuses ?? [], superseded: adr.superseded ?? 'Superseded', index: adr.index, numbering: adr.numbering ?? 'sequence' };
  return [main, ...(adr.series ?? []).map((x) => ({ name: x.name, dir: x.path, statuses: x.statuses ?? [], superseded: x.superseded ?? 'superseded', index: x.index, numbering: x.numbering ?? 'sequence' }))];
}

const spread = (list, n) => (list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1 || 1))]));

/** One repository: problems found (empty when it passes) and a summary. */
async function accept(name) {
  const problems = [];
  const notes = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `docpact-corpus-${name}-`));
  try {
    fs.cpSync(path.join(opts.corpus, name), dir, { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'as found');
    const before = hashes(dir);

    // 1. init, and nothing but announced edits to the team's files.
    const init = docpact(dir, ['init', '--yes', '--date', DATE]);
    if (init.code !== 0) return { problems: [`init exited ${init.code}: ${(init.stderr || init.stdout).trim().split('\n')[0]}`], notes };
    const announced = new Set([...init.stdout.matchAll(/^modified\s+(\S+)/gm)].map((m) => m[1]));
    const after = hashes(dir);
    for (const [file, sha] of before) {
      if (after.get(file) === sha) continue;
      if (!after.has(file)) problems.push(`init removed ${file}`);
      else if (!announced.has(file)) problems.push(`init changed ${file} without announcing it`);
      else if (!EDITABLE.test(file)) problems.push(`init edited ${file}, which is not a file init may edit`);
    }
    const created = [...after.keys()].filter((f) => !before.has(f));

    // 2. Every ADR listed.
    const series = await seriesOf(dir);
    const listed = new Set();
    let count = 0;
    const adrs = [];
    const list = docpact(dir, ['adr', 'list', '--json']);
    if (list.code !== 0) problems.push(`adr list exited ${list.code}: ${list.stderr.trim().split('\n')[0]}`);
    else {
      // With several series, each ADR names its series ("" for the main one).
      for (const a of JSON.parse(list.stdout).adrs) {
        const s = series.find((x) => x.name === (a.series ?? '')) ?? series[0];
        listed.add(`${s.dir}/${a.file}`);
        adrs.push({ ...a, series: s });
        count++;
      }
    }
    const expected = [...before.keys()].filter((f) => NUMBERED.test(path.posix.basename(f)) && DECISION_PATH.test(f));
    const missing = expected.filter((f) => !listed.has(f));
    if (missing.length) problems.push(`${missing.length} ADR${missing.length === 1 ? '' : 's'} not listed: ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`);

    // 3. check right after init: only the genuine ADR problems.
    const check = docpact(dir, ['check', '--json', '--no-cache']);
    let found = [];
    try {
      found = JSON.parse(check.stdout).problems;
    } catch {
      problems.push(`check --json exited ${check.code} without JSON: ${check.stderr.trim().split('\n')[0]}`);
    }
    const counts = {};
    for (const p of found) if (p.rule.startsWith('adr/') || p.rule === 'generated/drift') counts[p.rule] = (counts[p.rule] ?? 0) + 1;
    const genuine = GENUINE[name] ?? {};
    for (const rule of new Set([...Object.keys(counts), ...Object.keys(genuine)])) {
      const want = genuine[rule]?.[0] ?? 0;
      const got = counts[rule] ?? 0;
      if (got !== want) {
        const sample = found.filter((p) => p.rule === rule).slice(0, 2).map((p) => `${p.file}:${p.line}: ${p.message}`);
        problems.push(`check reports ${got} ${rule} (genuine: ${want})${sample.length ? `, e.g. ${sample.join(' | ')}` : ''}`);
      }
    }
    const adrProblems = Object.values(counts).reduce((n, x) => n + x, 0);

    // 4. Where the index pages went.
    const l4b = path.join(dir, '.log4brains.yml');
    if (fs.existsSync(l4b)) {
      const { load } = await import('js-yaml');
      const y = load(fs.readFileSync(l4b, 'utf8'));
      const folders = [y?.project?.adrFolder, ...(y?.project?.packages ?? []).map((p) => p?.adrFolder)].filter(Boolean).map((f) => path.posix.normalize(f).replace(/^\.\//, '').replace(/\/$/, ''));
      for (const f of created) if (folders.includes(path.posix.dirname(f)) && !LOG4BRAINS_RESERVED.has(path.posix.basename(f).toLowerCase())) problems.push(`log4brains would list ${f} as an ADR`);
    }
    for (const f of created) if (/\/\d{8}-\d{8}\.md$/.test(f)) problems.push(`a dated series got a page of bare number ranges: ${f}`);

    // 5. Edits to their ADRs lose nothing.
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'adopted');
    const reset = () => {
      git(dir, 'checkout', '-q', '--', '.');
      git(dir, 'clean', '-fdq', '-e', '.docpact/cache');
    };
    let edits = 0;
    let refused = 0;
    const editOne = (a, argv, what, allowed) => {
      const rel = `${a.series.dir}/${a.file}`;
      const old = fs.readFileSync(path.join(dir, rel), 'utf8');
      const snap = hashes(dir);
      const r = docpact(dir, argv);
      if (r.code === 2 && /Nothing was changed/.test(r.stderr)) {
        const now = hashes(dir);
        if ([...snap].some(([f, sha]) => now.get(f) !== sha) || now.size !== snap.size) problems.push(`${what} ${rel} was refused but changed files`);
        refused++;
        return reset();
      }
      if (r.code === 2 && /is (superseded|Superseded)/.test(r.stderr)) return reset();
      if (r.code !== 0) {
        problems.push(`${what} ${rel} exited ${r.code}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
        return reset();
      }
      edits++;
      const lost = lostWords(old, fs.readFileSync(path.join(dir, rel), 'utf8')).filter((w) => !allowed.has(w.toLowerCase()));
      if (lost.length) problems.push(`${what} ${rel} lost "${lost.slice(0, 8).join(' ').replace(/\n/g, '⏎')}"`);
      const now = hashes(dir);
      for (const [f, sha] of snap) {
        if (f === rel || now.get(f) === sha || !before.has(f)) continue;
        problems.push(`${what} ${rel} also changed ${f}`);
      }
      reset();
    };
    for (const s of series) {
      const mine = adrs.filter((a) => a.series === s);
      const picked = opts.all ? mine : spread(mine, opts.edits);
      for (const a of picked) {
        const to = s.statuses.find((x) => /^deprecated$/i.test(x)) ?? s.statuses.find((x) => x.toLowerCase() !== a.status.toLowerCase() && x.toLowerCase() !== s.superseded.toLowerCase());
        const ref = a.file;
        const flag = s.name ? ['--series', s.name] : [];
        // The only words an edit may drop: the old status word(s), as the configured vocabulary spells statuses
        // (judged here, not by what docpact parsed: a whole line misread as the status must not excuse its loss).
        const vocab = new Set([...s.statuses, s.superseded].flatMap((x) => x.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
        // A template's unfilled choice ("[ accepted | deprecated | … ]") is the field's whole value: replacing it loses nothing of theirs.
        const words = new Set(a.status.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => vocab.has(w) || a.status.includes('|')));
        if (to && a.status.toLowerCase() !== to.toLowerCase()) editOne(a, ['adr', 'status', ref, to, ...flag], 'adr status', words);
        editOne(a, ['adr', 'new', 'A decision that replaces it', '--supersedes', ref, '--date', DATE, ...flag], 'adr new --supersedes', words);
      }
    }
    notes.push(`${count} ADR${count === 1 ? '' : 's'} in ${series.length} series, ${expected.length - missing.length}/${expected.length} found ones listed`);
    notes.push(`${edits} ADR edits checked${refused ? ` (${refused} refused, nothing written)` : ''}`);
    notes.push(`check: ${adrProblems} ADR problem${adrProblems === 1 ? '' : 's'}, ${Object.keys(genuine).length ? 'the genuine ones' : 'none expected'}`);
    return { problems, notes };
  } finally {
    if (opts.keep) process.stderr.write(`kept ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

const names = fs
  .readdirSync(opts.corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory() && (!opts.only || opts.only.includes(e.name)))
  .map((e) => e.name)
  .sort();
let failed = 0;
for (const name of names) {
  let res;
  try {
    res = await accept(name);
  } catch (err) {
    res = { problems: [`crashed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`], notes: [] };
  }
  if (res.problems.length) failed++;
  const head = `${res.problems.length ? 'FAIL' : 'ok  '} ${name}`;
  process.stdout.write(`${head}: ${[...res.problems, ...res.notes].join('; ')}\n`);
}
process.stdout.write(`${names.length - failed} of ${names.length} repositories adopted cleanly.\n`);
process.exitCode = failed ? 1 : 0;
