/**
 * docpact at a real terminal (a tmux pseudo-terminal): the menu, answers
 * validated as they are typed, the editor for chat messages, and Ctrl+C at
 * every kind of prompt leaving the repo untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASK_BODY, DATE, REPLY_BODY, REPO, initRepo, ok, prepared, read, run, snapshot, write } from './helpers.js';
import { Tty, hasTmux } from './tty.js';

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const CHATS = 'theory_api/agents/chats';
const ADR = 'docs/source/adr';

/** Run `fn` with a terminal that is always closed. */
async function withTty(cwd: string, args: string[], env: Record<string, string>, fn: (t: Tty) => Promise<void>, script?: string): Promise<void> {
  const t = new Tty(cwd, args, env, script);
  try {
    await fn(t);
  } finally {
    t.close();
  }
}

/** An $EDITOR: leaves the text unchanged the first time it runs, then writes a real message. */
function editorScript(dir: string, message = '## STATUS\n\nLeases per facet work; see the plan.\n', name = 'fake-editor.sh'): string {
  const file = path.join(dir, '.git', name);
  const flag = path.join(dir, '.git', 'editor-ran');
  const text = path.join(dir, '.git', `${name}.txt`);
  fs.writeFileSync(text, message);
  fs.writeFileSync(file, `#!/bin/sh\nif [ ! -e '${flag}' ]; then touch '${flag}'; exit 0; fi\ncat '${text}' > "$1"\n`, { mode: 0o755 });
  return file;
}

describe.skipIf(!hasTmux())('at a terminal', () => {
  it('shows every generator in the menu', async () => {
    const dir = repo();
    const before = snapshot(dir);
    await withTty(dir, [], {}, async (t) => {
      const screen = await t.waitFor(/docs term/);
      for (const name of ['init', 'adr new', 'adr status', 'chat new', 'chat reply', 'chat close', 'docs add', 'docs term']) expect(screen).toContain(name);
      t.press('C-c');
      expect(await t.exitCode()).toBe(130);
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it('adr new re-asks a bad REF with the candidates, offers only settable statuses, and shows no "undefined"', async () => {
    const dir = repo();
    await withTty(dir, ['adr', 'new', '--date', DATE], {}, async (t) => {
      await t.waitFor(/Decision title/);
      t.type('Lease world paths');
      t.press('Enter');
      const statuses = await t.waitFor(/Status/);
      expect(statuses).toMatch(/Deprecated/);
      expect(statuses).not.toMatch(/Superseded/);
      t.press('Enter');
      await t.waitFor(/Deciders/);
      t.press('Enter');
      await t.waitFor(/Supersedes/);
      t.type('99');
      t.press('Enter');
      const error = await t.waitFor(/No ADR matches "99"/);
      expect(error).toMatch(/ADR-0001-record-architecture-decisions\.md/);
      // What was typed is still there to correct.
      expect(error).toMatch(/Supersedes.*99/);
      t.press('BSpace', 'BSpace');
      t.type('1');
      t.press('Enter');
      await t.waitFor(/Amends/);
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
      const screen = t.screen();
      expect(screen).toMatch(/Amends.*\(none\)/);
      expect(screen).not.toMatch(/undefined/);
    });
    expect(read(dir, `${ADR}/ADR-0002-lease-world-paths.md`)).toMatch(/- Supersedes: \[ADR-0001\]/);
  });

  it('docs term refuses a defined term before asking for the definition', async () => {
    const dir = repo();
    const before = snapshot(dir);
    await withTty(dir, ['docs', 'term'], {}, async (t) => {
      await t.waitFor(/Term/);
      t.type('facet');
      t.press('Enter');
      const screen = await t.waitFor(/already defines "Facet"/);
      expect(screen).not.toMatch(/Definition/);
      t.press('C-c');
      expect(await t.exitCode()).toBe(130);
    });
    expect(snapshot(dir)).toEqual(before);
  });

  it('checks every answer as it is typed: a title without letters, an existing docs page', async () => {
    const dir = initRepo();
    await withTty(dir, ['adr', 'new', '--date', DATE], {}, async (t) => {
      await t.waitFor(/Decision title/);
      t.type('!!!');
      t.press('Enter');
      const screen = await t.waitFor(/has no letters or digits/);
      expect(screen).not.toMatch(/\? Status/);
      t.press('BSpace', 'BSpace', 'BSpace');
      t.type('Use Kafka');
      t.press('Enter');
      await t.waitFor(/\? Status/);
      t.press('C-c');
      expect(await t.exitCode()).toBe(130);
    });
    await withTty(dir, ['docs', 'add', 'concept'], {}, async (t) => {
      await t.waitFor(/Page title/);
      t.type('Storage planes');
      t.press('Enter');
      await t.waitFor(/docs\/source\/concepts\/storage-planes\.md already exists/);
      t.press('C-u');
      t.type('Leases');
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
    });
    expect(read(dir, 'docs/source/concepts/leases.md')).toMatch(/^# Leases/);
  });

  it('adr renumber asks for the number with the next free one as default, and confirms before moving', async () => {
    const dir = initRepo();
    expect(run(dir, ['adr', 'new', 'Use SQLite', '--date', DATE]).code).toBe(0);
    expect(run(dir, ['adr', 'new', 'Use Postgres', '--date', DATE]).code).toBe(0);
    const before = snapshot(dir);
    await withTty(dir, ['adr', 'renumber'], {}, async (t) => {
      await t.waitFor(/ADR to move/);
      t.type('2');
      t.press('Enter');
      await t.waitFor(/New number \(4\)/);
      t.type('3');
      t.press('Enter');
      await t.waitFor(/ADR-0003 is taken by ADR-0003-use-postgres\.md/);
      t.press('BSpace');
      t.press('Enter');
      await t.waitFor(/Move ADR-0002-use-sqlite\.md to ADR-0004-use-sqlite\.md, rewriting every reference\?/);
      t.type('n');
      t.press('Enter');
      expect(await t.exitCode()).toBe(130);
    });
    expect(snapshot(dir)).toEqual(before);
    await withTty(dir, ['adr', 'renumber', '2'], {}, async (t) => {
      await t.waitFor(/New number \(4\)/);
      t.press('Enter');
      await t.waitFor(/rewriting every reference\?/);
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
    });
    expect(fs.existsSync(path.join(dir, ADR, 'ADR-0004-use-sqlite.md'))).toBe(true);
  });

  it('chat reply offers the open threads, opens $EDITOR, asks again on an unchanged template, and keeps the text', async () => {
    const dir = repo();
    for (const slug of ['leases', 'quotas']) expect(run(dir, ['chat', 'new', slug, '--title', `About ${slug}`, '--date', DATE]).code).toBe(0);
    ok(run(dir, ['chat', 'close', 'quotas', '--as', 'architect', '--date', DATE]));
    const editor = editorScript(dir);
    await withTty(dir, ['chat', 'reply', '--date', DATE], { EDITOR: editor, VISUAL: '' }, async (t) => {
      const list = await t.waitFor(/leases — About leases \(engineer's turn, 1 message\)/);
      expect(list).not.toMatch(/quotas/);
      t.press('Enter');
      // The role whose turn it is is offered first.
      await t.waitFor(/Reply as/);
      t.press('Enter');
      await t.waitFor(/still the unedited template\. Edit it again\?/);
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
    });
    const msg = read(dir, `${CHATS}/leases/002-to-architect.md`);
    expect(msg).toBe(`# 002 — to architect: About leases\n\n- Thread: \`leases\`\n- From: engineer\n- Date: ${DATE}\n\n## STATUS\n\nLeases per facet work; see the plan.\n`);
  });

  it('through plop, chat-new and chat-reply open $EDITOR as the CLI does, and ask again on an unchanged template', async () => {
    const dir = initRepo();
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'docpact'));
    write(dir, 'plopfile.mjs', "import docpact from 'docpact';\n\nexport default docpact;\n");
    const plop = path.join(REPO, 'node_modules/plop/bin/plop.js');
    const env = { EDITOR: editorScript(dir), VISUAL: '' };
    // The architect asks in the architect's sections.
    await withTty(dir, ['chat-new', 'leases', 'Leases per facet?'], { ...env, EDITOR: editorScript(dir, ASK_BODY, 'ask-editor.sh') }, async (t) => {
      await t.waitFor(/still the unedited template\. Edit it again\?/);
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
    }, plop);
    const asked = read(dir, `${CHATS}/leases/001-to-engineer.md`);
    expect(asked).toMatch(/- From: architect\n- Date: \d{4}-\d\d-\d\d\n\n## Ask\n/);
    expect(asked.endsWith(`\n\n${ASK_BODY}`)).toBe(true);
    fs.rmSync(path.join(dir, '.git', 'editor-ran'));
    await withTty(dir, ['chat-reply', 'leases'], { ...env, EDITOR: editorScript(dir, REPLY_BODY, 'reply-editor.sh') }, async (t) => {
      // The role whose turn it is is offered first, as in the CLI.
      await t.waitFor(/Reply as/);
      t.press('Enter');
      await t.waitFor(/Edit it again\?/);
      t.press('Enter');
      expect(await t.exitCode()).toBe(0);
    }, plop);
    const replied = read(dir, `${CHATS}/leases/002-to-architect.md`);
    expect(replied).toMatch(/- From: engineer\n- Date: \d{4}-\d\d-\d\d\n\n## STATUS\n/);
    expect(replied.endsWith(`\n\n${REPLY_BODY}`)).toBe(true);
    // The first message was sealed with what was written in the editor: no unedited template.
    const check = run(dir, ['check']);
    expect(check.stdout).not.toMatch(/chat\/unedited/);
    expect(check.code).toBe(0);
  });

  it('reads --body-file - typed at the terminal, up to Ctrl+D', async () => {
    const dir = repo();
    ok(run(dir, ['chat', 'new', 'typed', '--date', DATE]));
    await withTty(dir, ['chat', 'reply', 'typed', '--as', 'engineer', '--body-file', '-', '--date', DATE], {}, async (t) => {
      await t.waitFor(/Type the message, then press Ctrl\+D/);
      t.type('Typed at the terminal.');
      t.press('Enter', 'C-d');
      expect(await t.exitCode()).toBe(0);
    });
    expect(read(dir, `${CHATS}/typed/002-to-architect.md`)).toMatch(/- Date: 2026-11-23\n\nTyped at the terminal\.\n$/);
  });

  it('writes nothing when Ctrl+C is pressed at any kind of prompt', async () => {
    const dir = repo();
    ok(run(dir, ['chat', 'new', 'open-one', '--date', DATE]));
    const before = snapshot(dir);
    const prompts: [string, string[], RegExp, Record<string, string>?][] = [
      ['text', ['adr', 'new'], /Decision title/],
      ['choice', ['adr', 'status', '1'], /New status/],
      ['list of REFs', ['adr', 'new', 'Title given', '--status', 'Proposed', '--deciders', 'me'], /Supersedes/],
      ['thread list', ['chat', 'close', '--as', 'architect'], /open-one/],
      ['confirm after the editor', ['chat', 'reply', 'open-one', '--as', 'engineer'], /Edit it again\?/, { EDITOR: 'true', VISUAL: '' }],
    ];
    for (const [kind, args, prompt, env] of prompts) {
      await withTty(dir, args, env ?? {}, async (t) => {
        await t.waitFor(prompt);
        t.press('C-c');
        expect(await t.exitCode(), kind).toBe(130);
      });
      expect(snapshot(dir), kind).toEqual(before);
    }
  });
});
