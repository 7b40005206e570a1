/**
 * Braze's connected audience object (reference §4d): `AND` / `OR` of filters, each a
 * `custom_attribute` comparison. It is checked once when the request arrives (a bad
 * filter is a 400 naming where it is) and compiled to a predicate over a contact's
 * attributes, which broadcast jobs apply page by page while walking the contacts
 * (src/runner/broadcasts.ts).
 */
import type { ContactRecord } from '../../store/repos/contact-rows.js';
import { ApiError } from '../errors.js';
import { isRecord } from './attributes.js';

export type Predicate = (contact: ContactRecord) => boolean;

const DAY_MS = 24 * 60 * 60 * 1000;

const COMPARISONS = [
  'equals',
  'not_equal',
  'matches_regex',
  'does_not_match_regex',
  'exists',
  'does_not_exist',
  'greater_than',
  'greater_than_or_equal_to',
  'less_than',
  'less_than_or_equal_to',
  'includes_value',
  'does_not_include_value',
  'after',
  'before',
  'less_than_x_days_ago',
  'greater_than_x_days_ago',
  'less_than_x_days_in_the_future',
  'greater_than_x_days_in_the_future',
] as const;
type Comparison = (typeof COMPARISONS)[number];

export function compileAudience(value: unknown, now: number, path = 'audience'): Predicate {
  if (!isRecord(value)) throw bad(path, 'an audience filter is an object');
  const keys = Object.keys(value);
  if (keys.length !== 1)
    throw bad(path, 'an audience filter has exactly one of AND, OR, custom_attribute');
  const [key] = keys as [string];
  const inner = value[key];
  if (key === 'AND' || key === 'OR') {
    if (!Array.isArray(inner) || inner.length === 0)
      throw bad(`${path}.${key}`, `${key} takes a non-empty list of filters`);
    const parts = inner.map((f, i) => compileAudience(f, now, `${path}.${key}[${i}]`));
    return key === 'AND' ? (c) => parts.every((p) => p(c)) : (c) => parts.some((p) => p(c));
  }
  if (key === 'custom_attribute') return customAttribute(inner, now, `${path}.custom_attribute`);
  throw bad(
    `${path}.${key}`,
    `"${key}" filters are not supported; use AND, OR and custom_attribute`,
  );
}

function customAttribute(value: unknown, now: number, path: string): Predicate {
  if (!isRecord(value)) throw bad(path, 'custom_attribute is an object');
  const name = value.custom_attribute_name;
  const comparison = value.comparison;
  if (typeof name !== 'string' || name === '')
    throw bad(`${path}.custom_attribute_name`, 'custom_attribute_name is required');
  if (typeof comparison !== 'string' || !(COMPARISONS as readonly string[]).includes(comparison))
    throw bad(`${path}.comparison`, `comparison is one of ${COMPARISONS.join(', ')}`);
  const test = comparisonOf(comparison as Comparison, value.value, now, `${path}.value`);
  return (contact) => test(contact.attributes[name]);
}

function comparisonOf(
  comparison: Comparison,
  expected: unknown,
  now: number,
  path: string,
): (actual: unknown) => boolean {
  switch (comparison) {
    case 'exists':
      return (a) => a !== undefined && a !== null;
    case 'does_not_exist':
      return (a) => a === undefined || a === null;
    case 'equals':
      return (a) => a === expected;
    case 'not_equal':
      return (a) => a !== expected;
    case 'matches_regex':
    case 'does_not_match_regex': {
      const re = regexOf(expected, path);
      const hit = (a: unknown) => typeof a === 'string' && re.test(a);
      return comparison === 'matches_regex' ? hit : (a) => !hit(a);
    }
    case 'greater_than':
    case 'greater_than_or_equal_to':
    case 'less_than':
    case 'less_than_or_equal_to': {
      const n = numberOf(expected, path);
      return (a) => typeof a === 'number' && compare(comparison, a, n);
    }
    case 'includes_value':
      return (a) => Array.isArray(a) && a.includes(expected);
    case 'does_not_include_value':
      return (a) => !Array.isArray(a) || !a.includes(expected);
    case 'after':
    case 'before': {
      const at = dateOf(expected, path);
      return (a) => {
        const t = typeof a === 'string' ? Date.parse(a) : NaN;
        return !Number.isNaN(t) && (comparison === 'after' ? t > at : t < at);
      };
    }
    default: {
      const days = numberOf(expected, path);
      return (a) => {
        const t = typeof a === 'string' ? Date.parse(a) : NaN;
        if (Number.isNaN(t)) return false;
        const ago = (now - t) / DAY_MS;
        if (comparison === 'less_than_x_days_ago') return ago >= 0 && ago < days;
        if (comparison === 'greater_than_x_days_ago') return ago > days;
        if (comparison === 'less_than_x_days_in_the_future') return ago <= 0 && -ago < days;
        return -ago > days;
      };
    }
  }
}

function compare(comparison: Comparison, a: number, b: number): boolean {
  if (comparison === 'greater_than') return a > b;
  if (comparison === 'greater_than_or_equal_to') return a >= b;
  if (comparison === 'less_than') return a < b;
  return a <= b;
}

/** Braze's regexes are Java's: a leading `(?i)` makes the match case-insensitive. */
function regexOf(value: unknown, path: string): RegExp {
  if (typeof value !== 'string') throw bad(path, 'matches_regex takes a string');
  const insensitive = value.startsWith('(?i)');
  try {
    return new RegExp(insensitive ? value.slice(4) : value, insensitive ? 'i' : '');
  } catch {
    throw bad(path, 'not a valid regular expression');
  }
}

function numberOf(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(path, 'a number is needed');
  return value;
}

function dateOf(value: unknown, path: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw bad(path, 'an ISO-8601 date is needed');
  return t;
}

function bad(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_audience', `${field}: ${message}`, { field });
}
