/**
 * A message's sections and changeset fields (chat/format) are found without
 * cutting the text into lines (src/chat/format.ts): the same headings and
 * blocks as reading it line by line, whatever the text.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers.js';
import { changesets, formatProblems, headings } from '../src/chat/format.js';

// The rule as it reads line by line: the lines of split(/\r?\n/), each tried in turn.
const FENCE = /^\s*(`{3,}|~{3,})/;
const CHANGESET = /^#\s+CHANGESET:/;
const FIELD = /^(?:#+\s+)?\**([A-Z][A-Z0-9 &/_-]*?)\**:?\s*$/;
const norm = (s: string) => s.trim().replace(/:$/, '').trim().toLowerCase();
function headingsByLine(text: string): string[] {
  const out: string[] = [];
  let fence = '';
  for (const line of text.split(/\r?\n/)) {
    const f = FENCE.exec(line);
    if (f) {
      if (!fence) fence = f[1];
      else if (f[1].startsWith(fence[0]) && f[1].length >= fence.length && line.trim() === f[1]) fence = '';
      continue;
    }
    if (!fence && line.startsWith('## ')) out.push(line.slice(3).trim());
  }
  return out;
}
function changesetsByLine(text: string): { line: number; title: string; fields: string[] }[] {
  const out: { line: number; title: string; fields: string[] }[] = [];
  let current: (typeof out)[number] | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (CHANGESET.test(line.trim())) {
      current = { line: i + 1, title: line.trim().replace(CHANGESET, '').trim(), fields: [] };
      out.push(current);
    } else if (line.startsWith('## ')) current = undefined;
    else if (current) {
      const m = FIELD.exec(line.trim());
      if (m && !current.fields.includes(norm(m[1]))) current.fields.push(norm(m[1]));
    }
  });
  return out;
}

const LINES = [
  '## Ask', '## STATUS', '##  Done when: ', '##x', '## ', '##', ' ## Indented', '### Deeper', '# Title',
  '```', '````text', '```diff', '  ```', '````', '~~~', '~~~~ ', '``', 'a ``` b', '~~', 'x~~~',
  '# CHANGESET: C-01 — title', '#  CHANGESET:', '# CHANGESET:x', 'CHANGESET: loose', ' # CHANGESET: indented', '## CHANGESET: heading',
  'INTENT', '**FILES**', 'PATCH:', '### NOTES', ' ACCEPTANCE ', '\u00a0SMOKE', '\ufeffBACKOUT', 'BACKOUT:\r', '*NOT*A*FIELD', 'lower', '- a point', '+ new', '@@', 'diff --git a b',
  '', ' ', '\t', 'text', 'É', '≡ INVARIANT',
];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r', '\r\r\n'];
/** A text of up to 29 of those lines, each ended by one of those breaks (the last one or not). */
const textOf = (rand: (n: number) => number) => {
  const pick = <T>(xs: T[]) => xs[rand(xs.length)];
  let text = '';
  const n = rand(30);
  for (let j = 0; j < n; j++) text += pick(LINES) + (j < n - 1 || rand(2) ? pick(BREAKS) : '');
  return text;
};

describe('chat message format', () => {
  it('finds the headings and changeset blocks reading line by line finds, whatever the text (property)', () => {
    const rand = seededRandom(5);
    for (let i = 0; i < 3000; i++) {
      const text = textOf(rand);
      expect(headings(text), JSON.stringify(text)).toEqual(headingsByLine(text));
      expect(changesets(text).map((b) => ({ ...b, fields: [...b.fields] })), JSON.stringify(text)).toEqual(changesetsByLine(text));
    }
  });

  it('tells what a message lacks of a format as reading it line by line tells, whatever the text (property)', () => {
    const rand = seededRandom(29);
    const formats = [
      { sections: ['Ask', 'STATUS', 'Done when', 'Deeper', 'CHANGESET: heading'], changeset: ['INTENT', 'FILES', 'PATCH', 'NOTES', 'ACCEPTANCE', 'SMOKE', 'BACKOUT'] },
      { sections: ['Ask', 'Indented'], changeset: [] },
      { sections: [], changeset: ['INTENT', 'SMOKE'] },
    ];
    for (let i = 0; i < 3000; i++) {
      const text = textOf(rand);
      for (const format of formats) {
        const have = new Set(headingsByLine(text).map(norm));
        const want = {
          missing: format.sections.filter((s) => !have.has(norm(s))),
          changesets: format.changeset.length
            ? changesetsByLine(text).flatMap((b) => {
                const missing = format.changeset.filter((f) => !b.fields.includes(norm(f)));
                return missing.length ? [{ line: b.line, title: b.title, missing }] : [];
              })
            : [],
        };
        expect(formatProblems(text, format), JSON.stringify(text)).toEqual(want);
      }
    }
  });
});
