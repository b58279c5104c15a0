import { describe, expect, it } from 'vitest';
import { conflictMarkers } from '../src/text/conflict-markers.js';
import { merge3 } from '../src/sync/merge.js';

describe('merge3 (base = last rendering, ours = the file, theirs = the new rendering)', () => {
  it('keeps changes on both sides when they do not overlap', () => {
    expect(merge3('a\nb\nc\nd\ne\n', 'a\nB\nc\nd\ne\n', 'a\nb\nc\nd\nE\n')).toEqual({ text: 'a\nB\nc\nd\nE\n', conflict: false });
  });

  it('marks overlapping changes with both versions, and finds the markers again', () => {
    const m = merge3('a\nb\nc\n', 'a\nmine\nc\n', 'a\nnew\nc\n');
    expect(m.conflict).toBe(true);
    expect(m.text).toBe('a\n<<<<<<< yours\nmine\n=======\nnew\n>>>>>>> docpact sync\nc\n');
    expect(conflictMarkers(m.text)).toEqual([2]);
    expect(conflictMarkers('a\n<<<<<<< yours\nnot closed\n')).toEqual([]);
    expect(conflictMarkers('<<<<<<< HEAD\na\n=======\nb\n>>>>>>> main\n')).toEqual([]); // git's own: merge/conflict's
  });

  it('treats lines named like Object.prototype members as text, and keeps the user’s CRLF', () => {
    expect(merge3('constructor\n__proto__\n', 'constructor\n__proto__\nx\n', 'toString\n__proto__\n').text).toBe('toString\n__proto__\nx\n');
    expect(merge3('a\nb\n', 'a\r\nb\r\nmine\r\n', 'A\nb\n').text).toBe('A\r\nb\r\nmine\r\n');
  });
});
