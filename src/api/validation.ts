/**
 * Request validation with zod: one schema per body gives validation, the TypeScript type
 * and the OpenAPI document. A failure becomes a 400 with a stable code, the offending field
 * and, for a misspelt field, the closest known one — never zod's raw issue list.
 */
import { z } from 'zod';
import { formatPath, type PathSegment } from '../canvas/issues.js';
import { didYouMean } from '../canvas/suggest.js';
import { ApiError } from './errors.js';

export type InputPart = 'body' | 'query' | 'params';

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: InputPart,
): z.output<S> {
  const result = schema.safeParse(value ?? (part === 'body' ? {} : value));
  if (result.success) return result.data;
  const [first] = result.error.issues;
  throw first === undefined
    ? new ApiError(400, 'invalid_request', `the ${part} is not valid`)
    : issueError(first, schema, value, part);
}

function issueError(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  value: unknown,
  part: InputPart,
): ApiError {
  const path = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
  if (issue.code === 'unrecognized_keys') {
    const [key = ''] = issue.keys;
    const known = Object.keys(shapeAt(schema, path) ?? {});
    const field = formatPath([...path, key]);
    const more = issue.keys.length > 1 ? ` (and ${issue.keys.length - 1} more)` : '';
    return new ApiError(
      400,
      'unknown_field',
      `unknown field "${field}"${didYouMean(key, known)}${more}`,
      { field, ...(known.length > 0 ? { hint: `known fields: ${known.join(', ')}` } : {}) },
    );
  }
  const field = formatPath(path);
  const where = field === '' ? `the ${part}` : field;
  if (issue.code === 'invalid_type' && valueAt(value, path) === undefined) {
    return new ApiError(400, 'missing_field', `${where} is required`, fieldOf(field));
  }
  return new ApiError(400, 'invalid_field', `${where}: ${plain(issue.message)}`, fieldOf(field));
}

function fieldOf(field: string): { field?: string } {
  return field === '' ? {} : { field };
}

/** zod's default texts start with "Invalid input: "; the field name says that already. */
function plain(message: string): string {
  return message.replace(/^Invalid input: /, '');
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const seg of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[seg];
  }
  return current;
}

/** The object shape at a path, to suggest the field the author meant. */
function shapeAt(schema: z.ZodType, path: readonly PathSegment[]): z.ZodRawShape | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (current instanceof z.ZodObject && typeof seg === 'string') {
      current = unwrap(current.shape[seg] as z.ZodType | undefined);
    } else if (current instanceof z.ZodArray && typeof seg === 'number') {
      current = unwrap(current.element as z.ZodType);
    } else {
      return undefined;
    }
  }
  return current instanceof z.ZodObject ? current.shape : undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; i < 10 && current !== undefined; i++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
  return current;
}
