/**
 * Text the user hands docpact on the command line (a room of the file-system
 * seam, src/io/fs.ts): a `--body-file` or standard input, relative to where
 * docpact runs — trusted as a path, not as content: UTF-8 only, bounded.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DocpactError } from '../errors.js';
import { BIDI_CONTROLS } from '../text/bidi.js';
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

/**
 * Text a face hands docpact in place of a file (an MCP tool's argument), held
 * to what readUserText holds a file to: valid Unicode, no NUL, at most
 * MAX_USER_TEXT bytes. Returns it unchanged.
 */
export function givenUserText(text: string, what: string): string {
  if (!text.isWellFormed()) throw new DocpactError('input', `The ${what} is not valid Unicode text.`);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_USER_TEXT) throw new DocpactError('input', `The ${what} is larger than ${MAX_USER_TEXT / 1024 / 1024} MiB (${bytes} bytes), the most docpact accepts.`);
  if (text.includes('\0')) throw new DocpactError('input', `The ${what} is not UTF-8 text.`);
  return text;
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

/**
 * Characters that hide or rewrite what a reviewer sees in a file: C0
 * controls but tab and newline (a carriage return only as part of a Windows
 * line end), DEL, C1 controls (ESC and CSI sequences, NUL and BEL make git
 * call the file binary), the Unicode line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates ("Trojan Source"). The
 * marks U+200E/U+200F stay: right-to-left text needs them.
 */
const HIDDEN = new RegExp(`[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029${BIDI_CONTROLS}]|\\r(?!\\n)`);

/**
 * Text a user hands docpact to write into a file as it is (a message body,
 * an ADR section), from any face: valid Unicode, at most MAX_USER_TEXT
 * bytes, and none of the HIDDEN characters. Returns it unchanged; throws an
 * input error naming `what` and where otherwise.
 */
export function checkUserText(text: string, what: string): string {
  if (!text.isWellFormed()) throw new DocpactError('input', `The ${what} is not valid Unicode text.`);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_USER_TEXT) throw new DocpactError('input', `The ${what} is larger than ${MAX_USER_TEXT / 1024 / 1024} MiB (${bytes} bytes), the most docpact accepts.`);
  const hidden = HIDDEN.exec(text);
  if (hidden) {
    const code = hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const line = text.slice(0, hidden.index).split('\n').length;
    throw new DocpactError('input', `The ${what} contains the control character U+${code} (line ${line}), which would hide or change what a reviewer sees in the file; write plain text (tabs and newlines are fine).`);
  }
  const lost = text.indexOf('\uFFFD');
  if (lost !== -1) {
    const line = text.slice(0, lost).split('\n').length;
    throw new DocpactError('input', `The ${what} contains U+FFFD, the replacement character (line ${line}): what a decoding leaves for bytes it could not read; write the character meant.`);
  }
  return text;
}
