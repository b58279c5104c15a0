/**
 * `docpact mcp` as an agent host drives it (the tester's report on the MCP
 * face): parallel tool calls, a lock held by another process, cancellation,
 * oversized requests and results, control characters in bodies, isError on
 * every failure, the role it starts with, schemas an agent can follow, and
 * JSON-RPC errors where the protocol names them.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { result } from '../src/mcp/tools.js';
import { ASK_BODY, BIN, REPLY_BODY, binEnv, exists, initRepo, ok, run, snapshot, withDate, write } from './helpers.js';
import { mcpServer } from './mcp.js';

const CHATS = 'theory_api/agents/chats';
const ADR = 'docs/source/adr';

/** A live process (not docpact, not this one) holding the repository's lock, as a long CLI run would. */
function holdLock(dir: string): { pid: number; release: () => void } {
  const sleeper = spawn('sleep', ['120'], { stdio: 'ignore' });
  const pid = sleeper.pid!;
  const boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  const host = os.hostname().replace(/[\s@#/]/g, '-').slice(0, 255) || 'localhost';
  write(dir, '.docpact/.lock', `${pid}@${host}#0123456789abcdef/${boot}/${start}\n`);
  return {
    pid,
    release: () => {
      fs.rmSync(path.join(dir, '.docpact/.lock'), { force: true });
      sleeper.kill();
    },
  };
}

const adrFiles = (dir: string) => fs.readdirSync(path.join(dir, ADR)).filter((f) => /^ADR-\d{4}-/.test(f)).sort();
const timed = async <T>(p: Promise<T>): Promise<{ value: T; ms: number }> => {
  const t0 = Date.now();
  const value = await p;
  return { value, ms: Date.now() - t0 };
};

describe('docpact mcp: writes, the lock and cancellation', () => {
  it('runs two writes in flight one after another, and answers a read meanwhile', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      const opts = { timeout: 20_000 };
      const { value, ms } = await timed(Promise.all([s.call('adr_new', { title: 'First' }, opts), s.call('adr_new', { title: 'Second' }, opts), s.call('docs_term', { term: 'Zebra crossing', definition: 'A striped path.' }, opts), s.call('chat_inbox', {}, opts)]));
      for (const r of value) expect(r.isError, r.content[0].text).toBeFalsy();
      expect(ms).toBeLessThan(15_000);
      expect(adrFiles(dir)).toEqual(['ADR-0001-record-architecture-decisions.md', 'ADR-0002-first.md', 'ADR-0003-second.md']);
      expect(s.stderr()).not.toMatch(/locked|holds/);
    } finally {
      await s.close();
    }
  }, 40_000);

  it('answers locked within its own wait when another process holds the lock, naming it; reads and ping are answered meanwhile', async () => {
    const dir = initRepo();
    const holder = holdLock(dir);
    const s = await mcpServer(dir, 'engineer', { DOCPACT_LOCK_TIMEOUT_MS: '3000' });
    try {
      const before = snapshot(dir);
      const write = timed(s.call('adr_new', { title: 'Blocked' }, { timeout: 30_000 }));
      await new Promise((r) => setTimeout(r, 300));
      const inbox = await timed(s.call('chat_inbox', {}, { timeout: 30_000 }));
      expect(inbox.value.isError).toBeFalsy();
      expect(inbox.ms).toBeLessThan(1500);
      const ping = await timed(s.client.ping({ timeout: 30_000 }));
      expect(ping.ms).toBeLessThan(1500);
      const { value, ms } = await write;
      expect(value.isError).toBe(true);
      expect(value.structuredContent.error.code).toBe('locked');
      expect(value.structuredContent.error.message).toContain(`process ${holder.pid}`);
      expect(value.structuredContent.error.message).toMatch(/Nothing was written/);
      expect(value.structuredContent.error.message).not.toMatch(/delete/);
      expect(ms).toBeGreaterThan(2500);
      expect(ms).toBeLessThan(10_000);
      expect(snapshot(dir)).toEqual(before);
    } finally {
      holder.release();
      await s.close();
    }
  }, 40_000);

  it('writes nothing for a call the client cancelled while it waited', async () => {
    const dir = initRepo();
    const holder = holdLock(dir);
    const s = await mcpServer(dir, 'engineer', { DOCPACT_LOCK_TIMEOUT_MS: '20000' });
    try {
      const ac = new AbortController();
      const cancelled = s.call('adr_new', { title: 'Cancelled one' }, { signal: ac.signal, timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 300));
      ac.abort('the agent changed its mind');
      await expect(cancelled).rejects.toThrow(/changed its mind/);
      await new Promise((r) => setTimeout(r, 300));
      holder.release();
      const after = await s.call('adr_new', { title: 'After' }, { timeout: 30_000 });
      expect(after.isError, after.content[0].text).toBeFalsy();
      expect(adrFiles(dir)).toEqual(['ADR-0001-record-architecture-decisions.md', 'ADR-0002-after.md']);
    } finally {
      holder.release();
      await s.close();
    }
  }, 40_000);

  it('writes nothing for a call cancelled while the server plans it, with no lock to wait for', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      // A warm server: the tools are loaded, so what is left of the call is its plan and the write.
      expect((await s.call('adr_list', {})).isError).toBeFalsy();
      // A cancel that arrives after the write is too late (README): warm, the whole call can take under 10 ms, so the cancels come early.
      for (const delay of [0, 1, 2]) {
        const ac = new AbortController();
        const cancelled = s.call('adr_new', { title: `Cancelled after ${delay} ms` }, { signal: ac.signal, timeout: 30_000 });
        setTimeout(() => ac.abort('the agent changed its mind'), delay);
        await expect(cancelled).rejects.toThrow(/changed its mind/);
      }
      // Whatever the server was doing when the cancel arrived is over once a later call is answered.
      expect((await s.call('adr_list', {})).isError).toBeFalsy();
      expect(adrFiles(dir)).toEqual(['ADR-0001-record-architecture-decisions.md']);
    } finally {
      await s.close();
    }
  }, 40_000);

  it('says so on stderr and exits non-zero when a request is larger than the transport reads', async () => {
    const dir = initRepo();
    const p = spawn(process.execPath, [BIN, 'mcp', '--as', 'engineer'], { cwd: dir, env: binEnv() });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    p.stdout.resume();
    p.stdin.on('error', () => {});
    const line = (m: object) => `${JSON.stringify(m)}\n`;
    p.stdin.write(line({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }) + line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    p.stdin.write(line({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'chat_reply', arguments: { slug: 'x', body: 'x'.repeat(11 * 1024 * 1024) } } }));
    const code = await new Promise<number | null>((resolve) => {
      const kill = setTimeout(() => p.kill('SIGKILL'), 15_000);
      p.on('exit', (c) => {
        clearTimeout(kill);
        resolve(c);
      });
    });
    expect(code).not.toBe(0);
    expect(code).not.toBe(null);
    expect(stderr).toMatch(/larger than 10 MiB/);
  }, 30_000);

  it('answers 60 calls in flight to a client that reads its results late, with no warning on stderr', async () => {
    const dir = initRepo();
    const p = spawn(process.execPath, [BIN, 'mcp', '--as', 'engineer'], { cwd: dir, env: binEnv() });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += String(d)));
    const line = (m: object) => `${JSON.stringify(m)}\n`;
    p.stdin.write(line({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }) + line({ jsonrpc: '2.0', method: 'notifications/initialized' }));
    // The client reads nothing for a while: results queue behind the pipe's 64 KiB, each waiting for it to drain.
    for (let id = 1; id <= 60; id++) p.stdin.write(line({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'chat_inbox', arguments: {} } }) + line({ jsonrpc: '2.0', id: 100 + id, method: 'resources/read', params: { uri: 'docpact://agents/AGENTS.md' } }));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    const answered = () => out.split('\n').filter((l) => l.includes('"result"')).length;
    for (let t = 0; t < 300 && answered() < 121; t++) await new Promise((resolve) => setTimeout(resolve, 50));
    p.stdin.end();
    await new Promise((resolve) => p.on('exit', resolve));
    expect(answered()).toBe(121);
    expect(stderr).not.toMatch(/MaxListenersExceeded|Warning/);
  }, 40_000);
});

describe('docpact mcp: what bodies and results may carry', () => {
  it('refuses control characters and oversized text in bodies and ADR sections, CLI and MCP alike, writing nothing', async () => {
    const dir = initRepo();
    const before = snapshot(dir);
    const s = await mcpServer(dir, 'architect');
    try {
      const refused = async (name: string, args: Record<string, unknown>, what: RegExp) => {
        const r = await s.call(name, args);
        expect(r.isError, r.content[0].text).toBe(true);
        expect(r.structuredContent.error.code).toBe('input');
        expect(r.structuredContent.error.message).toMatch(what);
      };
      await refused('adr_new', { title: 'Escapes', context: '\x1b[2J\x1b[31mred' }, /context .*control character U\+001B/i);
      await refused('adr_new', { title: 'Nul', decision: 'nul\0here' }, /control character U\+0000/);
      await refused('adr_new', { title: 'Bell', consequences: 'bell\x07' }, /U\+0007/);
      await refused('adr_new', { title: 'Bidi', alternatives: 'abc\u202edef' }, /U\+202E/);
      await refused('chat_new', { slug: 'osc', body: `${ASK_BODY}\x1b]0;title\x07` }, /message .*control character/i);
      await refused('chat_new', { slug: 'cr', body: ASK_BODY.replace('Do we', 'Do\rwe') }, /U\+000D/);
      await refused('chat_new', { slug: 'big', body: `${ASK_BODY}${'x'.repeat(1024 * 1024)}` }, /larger than 1 MiB/);
      // U+FFFD is what a decoding leaves for lost bytes: check would report the file as not UTF-8.
      await refused('adr_new', { title: 'Replaced', context: 'caf\uFFFD' }, /U\+FFFD/);
      expect(snapshot(dir)).toEqual(before);
      // Tabs, newlines and Windows line ends are text.
      const fine = await s.call('chat_new', { slug: 'tabs', body: `${ASK_BODY.replace(/\n/g, '\r\n')}\tindented\n` });
      expect(fine.isError, fine.content[0].text).toBeFalsy();
    } finally {
      await s.close();
    }
    const cli = run(dir, withDate(['adr', 'new', 'Bell', '--decision', 'ring\x07']));
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/control character U\+0007/);
    write(dir, 'body.md', `${ASK_BODY}\x1b[2J\n`);
    const file = run(dir, withDate(['chat', 'new', 'esc', '--as', 'architect', '--body-file', 'body.md']));
    expect(file.code).toBe(2);
    expect(exists(dir, `${CHATS}/esc`)).toBe(false);
  }, 40_000);

  it('carries a large result once, as text', async () => {
    const dir = initRepo();
    const big = `${ASK_BODY}\n${'A line of a long message.\n'.repeat(24_000)}`;
    write(dir, 'big.md', big);
    ok(run(dir, withDate(['chat', 'new', 'big', '--as', 'architect', '--body-file', 'big.md'])));
    const s = await mcpServer(dir, 'engineer');
    try {
      const r = await s.call('chat_show', { slug: 'big', latest: true });
      expect(r.isError).toBeFalsy();
      expect(r.structuredContent).toBeUndefined();
      expect(r.content).toHaveLength(1);
      expect(r.content[0].text.length).toBeLessThan(big.length * 1.2);
      expect(JSON.parse(r.content[0].text).messages[0].text).toContain('A line of a long message.');
      // A small result keeps both.
      const small = await s.call('chat_inbox');
      expect(small.structuredContent.threads).toHaveLength(1);
    } finally {
      await s.close();
    }
  }, 40_000);
});

describe('docpact mcp: a result a client can read', () => {
  it('never sends a message over the 10 MiB a client reads, however much escaping its text needs (backslashes, quotes)', () => {
    for (const ch of ['\\', '"', 'a']) {
      const data = { ok: true, messages: [{ text: ch.repeat(3 * 1024 * 1024) }] };
      const message = JSON.stringify({ jsonrpc: '2.0', id: 1, result: result(data) });
      expect(Buffer.byteLength(message), JSON.stringify(ch)).toBeLessThanOrEqual(10 * 1024 * 1024);
    }
  });
});

describe('docpact mcp: failures an agent can tell', () => {
  it('marks check with problems and chat_list with a damaged thread as errors; chat_inbox names a thread it cannot read', async () => {
    const dir = initRepo();
    ok(run(dir, withDate(['chat', 'new', 'short', '--as', 'architect', '--body-file', '-']), { input: 'Please look.\n' }));
    ok(run(dir, withDate(['chat', 'new', 'broken', '--as', 'architect', '--body-file', '-']), { input: ASK_BODY }));
    write(dir, `${CHATS}/broken/meta.yaml`, 'status: [\n');
    const s = await mcpServer(dir, 'engineer');
    try {
      const check = await s.call('check');
      expect(check.structuredContent.ok).toBe(false);
      expect(check.isError).toBe(true);
      const list = await s.call('chat_list');
      expect(list.structuredContent.ok).toBe(false);
      expect(list.isError).toBe(true);
      const inbox = await s.call('chat_inbox');
      expect(inbox.structuredContent.threads.map((t: { slug: string }) => t.slug)).toEqual(['short']);
      expect(inbox.structuredContent.warnings.join('\n')).toMatch(/broken\/meta\.yaml/);
    } finally {
      await s.close();
    }
    const cli = run(dir, ['chat', 'inbox', '--as', 'engineer']);
    expect(cli.stderr).toMatch(/broken\/meta\.yaml/);
  }, 40_000);

  it('does not start as a role that only closes threads', () => {
    const dir = initRepo();
    const r = run(dir, ['mcp', '--as', 'user']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/"user" only closes threads/);
  });

  it('gives schemas an agent can follow: enums, required arguments, whole descriptions, no CLI flags, and only the tools its role may use', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      const tools = (await s.client.listTools()).tools;
      const tool = (n: string) => tools.find((t) => t.name === n)!;
      const prop = (n: string, p: string) => (tool(n).inputSchema as { properties: Record<string, { enum?: string[] }> }).properties[p];
      expect(prop('adr_new', 'status').enum).toEqual(['Proposed', 'Accepted', 'Rejected', 'Deprecated']);
      expect(prop('adr_status', 'status').enum).toEqual(['Proposed', 'Accepted', 'Rejected', 'Deprecated']);
      expect(prop('adr_status', 'restore').enum).toEqual(['Proposed', 'Accepted', 'Deprecated']);
      expect(prop('chat_new', 'to').enum).toEqual(['architect', 'engineer']);
      expect(prop('docs_add', 'kind').enum).toEqual(['guide', 'concept', 'app', 'use-case']);
      expect(prop('adr_list', 'status').enum).toEqual(expect.arrayContaining(['Proposed', 'Accepted', 'Superseded']));
      expect(tool('gate').inputSchema.required).toEqual(['base']);
      expect(tool('issue_draft').inputSchema.required).toEqual(['kind', 'title']);
      expect(tools.map((t) => t.name)).not.toContain('chat_close');
      for (const t of tools) {
        expect(t.description, t.name).toMatch(/[.)]$/);
        const texts = [t.description ?? '', ...Object.values((t.inputSchema as { properties?: Record<string, { description?: string }> }).properties ?? {}).map((p) => p.description ?? '')];
        for (const text of texts) expect(text, t.name).not.toMatch(/(^|[\s(])--[a-z]/);
      }
      expect(tool('gate').description).toMatch(/merge criteria/);
      // A host may run a tool that only reads without asking; none reaches beyond the repository.
      const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name);
      expect(readOnly).toEqual(['adr_list', 'adr_show', 'chat_inbox', 'chat_list', 'chat_show', 'check', 'gate', 'issue_draft']);
      for (const t of tools) expect(t.annotations, t.name).toMatchObject({ openWorldHint: false });
      expect(tool('docs_add').annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
      expect(prop('issue_draft', 'field')).toMatchObject({ description: expect.stringMatching(/id=value/) });

      // A number for REF is the ADR's number.
      const shown = await s.call('adr_show', { ref: 1 });
      expect(shown.isError, shown.content[0].text).toBeFalsy();
      expect(shown.structuredContent.adr.id).toBe('ADR-0001');
      // So is one in supersedes or amends (a dry run: the schema and the REF are what is tried).
      const superseding = await s.call('adr_new', { title: 'Replace the first', supersedes: [1], dry_run: true });
      expect(superseding.isError, superseding.content[0].text).toBeFalsy();
      expect(superseding.structuredContent.result.supersedes).toEqual(['ADR-0001-record-architecture-decisions.md']);

      // Refusals speak the tool's arguments, not the CLI's flags.
      const flagless = async (name: string, args: Record<string, unknown>) => {
        const r = await s.call(name, args);
        expect(r.isError, name).toBe(true);
        const text = [r.structuredContent.error.message, ...(r.structuredContent.error.details ?? [])].join('\n');
        expect(text, name).not.toMatch(/(^|[\s("])--[a-z]|[A-Z]{4,} must be one of|docpact [a-z]+ [a-z]+/);
        return text;
      };
      expect(await flagless('adr_status', { ref: '1', status: 'Done' })).toMatch(/status must be one of/);
      expect(await flagless('issue_draft', { kind: 'feature', title: 'X', field: ['nope'] })).toMatch(/field/);
      // A required answer missing is named as the tool takes it: an item of field, "goal=…".
      const missing = await flagless('issue_draft', { kind: 'feature', title: 'X', field: ['problem=Slow.'] });
      expect(missing).toMatch(/goal: required \(add "goal=<value>" to field\)/);
      expect(missing).not.toMatch(/VALUE/);
      await flagless('chat_new', { slug: 'me', to: 'engineer', body: ASK_BODY });
      // What to do next names the tool; the role is the other server's own, no argument of it.
      const opened = await s.call('chat_new', { slug: 'next', title: 'Next', body: REPLY_BODY });
      expect(opened.isError, opened.content[0].text).toBeFalsy();
      expect(opened.structuredContent.notes.join('\n')).toMatch(/The architect replies with chat_reply\./);
      ok(run(dir, withDate(['docs', 'add', 'guide', 'Setup'])));
      expect(await flagless('docs_add', { kind: 'guide', title: 'Setup' })).toMatch(/already exists/);
    } finally {
      await s.close();
    }
  }, 40_000);

  it('gives the chat_protocol prompt in tools, not CLI commands: the guide\'s rules without its command table, which the resource keeps', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      const prompt = await s.client.getPrompt({ name: 'chat_protocol' });
      const text = prompt.messages.map((m) => (m.content as { text: string }).text).join('\n');
      expect(text).toMatch(/Answer with chat_reply \{slug, body\}/);
      expect(text).toMatch(/Never edit or delete an earlier message/);
      expect(text).not.toMatch(/`docpact (chat|adr) /);
      expect(text).not.toMatch(/--body-file|--as engineer/);
      const guide = await s.client.readResource({ uri: 'docpact://agents/AGENTS.md' });
      expect((guide.contents[0] as { text: string }).text).toMatch(/docpact chat reply <slug> --as engineer --body-file reply\.md/);
    } finally {
      await s.close();
    }
  }, 40_000);

  it('answers an unknown tool, resource or prompt with the JSON-RPC error the protocol names', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      await expect(s.call('no_such_tool')).rejects.toMatchObject({ code: -32602 });
      await expect(s.call('chat_close', { slug: 'x', body: 'y' })).rejects.toMatchObject({ code: -32602 });
      await expect(s.client.readResource({ uri: 'docpact://nothing' })).rejects.toMatchObject({ code: -32002 });
      await expect(s.client.getPrompt({ name: 'nothing' })).rejects.toMatchObject({ code: -32602 });
      // The message says it once: the client adds "MCP error -32602: " itself.
      await expect(s.call('no_such_tool')).rejects.toThrow(/^MCP error -32602: No tool "no_such_tool"/);
    } finally {
      await s.close();
    }
  }, 40_000);

  it('names the ref an agent gave when git does not know it, whatever its case: HEAD~1000 is not "base~1000"', async () => {
    const dir = initRepo();
    const s = await mcpServer(dir, 'engineer');
    try {
      for (const [tool, base] of [['gate', 'HEAD~1000'], ['check', 'HEADLESS'], ['gate', 'MAIN']]) {
        const r = await s.call(tool, { base });
        expect(r.isError).toBe(true);
        expect(r.structuredContent.error.message).toBe(`base ${base}: git knows no such branch, tag or commit here.`);
      }
      // The hint names the fetch that would bring the ref, not always origin's main.
      const develop = await s.call('gate', { base: 'origin/develop' });
      expect(develop.structuredContent.error.details).toEqual(['Fetch it first (git fetch origin develop), or in GitHub Actions check out with fetch-depth: 0.']);
      // A branch named with a slash is origin's branch, not a remote "feature" and its branch "login".
      const slashed = await s.call('gate', { base: 'feature/login' });
      expect(slashed.structuredContent.error.details).toEqual(['Fetch it first (git fetch origin feature/login), or in GitHub Actions check out with fetch-depth: 0.']);
      const tilde = await s.call('gate', { base: 'HEAD~1000' });
      expect(tilde.structuredContent.error.details).toEqual(['Fetch it first (git fetch origin <branch>), or in GitHub Actions check out with fetch-depth: 0.']);
    } finally {
      await s.close();
    }
  }, 40_000);
});
