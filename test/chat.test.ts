import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ThreadMeta, parseMeta, renderMeta, verifyThread } from '../src/chat/thread.js';
import { loadYamlWriter, readYaml } from '../src/text/yaml.js';
import { DATE, editYaml, exists, ok, prepared, read, run, runAsync, snapshot, write } from './helpers.js';

beforeAll(loadYamlWriter);

/** One `docpact init` for the file, copied for each test. */
const repo = prepared();

const CHATS = 'theory_api/agents/chats';
/** The role whose turn it is in a thread, when its meta.yaml reads. */
function ownerOf(dir: string, slug: string): string | undefined {
  try {
    return parse(fs.readFileSync(path.join(dir, CHATS, slug, 'meta.yaml'), 'utf8'))?.owner;
  } catch {
    return undefined;
  }
}
/** `docpact chat …` with the date; a reply naming no role speaks as the role whose turn it is. */
const chat = (dir: string, ...args: string[]) =>
  run(dir, ['chat', ...args, ...(args[0] === 'reply' && !args.includes('--as') ? ['--as', ownerOf(dir, args[1]) ?? 'engineer'] : []), '--date', DATE]);

/** Verify a thread on disk with the same function check uses. */
function verify(dir: string, slug: string) {
  const tdir = path.join(dir, CHATS, slug);
  const meta = parseMeta(fs.readFileSync(path.join(tdir, 'meta.yaml'), 'utf8'), 'meta.yaml');
  const readMsg = (name: string) => (fs.existsSync(path.join(tdir, name)) ? fs.readFileSync(path.join(tdir, name), 'utf8') : null);
  return verifyThread(meta, fs.readdirSync(tdir), readMsg).map((p) => `${p.rule} ${p.file}`);
}

/** A repo with a thread of three messages (two sealed): made once, copied for each test. */
const threeMessageThread = prepared((dir) => {
  ok(chat(dir, 'new', 'leases', '--title', 'Leases?'));
  ok(chat(dir, 'reply', 'leases'));
  ok(chat(dir, 'reply', 'leases'));
  expect(verify(dir, 'leases')).toEqual([]);
});

describe('chat threads', () => {
  it('reads a hostile line in a changeset in linear time: a field-like line of 300,000 spaces does not hold check', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'leases', '--title', 'Leases?'));
    ok(chat(dir, 'reply', 'leases'));
    const msg = `${CHATS}/leases/002-to-architect.md`;
    write(dir, msg, read(dir, msg).replace(/^# CHANGESET: C-01.*$/m, (l) => `${l}\nA${' '.repeat(300_000)}x`));
    // Quadratic, this line took about a minute to be tried as a field; killed: code -1.
    const r = run(dir, ['check', '--json', '--no-cache'], { timeout: 15_000 });
    expect(r.code, r.stderr).not.toBe(-1);
    expect(JSON.parse(r.stdout).problems).toBeDefined();
  });

  it('goes new → reply → reply → close with alternating owners and DECISION.md only on the architect’s close', () => {
    const dir = repo();
    const t = `${CHATS}/leases`;
    expect(chat(dir, 'new', 'leases', '--title', 'Do we need leases?').code).toBe(0);
    expect(parse(read(dir, `${t}/meta.yaml`)).owner).toBe('engineer');
    expect(read(dir, `${t}/001-to-engineer.md`)).toMatch(/^## Ask$/m);

    expect(chat(dir, 'reply', 'leases').code).toBe(0);
    expect(parse(read(dir, `${t}/meta.yaml`)).owner).toBe('architect');
    const reply = read(dir, `${t}/002-to-architect.md`);
    for (const h of ['STATUS', 'OBSERVATIONS', 'DEPRECATIONS & WARNINGS', 'ANALYSIS', 'GATES', 'PLAN', 'CHANGESETS', 'DOCS', 'SMOKE', 'RISKS', 'ASKS']) expect(reply).toContain(`\n## ${h}\n`);
    expect(reply).toContain('# CHANGESET: C-01');

    expect(chat(dir, 'reply', 'leases').code).toBe(0);
    expect(parse(read(dir, `${t}/meta.yaml`)).owner).toBe('engineer');
    expect(fs.readdirSync(path.join(dir, t)).sort()).toEqual(['001-to-engineer.md', '002-to-architect.md', '003-to-engineer.md', 'meta.yaml']);

    const engineer = chat(dir, 'close', 'leases', '--as', 'engineer');
    expect(engineer.code).toBe(2);
    expect(engineer.stderr).toMatch(/Only architect or user may close/);
    expect(exists(dir, `${t}/DECISION.md`)).toBe(false);

    expect(chat(dir, 'close', 'leases', '--as', 'architect').code).toBe(0);
    expect(exists(dir, `${t}/DECISION.md`)).toBe(true);
    expect(exists(dir, `${t}/SUMMARY.md`)).toBe(false);
    const meta = parse(read(dir, `${t}/meta.yaml`));
    expect(meta.status).toBe('closed');
    expect(meta.messages.every((m: { sha256: string | null }) => m.sha256)).toBe(true);
    expect(verify(dir, 'leases')).toEqual([]);
    expect(chat(dir, 'reply', 'leases').code).toBe(2);
  });

  it('opens a thread addressed to the architect with --to, written by the engineer in the full structure', () => {
    const dir = repo();
    expect(chat(dir, 'new', 'report', '--to', 'architect', '--title', 'Status report').code).toBe(0);
    const meta = parse(read(dir, `${CHATS}/report/meta.yaml`));
    expect(meta.owner).toBe('architect');
    expect(meta.messages[0]).toMatchObject({ file: '001-to-architect.md', from: 'engineer', to: 'architect' });
    expect(read(dir, `${CHATS}/report/001-to-architect.md`)).toContain('\n## STATUS\n');
    expect(chat(dir, 'new', 'bad', '--to', 'manager').code).toBe(2);
  });

  it('writes SUMMARY.md too with --summary, for the user role', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'x'));
    expect(chat(dir, 'close', 'x', '--as', 'user', '--summary').code).toBe(0);
    expect(exists(dir, `${CHATS}/x/SUMMARY.md`)).toBe(true);
  });

  it('refuses to reply out of turn unless --force', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'turns'));
    const r = chat(dir, 'reply', 'turns', '--as', 'architect');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/engineer's turn.*--force/);
    expect(chat(dir, 'reply', 'turns', '--as', 'architect', '--force').code).toBe(0);
  });

  it('takes the message body from a file or from standard input', () => {
    const dir = repo();
    write(dir, 'ask.md', '## Please\n\nLook at the leases.');
    const first = chat(dir, 'new', 'bodies', '--body-file', 'ask.md');
    expect(first.code).toBe(0);
    // Written, with a warning: the architect's template has three sections this body lacks.
    expect(first.stderr).toMatch(/001-to-engineer\.md lacks the sections "## Ask", "## Context", "## Done when" of the architect's template; check reports chat\/format/);
    // Every message gets the same framing, whatever its body came from.
    expect(read(dir, `${CHATS}/bodies/001-to-engineer.md`)).toBe(`# 001 — to engineer: bodies\n\n- Thread: \`bodies\`\n- From: architect\n- Date: ${DATE}\n\n## Please\n\nLook at the leases.\n`);
    const r = run(dir, ['chat', 'reply', 'bodies', '--as', 'engineer', '--body-file', '-', '--date', DATE], { input: '## Done\n\nAll good.\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, `${CHATS}/bodies/002-to-architect.md`)).toBe(`# 002 — to architect: bodies\n\n- Thread: \`bodies\`\n- From: engineer\n- Date: ${DATE}\n\n## Done\n\nAll good.\n`);
    // A body written on Windows (CRLF) does not leave the message with two kinds of line ends: LF, as the header and ADRs.
    write(dir, 'crlf.md', '## Ask\r\n\r\nWhy?\r\n');
    const crlf = chat(dir, 'reply', 'bodies', '--body-file', 'crlf.md');
    expect(crlf.code, crlf.stderr).toBe(0);
    expect(read(dir, `${CHATS}/bodies/003-to-engineer.md`)).toMatch(/\n\n## Ask\n\nWhy\?\n$/);
    expect(read(dir, `${CHATS}/bodies/003-to-engineer.md`)).not.toContain('\r');
    const before = snapshot(dir);
    write(dir, 'empty.md', ' \n\n');
    for (const args of [['--body-file', 'empty.md'], ['--body-file', '-']]) {
      const empty = chat(dir, 'reply', 'bodies', ...args);
      expect(empty.code).toBe(2);
      expect(empty.stderr).toMatch(/The message body is empty/);
    }
    fs.rmSync(path.join(dir, 'empty.md'));
    expect(snapshot(dir)).toEqual(before);
    // Without a terminal and without a body, the template is written, with a clear warning.
    const bare = chat(dir, 'reply', 'bodies');
    expect(bare.code).toBe(0);
    expect(bare.stderr).toMatch(/warning: .*004-to-architect\.md is the unfilled template\. Write the message in it before the architect replies: the reply seals it exactly as it is\./);
    const missing = chat(dir, 'reply', 'bodies', '--body-file', 'nope.md');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the body file "nope.md": no such file/);
  });

  it('validates slugs and refuses an existing thread, writing nothing', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'taken'));
    const before = snapshot(dir);
    for (const slug of ['../escape', 'Bad Slug', 'con', 'trailing-', 'a--b', '']) {
      const r = chat(dir, 'new', slug);
      expect(r.code, slug).toBe(2);
    }
    const dup = chat(dir, 'new', 'taken');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/already exists/);
    expect(snapshot(dir)).toEqual(before);
    expect(chat(dir, 'reply', 'no-such-thread').stderr).toMatch(/No open chat thread "no-such-thread"\. Open threads: taken\./);
  });

  it('reports a malformed meta.yaml by file and problem, never a crash', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'broken'));
    ok(chat(dir, 'new', 'fine'));
    write(dir, `${CHATS}/broken/meta.yaml`, 'title: x\nstatus: maybe\nmessages: []\n');
    const r = chat(dir, 'reply', 'broken');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${CHATS}/broken/meta.yaml does not match the thread schema`);
    expect(r.stderr).toMatch(/status/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    write(dir, `${CHATS}/broken/meta.yaml`, 'title: [oops\n');
    const list = run(dir, ['chat', 'list']);
    expect(list.code).toBe(2);
    expect(list.stdout).toMatch(/^fine\s+open\s+engineer\s+1\s/m);
    expect(list.stderr).toMatch(/broken\/meta\.yaml is not valid YAML/);
  });

  it('lists threads with whose turn it is, as a table and as JSON', () => {
    const dir = repo();
    ok(chat(dir, 'new', 'one', '--title', 'First'));
    ok(chat(dir, 'new', 'two', '--title', 'Second'));
    ok(chat(dir, 'reply', 'two'));
    const json = JSON.parse(run(dir, ['chat', 'list', '--json']).stdout).threads;
    expect(json).toEqual([
      { slug: 'one', title: 'First', status: 'open', owner: 'engineer', messages: 1, lastActivity: DATE },
      { slug: 'two', title: 'Second', status: 'open', owner: 'architect', messages: 2, lastActivity: DATE },
    ]);
    expect(run(dir, ['chat', 'list']).stdout).toMatch(/^two\s+open\s+architect\s+2\s+2026-11-23\s+Second$/m);
  });

  it('keeps six parallel replies to one thread consistent', async () => {
    const dir = repo();
    ok(chat(dir, 'new', 'busy'));
    // Three replies from each side race; one that finds it is not its turn (yet) tries again.
    const reply = async (role: string) => {
      for (let tries = 0; tries < 50; tries++) {
        const r = await runAsync(dir, ['chat', 'reply', 'busy', '--as', role, '--json', '--date', DATE]);
        if (r.code === 0 || !r.stdout.includes('"not-your-turn"')) return r;
      }
      throw new Error(`${role} never got the turn`);
    };
    const results = await Promise.all(['engineer', 'architect', 'engineer', 'architect', 'engineer', 'architect'].map(reply));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const meta = parse(read(dir, `${CHATS}/busy/meta.yaml`));
    expect(meta.messages.map((m: { file: string }) => m.file)).toEqual([
      '001-to-engineer.md',
      '002-to-architect.md',
      '003-to-engineer.md',
      '004-to-architect.md',
      '005-to-engineer.md',
      '006-to-architect.md',
      '007-to-engineer.md',
    ]);
    expect(verify(dir, 'busy')).toEqual([]);
  });

  it('round-trips any title through meta.yaml exactly (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), (title) => {
        const meta: ThreadMeta = {
          title,
          slug: 's',
          status: 'open',
          owner: 'engineer',
          created: DATE,
          messages: [{ seq: 1, file: '001-to-engineer.md', from: 'architect', to: 'engineer', created: DATE, sha256: null, chain: null }],
        };
        expect(parseMeta(renderMeta(meta), 'meta.yaml').title).toBe(title);
      }),
      { numRuns: 500 },
    );
  });

  it('reads meta.yaml as the YAML parser and the schema do, whatever its values (property)', () => {
    // parseMeta reads docpact's own layout line by line; anything it is not sure of goes to the parser.
    const tricky = ['true', 'Null', '123', '1e5', '0x1F', '2026-01-02', 'a: b', 'x #y', "O'Neil", ' lead', 'trail ', '"q"', '- item', 'ünï', '~', '.inf', 'yes'];
    const text = fc.oneof(fc.constantFrom(...tricky), fc.string({ unit: 'binary', minLength: 0, maxLength: 30 }), fc.stringMatching(/^[a-z0-9 :#'".-]{0,12}$/));
    const parsed = (yaml: string) => {
      try {
        return ThreadMeta.parse(readYaml(yaml, 'meta.yaml'));
      } catch {
        return 'refused';
      }
    };
    const fast = (yaml: string) => {
      try {
        return parseMeta(yaml, 'meta.yaml');
      } catch {
        return 'refused';
      }
    };
    fc.assert(
      fc.property(text, text, fc.constantFrom('open', 'closed', 'opened'), text, fc.boolean(), fc.integer({ min: 0, max: 4 }), (title, slug, status, file, sealed, edit) => {
        const meta = {
          title: title || 't',
          slug: /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? slug : 's',
          status: 'open' as const,
          owner: 'engineer',
          created: DATE,
          messages: [{ seq: 1, file: '001-to-engineer.md', from: 'architect', to: 'engineer', created: DATE, sha256: sealed ? 'a'.repeat(64) : null, chain: sealed ? 'b'.repeat(64) : null }],
        };
        let yaml = renderMeta(meta);
        // Hand edits in the same layout: a value the schema refuses, a file name, a date YAML reads as a date, a plain title.
        if (edit === 1) yaml = yaml.replace('status: open', `status: ${status}`);
        if (edit === 2) yaml = yaml.replace('file: 001-to-engineer.md', `file: ${file}`);
        if (edit === 3) yaml = yaml.replace(`created: "${DATE}"`, `created: ${DATE}`);
        if (edit === 4) yaml = yaml.replace(/^title: .*$/m, `title: ${title.replace(/[\n\r]/g, '')}`);
        expect(fast(yaml)).toEqual(parsed(yaml));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps hostile titles exact through the bin', () => {
    const dir = repo();
    const titles = ['key: value', '- list item', '"quoted" \'single\'', '{{handlebars}} & | # :', '@at !bang *star', 'null', 'true', '0x10', 'Ünïcödé 日本語 🚀'];
    titles.forEach((title, i) => {
      expect(chat(dir, 'new', `t${i}`, `--title=${title}`).code).toBe(0);
      expect(parse(read(dir, `${CHATS}/t${i}/meta.yaml`)).title).toBe(title);
    });
    const dash = chat(dir, 'new', 'dash', '--title', '- list item');
    expect(dash.code).toBe(2);
    expect(dash.stderr).toMatch(/attach it as --title=<value>/);
  });
});

describe('tamper evidence (the verifier check uses)', () => {
  const t = `${CHATS}/leases`;

  it('detects an edited sealed message', () => {
    const dir = threeMessageThread();
    write(dir, `${t}/001-to-engineer.md`, `${read(dir, `${t}/001-to-engineer.md`)}\nsneaky edit\n`);
    expect(verify(dir, 'leases')).toContain('chat/seal 001-to-engineer.md');
  });

  it('detects a deleted sealed message', () => {
    const dir = threeMessageThread();
    fs.rmSync(path.join(dir, t, '002-to-architect.md'));
    expect(verify(dir, 'leases')).toContain('chat/seal 002-to-architect.md');
  });

  it('detects an inserted message', () => {
    const dir = threeMessageThread();
    write(dir, `${t}/004-to-architect.md`, '# Slipped in\n');
    expect(verify(dir, 'leases')).toContain('chat/unexpected-file 004-to-architect.md');
  });

  it('reports a message slipped in under a look-alike name (02-to-…, .MD, capitals), which check passed as no message at all', () => {
    for (const name of ['04-to-architect.md', '004-to-architect.MD', '004-To-Architect.md']) {
      const dir = threeMessageThread();
      write(dir, `${t}/${name}`, '# 004 — to architect: Slipped in\n');
      write(dir, `${t}/notes.txt`, 'an attachment is not a message\n');
      const r = run(dir, ['check', '--json']);
      expect(r.code, name).toBe(1);
      expect(JSON.parse(r.stdout).problems.filter((p: { severity: string }) => p.severity === 'error').map((p: { rule: string; file: string }) => `${p.rule} ${p.file}`)).toEqual([`chat/unexpected-file ${t}/${name}`]);
    }
  });

  it('detects reordered messages', () => {
    const dir = threeMessageThread();
    const one = read(dir, `${t}/001-to-engineer.md`);
    const three = read(dir, `${t}/003-to-engineer.md`);
    write(dir, `${t}/001-to-engineer.md`, three);
    write(dir, `${t}/003-to-engineer.md`, one);
    expect(verify(dir, 'leases')).toContain('chat/seal 001-to-engineer.md');
  });

  it('detects a rewritten hash in meta.yaml (broken chain)', () => {
    const dir = threeMessageThread();
    const meta = parse(read(dir, `${t}/meta.yaml`));
    write(dir, `${t}/001-to-engineer.md`, 'rewritten\n');
    meta.messages[0].sha256 = createHash('sha256').update('rewritten\n').digest('hex');
    write(dir, `${t}/meta.yaml`, renderMeta(meta));
    expect(verify(dir, 'leases')).toContain('chat/chain meta.yaml');
  });

  it('check reports sealed messages unsealed in meta.yaml (hashes set to null) and then edited', () => {
    const dir = threeMessageThread();
    write(dir, `${t}/001-to-engineer.md`, `${read(dir, `${t}/001-to-engineer.md`)}\nsneaky edit\n`);
    // Every seal removed, so no hash and no chain is left to disagree with the edit.
    editYaml(dir, `${t}/meta.yaml`, (meta) => {
      for (const m of meta.messages) Object.assign(m, { sha256: null, chain: null });
    });
    const r = run(dir, ['check', '--json']);
    expect(r.code).toBe(1);
    const problems = JSON.parse(r.stdout).problems.map((p: { rule: string; file: string; message: string }) => `${p.rule} ${p.file.slice(t.length + 1)} ${p.message.slice(0, 9)}`);
    expect(problems).toEqual(['chat/seal meta.yaml message 1', 'chat/seal meta.yaml message 2']);
  });

  it('detects DECISION.md in an open thread and a wrong owner', () => {
    const dir = threeMessageThread();
    write(dir, `${t}/DECISION.md`, '# Decided by the engineer\n');
    const meta = parse(read(dir, `${t}/meta.yaml`));
    meta.owner = 'architect';
    write(dir, `${t}/meta.yaml`, renderMeta(meta));
    const problems = verify(dir, 'leases');
    expect(problems).toContain('chat/closure-file DECISION.md');
    expect(problems).toContain('chat/owner meta.yaml');
  });
});
