/**
 * ULID-like ids: 10 characters of millisecond time then 16 random characters, in
 * Crockford base32. They sort by creation time (good for b-tree locality and paging) and
 * need no coordination between workers.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(now: number = Date.now()): string {
  let time = '';
  let t = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (const byte of bytes) random += ALPHABET.charAt(byte % 32);
  return time + random;
}

/**
 * The partition of a key (usually the contact id): FNV-1a, stable across processes and
 * releases, so a contact's events, timers and effects always land in the same partition.
 */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
