import { createHash } from 'node:crypto';

/** Hex sha256 of a string's UTF-8 bytes (or of raw bytes). */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
