import { expect, it } from 'vitest';
import { lruGet } from './lru.js';

it('keeps the most recently used entries and drops the least recently used first', () => {
  const cache = new Map<string, number>();
  let made = 0;
  const get = (key: string) => lruGet(cache, key, 2, () => ++made);
  expect(get('a')).toBe(1);
  expect(get('b')).toBe(2);
  // Using a makes b the least recently used: c pushes b out, not a.
  expect(get('a')).toBe(1);
  expect(get('c')).toBe(3);
  expect([...cache.keys()]).toEqual(['a', 'c']);
  expect(get('b')).toBe(4);
  expect(made).toBe(4);
});
