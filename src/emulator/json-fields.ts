/**
 * Reading request JSON the way Graph checks parameters: paths are written as Meta writes
 * them (`interactive['action']['buttons'][0]['reply']['title']`), a missing required field
 * is 131008 on the messages endpoint (100 elsewhere), a wrong type is 100.
 */
import { GraphError, missingParam } from './errors.js';

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `text` + `body` → `text['body']`; `buttons` + 0 → `buttons[0]`. */
export function sub(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path ? `${path}['${key}']` : key;
}

export type MissingError = (path: string) => GraphError;
const missingDefault: MissingError = missingParam;
export const missing100: MissingError = (path) =>
  new GraphError(100, `The parameter ${path} is required.`);

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function requireRecord(
  obj: Json,
  key: string,
  path: string,
  missing: MissingError = missingDefault,
): Json {
  const value = obj[key];
  if (!present(value)) throw missing(sub(path, key));
  if (!isRecord(value)) throw new GraphError(100, `Param ${sub(path, key)} must be an object.`);
  return value;
}

export function requireArray(
  obj: Json,
  key: string,
  path: string,
  missing: MissingError = missingDefault,
): unknown[] {
  const value = obj[key];
  if (!present(value)) throw missing(sub(path, key));
  if (!Array.isArray(value)) throw new GraphError(100, `Param ${sub(path, key)} must be an array.`);
  return value;
}

export function requireString(
  obj: Json,
  key: string,
  path: string,
  missing: MissingError = missingDefault,
): string {
  const value = obj[key];
  if (!present(value)) throw missing(sub(path, key));
  if (typeof value !== 'string')
    throw new GraphError(100, `Param ${sub(path, key)} must be a string.`);
  return value;
}

export function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new GraphError(100, `Param ${sub(path, key)} must be a string.`);
  return value;
}

export function optionalRecord(obj: Json, key: string, path: string): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new GraphError(100, `Param ${sub(path, key)} must be an object.`);
  return value;
}

/** Length in characters as Meta counts them (code points, so an emoji is one). */
export function charLength(value: string): number {
  return [...value].length;
}

/** A length limit on a plain parameter: code 100, worded like Graph. */
export function checkMax(value: string, max: number, path: string): void {
  if (charLength(value) > max)
    throw new GraphError(100, `Param ${path} must be at most ${max} characters long.`);
}
