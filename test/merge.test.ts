import { describe, expect, it } from 'vitest';
import { mergeLock } from '../src/core/lockfile.js';
import { resolveGenerated } from '../src/merge/conflicts.js';
import { derivedKind, gitattributesLines, resolveDerived } from '../src/merge/files.js';
import { validateConfig } from '../src/config/load.js';
import { loadYamlWriter } from '../src/text/yaml.js';

const hunk = (ours: string, theirs: string) => `<<<<<<< HEAD\n${ours}=======\n${theirs}>>>>>>> feature`;

describe('conflicts in derived files', () => {
  it('keeps both sides of a toctree hunk, resolves index rows in order, and leaves hand-written hunks alone', () => {
    const page = [
      '# Guides',
      '',
      hunk('Our intro.\n', 'Their intro.\n'),
      '```{toctree}',
      ':maxdepth: 1',
      '',
      'getting-started',
      hunk('events\n', 'storage\n'),
      '```',
      '',
      '<!-- docpact:adr-index:start -->',
      '| [ADR-0001](ADR-0001-a.md) | A |',
      hunk('| [ADR-0003](ADR-0003-kafka.md) | Kafka |\n', '| [ADR-0002](ADR-0002-b.md) | B |\n| [ADR-0003](ADR-0003-kafka.md) | Kafka (theirs) |\n'),
      '<!-- docpact:adr-index:end -->',
    ].join('\n');
    const r = resolveGenerated(page);
    expect(r).toMatchObject({ resolved: 2, left: 1 });
    expect(r.text).toContain(hunk('Our intro.\n', 'Their intro.\n'));
    expect(r.text).toContain('getting-started\nevents\nstorage\n```');
    expect(r.text).toContain('| [ADR-0001](ADR-0001-a.md) | A |\n| [ADR-0002](ADR-0002-b.md) | B |\n| [ADR-0003](ADR-0003-kafka.md) | Kafka |\n<!-- docpact:adr-index:end -->');
  });

  it('merges a conflicted lock file entry by entry, ours first', async () => {
    await loadYamlWriter();
    const entry = (p: string, c: string) => `  - path: ${p}\n    template: t\n    sha256: ${c.repeat(64)}\n`;
    const text = `version: 1\nfiles:\n${entry('a.md', 'a')}${hunk(entry('b.md', 'b') + entry('c.md', 'c'), entry('c.md', 'd') + entry('d.md', 'd'))}\n`;
    const merged = mergeLock(text) as string;
    expect(merged).not.toContain('<<<<<<<');
    expect([...merged.matchAll(/path: (\S+)/g)].map((m) => m[1])).toEqual(['a.md', 'b.md', 'c.md', 'd.md']);
    expect(merged).toContain(`sha256: ${'c'.repeat(64)}`);
    expect(mergeLock(hunk('not: [yaml\n', 'x\n'))).toBeNull();
  });

  it('merges the relation graph ADR by ADR, and .gitattributes routes it to the driver', () => {
    const node = (id: string, more = '') => `  "${id}" [label="${id}${more}", URL="${id}.html"];\n  "${id}" -> "ADR-0001" [label="supersedes"];\n`;
    const head = 'digraph adr_relations {\n  rankdir=RL;\n';
    const text = `${head}${node('ADR-0002')}${hunk(node('ADR-0010', ' ours'), node('ADR-0003') + node('ADR-0010', ' theirs'))}\n}\n`;
    const file = 'docs/_generated/diagrams/adr-relations.dot';
    expect(derivedKind(file)).toBe('graph');
    const r = resolveDerived('graph', text);
    expect(r.left).toBe(0);
    expect(r.text).toBe(`${head}${node('ADR-0002')}${node('ADR-0003')}${node('ADR-0010', ' ours')}}\n`);
    expect(gitattributesLines(validateConfig({ version: 1 }))).toContain('docs/_generated/diagrams/adr-relations*.dot merge=docpact');
  });
});
