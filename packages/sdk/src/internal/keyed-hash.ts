import { createHmac, randomBytes } from 'node:crypto';

/** Prefix that marks a value as a keyed hash rather than the original identifier. */
export const KEYED_HASH_PREFIX = 'hmac-sha256:';

/**
 * Turns an identifier into a stable pseudonym: HMAC-SHA256 with a secret key, first 128 bits in hex.
 * Same input and key give the same output, so events stay correlatable; without the key the
 * identifier cannot be recovered or forged by a dictionary attack.
 */
export function keyedHash(key: Buffer, value: string): string {
  return KEYED_HASH_PREFIX + createHmac('sha256', key).update(value).digest('hex').slice(0, 32);
}

/** Normalises a configured key; a missing key becomes a random per-process key. */
export function resolveHashKey(key: string | Uint8Array | undefined): { key: Buffer; ephemeral: boolean } {
  if (key === undefined || key.length === 0) return { key: randomBytes(32), ephemeral: true };
  return { key: typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key), ephemeral: false };
}
