import { describe, expect, it } from 'vitest';
import { mergeLock } from '../src/core/lockfile.js';
import { resolveGenerated } from '../src/merge/conflicts.js';
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
});
