import { createHash } from 'node:crypto';

/** Hex sha256 of a string's UTF-8 bytes (or of raw bytes). */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * sha256 of a text as it means, not as it was checked out: CRLF counts as LF,
 * so a Windows checkout (core.autocrlf=true) of a file docpact wrote still
 * matches the lock and the chat seals.
 */
export const contentHash = (text: string) => sha256(text.replace(/\r\n/g, '\n'));
