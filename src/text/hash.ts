import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/**
 * Hex sha256 of a string's UTF-8 bytes (or of raw bytes), then of `more`
 * bytes when given (no concatenated copy). node:crypto is
 * loaded on the first hash: loading it costs ~7 ms of start-up, and a
 * command such as `adr new` usually hashes nothing.
 */
export function sha256(data: string | Uint8Array, more?: Uint8Array): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  // One call, no Hash object, where Node has it (20.12+): check hashes two digests per sealed chat message.
  if (!more && crypto.hash) return crypto.hash('sha256', data, 'hex');
  const h = crypto.createHash('sha256').update(data);
  return (more ? h.update(more) : h).digest('hex');
}

/**
 * sha256 of a text as it means, not as it was checked out: CRLF counts as LF,
 * so a Windows checkout (core.autocrlf=true) of a file docpact wrote still
 * matches the lock and the chat seals.
 */
export const contentHash = (text: string) => sha256(text.replace(/\r\n/g, '\n'));
