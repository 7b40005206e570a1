/**
 * Work is split into partitions by contact (src/runner/partitions.ts): every inbox event,
 * timer and outbox row carries one in [0, PARTITION_COUNT), and a process reads the
 * partitions it owns.
 */
export const PARTITION_COUNT = 64;

/**
 * The partitions to filter on, or undefined when they are all of them — a process alone
 * (the default on SQLite) owns every partition, and its idle loops read hundreds of times a
 * second: an IN list of 64 costs Kysely 64 parameters per build and SQLite a temporary
 * table per run, to match every row anyway.
 */
export function partitionFilter(partitions: readonly number[]): readonly number[] | undefined {
  return new Set(partitions).size >= PARTITION_COUNT ? undefined : partitions;
}
