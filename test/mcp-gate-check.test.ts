// The MCP server's gate and check tools as an agent host drives them (the
// SDK's own client on the built bin): gate takes the pull request body as
// text and speaks its own arguments; a plain check is read-only for the
// host, and fixing is a tool of its own, annotated as the write it is.
import { describe, expect, it } from 'vitest';
import { commitAll, edit, git, initRepo, read, write } from './helpers.js';
import { mcpServer } from './mcp.js';

const INDEX = 'docs/source/adr/index.md';

/** A repository with one commit on a branch past its default branch. */
function branched(): { dir: string; main: string } {
  const dir = initRepo();
  commitAll(dir, 'init');
  const main = git(dir, 'symbolic-ref', '--short', 'HEAD').trim();
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, 'src/a.ts', 'export const a = 1;\n');
  commitAll(dir, 'a change');
  return { dir, main };
}

describe('MCP gate', () => {
  it('takes the pull request body as text, and without one says to pass pr_body, not CLI flags', async () => {
    const { dir, main } = branched();
    const s = await mcpServer(dir, 'engineer');
    try {
      const tools = (await s.client.listTools()).tools;
      const gate = tools.find((t) => t.name === 'gate')!;
      const props = (gate.inputSchema as { properties: Record<string, { type?: string; description?: string }> }).properties;
      expect(props.pr_body).toMatchObject({ type: 'string', description: expect.stringMatching(/pull request body.*text/) });
      expect(props.event).toBeUndefined();

      const none = await s.call('gate', { base: main });
      expect(none.isError, none.content[0].text).toBeFalsy();
      const warning = none.structuredContent.problems.find((p: { rule: string }) => p.rule === 'gate/issue-link');
      expect(warning.message).toMatch(/pass pr_body/);
      expect(warning.message).not.toMatch(/--|GITHUB_EVENT_PATH|FILE/);

      const linked = await s.call('gate', { base: main, pr_body: '## Summary\n\nA.\n\nFixes #12\n' });
      expect(linked.isError, linked.content[0].text).toBeFalsy();
      expect(linked.structuredContent.problems).toEqual([]);

      const unlinked = await s.call('gate', { base: main, pr_body: 'A change.\n' });
      expect(unlinked.isError).toBe(true);
      expect(unlinked.structuredContent.problems.map((p: { rule: string }) => p.rule)).toEqual(['gate/issue-link']);

      // Untrusted text: bounded as the CLI bounds a --pr-body file.
      const huge = await s.call('gate', { base: main, pr_body: `Fixes #1\n${'x'.repeat(1024 * 1024)}` });
      expect(huge.isError).toBe(true);
      expect(huge.structuredContent.error).toMatchObject({ code: 'input', message: expect.stringMatching(/pull request body .*larger than 1 MiB/) });
      const broken = await s.call('gate', { base: main, pr_body: 'Fixes #1 \ud800' });
      expect(broken.structuredContent.error).toMatchObject({ code: 'input', message: expect.stringMatching(/pull request body is not valid Unicode/) });
    } finally {
      await s.close();
    }
  }, 40_000);
});

describe('MCP check', () => {
  it('is read-only for the host; fixing is check_fix, a write that keeps what the user wrote and may be repeated', async () => {
    const dir = initRepo();
    edit(dir, INDEX, (t) => t.replace(/\| \[ADR-0001\][^\n]*\n/, ''));
    const drifted = read(dir, INDEX);
    const s = await mcpServer(dir, 'engineer');
    try {
      const tools = (await s.client.listTools()).tools;
      const check = tools.find((t) => t.name === 'check')!;
      expect(check.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(Object.keys((check.inputSchema as { properties: object }).properties)).not.toContain('fix');
      const fix = tools.find((t) => t.name === 'check_fix')!;
      expect(fix.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false });
      expect(fix.description).toMatch(/regenerate|fix/i);

      // A plain check reads: the drift is reported, the file stays, and what to do names the tool.
      const checked = await s.call('check', {});
      expect(checked.isError).toBe(true);
      const drift = checked.structuredContent.problems.find((p: { rule: string }) => p.rule === 'adr/index-drift');
      expect(drift.message).toMatch(/run check_fix/);
      expect(drift.message).not.toMatch(/--fix|docpact check/);
      expect(read(dir, INDEX)).toBe(drifted);
      const refused = await s.call('check', { fix: true });
      expect(refused.isError).toBe(true);
      // An agent that passes fix is told which tool fixes, not only which arguments check takes.
      expect(refused.structuredContent.error.details).toEqual(['fix: not an argument of check; call the tool check_fix']);
      expect(read(dir, INDEX)).toBe(drifted);

      const fixed = await s.call('check_fix', {});
      expect(fixed.isError, fixed.content[0].text).toBeFalsy();
      expect(read(dir, INDEX)).toMatch(/\[ADR-0001\]/);
      const again = await s.call('check_fix', {});
      expect(again.isError, again.content[0].text).toBeFalsy();
      expect((await s.call('check', {})).isError).toBeFalsy();
    } finally {
      await s.close();
    }
  }, 40_000);
});
