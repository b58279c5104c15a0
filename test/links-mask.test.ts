/**
 * Links are looked for outside code, comments and generated regions
 * (src/docs/links.ts `maskCode`), in every docs page and every chat message.
 * The masking skips what cannot be code without trying each line against the
 * fence pattern: it must mask exactly what trying every line masks.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers.js';
import { findLinks, maskCode } from '../src/docs/links.js';

// The masking as it reads every line: each line tried against the fence pattern, each character blanked by a regex.
const CODE_DIRECTIVES = new Set(['code', 'code-block', 'code-cell', 'sourcecode', 'literalinclude', 'toctree', 'math', 'mermaid', 'graphviz', 'raw', 'eval-rst', 'csv-table']);
function maskByLine(text: string): string {
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  let masked = text.replace(/<!-- docpact:[\w-]+:start -->[\s\S]*?<!-- docpact:[\w-]+:end -->/g, blank);
  const lines = masked.split('\n');
  let fence: string | null = null;
  const directives: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*(\{([\w:-]+)\})?/.exec(lines[i]);
    if (fence === null) {
      if (!open) continue;
      const top = directives[directives.length - 1];
      if (top && !open[2] && open[1][0] === top[0] && open[1].length >= top.length && lines[i].trim().replace(/[`~]/g, '') === '') {
        directives.pop();
        lines[i] = blank(lines[i]);
        continue;
      }
      if (open[3] && !CODE_DIRECTIVES.has(open[3])) {
        directives.push(open[1]);
        lines[i] = blank(lines[i]);
        continue;
      }
      fence = open[1];
      lines[i] = blank(lines[i]);
    } else {
      if (lines[i].trimStart().startsWith(fence) && lines[i].trim().replace(/[`~]/g, '') === '') fence = null;
      lines[i] = blank(lines[i]);
    }
  }
  masked = lines.join('\n').replace(/(\{[\w:-]+\})?(`+)([^`][\s\S]*?)\2(?!`)/g, (all, role: string | undefined) => (role ? all : blank(all)));
  return masked.replace(/<!--[\s\S]*?(?:-->|$)/g, blank);
}

describe('links outside code', () => {
  it('masks what trying every line against the fence pattern masks, and puts each link on its line, whatever the text (property)', () => {
    const rand = seededRandom(3);
    const pick = <T>(xs: T[]) => xs[rand(xs.length)];
    const pieces = [
      '```', '````', '```python', '````text', '```{note}', '```{code-block} ts', '~~~', '~~~~', '~~~{warning}', '   ```', '    ```', ' ~~~ ', '\t```', '``', '~~', 'x```',
      '`code`', '``a`b``', '`', '{doc}`/index`', '{ref}`Label <target>`', '[a](b.md)', '[a]: c.md', '[t](\n  d.md)', '  [e]: <f g.md>', '![i](j.png)', '[x][y]', '<!-- c -->', '<!--', '-->',
      '<!-- docpact:toc:start -->', '<!-- docpact:toc:end -->', 'text', ' ', 'é', '\u00a0```', '\ufeff~~~',
    ];
    const breaks = ['\n', '\n', '\n', '\r\n', ' ', ''];
    let masked = 0;
    let links = 0;
    for (let i = 0; i < 4000; i++) {
      let text = '';
      const n = rand(24);
      for (let j = 0; j < n; j++) text += pick(pieces) + pick(breaks);
      const want = maskByLine(text);
      expect(maskCode(text), JSON.stringify(text)).toBe(want);
      if (want !== text) masked++;
      // Each link on the line of its start: 1 + the line feeds before it (a Markdown link's target may be on the next line).
      for (const link of findLinks(text)) {
        const at = link.kind === 'markdown' ? (link.text?.start ?? 0) - 1 : link.start;
        expect(link.line, JSON.stringify(text)).toBe(text.slice(0, at).split('\n').length);
        links++;
      }
    }
    // Most texts had something masked: the comparison was not of texts left alone.
    expect(masked).toBeGreaterThan(2000);
    expect(links).toBeGreaterThan(1500);
  });

  it('masks code spans as the pattern it replaces does, over texts thick with backtick runs and roles (property)', () => {
    const rand = seededRandom(11);
    const pieces = ['`', '``', '```', '````', 'a', 'b c', '{doc}', '{ref}', '{x:y-z}', '{', '}', '{}', 'é', '[l](m.md)', '\n', '\n'];
    let spans = 0;
    for (let i = 0; i < 20000; i++) {
      let text = '';
      const n = 1 + rand(16);
      for (let j = 0; j < n; j++) text += pieces[rand(pieces.length)];
      const want = maskByLine(text);
      expect(maskCode(text), JSON.stringify(text)).toBe(want);
      if (want !== text) spans++;
    }
    expect(spans).toBeGreaterThan(8000);
  });
});
