/**
 * JSON columns carry plain data. Both drivers hand JSON back as text (see postgres.ts), so
 * encoding and decoding is one code path.
 */

export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string): T;
export function fromJson<T>(text: string | null): T | null;
export function fromJson<T>(text: string | null): T | null {
  if (text === null) return null;
  // Stored by toJson, so the shape is ours; the cast is the boundary from text to data.
  return JSON.parse(text) as T;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
