/**
 * ULID-like ids: 10 characters of millisecond time then 16 random characters, in
 * Crockford base32. They sort by creation time (good for b-tree locality and paging) and
 * need no coordination between workers.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Random bytes are drawn 4 KB at a time: a `randomBytes(16)` call per id cost more than
 * the rest of making it (ingest creates one per new person). Same CSPRNG, fewer calls.
 */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

export function newId(now: number = Date.now()): string {
  let time = '';
  let t = Math.max(0, Math.floor(now));
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  if (poolOffset + 16 > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  let random = '';
  for (let i = poolOffset; i < poolOffset + 16; i++) random += ALPHABET.charAt((POOL[i] ?? 0) % 32);
  poolOffset += 16;
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
