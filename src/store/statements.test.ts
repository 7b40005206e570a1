import { describe, expect, it } from 'vitest';
import { padList } from './statements.js';

describe('padList', () => {
  it('pads to the next power of two with the last value, keeping the values', () => {
    expect(padList([])).toEqual([]);
    expect(padList(['a'])).toEqual(['a']);
    expect(padList(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(padList([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(padList(Array.from({ length: 33 }, (_, i) => i))).toHaveLength(64);
  });
});
