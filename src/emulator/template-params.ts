/**
 * Send-side template parameters: one `{type, …}` object each. Text-like values (text,
 * currency, date_time) fill body and header variables; media fill media headers; a payload
 * fills a quick-reply button; a text fills a URL button's suffix.
 */
import { GraphError, missingParam } from './errors.js';
import { isRecord, sub, type Json } from './json-fields.js';

export type ParamValue =
  | { kind: 'text'; name?: string; value: string }
  | { kind: 'media'; format: 'IMAGE' | 'VIDEO' | 'DOCUMENT'; media: Json }
  | { kind: 'location'; location: Json }
  | { kind: 'payload'; value: string }
  | { kind: 'coupon_code'; value: string }
  | { kind: 'other'; type: string };

/** The format name Meta's 132012 details use for a parameter (`received IMAGE`). */
export function formatOf(param: ParamValue | undefined): string {
  if (!param) return 'UNKNOWN';
  switch (param.kind) {
    case 'text':
      return 'TEXT';
    case 'media':
      return param.format;
    case 'location':
      return 'LOCATION';
    case 'payload':
      return 'PAYLOAD';
    case 'coupon_code':
      return 'COUPON_CODE';
    case 'other':
      return param.type.toUpperCase();
  }
}

/**
 * Meta refuses text parameters with new lines, tabs or more than 4 consecutive spaces
 * (132018), and empty ones (131008).
 */
function checkText(value: string, path: string): void {
  if (value === '') throw missingParam(path);
  if (/[\n\t]/.test(value) || / {5,}/.test(value))
    throw new GraphError(
      132018,
      'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
    );
}

function requireStringAt(obj: Json, key: string, path: string): string {
  const value = obj[key];
  if (value === undefined || value === null || value === '') throw missingParam(sub(path, key));
  if (typeof value !== 'string')
    throw new GraphError(100, `Param ${sub(path, key)} must be a string.`);
  return value;
}

export function parseParam(raw: unknown, path: string): ParamValue {
  if (!isRecord(raw) || typeof raw.type !== 'string') throw missingParam(sub(path, 'type'));
  const name = typeof raw.parameter_name === 'string' ? raw.parameter_name : undefined;
  const withName = <T extends { kind: 'text'; value: string }>(p: T): ParamValue =>
    name === undefined ? p : { ...p, name };
  switch (raw.type) {
    case 'text': {
      const value = requireStringAt(raw, 'text', path);
      checkText(value, sub(path, 'text'));
      return withName({ kind: 'text', value });
    }
    case 'currency':
    case 'date_time': {
      const inner = raw[raw.type];
      if (!isRecord(inner)) throw missingParam(sub(path, raw.type));
      const value = requireStringAt(inner, 'fallback_value', sub(path, raw.type));
      checkText(value, sub(sub(path, raw.type), 'fallback_value'));
      return withName({ kind: 'text', value });
    }
    case 'image':
    case 'video':
    case 'document': {
      const media = raw[raw.type];
      if (!isRecord(media) || (typeof media.link !== 'string' && typeof media.id !== 'string'))
        throw missingParam(`${sub(path, raw.type)}['link']`);
      const format = raw.type === 'image' ? 'IMAGE' : raw.type === 'video' ? 'VIDEO' : 'DOCUMENT';
      return { kind: 'media', format, media };
    }
    case 'location': {
      const location = raw.location;
      if (!isRecord(location) || typeof location.latitude !== 'number')
        throw missingParam(sub(sub(path, 'location'), 'latitude'));
      return { kind: 'location', location };
    }
    case 'payload':
      return { kind: 'payload', value: requireStringAt(raw, 'payload', path) };
    case 'coupon_code':
      return { kind: 'coupon_code', value: requireStringAt(raw, 'coupon_code', path) };
    default:
      return { kind: 'other', type: raw.type };
  }
}

export function parseParams(raw: unknown, path: string): ParamValue[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new GraphError(100, `Param ${path} must be an array.`);
  return raw.map((p, i) => parseParam(p, sub(path, i)));
}

/** Meta's count-mismatch wording: `body: number of localizable_params (1) does not match …`. */
export function countMismatch(where: string, given: number, expected: number): GraphError {
  return new GraphError(
    132000,
    `${where}: number of localizable_params (${given}) does not match the expected number of params (${expected})`,
  );
}

/** Meta's format-mismatch wording: `header: Format mismatch, expected IMAGE, received TEXT`. */
export function formatMismatch(where: string, expected: string, param?: ParamValue): GraphError {
  return new GraphError(
    132012,
    `${where}: Format mismatch, expected ${expected}, received ${formatOf(param)}`,
  );
}
