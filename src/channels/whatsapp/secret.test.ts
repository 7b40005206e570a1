import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scrub, Secret } from './secret.js';

describe('Secret', () => {
  const secret = new Secret('EAAG-token');

  it('reveals its value only on request', () => {
    expect(secret.reveal()).toBe('EAAG-token');
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ token: secret })).toBe('{"token":"[redacted]"}');
    expect(inspect({ token: secret })).toBe('{ token: [redacted] }');
  });
});

describe('scrub', () => {
  it('replaces every occurrence of each secret', () => {
    const text = 'GET /x?access_token=EAAG-token failed; EAAG-token again; app abc';
    expect(scrub(text, [new Secret('EAAG-token'), new Secret('abc')])).toBe(
      'GET /x?access_token=[redacted] failed; [redacted] again; app [redacted]',
    );
  });

  it('ignores empty secrets', () => {
    expect(scrub('hello', [new Secret('')])).toBe('hello');
  });
});
