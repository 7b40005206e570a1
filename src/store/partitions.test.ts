import { expect, it } from 'vitest';
import { PARTITION_COUNT, partitionFilter } from './partitions.js';

it('drops the partition filter only when every partition is owned', () => {
  const all = Array.from({ length: PARTITION_COUNT }, (_, i) => PARTITION_COUNT - 1 - i);
  expect(partitionFilter(all)).toBeUndefined();
  const some = all.slice(1);
  expect(partitionFilter(some)).toBe(some);
  // Repeats do not make a partial list whole.
  const repeated = [...some, 5];
  expect(partitionFilter(repeated)).toBe(repeated);
  expect(partitionFilter([])).toEqual([]);
});
