/**
 * The AI engineer drives the protocol (issue #24): the same loop — the
 * architect asks, the engineer finds it, reads it and answers in full, the
 * architect closes with a real decision, the engineer records an ADR with
 * content — through the MCP server (the SDK's own Client over stdio, two
 * servers on one repository) and through the CLI with --json.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mcpServer as server } from './mcp.js';
import { ASK_BODY, DATE, REPLY_BODY, exists, initRepo, read, run, snapshot, tempRepo, write } from './helpers.js';

const CHATS = 'theory_api/agents/chats';
const ADR = 'docs/source/adr';

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('docpact mcp', () => {
  it('runs the whole loop: an architect server and an engineer server on one repository', async () => {
    const dir = initRepo();
    const architect = await server(dir, 'architect');
    const engineer = await server(dir, 'engineer');
    try {
      // The tools are the commands, snake_case, with the CLI's flags as arguments; no tool takes a role or --force.
      const tools = (await engineer.client.listTools()).tools;
      const names = tools.map((t) => t.name);
      const schema = (n: string) => tools.find((t) => t.name === n)?.inputSchema as { properties: Record<string, unknown>; required?: string[] };
      for (const t of ['adr_new', 'adr_status', 'adr_list', 'adr_show', 'chat_inbox', 'chat_show', 'chat_new', 'chat_reply', 'docs_add', 'docs_term', 'check', 'check_fix', 'sync', 'gate', 'issue_draft']) expect(names).toContain(t);
      // The engineer never closes a thread: chat_close is the architect's.
      expect(names).not.toContain('chat_close');
      expect((await architect.client.listTools()).tools.map((t) => t.name)).toContain('chat_close');
      // gate takes the body as text, no file: standard input is the server's own channel.
      expect(Object.keys(schema('gate').properties)).toEqual(['base', 'pr_body']);
      expect(names).not.toContain('init');
      expect(Object.keys(schema('chat_reply').properties).sort()).toEqual(['body', 'dry_run', 'slug']);
      expect(schema('chat_reply').required?.sort()).toEqual(['body', 'slug']);
      expect(Object.keys(schema('adr_new').properties)).toEqual(expect.arrayContaining(['title', 'status', 'deciders', 'supersedes', 'amends', 'context', 'decision', 'consequences', 'alternatives']));
      expect(Object.keys(schema('sync').properties)).toContain('apply');
      for (const t of tools) expect(Object.keys((t.inputSchema as { properties?: object }).properties ?? {})).not.toContain('force');

      // 1. The architect opens a thread.
      const opened = await architect.call('chat_new', { slug: 'leases', title: 'Leases per facet?', body: ASK_BODY });
      expect(opened.isError, opened.content[0].text).toBeFalsy();
      expect(opened.structuredContent.result).toMatchObject({ slug: 'leases', from: 'architect', owner: 'engineer' });

      // 2. The engineer finds it in its inbox and reads it.
      const inbox = await engineer.call('chat_inbox');
      expect(inbox.structuredContent.threads.map((t: { slug: string }) => t.slug)).toEqual(['leases']);
      expect((await architect.call('chat_inbox')).structuredContent.threads).toEqual([]);
      const shown = await engineer.call('chat_show', { slug: 'leases', latest: true });
      expect(shown.structuredContent.thread.yourTurn).toBe(true);
      expect(shown.structuredContent.messages[0].text).toContain('Do we need leases per facet?');

      // 3. A reply missing sections is refused, naming them, and nothing is written.
      const before = snapshot(dir);
      const short = await engineer.call('chat_reply', { slug: 'leases', body: '## STATUS\n\nDone.\n' });
      expect(short.isError).toBe(true);
      expect(short.structuredContent.error.code).toBe('input');
      expect(short.structuredContent.error.message).toMatch(/"## OBSERVATIONS".*"## ASKS"/);
      expect(snapshot(dir)).toEqual(before);
      // Speaking as another role is not an argument.
      const posing = await engineer.call('chat_reply', { slug: 'leases', body: REPLY_BODY, as: 'architect' });
      expect(posing.isError).toBe(true);
      expect(posing.structuredContent.error.details.join(' ')).toMatch(/as: not an argument here; this server speaks as the engineer/);

      // 4. The full reply goes through; a second one is out of turn; the engineer cannot close.
      const replied = await engineer.call('chat_reply', { slug: 'leases', body: REPLY_BODY });
      expect(replied.isError, replied.content[0].text).toBeFalsy();
      expect(read(dir, `${CHATS}/leases/002-to-architect.md`)).toContain('## RISKS\n\nClock skew');
      const twice = await engineer.call('chat_reply', { slug: 'leases', body: REPLY_BODY });
      expect(twice.isError).toBe(true);
      const cli = run(dir, ['chat', 'reply', 'leases', '--as', 'engineer', '--body-file', '-', '--json'], { input: REPLY_BODY });
      expect(twice.structuredContent.error.code).toBe('not-your-turn');
      expect(json(cli).error.code).toBe('not-your-turn');
      expect(cli.code).toBe(2);
      expect(json(cli).error.message.startsWith(twice.structuredContent.error.message.replace(/\.$/, ''))).toBe(true);
      await expect(engineer.call('chat_close', { slug: 'leases', body: 'We use leases.' })).rejects.toThrow(/chat_close is not a tool of this server: only architect or user may use it/);
      expect(exists(dir, `${CHATS}/leases/DECISION.md`)).toBe(false);

      // 5. The architect closes with a real decision (plain text goes under "## Decision").
      const closed = await architect.call('chat_close', { slug: 'leases', body: 'Leases per facet, 30 s, renewed by the writer.' });
      expect(closed.isError, closed.content[0].text).toBeFalsy();
      expect(read(dir, `${CHATS}/leases/DECISION.md`)).toMatch(/- Closed by: architect\n[\s\S]*## Decision\n\nLeases per facet, 30 s, renewed by the writer\.\n$/);

      // 6. The engineer records the decision as an ADR with content, and reads it back.
      const adr = await engineer.call('adr_new', {
        title: 'Lease world paths per facet',
        status: 'Accepted',
        context: 'Two writers raced on one facet.',
        decision: 'Each facet has one lease holder at a time.',
        consequences: 'Writers renew leases every 10 s.',
        alternatives: 'A global lock: too coarse.',
      });
      expect(adr.isError, adr.content[0].text).toBeFalsy();
      const back = await engineer.call('adr_show', { ref: '2' });
      expect(back.structuredContent.adr).toMatchObject({ id: 'ADR-0002', status: 'Accepted', title: 'Lease world paths per facet' });
      expect(back.structuredContent.sections.Decision).toBe('Each facet has one lease holder at a time.');

      // The follow-up work as an issue its form would file, for a person (or gh) to submit.
      const issue = await engineer.call('issue_draft', { kind: 'feature', title: 'Lease renewal metrics', field: ['problem=Nobody sees expiring leases.', 'goal=A metric per facet', 'adr-needed=No', 'area=ledger', 'size=S'] });
      expect(issue.isError, issue.content[0].text).toBeFalsy();
      expect(issue.structuredContent.body).toMatch(/^### Problem\n\nNobody sees expiring leases\.\n/);
      expect(issue.structuredContent.labels).toEqual(expect.arrayContaining(['area:ledger', 'size:S']));

      // 7. check is clean, as structured JSON.
      const check = await engineer.call('check');
      expect(check.structuredContent.ok, JSON.stringify(check.structuredContent.problems)).toBe(true);
      expect(check.structuredContent.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
      expect(run(dir, ['check']).code).toBe(0);

      // sync shows its plan unless told to apply; the chat protocol is a resource and a prompt.
      expect((await engineer.call('sync')).structuredContent.dryRun).toBe(true);
      const guide = await engineer.client.readResource({ uri: 'docpact://agents/AGENTS.md' });
      expect((guide.contents[0] as { text: string }).text).toMatch(/docpact chat show <slug> --latest/);
      const prompt = await engineer.client.getPrompt({ name: 'chat_protocol' });
      expect(JSON.stringify(prompt.messages)).toMatch(/You are the engineer/);
    } finally {
      await architect.close();
      await engineer.close();
    }
  }, 60_000);

  it('does not start without a role, and refuses one that is not configured', () => {
    const dir = initRepo();
    const none = run(dir, ['mcp']);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/Pass --as <role> \(architect or engineer\) or set DOCPACT_ROLE/);
    const typo = run(dir, ['mcp'], { env: { DOCPACT_ROLE: 'enginer' } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/DOCPACT_ROLE must be one of: .*Did you mean "engineer"\?/);
  });
});

describe('the same loop through the CLI, with --json', () => {
  it('asks, finds, reads, answers, closes with a decision, records the ADR, and checks clean', () => {
    const dir = initRepo();
    const ok = (args: string[], input = '') => {
      const r = run(dir, [...args, '--json', '--date', DATE], { input });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return json(r);
    };
    const opened = ok(['chat', 'new', 'leases', '--title', 'Leases per facet?', '--as', 'architect', '--body-file', '-'], ASK_BODY);
    expect(opened.result.owner).toBe('engineer');
    const inbox = json(run(dir, ['chat', 'inbox', '--json'], { env: { DOCPACT_ROLE: 'engineer' } }));
    expect(inbox).toEqual({ ok: true, role: 'engineer', threads: [expect.objectContaining({ slug: 'leases', title: 'Leases per facet?', messages: 1, from: 'architect' })] });
    const latest = run(dir, ['chat', 'show', 'leases', '--latest']);
    expect(latest.stdout).toMatch(/^# 001 — to engineer: Leases per facet\?\n[\s\S]*## Done when\n\nA plan with its gates\.\n$/);
    expect(json(run(dir, ['chat', 'show', 'leases', '--json'])).messages).toHaveLength(1);

    // Without a terminal a reply must name its role; DOCPACT_ROLE does.
    const nameless = run(dir, ['chat', 'reply', 'leases', '--body-file', '-'], { input: REPLY_BODY });
    expect(nameless.code).toBe(2);
    expect(nameless.stderr).toMatch(/--as \(or \$DOCPACT_ROLE\)/);
    const replied = run(dir, ['chat', 'reply', 'leases', '--body-file', '-', '--json', '--date', DATE], { input: REPLY_BODY, env: { DOCPACT_ROLE: 'engineer' } });
    expect(replied.code, replied.stderr).toBe(0);
    expect(replied.stderr).toBe('');
    const twice = run(dir, ['chat', 'reply', 'leases', '--as', 'engineer', '--body-file', '-', '--json'], { input: REPLY_BODY });
    expect([twice.code, json(twice).error.code]).toEqual([2, 'not-your-turn']);
    expect(run(dir, ['chat', 'close', 'leases', '--as', 'engineer']).code).toBe(2);

    write(dir, 'decision.md', '## Decision\n\nLeases per facet.\n\n## Follow-ups\n\nADR-0002.\n');
    ok(['chat', 'close', 'leases', '--as', 'architect', '--body-file', 'decision.md']);
    expect(read(dir, `${CHATS}/leases/DECISION.md`)).toMatch(/## Decision\n\nLeases per facet\.\n\n## Follow-ups\n\nADR-0002\.\n$/);

    write(dir, 'consequences.md', 'Writers renew leases.\n');
    const adr = ok(['adr', 'new', 'Lease world paths per facet', '--status', 'Accepted', '--context', 'Two writers raced.', '--decision', 'One lease per facet.', '--consequences', '@consequences.md', '--alternatives', 'A global lock.']);
    expect(adr.result.id).toBe('ADR-0002');
    const shown = json(run(dir, ['adr', 'show', 'ADR-0002', '--json']));
    expect(shown.sections).toMatchObject({ Context: 'Two writers raced.', Decision: 'One lease per facet.', Consequences: 'Writers renew leases.', Alternatives: 'A global lock.' });
    expect(run(dir, ['adr', 'show', '2']).stdout).toMatch(/^# ADR-0002 — Lease world paths per facet\n/);
    expect(json(run(dir, ['check', '--json'])).problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(run(dir, ['check']).code).toBe(0);
  });

  it('reports structure: a sealed message lacking sections warns, the open one fails; placeholders in ADRs and DECISION.md', () => {
    const dir = initRepo();
    run(dir, ['chat', 'new', 'short', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: 'Please look.\n' });
    const open = json(run(dir, ['check', '--json'])).problems;
    expect(open.find((p: { rule: string }) => p.rule === 'chat/format')).toMatchObject({ severity: 'error', file: `${CHATS}/short/001-to-engineer.md` });
    run(dir, ['chat', 'reply', 'short', '--as', 'engineer', '--body-file', '-', '--date', DATE], { input: REPLY_BODY });
    const sealed = json(run(dir, ['check', '--json'])).problems;
    expect(sealed.filter((p: { rule: string }) => p.rule === 'chat/format')).toEqual([expect.objectContaining({ severity: 'warning', file: `${CHATS}/short/001-to-engineer.md` })]);

    // An ADR left as the template: a warning while Proposed, an error once Accepted.
    run(dir, ['adr', 'new', 'Unwritten', '--date', DATE]);
    const proposed = json(run(dir, ['check', '--json'])).problems.find((p: { rule: string }) => p.rule === 'adr/placeholder');
    expect(proposed).toMatchObject({ severity: 'warning', file: `${ADR}/ADR-0002-unwritten.md` });
    run(dir, ['adr', 'status', '2', 'accepted']);
    const accepted = run(dir, ['check']);
    expect(accepted.code).toBe(1);
    expect(accepted.stdout).toMatch(/ADR-0002-unwritten\.md:1: adr\/placeholder: "Context", "Decision", "Consequences", "Alternatives" still hold the template's text, but ADR-0002 is Accepted/);

    // A close without a decision writes the template and says so; check warns until it is filled in.
    const closed = run(dir, ['chat', 'close', 'short', '--as', 'architect', '--date', DATE]);
    expect(closed.stderr).toMatch(/DECISION\.md is the template/);
    expect(json(run(dir, ['check', '--json'])).problems.find((p: { rule: string }) => p.rule === 'chat/placeholder')).toMatchObject({ severity: 'warning' });
  });

  it('lets the architect fill in a DECISION.md left as the template without check --base calling it an edit', () => {
    const dir = initRepo();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
    run(dir, ['chat', 'new', 'done', '--as', 'architect', '--body-file', '-', '--date', DATE], { input: ASK_BODY });
    run(dir, ['chat', 'close', 'done', '--as', 'architect', '--date', DATE]);
    git('add', '-A');
    git('commit', '-qm', 'closed');
    git('branch', 'base');
    const file = `${CHATS}/done/DECISION.md`;
    write(dir, file, read(dir, file).replace('What was decided, in one paragraph.', 'Leases per facet.'));
    const filled = run(dir, ['check', '--base', 'base']);
    expect(filled.stdout + filled.stderr).not.toMatch(/base\/closure/);
    expect(filled.code).toBe(0);
    git('commit', '-qam', 'filled');
    git('branch', '-f', 'base');
    write(dir, file, read(dir, file).replace('Leases per facet.', 'Something else.'));
    expect(run(dir, ['check', '--base', 'base']).stdout).toMatch(/base\/closure: DECISION\.md changed after the thread was closed/);
  });

  it('refuses an ADR body file that lacks a section, and content flags beside it, writing nothing', () => {
    const dir = initRepo();
    const before = snapshot(dir);
    write(dir, 'body.md', '## Context\n\nWhy.\n\n## Decision\n\nWhat.\n');
    const r = run(dir, ['adr', 'new', 'Partial', '--body-file', 'body.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lacks the sections "## Consequences", "## Alternatives"/);
    const both = run(dir, ['adr', 'new', 'Both', '--body-file', 'body.md', '--context', 'x']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--body-file is the whole body/);
    const snap = snapshot(dir);
    snap.delete('body.md');
    expect(snap).toEqual(before);
  });
});

describe('where agents look', () => {
  it('init writes AGENTS.md, CLAUDE.md and .mcp.json at the root; a project’s own files get only docpact’s part, and sync keeps it current', () => {
    const fresh = initRepo();
    expect(read(fresh, 'AGENTS.md')).toMatch(/<!-- docpact:agents:start -->[\s\S]*Summarize[\s\S]*docpact chat show <slug> --latest[\s\S]*<!-- docpact:agents:end -->/);
    expect(read(fresh, 'CLAUDE.md')).toMatch(/^@AGENTS\.md$/m);
    // docpact is not on npm yet: the entry runs an installed docpact, never a registry download (see adopt-wild.test.ts).
    expect(JSON.parse(read(fresh, '.mcp.json'))).toEqual({ mcpServers: { docpact: { command: 'npx', args: ['--no-install', 'docpact', 'mcp', '--as', 'engineer'] } } });

    // A project with its own AGENTS.md, CLAUDE.md and .mcp.json, and docpact in package.json.
    const dir = tempRepo();
    write(dir, 'AGENTS.md', '# Our agents\n\nRun `make test` first.\n');
    write(dir, 'CLAUDE.md', 'Be brief.\n');
    write(dir, '.mcp.json', '{\n  "mcpServers": {\n    "db": { "command": "db-mcp" }\n  }\n}\n');
    write(dir, 'package.json', '{ "devDependencies": { "docpact": "^0.1.0" } }\n');
    const r = run(dir, ['init', '--yes', '--date', DATE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/modified\s+AGENTS\.md/);
    expect(read(dir, 'AGENTS.md').startsWith('# Our agents\n\nRun `make test` first.\n\n<!-- docpact:agents:start -->')).toBe(true);
    expect(read(dir, 'CLAUDE.md')).toBe('Be brief.\n');
    const mcp = read(dir, '.mcp.json');
    expect(JSON.parse(mcp)).toEqual({ mcpServers: { db: { command: 'db-mcp' }, docpact: { command: 'npx', args: ['--no-install', 'docpact', 'mcp', '--as', 'engineer'] } } });
    expect(mcp).toContain('"db": { "command": "db-mcp" }');

    // The user's text around the section stays; sync rewrites only the section.
    write(dir, 'AGENTS.md', `${read(dir, 'AGENTS.md').replace('Summarize', 'Summarise')}\n## Ours, after\n\nKeep this.\n`);
    expect(run(dir, ['sync']).code).toBe(0);
    const synced = read(dir, 'AGENTS.md');
    expect(synced).toMatch(/Summarize/);
    expect(synced).toMatch(/^# Our agents\n\nRun `make test` first\.\n/);
    expect(synced).toMatch(/<!-- docpact:agents:end -->\n\n## Ours, after\n\nKeep this\.\n$/);
    expect(run(dir, ['check']).code).toBe(0);
  });
});
