/**
 * Text the user hands docpact on the command line (a room of the file-system
 * seam, src/io/fs.ts): a `--body-file` or standard input, relative to where
 * docpact runs — trusted as a path, not as content: UTF-8 only, bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocpactError } from '../errors.js';
import { isCode } from './root.js';

/** Largest --body-file docpact accepts. */
export const MAX_USER_TEXT = 1024 * 1024;

/**
 * Read a file the user points at (a --body-file), relative to where they ran
 * docpact; "-" reads standard input. Only UTF-8 text up to MAX_USER_TEXT.
 */
export function readUserText(file: string, what: string): string {
  const chunks: Buffer[] = [];
  let total = 0;
  let fd: number | undefined;
  try {
    fd = file === '-' ? 0 : fs.openSync(path.resolve(file), 'r');
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        if (isCode(err, 'EAGAIN')) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // a non-blocking stdin: wait for more
          continue;
        }
        if (isCode(err, 'EOF')) break;
        throw err;
      }
      if (n === 0) break;
      total += n;
      if (total > MAX_USER_TEXT) throw new DocpactError('input', `The ${what} "${file}" is larger than ${MAX_USER_TEXT / 1024 / 1024} MiB, the most docpact accepts.`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (err) {
    if (err instanceof DocpactError) throw err;
    const reason = isCode(err, 'ENOENT') ? 'no such file' : isCode(err, 'EISDIR') ? 'it is a directory' : (err as Error).message;
    throw new DocpactError('input', `Cannot read the ${what} "${file}": ${reason}.`);
  } finally {
    if (fd !== undefined && fd !== 0) fs.closeSync(fd);
  }
  return decodeUserText(Buffer.concat(chunks), `The ${what} "${file}"`);
}

/** Strict UTF-8 decoding: invalid bytes are refused, never replaced with U+FFFD. */
export function decodeUserText(buf: Buffer, what: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new DocpactError('input', `${what} is not UTF-8 text.`);
  }
  if (text.includes('\0')) throw new DocpactError('input', `${what} is not UTF-8 text.`);
  return text;
}
