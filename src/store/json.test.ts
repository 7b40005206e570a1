import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from './json.js';

describe('toJson', () => {
  it('replaces NUL characters, and only them', () => {
    const value = { text: 'a\u0000b', literal: '\\u0000', both: '\\\u0000' };
    expect(fromJson(toJson(value))).toEqual({
      text: 'a\ufffdb',
      literal: '\\u0000',
      both: '\\\ufffd',
    });
    expect(toJson(undefined)).toBe('null');
    expect(toJson({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });
});
