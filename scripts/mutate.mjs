#!/usr/bin/env node
// Hand mutation testing: does a test fail when a promise breaks?
//
// Each entry below breaks one promise README.md makes, by one small, realistic
// edit of src/ or generators/, and names the test files (and, optionally, the
// tests) that must catch it. For each, this script copies the working tree
// (tracked and untracked files, so work in progress counts) to a scratch
// folder, applies the edit there — never in the working tree — builds, runs
// those tests with vitest, and reports the mutation as caught (the tests
// failed) or missed (they passed). It ends with the score.
//
//   npm run mutate                     # every mutation (about 15 minutes on two cores)
//   npm run mutate -- sync-vouch ref   # the mutations whose id contains any of these words
//   npm run mutate -- --list           # the list, without running anything
//   npm run mutate -- --check          # whether each edit still applies to the source
//
// Exit code: 0 when every mutation was caught; 1 when one was missed or no
// longer applies (its search text is gone: update the entry).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The mutations: `file` (repo-relative), the exact `search` text (it must
 * occur exactly once), its `replace`ment, the `tests` that must catch it, and
 * optionally `only`, a vitest -t pattern naming the tests within them.
 */
export const MUTATIONS = [
  // --- Front-matter quoting kept (leftovers4).
  {
    id: 'fm-keep-quotes',
    promise: 'a status edit keeps the quotes a team wrote its front-matter value in',
    file: 'src/adr/formats/frontmatter.ts',
    search: "  const next = quotedAs(line[f.start], f.value, value(f.value || undefined));",
    replace: '  const next = yamlScalar(value(f.value || undefined));',
    tests: ['test/leftovers4.test.ts'],
    only: 'in quotes',
  },
  {
    id: 'fm-guidance-plain',
    promise: "a template's quoted guidance (\"{proposed | …}\") becomes a plain value, and a quoted link's quotes do not carry over",
    file: 'src/adr/formats/frontmatter.ts',
    search: '  if (yamlScalar(old) !== old) return yamlScalar(value);',
    replace: '',
    tests: ['test/series-template.test.ts', 'test/adopt-series.test.ts', 'test/wild6-adopt.test.ts', 'test/adr.test.ts'],
  },
  {
    id: 'fm-restore-unquotes',
    promise: 'restoring a superseded front-matter ADR writes its status plain: the quotes its link needed are gone with it',
    file: 'generators/adr-status.ts',
    search: ".replace(/^([\\w-]+:[ \\t]*)([\"'])([A-Za-z][A-Za-z -]*)\\2$/, (_, key: string, _q: string, word: string) => `${key}${yamlScalar(word)}`);",
    replace: ';',
    tests: ['test/adr.test.ts'],
    only: 'restores in the adr-tools and MADR formats too',
  },
  // --- Folders that look like decisions, not adopted (leftovers4).
  {
    id: 'unadopted-y-statements',
    promise: 'init names a folder of Y-statements it does not adopt, and why',
    file: 'src/adopt/unadopted.ts',
    search: "    if (y * 2 >= sample.length) out.push({ dir, count: c.names.length, kind: 'y-statements' });\n    else if",
    replace: '    if',
    tests: ['test/leftovers4.test.ts'],
    only: 'look like decisions',
  },
  {
    id: 'unadopted-adopted-skipped',
    promise: 'init names no adopted series as not adopted',
    file: 'src/adopt/unadopted.ts',
    search: "if (!c || c.names.length < 2 || taken(dir)) return;",
    replace: "if (!c || c.names.length < 2) return;",
    tests: ['test/leftovers4.test.ts'],
    only: 'look like decisions',
  },
  // --- An unknown relation word on the status line (leftovers4).
  {
    id: 'unknown-relation-why',
    promise: 'a refused supersede of a status line holding an unknown relation word says why and what to do',
    file: 'src/adr/parse.ts',
    search: 'return unknownRelation(before, a.status, s, RELATIONS[key].label, b[key].filter((id) => !expected.includes(id))) ?? `',
    replace: 'return `',
    tests: ['test/leftovers4.test.ts'],
    only: 'relation word',
  },
  // --- init names what no baseline accepts (leftovers4).
  {
    id: 'init-names-unsafe',
    promise: 'init names a link out of the repository in the docs tree, on which check will fail (repo/unsafe-path)',
    file: 'generators/init.ts',
    search: "    for (const [rel, why] of refused) {",
    replace: "    for (const [rel, why] of new Map<string, string>()) {",
    tests: ['test/leftovers4.test.ts'],
    only: 'link out',
  },
  // --- mdBook's SUMMARY.md (leftovers4).
  {
    id: 'mdbook-summary-line',
    promise: 'adr new in an mdBook book says the SUMMARY.md line to add, written as the ADRs beside it',
    file: 'src/adr/book.ts',
    search: "  return { line: `${last.prefix}[${label}](${link})`, after: last.at };",
    replace: "  return { line: `- [${title}](${link})`, after: last.at };",
    tests: ['test/leftovers4.test.ts'],
    only: 'mdBook',
  },
  {
    id: 'mdbook-summary-found',
    promise: 'adr new finds the SUMMARY.md of the mdBook book that holds the ADR folder',
    file: 'src/adr/book.ts',
    search: "    return read(summary) === null ? null : summary;",
    replace: '    return null;',
    tests: ['test/leftovers4.test.ts'],
    only: 'mdBook',
  },
  // --- MCP gate and check (leftovers4).
  {
    id: 'mcp-moved-argument',
    promise: "an agent passing check's fix to the read-only check tool is told to call check_fix",
    file: 'src/mcp/tools.ts',
    search: 'const tool = moved(k);',
    replace: 'const tool = undefined;',
    tests: ['test/mcp-gate-check.test.ts'],
    only: 'read-only for the host',
  },
  {
    id: 'mcp-gate-pr-body',
    promise: 'MCP gate: pr_body is the pull request body, judged as --pr-body judges a file',
    file: 'src/mcp/tools.ts',
    search: "...(stdin !== undefined ? { stdin } : {}) };",
    replace: '};',
    tests: ['test/mcp-gate-check.test.ts'],
    only: 'pr_body',
  },
  {
    id: 'mcp-gate-pr-body-bounded',
    promise: 'MCP gate: a pr_body over 1 MiB is refused, as a --pr-body file is',
    file: 'src/io/user-text.ts',
    search: "  if (bytes > MAX_USER_TEXT) throw new DocpactError('input', `The ${what} is larger than ${MAX_USER_TEXT / 1024 / 1024} MiB (${bytes} bytes), the most docpact accepts.`);\n  if (text.includes",
    replace: '  if (text.includes',
    tests: ['test/mcp-gate-check.test.ts'],
    only: 'pr_body',
  },
  {
    id: 'mcp-tool-words-problems',
    promise: 'MCP: the problems check and gate report name the tools\' arguments, not CLI flags',
    file: 'src/mcp/tools.ts',
    search: "message: toolWords((p as { message: string }).message, tools) }",
    replace: "message: (p as { message: string }).message }",
    tests: ['test/mcp-gate-check.test.ts'],
  },
  {
    id: 'mcp-check-read-only',
    promise: 'MCP: a plain check is readOnlyHint for hosts; fixing is check_fix',
    file: 'src/mcp/tools.ts',
    search: "  { command: 'check', omit: ['fix', 'update-baseline', 'no-cache'] },",
    replace: "  { command: 'check', omit: ['update-baseline', 'no-cache'], writes: true },",
    tests: ['test/mcp-gate-check.test.ts', 'test/mcp-server.test.ts'],
  },
  {
    id: 'mcp-check-fix-fixes',
    promise: 'MCP: check_fix regenerates what check --fix does',
    file: 'src/mcp/tools.ts',
    search: "...(set ? { [set.name]: true } : {}) };",
    replace: '};',
    tests: ['test/mcp-gate-check.test.ts'],
  },
  // --- Gate reads the body as it renders (leftovers3).
  {
    id: 'gate-names-quadratic',
    promise: 'gate: the ADR file names in a body are found in one pass (a long word does not hold it)',
    file: 'src/gate/rules.ts',
    search: 'const names = new Set(fileNames(text).map(',
    replace: 'const names = new Set([...text.matchAll(/[\\w.-]+?\\.(?:md|html)\\b/g)].map((m) => m[0]).map(',
    tests: ['test/gate.test.ts'],
    only: 'rendered body',
  },
  {
    id: 'gate-quote-code',
    promise: 'gate: an indented line opening a block quote after text is code',
    file: 'src/gate/visible.ts',
    search: 'if (quotes > quoted) paragraph = false;',
    replace: '',
    tests: ['test/gate.test.ts'],
    only: 'rendered body',
  },
  {
    id: 'adr-new-unfilled-fields',
    promise: "adr new names the front-matter keys still holding the team template's guidance",
    file: 'generators/adr-new.ts',
    search: 'if (unfilled.length) warnings.push(',
    replace: 'if (false) warnings.push(',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'other guidance',
  },
  {
    id: 'bidi-one-class',
    promise: 'the one bidi control class refuses U+202E in titles and bodies and escapes it in output',
    file: 'src/text/bidi.ts',
    search: "export const BIDI_CONTROLS = '\\\\u202a-\\\\u202e\\\\u2066-\\\\u2069';",
    replace: "export const BIDI_CONTROLS = '\\\\u202a-\\\\u202d\\\\u2066-\\\\u2069';",
    tests: ['test/safety.test.ts'],
    only: 'bidirectional',
  },
  {
    id: 'check-names-moved-note',
    promise: 'check, before sync moves a README.md note to README, names the README.md',
    file: 'src/check/rules/sync.ts',
    search: "const moves = d.was !== undefined && lock.get(d.was) !== undefined && factsOf(repo).of(d.was, 'present', isPresent);",
    replace: 'const moves = false;',
    tests: ['test/mkdocs.test.ts'],
    only: 'moves the README.md',
  },
  {
    id: 'status-bar-note',
    promise: 'a status with a note after a bar ("Accepted | 2024-01-02") is that status, not an unfilled choice list',
    file: 'src/adr/formats/wording.ts',
    search: '[\\p{L}\\p{M} _-]*\\|[ \\t]*\\p{L}/u.test(value)',
    replace: '[\\p{L}\\p{M} _-]*\\|/u.test(value)',
    tests: ['test/adr-real-wordings.test.ts'],
    only: 'after a bar',
  },
  {
    id: 'init-adoption-twice',
    promise: 'init finds what the repository has once per run (one git check-ignore for the adoption)',
    file: 'src/core/run.ts',
    search: '    ctx.root = reading;\n    await gen.plan(ctx, answers, builder);',
    replace: '    await gen.plan({ ...ctx, root: reading }, answers, builder);',
    tests: ['test/init.test.ts'],
    only: 'check-ignore',
  },
  {
    id: 'chat-unedited-own-body',
    promise: 'check reports an unedited message in every thread, also when the template names the thread',
    file: 'src/check/rules/chat.ts',
    search: 'bodies.set(pair, (body = body === other ? body : null));',
    replace: 'bodies.set(pair, body);',
    tests: ['test/templates-direct.test.ts'],
    only: 'names the thread',
  },
  {
    id: 'flag-twice',
    promise: 'a value flag given twice is a usage error, not its last value',
    file: 'src/cli/args.ts',
    search: 'if (t.kind !== \'option\' || options[t.name].type !== \'string\' || options[t.name].multiple) continue;',
    replace: 'continue;',
    tests: ['test/cli.test.ts'],
    only: 'given twice',
  },
  {
    id: 'gate-indented-code',
    promise: 'gate: "Fixes #12" in indented code links nothing',
    file: 'src/gate/visible.ts',
    search: 'if ((!paragraph || code) && cols >= base + 4) {',
    replace: 'if (false) {',
    tests: ['test/gate.test.ts'],
    only: 'rendered body',
  },
  {
    id: 'gate-quoted-fence',
    promise: 'gate: a fence inside a block quote is code',
    file: 'src/gate/visible.ts',
    search: "let m = /^ {0,3}> ?/.exec(line); m; m = /^ {0,3}> ?/.exec(line)",
    replace: "let m = /^ {0,3}> ?/.exec(''); m; m = null",
    tests: ['test/gate.test.ts'],
    only: 'rendered body',
  },
  {
    id: 'gate-issue-zero',
    promise: 'gate: there is no issue #0',
    file: 'src/gate/rules.ts',
    search: 'const NUMBER = String.raw`0*[1-9]\\d*\\b`;',
    replace: 'const NUMBER = String.raw`\\d+\\b`;',
    tests: ['test/gate.test.ts'],
    only: 'rendered body',
  },
  // --- The eleven promises of issue #28 that no test protected before.
  {
    id: 'sync-vouch',
    promise: 'sync merges only from a merge base the lock vouches for',
    file: 'src/sync/plan.ts',
    search: 'return copy !== null && contentHash(copy) === entry.sha256 ? lf(copy) : null;',
    replace: 'return copy !== null ? lf(copy) : null;',
    tests: ['test/sync.test.ts'],
    only: 'vouches',
  },
  {
    id: 'seal-nulled',
    promise: 'a sealed message whose hashes were set to null in meta.yaml is reported',
    file: 'src/chat/thread.ts',
    search: 'if (mustBeSealed && (m.sha256 === null || m.chain === null)) {',
    replace: 'if (false) {',
    tests: ['test/chat.test.ts'],
    only: 'tamper evidence',
  },
  {
    id: 'ref-prefix',
    promise: 'REFs resolve exactly, never by prefix',
    file: 'src/adr/store.ts',
    search: 'const num = /^(?:ADR-)?(\\d{1,9})$/i.exec(r);',
    replace: 'const num = /^(?:ADR-)?(\\d{1,9})/i.exec(r);',
    tests: ['test/adr.test.ts'],
    only: 'resolves REFs exactly',
  },
  {
    id: 'numbers-ctime',
    promise: 'adr new sees an ADR added by hand even when the folder’s modification time was put back',
    file: 'src/adr/store.ts',
    search: 'return st?.isDirectory() ? `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}` : null;',
    replace: 'return st?.isDirectory() ? `${st.dev}:${st.ino}:${st.mtimeNs}` : null;',
    tests: ['test/adr.test.ts'],
    only: 'numbers after the highest',
  },
  {
    id: 'superseded-status',
    promise: 'check reports an ADR superseded by another whose status is not Superseded',
    file: 'src/check/rules/adr.ts',
    search: 'if (a.supersededBy.length && !sameStatus(a.status, s.superseded)) {',
    replace: 'if (false) {',
    tests: ['test/check.test.ts'],
    only: 'relation-reciprocal',
  },
  {
    id: 'turns-alternate',
    promise: 'check reports two messages in a row from the same role',
    file: 'src/chat/thread.ts',
    search: 'if (i > 0 && m.from !== msgs[i - 1].to)',
    replace: 'if (false)',
    tests: ['test/check.test.ts'],
    only: 'chat/direction',
  },
  {
    id: 'verdict-settle',
    promise: 'check keeps no verdict over files changed within the settle window',
    file: 'src/io/cache.ts',
    search: '  if (Math.max(st.mtimeMs, st.ctimeMs) > before) return null;\n  keep?.(st);\n',
    replace: '  keep?.(st);\n',
    tests: ['test/check.test.ts'],
    only: 'settle',
  },
  {
    id: 'facts-settle',
    promise: 'check keeps no verdict over files changed within the settle window, even through the stamps its facts took',
    file: 'src/check/facts.ts',
    search: 'if (st.isFile() && settled(st, this.now)) this.stamps.set(rel, stampOfStats(st));',
    replace: 'if (st.isFile()) this.stamps.set(rel, stampOfStats(st));',
    tests: ['test/check.test.ts'],
    only: 'settle',
  },
  {
    id: 'facts-stamp',
    promise: 'a fact changed in one file is noticed with a warm cache',
    file: 'src/check/facts.ts',
    search: "stored.length > now.length && stored.startsWith(now) && stored[now.length] === '\\t' ? { stamp: now, k: null, raw: stored.slice(now.length + 1), mask: 0 }",
    replace: "stored.includes('\\t') ? { stamp: now, k: null, raw: stored.slice(stored.indexOf('\\t') + 1), mask: 0 }",
    tests: ['test/check-facts.test.ts'],
    only: 'notices a fact changed',
  },
  {
    id: 'facts-lookup-stamp',
    promise: 'a file check stamps at its first lookup (an issue form, the lock) is remembered by its full stamp: an edit in place is noticed',
    file: 'src/check/facts.ts',
    search: 'if (st) this.stamp(rel, st);',
    replace: 'if (st) this.stamps.set(rel, `${st.size}:${st.mtimeMs}`);',
    tests: ['test/check-facts.test.ts'],
    only: 'issue form',
  },
  {
    id: 'replay-stats',
    promise: 'the stamps a failed replay hands to the full check are the files as they are now, not as the verdict recorded them',
    file: 'src/check/verdict.ts',
    search: '(as === \'dir\' ? folders : files).add(t2 + 1, st);',
    replace: "(as === 'dir' ? folders : files).add(t2 + 1, ((f) => ({ ino: +f[0], size: +f[1], mtimeMs: +f[2], ctimeMs: +f[3] }) as fs.Stats)(text.slice(t1 + 1, t2).split(':')));",
    tests: ['test/check-facts.test.ts'],
    only: 'notices a fact changed',
  },
  {
    id: 'replay-ctime',
    promise: "a check after an edit in place (same size, same modification time) does not answer from the last verdict: the file's change time is part of its stamp",
    file: 'src/io/cache.ts',
    search: ' && +text.slice(c + 1, to) === st.ctimeMs;',
    replace: ';',
    tests: ['test/check-facts.test.ts'],
    only: 'issue form',
  },
  {
    id: 'check-bundle-error',
    promise: 'check answers a REF git does not know with one clear message and exit 2, also when dist/cli-check.cjs hands the full run to the whole CLI',
    file: 'src/cli/full-check.ts',
    search: "if (err instanceof Error && err.name === 'DocpactError' && !(err instanceof DocpactError)) {",
    replace: 'if (false) {',
    tests: ['test/branches.test.ts'],
    only: 'catches an edited sealed message',
  },
  {
    id: 'listing-stamp',
    promise: "check lists again a folder whose listing it remembered once an entry came or went, whatever the folder's modification time says",
    file: 'src/check/facts.ts',
    search: 'if (st.isDirectory() && settled(st, this.now)) this.folderStamps.set(rel, stampOfStats(st));',
    replace: 'if (st.isDirectory() && settled(st, this.now)) this.folderStamps.set(rel, `${st.ino}:${st.mtimeMs}`);',
    tests: ['test/check-facts.test.ts'],
    only: 'lists again',
  },
  {
    id: 'cutoff-kinds',
    promise: 'a verdict stands after an edit only when every kind of fact the check asked of the edited file is as it was',
    file: 'src/check/run.ts',
    search: 'for (const kind of f.kinds) {',
    replace: 'for (const kind of f.kinds.slice(0, 1)) {',
    tests: ['test/check-cutoff.test.ts'],
    only: 'runs the check when an edit changes',
  },
  {
    id: 'cutoff-direct',
    promise: 'a file a rule read itself (a sealed message) is never judged by its facts alone',
    file: 'src/check/verdict.ts',
    search: "    if (kind === 'file' && rel !== this.owner) this.direct.add(rel);\n",
    replace: '',
    tests: ['test/check-cutoff.test.ts'],
    only: 'sealed message',
  },
  {
    id: 'cutoff-stamp',
    promise: 'an edited file is judged only by the facts of the very text the verdict was made from',
    file: 'src/check/run.ts',
    search: "if (line === undefined || !line.startsWith(`${f.was}\\t`)) return null;\n    let was: Record<string, unknown>;\n    try {\n      was = JSON.parse(line.slice(f.was.length + 1)) as Record<string, unknown>;",
    replace: "if (line === undefined) return null;\n    let was: Record<string, unknown>;\n    try {\n      was = JSON.parse(line.slice(line.indexOf('\\t') + 1)) as Record<string, unknown>;",
    tests: ['test/check-cutoff.test.ts'],
    only: 'later text',
  },
  {
    id: 'cutoff-via',
    promise: "an ADR edit that leaves its parse as it was leaves its index range as it was: the verdict stands (the range is derived from the ADRs' parses alone)",
    file: 'src/check/rules/adr.ts',
    search: "'adr-range', derive, 'adr');",
    replace: "'adr-range', derive);",
    tests: ['test/check-cutoff.test.ts'],
    only: 'changes none of its facts',
  },
  {
    id: 'cutoff-sections',
    promise: 'a paragraph written into an ADR leaves its remembered parse as it was (sections remembered by name, not line)',
    file: 'src/check/rules/adr.ts',
    search: "packLines(a.lines), [...a.sections.keys()].join('\\n')];",
    replace: "packLines(a.lines), [...a.sections.keys()].map((n) => `${n}:${a.sections.get(n)}`).join('\\n')];",
    tests: ['test/check-cutoff.test.ts'],
    only: 'paragraph written',
  },
  {
    id: 'base-series-flag',
    promise: 'check --base gives the renumber command with --series for a second series',
    file: 'src/check/rules/base.ts',
    search: "const seriesFlag = (s: Series) => (s.name ? ` --series ${s.name}` : '');",
    replace: "const seriesFlag = (s: Series) => (s.name ? '' : '');",
    tests: ['test/branches.test.ts'],
    only: 'second series',
  },
  {
    id: 'json-details',
    promise: '--json failures carry the details (candidates, every missing flag)',
    file: 'src/cli/json.ts',
    search: '...(details.length ? { details } : {})',
    replace: '...({})',
    tests: ['test/errors.test.ts'],
    only: '--json failures',
  },
  {
    id: 'migrate-extra-meta',
    promise: 'adr migrate keeps MADR’s consulted and informed',
    file: 'src/adr/migrate.ts',
    search: "if (!isMeta(key)) out.push({ key, value: Array.isArray(value) ? value.join(', ') : String(value ?? ''), line: -1 });",
    replace: '',
    tests: ['test/migrate.test.ts'],
  },
  {
    id: 'renumber-first',
    promise: 'adr renumber refuses a number below the series’ first',
    file: 'generators/adr-renumber.ts',
    search: 'if (number < s.first) throw',
    replace: 'if (number < 0) throw',
    tests: ['test/adr-renumber.test.ts'],
    only: 'first number',
  },

  // --- Promises the suite already protected (issue #28 counted 20 of 31).
  {
    id: 'ref-substring',
    promise: 'REFs resolve exactly, never by substring of a file name',
    file: 'src/adr/store.ts',
    search: '    matches = files.filter((f) => namesFile(name, f.file));',
    replace: '    matches = files.filter((f) => f.file.includes(r.toLowerCase()));',
    tests: ['test/adr.test.ts'],
    only: 'resolves REFs exactly',
  },
  {
    id: 'slug-reserved',
    promise: 'a slug that is a reserved file name on Windows (con, nul, …) is refused',
    file: 'src/text/slug.ts',
    search: '  if (WINDOWS_RESERVED.test(slug)) throw',
    replace: '  if (false) throw',
    tests: ['test/chat.test.ts'],
    only: 'validates slugs',
  },
  {
    id: 'slug-ampersand',
    promise: 'slugs spell "&" as "and" (Leases & locks → leases-and-locks)',
    file: 'src/text/slug.ts',
    search: "ascii = ascii.replace(/&/g, ' and ').replace(/'/g, '');",
    replace: "ascii = ascii.replace(/'/g, '');",
    tests: ['test/sync.test.ts'],
    only: 'merges config and template changes',
  },
  {
    id: 'seal-chain',
    promise: 'each seal chains the previous one, so history cannot be reordered',
    file: 'src/chat/thread.ts',
    search: '    last.chain = chainNext(prev, last.sha256);',
    replace: "    last.chain = chainNext('', last.sha256);",
    tests: ['test/chat.test.ts'],
    only: 'goes new',
  },
  {
    id: 'seal-content',
    promise: 'an edited sealed message is reported',
    file: 'src/chat/thread.ts',
    search: '} else if (m.sha256 !== null && digest(m.file, content) !== m.sha256) {',
    replace: '} else if (false) {',
    tests: ['test/chat.test.ts'],
    only: 'detects an edited sealed message',
  },
  {
    id: 'chat-turn',
    promise: 'chat reply refuses to write out of turn without --force',
    file: 'generators/chat-reply.ts',
    search: 'if (from !== meta.owner && !ctx.force) {',
    replace: 'if (false) {',
    tests: ['test/chat.test.ts'],
    only: 'out of turn',
  },
  {
    id: 'chat-closers',
    promise: 'only the configured closers may close a thread and write DECISION.md',
    file: 'generators/chat-close.ts',
    search: 'if (!closers.includes(role) && roles.includes(role)) {',
    replace: 'if (false) {',
    tests: ['test/chat.test.ts'],
    only: 'goes new',
  },
  {
    id: 'index-drift',
    promise: 'check reports an ADR index out of date with the ADR files',
    file: 'src/check/rules/adr.ts',
    search: 'problem: region.digest !== want ? problem(',
    replace: 'problem: false ? problem(',
    tests: ['test/check.test.ts'],
    only: 'adr/index-drift',
  },
  {
    id: 'range-memo-stamps',
    promise: 'a range of the ADR index is remembered by its ADR files\' inode and change time too, so an edit that keeps size and mtime is seen',
    file: 'src/io/cache.ts',
    search: '    out[i++] = st.ctimeMs;',
    replace: '    out[i++] = 0;',
    tests: ['test/ranges.test.ts'],
    only: 'edited in place',
  },
  {
    id: 'range-memo-links',
    promise: 'a remembered range page whose relation target now resolves to another file is rendered again',
    file: 'src/adr/store.ts',
    search: 'const sum = summaryOf(shard, inRange, derive, (x) => x.links.every(([id, file]) => (fileOf(id) ?? null) === file));',
    replace: 'const sum = summaryOf(shard, inRange, derive, () => true);',
    tests: ['test/ranges.test.ts'],
    only: 'relation target was renamed',
  },
  {
    id: 'page-digits-stamp',
    promise: 'adr renumber skips a group of pages (a page, a thread, a range of ADRs) unread, and takes a range of the index from its memo, only while their stamps (inode and change time included) are the ones remembered',
    file: 'src/adr/memo.ts',
    search: '      out[o++] = n[4 * i + 3];',
    replace: '      out[o++] = 0;',
    tests: ['test/ranges.test.ts'],
    only: 'in place',
  },
  {
    id: 'page-digits-group',
    promise: 'a remembered group of pages (a thread, a range of ADRs) is keyed by every page in it, not by one standing for the rest',
    file: 'src/adr/references.ts',
    search: 'g.key = g.files.some(planned) ? undefined : stats.key(g.files, now);',
    replace: 'g.key = g.files.some(planned) ? undefined : stats.key(g.files.slice(0, 1), now);',
    tests: ['test/ranges.test.ts'],
    only: 'added in place',
  },
  {
    id: 'renumber-listing-reuse',
    promise: 'adr renumber plans from the series as listed under the repo lock: the questions\' parse is reused only for the very same names',
    file: 'generators/adr-renumber.ts',
    search: 'if (last && last.names.length === names.length && last.names.every((n, i) => n === names[i])) return last.files;',
    replace: 'if (last) return last.files;',
    tests: ['test/adr-renumber.test.ts'],
    only: 'while it waited for the repository lock',
  },
  {
    id: 'thread-listing-stamp',
    promise: 'adr renumber uses a thread folder\'s remembered names only while the folder keeps its stamp (inode and change time included), so a message added by hand is seen',
    file: 'src/adr/references.ts',
    search: 'const stamp = st?.isDirectory() && settled(st, now) ? stampOfStats(st) : undefined;',
    replace: 'const stamp = st?.isDirectory() && settled(st, now) ? `${st.size}:${st.mtimeMs}` : undefined;',
    tests: ['test/ranges.test.ts'],
    only: 'added by hand to a thread',
  },
  {
    id: 'thread-listing-compare',
    promise: 'a thread folder\'s remembered names are used only under the stamp they were listed with',
    file: 'src/adr/memo.ts',
    search: "if (!Array.isArray(e) || e[0] !== stamp || !Array.isArray(e[1])) return undefined;",
    replace: "if (!Array.isArray(e) || !Array.isArray(e[1])) return undefined;",
    tests: ['test/ranges.test.ts'],
    only: 'added by hand to a thread',
  },
  {
    id: 'page-digits-union',
    promise: 'a remembered group\'s digits are those of all its pages, so a range that holds the renamed number anywhere is read',
    file: 'src/adr/references.ts',
    search: 'digits.set(name, g.key, unionOf(g.read));',
    replace: 'digits.set(name, g.key, g.read[0]);',
    tests: ['test/ranges.test.ts'],
    only: 'not only its first ADR',
  },
  {
    id: 'sync-tree-stamps',
    promise: 'sync finds its remembered tree only while every input keeps its inode and change time too, so an edit that keeps size and mtime, or a copy of the repository, is rendered again',
    file: 'src/io/cache.ts',
    search: '  keep?.(st);\n  return stampOfStats(st);',
    replace: '  keep?.(st);\n  return `${st.size}:${st.mtimeMs}`;',
    tests: ['test/sync-tree.test.ts'],
    only: 'package.json starts listing',
  },
  {
    id: 'sync-tree-inputs',
    promise: 'sync renders the tree again when a file the rendering read changed',
    file: 'src/sync/tree-memo.ts',
    search: '    if (inputStamp(root, i[0] as InputKind, i[1]) !== i[2]) return null;\n',
    replace: '',
    tests: ['test/sync-tree.test.ts'],
    only: 'package.json starts listing',
  },
  {
    id: 'sync-tree-overrides',
    promise: 'sync renders the tree again when a template override was added or edited',
    file: 'src/sync/tree-memo.ts',
    search: '    if (!(kept.files as MemoFile[]).every((f) => override(f.template) === f.override)) return null;\n',
    replace: '',
    tests: ['test/sync-tree.test.ts'],
    only: 'override',
  },
  {
    id: 'sync-tree-digest',
    promise: 'a generated file that no longer holds its remembered rendering is planned from a fresh rendering',
    file: 'src/sync/plan.ts',
    search: '    if (sha256(text) !== m.digest) return false;\n',
    replace: '',
    tests: ['test/sync-tree.test.ts'],
    only: 'changed by hand where the lock',
  },
  {
    id: 'sync-tree-living',
    promise: 'a living page whose text is not the one its update left as it was gets its update again',
    file: 'src/sync/plan.ts',
    search: '      if (sha256(cur) !== m.digest) return false;\n',
    replace: '',
    tests: ['test/sync-tree.test.ts'],
    only: 'living file',
  },
  {
    id: 'journal-rollback',
    promise: 'a failure part-way through apply undoes the moves already made',
    file: 'src/io/journal.ts',
    search: '          commitTemp(root, m.backup, m.target, false);',
    replace: '          void 0;',
    tests: ['test/untrusted.test.ts'],
    only: 'a failure part-way',
  },
  {
    id: 'symlink-read',
    promise: 'a file that is a link out of the repository is never read',
    file: 'src/io/read.ts',
    search: '    if (!st.isFile()) throw new Refused(rel, specialMessage(rel));\n    const real = realOf(fd, abs);\n    if (!within(root, real)) throw new Refused(rel, outsideMessage(rel, real));',
    replace: '    if (!st.isFile()) throw new Refused(rel, specialMessage(rel));\n    const real = realOf(fd, abs);',
    tests: ['test/untrusted.test.ts'],
    only: 'refuses template overrides',
  },
  {
    id: 'symlink-read-git',
    promise: 'a file that is a link into .git (remote credentials in its config) is never read',
    file: 'src/io/read.ts',
    search: '    if (inGit(root, real)) throw new Refused(rel, gitMessage(root, rel, real));\n',
    replace: '',
    tests: ['test/untrusted.test.ts'],
    only: 'refuses a link into .git on read',
  },
  {
    id: 'walk-unsafe-entry',
    promise: 'check reports a docs page that is a link out of the repository or a FIFO, which the docs build would publish or hang on',
    file: 'src/io/list.ts',
    search: '        else if (root.refused) judgeOther(root, at, e, child);\n',
    replace: '',
    tests: ['test/untrusted.test.ts'],
    only: 'reports a docs page or folder',
  },
  {
    id: 'keep-mode',
    promise: 'an edit changes the text, never the executable bit',
    file: 'src/io/write.ts',
    search: '        if (!exclusive && mode !== null) keepMode(src.at(from.name), mode);',
    replace: '',
    tests: ['test/safety.test.ts'],
    only: 'keeps a file executable when it edits it',
  },
  {
    id: 'symlink-write',
    promise: 'nothing is written through a link out of the repository',
    file: 'src/io/write.ts',
    search: '      if (!within(root, real)) throw new Refused(here, `Refusing to write under ${here}: it is a symbolic link that leads outside the repository (${real}).`);',
    replace: '',
    tests: ['test/init.test.ts'],
    only: 'never writes through a folder link',
  },
  {
    id: 'config-no-git',
    promise: 'paths.* never point into .git',
    file: 'src/config/schema.ts',
    search: " && seg.toLowerCase() !== '.git'",
    replace: '',
    tests: ['test/untrusted.test.ts'],
    only: 'refuses paths',
  },
  {
    id: 'yaml11-quoting',
    promise: 'YAML docpact writes means the same under YAML 1.1 (GitHub) and 1.2',
    file: 'src/text/yaml.ts',
    search: '    compat: [...yaml11, ...extra],',
    replace: '    compat: [...extra],',
    tests: ['test/github.test.ts'],
    only: 'means the same under YAML 1.1',
  },
  {
    id: 'forms-yaml11-rule',
    promise: 'check reports a form value YAML 1.1 reads as another type',
    file: 'src/check/rules/forms.ts',
    search: "problem(file, c.line, 'forms/yaml11-type',",
    replace: "problem(file, c.line, 'forms/schema',",
    tests: ['test/github.test.ts'],
    only: 'reports each value YAML 1.1 changes',
  },
  {
    id: 'glossary-order',
    promise: 'glossary terms are kept in dictionary order (Unicode collation)',
    file: 'src/docs/glossary.ts',
    search: "  return (collator ??= new Intl.Collator('en', { sensitivity: 'variant', numeric: true })).compare(x, y) || (x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0);",
    replace: '  return a < b ? -1 : a > b ? 1 : 0;',
    tests: ['test/reading.test.ts'],
    only: 'dictionary order',
  },
  {
    id: 'toctree-entry',
    promise: 'a new page is listed inside its section’s toctree',
    file: 'src/docs/toctree.ts',
    search: '  lines.splice(at, 0, entry);',
    replace: '  lines.splice(at + 1, 0, entry);',
    tests: ['test/docs.test.ts'],
    only: 'adds a concept page',
  },
  {
    id: 'dry-run',
    promise: '--dry-run writes nothing',
    file: 'src/core/apply.ts',
    search: '  if (opts.dryRun) return { ops, conflicts };',
    replace: '',
    tests: ['test/init.test.ts'],
    only: 'writes nothing with --dry-run',
  },
  {
    id: 'merge3-markers',
    promise: 'sync marks overlapping edits as a conflict instead of choosing a side',
    file: 'src/sync/merge.ts',
    search: '      conflict = true;',
    replace: '      conflict = false;',
    tests: ['test/sync.test.ts'],
    only: 'merges config and template changes',
  },
  {
    id: 'base-sealed-edit',
    promise: 'check --base catches a sealed message edited with meta.yaml recomputed',
    file: 'src/check/rules/base.ts',
    search: '      if (before === undefined || (after !== null && sealDigest(before) === sealDigest(after))) continue;',
    replace: '      continue;',
    tests: ['test/branches.test.ts'],
    only: 'sealed message even with meta.yaml recomputed',
  },
  {
    id: 'escape-html',
    promise: 'a title’s < and > show as text, never as live HTML, on GitHub and in the built site',
    file: 'src/text/markdown.ts',
    search: 'const SYNTAX = /[\\\\<>{}[\\]$~]|',
    replace: 'const SYNTAX = /[\\\\{}[\\]$~]|',
    tests: ['test/escaping.test.ts'],
  },
  {
    id: 'series-template-check',
    promise: "check's adr/placeholder compares an adopted series' ADRs with the team's own template where its folder has one",
    file: 'src/adr/skeleton.ts',
    search: '  if (own) return withoutStatus(fillTokens(own.text, s, adr), own.rel, s);',
    replace: '',
    tests: ['test/series-template.test.ts'],
  },
  {
    id: 'series-template-context',
    promise: "a warm check sees an edit of a series' own template, as check --no-cache does",
    file: 'src/check/facts.ts',
    search: 'return sha256([BUILD, sha256(readText(root, CONFIG_FILE) ?? \'\'), ...overrides, ...teams].join(\'\\n\'));',
    replace: 'return sha256([BUILD, sha256(readText(root, CONFIG_FILE) ?? \'\'), ...overrides].join(\'\\n\'));',
    tests: ['test/series-template.test.ts'],
    only: 'same verdict',
  },
  // --- fact-edit: check after an edit that changes a fact.
  {
    id: 'check-tree-trace',
    promise: "a check that takes the generated tree as last rendered still depends on what that rendering read: its verdict sees those files change",
    file: 'src/check/rules/sync.ts',
    search: "for (const [kind, rel] of memo.inputs) if (kind !== 'up') root.trace?.(rel, kind);",
    replace: '',
    tests: ['test/check-fact-edit.test.ts'],
    only: 'package.json',
  },
  {
    id: 'packed-lines',
    promise: "a remembered ADR's line numbers are the ones its text gives: a problem found there is reported at the line a check without a cache gives",
    file: 'src/check/rules/adr.ts',
    search: "const packLines = (l: ParsedAdr['lines']): PackedLines => `${l.h1},${l.status},",
    replace: "const packLines = (l: ParsedAdr['lines']): PackedLines => `${l.h1},${l.h1},",
    tests: ['test/check-fact-edit.test.ts'],
    only: 'remembered ADR',
  },
  // --- delta: a title edit answered from the last verdict and the edited ADR's range (src/check/delta.ts).
  {
    id: 'delta-title-only',
    promise: 'an ADR edit is answered from the last verdict and its range only when no rule but the index reads what changed (a status edit is judged by the full check)',
    file: 'src/check/rules/adr.ts',
    search: "(i === 2 || i === 5 ? '' : v)",
    replace: "(i === 2 || i === 3 || i === 5 ? '' : v)",
    tests: ['test/check-delta.test.ts'],
    only: 'status edit',
  },
  {
    id: 'delta-relations',
    promise: "a retitled ADR with relations changes the relation graph, which the delta does not render: the full check judges it",
    file: 'src/check/delta.ts',
    search: 'if (!one && mine.some((x) => hasRelations(x.was) || hasRelations(x.now))) no();',
    replace: '',
    tests: ['test/check-delta.test.ts'],
    only: 'relation graph',
  },
  {
    id: 'delta-baseline',
    promise: 'a baseline entry for a file the delta judges (used or freed by the edit) sends the check to the full run: baseline/unused is reported as without a cache',
    file: 'src/check/delta.ts',
    search: 'if (baseline.entries.some((e) => judged.has(e.file))) no();',
    replace: '',
    tests: ['test/check-delta.test.ts'],
    only: 'baseline entr',
  },
  {
    id: 'delta-suppress',
    promise: "the problems a delta adds get the configured severities and ignores, as the full check's do",
    file: 'src/check/delta.ts',
    search: 'const final = (ps: Problem[]) => applyIgnore(applySeverity(ps, config), config);',
    replace: 'const final = (ps: Problem[]) => ps;',
    tests: ['test/check-delta.test.ts'],
    only: 'ignores and severities',
  },
  {
    id: 'delta-one-range',
    promise: "in a series of one range the index page lists the ADRs themselves: a retitle there is judged on the index page too",
    file: 'src/check/delta.ts',
    search: 'const one = shards.size === 1;',
    replace: 'const one = false;',
    tests: ['test/check-delta.test.ts'],
    only: 'series of one range',
  },
  {
    id: 'delta-max-changes',
    promise: 'past a few edited ADRs the full check runs, and keeps a verdict over the settled edits (the delta keeps none)',
    file: 'src/check/delta.ts',
    search: 'if (changes.length > MAX_CHANGES) no();',
    replace: '',
    tests: ['test/check-delta.test.ts'],
    only: 'falls back past a few edited ADRs',
  },
  // --- wild4: adopting series.
  {
    id: 'dated-keeps-numbered',
    promise: 'a log4brains series that went from numbers to days keeps its numbered records',
    file: 'src/adopt/detect.ts',
    search: 'const digits = (dated && numbered.length ? numbered : pool)',
    replace: 'const digits = pool',
    tests: ['test/wild4-adopt.test.ts'],
    only: 'numbered by day',
  },
  // --- wild5: where an adopted series' index goes, and an empty .adr-dir folder.
  {
    id: 'hugo-leaf-bundle',
    promise: "an ADR folder in a Hugo site's content tree gets adr-index.md, never the index.md that makes it a leaf bundle",
    file: 'src/adopt/detect.ts',
    search: 'taken(root, plain, ignored) || inHugoContent(root, path.posix.dirname(plain))',
    replace: 'taken(root, plain, ignored)',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'Hugo content tree',
  },
  {
    id: 'structurizr-index-outside',
    promise: 'an ADR folder a Structurizr workspace imports (!adrs) keeps only ADRs: the index goes beside the .dsl file',
    file: 'src/adopt/detect.ts',
    search: 'const index = own ?? outside ??',
    replace: 'const index = own ??',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'Structurizr',
  },
  {
    id: 'adr-dir-empty',
    promise: 'an .adr-dir naming a folder with no ADRs yet is where the series starts, not a second folder',
    file: 'src/adopt/detect.ts',
    search: "const empty = n.source === '.adr-dir' && ",
    replace: "const empty = false && ",
    tests: ['test/wild5-adopt.test.ts'],
    only: 'holds no ADRs yet',
  },
  {
    id: 'status-choice-unbracketed',
    promise: "a template's status choice list without brackets (proposed | rejected | …) is template text, not the status proposed",
    file: 'src/adr/formats/wording.ts',
    search: ' || /^[^\\p{L}<]*\\p{L}[\\p{L}\\p{M} _-]*\\|[ \\t]*\\p{L}/u.test(value)',
    replace: '',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'without brackets',
  },
  {
    id: 'records-of-another-kind',
    promise: 'numbered records with a status but no decision (threat assessments) are no ADR series',
    file: 'src/adopt/detect.ts',
    search: '  /^##\\s+(Status|Decision|Decision Outcome|Considered Options|Decision Drivers)\\s*$/im,',
    replace: '  /^##\\s+(Status|Decision|Decision Outcome|Considered Options|Decision Drivers)\\s*$/im,\n  /^status:/im,',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'another kind',
  },
  // --- wild8: a line opening with an inline code span of three backticks is no code fence.
  {
    id: 'backtick-span-not-fence',
    promise: 'a record line starting with ```Case``` (a code span: a backtick fence holds no backtick after it) opens no code fence that hides the later sections',
    file: 'src/adr/formats/text.ts',
    search: 'const FENCE_START = /^(`{3,}(?![^`]*`)|~~~)/;',
    replace: 'const FENCE_START = /^(```|~~~)/;',
    tests: ['test/wild8-adopt.test.ts'],
    only: 'three backticks',
  },
  {
    id: 'bold-bullet-key',
    promise: "MADR records stating their metadata as bold bullets (- **Status:** Accepted) are listed with that status, and edits change the bullet rather than adding front matter",
    file: 'src/adr/formats/text.ts',
    search: 'export const BULLET = /^([-*])\\s+(?:\\*\\*|__)?([A-Za-z][A-Za-z -]*?)(?:\\*\\*|__)?:(?:\\*\\*|__)?\\s*(.*?)\\s*$/;',
    replace: 'export const BULLET = /^([-*])\\s+([A-Za-z][A-Za-z -]*?):\\s*(.*?)\\s*$/;',
    tests: ['test/wild8-adopt.test.ts'],
    only: 'bold bullets',
  },
  {
    id: 'bold-bullet-value-span',
    promise: "a status edit on a bold bullet (- **Status:** Accepted) changes the value, not the bold's close",
    file: 'src/adr/formats/bullets.ts',
    search: '  if (bold && line.startsWith(bold, start)) start += 2;',
    replace: '',
    tests: ['test/wild8-adopt.test.ts'],
    only: 'bold bullets',
  },
  {
    id: 'bullet-insert-style',
    promise: 'a relation bullet docpact adds takes the style of the bullets there (- **Amended by:** …)',
    file: 'src/adr/formats/bullets.ts',
    search: "  l.lines.splice(at, 0, `${first.slice(0, keyAt)}${label}${first.slice(keyEnd, bullets[0].start)}${value(undefined)}`);",
    replace: "  l.lines.splice(at, 0, `${bullets[0].mark} ${label}: ${value(undefined)}`);",
    tests: ['test/wild8-adopt.test.ts'],
    only: 'bold bullets',
  },
  {
    id: 'template-record-part',
    promise: "adr new takes a team template's record part only, not the explanation under the template's own H1 before it",
    file: 'src/adr/skeleton.ts',
    search: '  if (last === first) return template;',
    replace: '  return template;',
    tests: ['test/wild8-adopt.test.ts'],
    only: 'explains itself',
  },
  // --- wild7: a template numbered zero named in capitals; a date field whose value is a note.
  {
    id: 'zero-template-case',
    promise: 'a team template kept among the ADRs as 0000-TEMPLATE.md is the template, never ADR-0000, and is never edited',
    file: 'src/adr/series.ts',
    search: "${anyCase('template')}${end}$)",
    replace: 'template${end}$)',
    tests: ['test/wild7-adopt.test.ts'],
    only: 'capitals',
  },
  {
    id: 'lone-note-is-guidance',
    promise: "a template's `Date: <!-- Today's date -->` becomes the day itself, not the day glued to the note (a bad adr/date)",
    file: 'src/adr/skeleton.ts',
    search: "${m[2] ? (m[3] ?? '') : ''}",
    replace: "${m[3] ?? ''}",
    tests: ['test/wild7-adopt.test.ts'],
    only: 'capitals',
  },
  {
    id: 'table-meta-row',
    promise: 'a record stating its status in a table under the H1 (| **Status** | Accepted |) is read, and edited in that cell',
    file: 'src/adr/formats/nygard.ts',
    search: "? null : TABLE_META.exec(lines[i]);",
    replace: '? null : null;',
    tests: ['test/wild7-adopt.test.ts'],
    only: 'table under the H1',
  },
  {
    id: 'table-header-row',
    promise: 'a table header row naming columns (| Status | Date |) is not read as the status "Date"',
    file: 'src/adr/formats/nygard.ts',
    search: "const row = /^\\|[ \\t]*:?-{3,}/.test(lines[i + 1] ?? '') ? null : TABLE_META.exec(lines[i]);",
    replace: 'const row = TABLE_META.exec(lines[i]);',
    tests: ['test/wild7-adopt.test.ts'],
    only: 'header row',
  },
  {
    id: 'team-template-capitals',
    promise: "a team's TEMPLATE.md in the ADR folder (TechDocs sites name it in capitals) is the template new ADRs are written from",
    file: 'src/adr/skeleton.ts',
    search: "'template.md', 'TEMPLATE.md', 'ADR-TEMPLATE.md']",
    replace: "'template.md']",
    tests: ['test/wild7-adopt.test.ts'],
    only: 'TEMPLATE.md',
  },
  {
    id: 'table-row-closed',
    promise: 'a relation docpact adds to a metadata table is a row closed like the others, not left open',
    file: 'src/adr/formats/nygard.ts',
    search: "link(target, s) + (m.startsWith('|') ? m.slice(meta.end) : ''));",
    replace: 'link(target, s));',
    tests: ['test/wild7-adopt.test.ts'],
    only: 'TEMPLATE.md',
  },
  {
    id: 'madr-sections-under-status',
    promise: 'records with Nygard\'s Status section and MADR-like "Considered Options" but no MADR metadata are Nygard: no MADR sections demanded, statuses edited in place',
    file: 'src/adopt/detect.ts',
    search: "if (madrBody && (fm || PLAIN_BULLETS.test(body))) f = fm ? madrByMeta() : 'madr2';",
    replace: "if (madrBody) f = fm ? madrByMeta() : PLAIN_BULLETS.test(body) ? 'madr2' : null;",
    tests: ['test/wild7-adopt.test.ts'],
    only: 'Considered Options',
  },
  {
    id: 'fm-status-stands-for-section',
    promise: 'a Nygard record whose status is stated only in its front matter is not missing a Status section',
    file: 'src/adr/formats/nygard.ts',
    search: "else if (!sec && rec.status && rec.lines.status && end > 0 && rec.lines.status <= end) rec.sections.set('Status', rec.lines.status);",
    replace: '',
    tests: ['test/wild7-adopt.test.ts'],
    only: 'only in front matter',
  },
  // --- wild6: a template numbered zero among the ADRs; records titled in front matter.
  {
    id: 'zero-template-is-adr',
    promise: 'a team template kept among the ADRs as 0000-template.md is the template, never ADR-0000',
    file: 'src/adr/series.ts',
    search: "(?!0+${esc(mid)}(?:${anyCase('adr')}[-_])?${anyCase('template')}${end}$)",
    replace: '',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'numbered zero',
  },
  {
    id: 'fm-title',
    promise: "a record without an H1 takes its title from its front matter's title:",
    file: 'src/adr/formats/frontmatter.ts',
    search: '  if (f?.value) rec.title = f.value.trim();',
    replace: '',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'front matter',
  },
  {
    id: 'fm-title-heading',
    promise: 'check takes a front-matter title for the heading of a record without an H1 (no adr/h1)',
    file: 'src/check/rules/adr.ts',
    search: 'if (a.lines.h1 ? !a.h1Ok : !a.title) badHeadings.push(a);',
    replace: 'if (!a.lines.h1 || !a.h1Ok) badHeadings.push(a);',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'no team template',
  },
  {
    id: 'day-series-renumber-ids',
    promise: 'adr renumber in a dated series: a relation to the renumbered record, named by its file name, follows it to the new file',
    file: 'generators/adr-renumber.ts',
    search: "...(s.numbering === 'date' ? { ids:",
    replace: '...(false ? { ids:',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'renumbers a record to another day',
  },
  {
    id: 'day-named-series',
    promise: 'records named by the day with dashes (2022-03-22-x.md) are one series numbered by day, not by their year',
    file: 'src/adopt/detect.ts',
    search: 'if (days.length && days.length * 2 >=',
    replace: 'if (false && days.length * 2 >=',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'dashes',
  },
  {
    id: 'team-template-status',
    promise: "a team template's own status word is no placeholder text: accepted records stating it pass check",
    file: 'src/adr/skeleton.ts',
    search: 'if (own) return withoutStatus(fillTokens(own.text, s, adr), own.rel, s);',
    replace: 'if (own) return fillTokens(own.text, s, adr);',
    tests: ['test/wild6-adopt.test.ts'],
    only: 'states the status',
  },
  {
    id: 'fm-relation-key',
    promise: 'superseding a front-matter ADR fills its replaced-by: key, not a new Status section',
    file: 'src/adr/formats/nygard.ts',
    search: '    if (keepsMetaInFm(l.lines, fm)) {',
    replace: '    if (false) {',
    tests: ['test/wild4-adopt.test.ts'],
    only: 'replaced-by',
  },
  {
    id: 'yaml-narrow',
    promise: 'a YAML value is read as written when the file holds characters beyond Latin-1 (its strings copied one byte a character)',
    file: 'src/text/yaml.ts',
    search: "Buffer.from(v, 'latin1').toString('latin1')",
    replace: "Buffer.from(v, 'utf8').toString('latin1')",
    tests: ['test/check-cold.test.ts'],
  },
  {
    id: 'facts-alike-key',
    promise: 'without a cache, files share a record of facts only when their facts are alike (an ADR not valid UTF-8 among valid ones is still reported)',
    file: 'src/check/facts.ts',
    search: "key += `${kind}\\0${v === TAKEN ? 'T' : v === NONE || Array.isArray(v) ? 'N' : String(v)}\\0`;",
    replace: "key += `${kind}\\0`;",
    tests: ['test/check-cold.test.ts'],
    only: 'differ only in being valid UTF-8',
  },
  {
    id: 'chat-direct-plain',
    promise: 'a chat template rendered without Handlebars gives what Handlebars gives, for any data (other data goes to Handlebars)',
    file: 'scripts/templates-module.mjs',
    search: "names.every((n) => Object.hasOwn(data, n) && (typeof data[n] === 'string' || typeof data[n] === 'number'))",
    replace: 'names.every((n) => data[n] !== undefined)',
    tests: ['test/templates-direct.test.ts'],
    only: 'property',
  },
  {
    id: 'chat-header-override',
    promise: "a repository's own chat framing template is the one messages are written and checked with, not the built-in one",
    file: 'src/templates/renderer.ts',
    search: 'const tpl = (src.overrides && override(src.root, `${src.overrides}/${id}.hbs`)) || builtinFor(src, id);',
    replace: 'const tpl = builtinFor(src, id) || (src.overrides && override(src.root, `${src.overrides}/${id}.hbs`));',
    tests: ['test/templates-direct.test.ts'],
    only: 'own framing',
  },
  {
    id: 'chat-format-field-star',
    promise: "a changeset field written in bold (**FILES**) counts, however the message's lines are scanned",
    file: 'src/chat/format.ts',
    search: 'c > 32 && c < 127 && c !== 35 && c !== 42 &&',
    replace: 'c > 32 && c < 127 && c !== 35 &&',
    tests: ['test/chat-format.test.ts'],
  },
  {
    id: 'links-mask-tilde',
    promise: 'a link inside a ~~~ code fence is no link, however the lines that cannot open a fence are skipped',
    file: 'src/docs/links.ts',
    search: 'return (c === 96 || c === 126) && line.charCodeAt(i + 1) === c',
    replace: 'return c === 96 && line.charCodeAt(i + 1) === c',
    tests: ['test/links-mask.test.ts'],
  },
  {
    id: 'links-mask-close',
    promise: 'a fence closed by a line indented with white space is closed, however the lines that cannot close it are skipped',
    file: 'src/docs/links.ts',
    search: 'const other = c > 32 && c < 127 && c !== fence.charCodeAt(0);',
    replace: 'const other = c >= 32 && c < 127 && c !== fence.charCodeAt(0);',
    tests: ['test/links-mask.test.ts'],
  },
  {
    id: 'links-line-reset',
    promise: "a link is reported on its own line, whichever pattern found it (the line count carried from one link to the next)",
    file: 'src/docs/links.ts',
    search: '    if (offset < counted) [counted, line] = [0, 1];',
    replace: '    if (offset < 0) [counted, line] = [0, 1];',
    tests: ['test/links-mask.test.ts'],
  },
  {
    id: 'index-file-stamp',
    promise: 'an index file sync and adr renumber do not read is one whose stamp (inode, size, modification and change time) is the one it had when its text was last found in step, so a range page or data file edited in place by hand is put back',
    file: 'src/adr/memo.ts',
    search: "if (inputStamp(this.root, 'file', rel, this.now - SETTLE_MS) !== e[0]) return false;",
    replace: "if (inputStamp(this.root, 'file', rel, this.now - SETTLE_MS) === null) return false;",
    tests: ['test/ranges.test.ts'],
    only: 'put back a range page and data file edited in place',
  },
  {
    id: 'range-key-stamps',
    promise: 'a range of ADRs is keyed by its files\' stamps, for its digits and its index summary alike (one key, made once by adr renumber), so an ADR edited in place is seen',
    file: 'src/adr/memo.ts',
    search: "const groupKey = (paths: string[], stamps: Float64Array) => sha256(`${paths.join('\\n')}\\n`, new Uint8Array(stamps.buffer));",
    replace: "const groupKey = (paths: string[], stamps: Float64Array) => sha256(`${paths.join('\\n')}\\n${stamps.length}`);",
    tests: ['test/ranges.test.ts'],
    only: 'adr renumber sees an ADR title edited in place',
  },
  {
    id: 'range-fileof-first',
    promise: 'a relation on a range page links to the file that carries the ADR id\'s number (found by a binary search over the sorted ADRs)',
    file: 'src/adr/store.ts',
    search: '      if (files[mid].number < n) lo = mid + 1;',
    replace: '      if (files[mid].number <= n) lo = mid + 1;',
    tests: ['test/ranges.test.ts'],
    only: 'relation target was renamed by hand',
  },
  {
    id: 'range-cell-pipe',
    promise: 'a range page escapes a pipe in an ADR title (the plain-cell shortcut takes only text no escaping rule touches)',
    file: 'src/adr/store.ts',
    search: "const PLAIN_CELL = /^[A-Za-z0-9 ,;'\"/=?%]*$/;",
    replace: "const PLAIN_CELL = /^[A-Za-z0-9 ,;'\"/=?%|*.]*$/;",
    tests: ['test/ranges.test.ts'],
    only: 'escapes an ADR title',
  },
  {
    id: 'range-inline-plain',
    promise: 'a range page escapes an ADR status, date or relation id as before (the plain shortcut takes only text escapeInline leaves alone)',
    file: 'src/adr/store.ts',
    search: "const PLAIN_INLINE = /^[A-Za-z0-9 .,:;'\"/=?%@-]*$/;",
    replace: "const PLAIN_INLINE = /^[A-Za-z0-9 .,:;'\"/=?%@_-]*$/;",
    tests: ['test/range-render.test.ts'],
  },
  // --- leftovers2: the defects earlier rounds left.
  {
    id: 'migrate-footnotes',
    promise: 'adr migrate adds a required section above the footnotes and link definitions that end a record',
    file: 'src/adr/migrate.ts',
    search: '    const notes = own.splice(trailingDefinitions(own));',
    replace: '    const notes: string[] = [];',
    tests: ['test/migrate.test.ts'],
    only: 'definitions',
  },
  {
    id: 'template-dead-link',
    promise: "adr new writes a team template's example link to a missing file as code, so the new ADR has no dead link",
    file: 'src/adr/skeleton.ts',
    search: '    if (rel === null || exists(rel)) continue;',
    replace: '    continue;',
    tests: ['test/series-template.test.ts'],
    only: 'example link',
  },
  {
    id: 'template-dead-link-placeholder',
    promise: "adr/placeholder reads a template's example link written as code as the template's text",
    file: 'src/adr/formats/text.ts',
    search: 'const squash = (s: string) => linksUnquoted(s)',
    replace: 'const squash = (s: string) => s',
    tests: ['test/series-template.test.ts'],
    only: 'example link',
  },
  {
    id: 'mkdocs-generated-note',
    promise: "an MkDocs site gets docs/_generated's folder notes as README, which MkDocs 1.4 does not publish as pages",
    file: 'src/sync/tree.ts',
    search: "    if (!orphan || engine.family !== 'mkdocs') file(",
    replace: '    if (true) file(',
    tests: ['test/mkdocs.test.ts'],
    only: '_generated folder',
  },
  {
    id: 'mkdocs-generated-note-move',
    promise: 'sync moves the README.md notes an earlier docpact wrote, removing the old name',
    file: 'src/sync/plan.ts',
    search: '  plan.remove(was);',
    replace: '',
    tests: ['test/mkdocs.test.ts'],
    only: 'moves the README.md notes',
  },
  {
    id: 'fffd-bytes',
    promise: 'a U+FFFD written in valid UTF-8 is not docs/encoding; bytes that are not UTF-8 are',
    file: 'src/io/read.ts',
    search: '  return bytes === null || !isUtf8(bytes);',
    replace: '  return true;',
    tests: ['test/check-cold.test.ts'],
    only: 'from bytes that are not UTF-8',
  },
  {
    id: 'gitlab-note',
    promise: 'init tells a GitLab project that the .github files it adds are not read by GitLab, and how to leave them out',
    file: 'src/adopt/detect.ts',
    search: '  return exists(root, github) ? [] : GITLAB_FILES.filter((rel) => exists(root, rel));',
    replace: '  return [];',
    tests: ['test/init.test.ts'],
    only: 'GitLab',
  },
  {
    id: 'check-ignore-once',
    promise: "init asks git check-ignore once per adoption: the docs tree's places with the series' index page",
    file: 'src/adopt/defaults.ts',
    search: '    const ignored = ignoredOracle(ctx.root.dir, sphinx || mkdocs ? [] : TREES.map(at).flatMap(treeFiles));',
    replace: '    const ignored = ignoredOracle(ctx.root.dir, []);',
    tests: ['test/init.test.ts'],
    only: 'check-ignore',
  },
  {
    id: 'yaml11-one-parse-tag',
    promise: 'check reads a form value with an explicit tag by its tag (`required: ! true` is text), not as the plain scalar its text would be',
    file: 'src/text/yaml.ts',
    search: 'if (Y.isScalar(a)) {\n      if (a.tag !== undefined) return false;',
    replace: 'if (Y.isScalar(a)) {',
    tests: ['test/github.test.ts'],
    only: 'tagged value',
  },
  {
    id: 'yaml11-one-parse-quoted',
    promise: 'check finds with one parse of a form what a second parse as YAML 1.2 finds: a quoted or block scalar is text under both',
    file: 'src/text/yaml.ts',
    search: '      if (a.type !== Y.Scalar.PLAIN) return true;\n',
    replace: '',
    tests: ['test/github.test.ts'],
    only: 'one parse',
  },
  {
    id: 'form-written-any',
    promise: 'check reads a form as the data docpact rendered only when the form is exactly that rendering (an edited form is parsed as GitHub reads it)',
    file: 'src/text/yaml.ts',
    search: 'const known = reparse ? undefined : written.get(text);',
    replace: 'const known = reparse ? undefined : written.values().next().value;',
    tests: ['test/github.test.ts'],
    only: 'reports each value YAML 1.1 changes',
  },
  {
    id: 'lock-parse-stale',
    promise: 'check reads the lock as it is now: in one process (docpact mcp), a lock edited between two checks is read again',
    file: 'src/core/lockfile.ts',
    search: 'if (parsed?.text === text) {',
    replace: 'if (parsed) {',
    tests: ['test/check-cold.test.ts'],
    only: 'one process',
  },
  {
    id: 'yaml-written-any',
    promise: 'a YAML text is read as the data docpact wrote only when it is exactly what docpact wrote',
    file: 'src/text/yaml.ts',
    search: '  const known = written.get(text);\n  if (known !== undefined) return JSON.parse(known);\n  let data: unknown;',
    replace: '  const known = written.size ? written.values().next().value : undefined;\n  if (known !== undefined) return JSON.parse(known);\n  let data: unknown;',
    tests: ['test/check-cold.test.ts', 'test/github.test.ts'],
  },
  {
    id: 'code-span-shrink',
    promise: 'a backtick run longer than any later one still opens a code span at its tail, as the pattern it replaces did (one pass over the runs)',
    file: 'src/docs/links.ts',
    search: '    const length = Math.min(e - s, most);',
    replace: '    const length = e - s;\n    if (length > most) continue;',
    tests: ['test/links-mask.test.ts'],
    only: 'thick with backtick runs',
  },
  {
    id: 'template-place-keys',
    promise: "a new ADR from a team's template carries its own title and number in the keys a site titles and orders pages by, not the template's",
    file: 'src/adr/skeleton.ts',
    search: "PLACE_KEY.test(m[1]) ? String(adr.number) : null;",
    replace: 'null;',
    tests: ['test/wild5-adopt.test.ts'],
    only: 'titles and places',
  },
  {
    id: 'glossary-seed-order',
    promise: 'the glossary sync renders lists the seed terms in dictionary order, though a seed marked in order is copied, not sorted',
    file: 'src/docs/seed-glossary.ts',
    search: "export const SEED_GLOSSARY = inDictionaryOrder([\n",
    replace: "export const SEED_GLOSSARY = inDictionaryOrder([\n  { term: 'Zone', definition: 'A region.' },\n",
    tests: ['test/docs.test.ts'],
    only: 'already in dictionary order',
  },
  {
    id: 'chat-format-one-walk',
    promise: "a message's changeset fields end at its next ## heading, though headings and blocks are found in one walk over its lines",
    file: 'src/chat/format.ts',
    search: '    if (heading) current = undefined;',
    replace: '    if (heading && !heads) current = undefined;',
    tests: ['test/chat-format.test.ts'],
  },
  // --- The {day}-{slug}.md series (review7).
  {
    id: 'renumber-day-number',
    promise: 'adr renumber in a series numbered by date moves a record only to a day given as NUMBER',
    file: 'generators/adr-renumber.ts',
    search: "if (s.numbering === 'date' && !isCalendarDate(",
    replace: "if (false && !isCalendarDate(",
    tests: ['test/wild6-adopt.test.ts'],
    only: 'renumbers a record only to a day',
  },
  {
    id: 'day-pattern-needs-date',
    promise: 'a {day} file-name pattern without numbering: date is a configuration error',
    file: 'src/config/schema.ts',
    search: "if (a.pattern?.includes('{day}') && a.numbering !== 'date')",
    replace: "if (a.pattern?.includes('{day}') && a.numbering === 'never')",
    tests: ['test/wild6-adopt.test.ts'],
    only: 'in a series numbered in sequence',
  },
  {
    id: 'gate-tag-attributes',
    promise: 'gate: "Fixes #12" in an HTML tag\'s attribute (an image\'s alt), which no reader sees, links no issue',
    file: 'src/gate/visible.ts',
    search: ".replace(TAG, lineBreaks);",
    replace: ";",
    tests: ['test/gate.test.ts'],
    only: 'counts only a link a reader',
  },
  {
    id: 'nested-git',
    promise: 'a link into the .git folder of a repository cloned inside this one is refused and reported, as one into .git',
    file: 'src/io/root.ts',
    search: 'return real.slice(root.dir.length + 1).split(path.sep).some(isGit);',
    replace: 'return isGit(real.slice(root.dir.length + 1).split(path.sep)[0]);',
    tests: ['test/untrusted.test.ts'],
    only: 'cloned inside this one',
  },
];

const args = process.argv.slice(2);
if (args.includes('--list')) {
  for (const m of MUTATIONS) console.log(`${m.id.padEnd(20)} ${m.file.padEnd(32)} ${m.tests.join(' ')}${m.only ? ` -t "${m.only}"` : ''}\n${''.padEnd(21)}${m.promise}`);
  process.exit(0);
}
if (args.includes('--check')) {
  // Only whether each edit still applies (its search text occurs exactly once), without running tests.
  let stale = 0;
  for (const m of MUTATIONS) {
    const count = fs.readFileSync(path.join(REPO, m.file), 'utf8').split(m.search).length - 1;
    if (count !== 1) console.log(`stale    ${m.id}: the search text occurs ${count} times in ${m.file}`), stale++;
  }
  console.log(`${MUTATIONS.length - stale} of ${MUTATIONS.length} mutations apply.`);
  process.exit(stale ? 1 : 0);
}
const chosen = args.length ? MUTATIONS.filter((m) => args.some((a) => m.id.includes(a))) : MUTATIONS;
if (!chosen.length) {
  console.error(`No mutation id contains ${args.join(' or ')}. Run with --list.`);
  process.exit(2);
}

// 1. The scratch copy: every file git tracks or would track, node_modules linked.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'docpact-mutate-'));
const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
for (const f of files) {
  if (!fs.existsSync(path.join(REPO, f))) continue; // deleted in the working tree
  fs.mkdirSync(path.dirname(path.join(scratch, f)), { recursive: true });
  fs.copyFileSync(path.join(REPO, f), path.join(scratch, f));
}
fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(scratch, 'node_modules'));
const vitest = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

const vitestRun = (tests, only) => spawnSync(process.execPath, [vitest, 'run', ...tests, ...(only ? [`--testNamePattern=${only}`] : []), '--reporter=dot'], { cwd: scratch, env, encoding: 'utf8', timeout: 15 * 60_000 });
/** `only` as vitest's -t reads it: a pattern matching the name as written. */
const literal = (only) => only.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const firstError = (out) => (/(AssertionError|Error): [^\n]*/.exec(out)?.[0] ?? '').slice(0, 200);

// 2. Each mutation: apply, build, run its tests, restore — after proving those tests pass unmutated.
const results = [];
try {
  const groups = new Map();
  for (const m of chosen) groups.set(m.tests.join(' '), [...(groups.get(m.tests.join(' ')) ?? []), m]);
  for (const [tests, ms] of groups) {
    const only = ms.every((m) => m.only) ? ms.map((m) => literal(m.only)).join('|') : undefined;
    const base = vitestRun(tests.split(' '), only);
    if (base.status !== 0) {
      console.error(`The tests fail without any mutation, so they cannot judge one: ${tests}${only ? ` -t "${only}"` : ''}\n${firstError(base.stdout + base.stderr)}`);
      process.exitCode = 2;
      throw new Error('baseline');
    }
    // A name pattern that matches no test "passes" too, and then no mutation can be caught.
    if (!/\b\d+ passed\b/.test(base.stdout + base.stderr)) {
      console.error(`No test runs for ${tests}${only ? ` -t "${only}"` : ''}: a test was renamed or removed; name one that judges the mutation.`);
      process.exitCode = 2;
      throw new Error('baseline');
    }
    console.log(`baseline ${tests}${only ? ` -t "${only}"` : ''}: passes`);
  }
  for (const m of chosen) {
    const target = path.join(scratch, m.file);
    const original = fs.readFileSync(target, 'utf8');
    const count = original.split(m.search).length - 1;
    if (count !== 1) {
      results.push({ m, outcome: 'stale', note: count ? `search text occurs ${count} times` : 'search text not found' });
      console.log(`stale    ${m.id}: ${results.at(-1).note} in ${m.file}`);
      continue;
    }
    fs.writeFileSync(target, original.replace(m.search, () => m.replace));
    const started = Date.now();
    try {
      const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: scratch, env, encoding: 'utf8' });
      if (build.status !== 0) {
        results.push({ m, outcome: 'invalid', note: `the mutant does not build: ${build.stderr.split('\n')[0]}` });
        console.log(`invalid  ${m.id}: ${results.at(-1).note}`);
        continue;
      }
      const run = vitestRun(m.tests, m.only && literal(m.only));
      const seconds = Math.round((Date.now() - started) / 1000);
      const ranNone = /No test files found|no tests/i.test(run.stdout + run.stderr) && !/Tests\s+\d+/.test(run.stdout);
      const outcome = ranNone ? 'stale' : run.status === 0 ? 'missed' : 'caught';
      const failed = [...(run.stdout + run.stderr).matchAll(/FAIL\s+(\S+\.test\.ts) > (.+)/g)].map((x) => `${x[1]} > ${x[2].trim()}`);
      results.push({ m, outcome, seconds, note: ranNone ? 'no test matched' : [...new Set(failed)].slice(0, 3).join('; ') });
      console.log(`${outcome.padEnd(8)} ${m.id} (${seconds} s)${failed.length ? `: ${[...new Set(failed)][0]}\n         ${firstError(run.stdout + run.stderr)}` : ''}`);
    } finally {
      fs.writeFileSync(target, original);
    }
  }
} catch (err) {
  if (err.message !== 'baseline') throw err;
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
if (process.exitCode === 2) process.exit(2);

// 3. The report.
const caught = results.filter((r) => r.outcome === 'caught').length;
const counted = results.filter((r) => r.outcome === 'caught' || r.outcome === 'missed').length;
console.log('');
for (const r of results.filter((x) => x.outcome !== 'caught')) console.log(`${r.outcome.toUpperCase()}: ${r.m.id} — ${r.m.promise} (${r.m.file}) ${r.note ?? ''}`);
console.log(`Mutation score: ${caught} of ${counted} caught (${counted ? Math.round((100 * caught) / counted) : 0}%)${results.length > counted ? `; ${results.length - counted} stale or invalid` : ''}.`);
process.exit(caught === results.length ? 0 : 1);
