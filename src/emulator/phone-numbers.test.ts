import { describe, expect, it } from 'vitest';
import { countryOf, isBsuid, normalizeTo } from './phone-numbers.js';

const none = () => false;

describe('normalizeTo', () => {
  it('takes +, spaces, hyphens and parentheses', () => {
    expect(normalizeTo('+1 (650) 555-1234', '+1 555-078-3881', none)).toBe('+16505551234');
  });

  it('keeps bare international digits that form a valid number', () => {
    expect(normalizeTo('16505551234', '+1 555-078-3881', none)).toBe('+16505551234');
  });

  it('prepends the business country code otherwise (Meta’s example from an Indian number)', () => {
    expect(normalizeTo('(631) 555-1234', '+91 98765 43210', none)).toBe('+916315551234');
  });

  it('prefers a known virtual phone', () => {
    expect(normalizeTo('15550001234', '+91 98765 43210', (n) => n === '+15550001234')).toBe(
      '+15550001234',
    );
  });

  it('refuses what cannot be a number', () => {
    expect(normalizeTo('hello', '+1 555-078-3881', none)).toBeUndefined();
    expect(normalizeTo('+12', '+1 555-078-3881', none)).toBeUndefined();
  });
});

describe('identities', () => {
  it('recognises BSUIDs and finds a country for test numbers', () => {
    expect(isBsuid('US.13491208655302741918')).toBe(true);
    expect(isBsuid('US.ENT.13491208655302741918')).toBe(true);
    expect(isBsuid('16505551234')).toBe(false);
    expect(countryOf('+5511987654321')).toBe('BR');
    expect(countryOf('+15550001234')).toBe('US');
  });
});
