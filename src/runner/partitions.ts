/**
 * Work is split into partitions by contact: all events, timers and sends of one person live
 * in one partition, and one worker owns a partition at a time (a lease), so a person's
 * events are processed one at a time, in order, while different people run in parallel.
 * 64 partitions spread well over a handful of workers and keep lease bookkeeping small.
 */
import { fnv1a } from '../engine/hash.js';
import { PARTITION_COUNT } from '../store/partitions.js';

export { PARTITION_COUNT };

export function partitionOf(key: string): number {
  return fnv1a(key) % PARTITION_COUNT;
}

export const ALL_PARTITIONS: readonly number[] = Array.from(
  { length: PARTITION_COUNT },
  (_, i) => i,
);
