/**
 * Evaluating conditions and property filters (see canvas/conditions.ts for the format).
 * Missing values never throw: they simply fail comparisons (and pass `exists: false`).
 */
import type { Condition, Predicate, PropertyFilters, Scalar } from '../canvas/conditions.js';
import { compileBrazeRegex } from './match.js';

export type Lookup = (path: string) => unknown;

/** Reads `user.tier` style paths out of a scope object. */
export function lookupIn(scope: Record<string, unknown>): Lookup {
  return (path) => {
    let cur: unknown = scope;
    for (const key of path.split('.')) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
}

function same(a: unknown, b: Scalar): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return Number(a) === b;
  return a === b;
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function test(value: unknown, op: Omit<Condition, 'all' | 'any' | 'not' | 'var'>): boolean {
  if (op.exists !== undefined) return (value !== undefined && value !== null) === op.exists;
  if (op.equals !== undefined) return same(value, op.equals);
  if (op.not_equals !== undefined) return !same(value, op.not_equals);
  if (op.in !== undefined) return op.in.some((v) => same(value, v));
  if (op.not_in !== undefined) return !op.not_in.some((v) => same(value, v));
  if (op.includes !== undefined)
    return Array.isArray(value) && value.some((v) => same(v, op.includes as Scalar));
  if (op.matches_regex !== undefined) {
    const re = compileBrazeRegex(op.matches_regex);
    return typeof value === 'string' && re !== null && re.test(value);
  }
  const n = numeric(value);
  if (n === undefined) return false;
  if (op.gt !== undefined) return n > op.gt;
  if (op.gte !== undefined) return n >= op.gte;
  if (op.lt !== undefined) return n < op.lt;
  if (op.lte !== undefined) return n <= op.lte;
  return false;
}

export function evaluate(condition: Condition, lookup: Lookup): boolean {
  if (condition.all) return condition.all.every((c) => evaluate(c, lookup));
  if (condition.any) return condition.any.some((c) => evaluate(c, lookup));
  if (condition.not) return !evaluate(condition.not, lookup);
  if (condition.var === undefined) return false;
  // `canvas_entry_properties.x` is Braze's older name for `context.x`.
  const path = condition.var.replace(/^canvas_entry_properties\./, 'context.');
  return test(lookup(path), condition);
}

export function matchesPredicate(value: unknown, predicate: Predicate): boolean {
  if (predicate === null || typeof predicate !== 'object') return same(value, predicate);
  return test(value, predicate);
}

export function matchesProperties(
  filters: PropertyFilters | undefined,
  properties: Record<string, unknown>,
): boolean {
  if (filters === undefined) return true;
  return Object.entries(filters).every(([key, predicate]) =>
    matchesPredicate(Object.hasOwn(properties, key) ? properties[key] : undefined, predicate),
  );
}
