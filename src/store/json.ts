/**
 * JSON columns carry plain data. Both drivers hand JSON back as text (see postgres.ts), so
 * encoding and decoding is one code path.
 */

/**
 * JSON text for a column. NUL characters (`\u0000`) become U+FFFD: Postgres jsonb refuses
 * them and SQLite would keep them, so without this the same inbound message would store
 * on one database and fail on the other. Escaped backslashes are matched first so a
 * literal backslash followed by "u0000" is left alone.
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.includes('\\u0000')
    ? text.replace(/\\\\|\\u0000/g, (token) => (token === '\\u0000' ? '\\ufffd' : token))
    : text;
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
