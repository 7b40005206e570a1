/**
 * One catalog of HTTP errors with stable codes (Fastify's FST_ERR_* style). Bad input gets a
 * precise 4xx with the offending field and a hint; nothing ever answers a stack trace.
 *
 * Two envelopes: the native API's `{error: {code, message, field?, hint?, issues?}}` and
 * Braze's `{message, errors}` for the Braze-compatible routes (reference §4a).
 */
import type { FastifyError } from 'fastify';
import { StoreError } from '../store/errors.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; hint?: string; issues?: unknown[] } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const errors = {
  badRequest: (code: string, message: string, details: ApiError['details'] = {}) =>
    new ApiError(400, code, message, details),
  unauthorized: (message = 'a valid API key is required: Authorization: Bearer <key>') =>
    new ApiError(401, 'unauthorized', message),
  forbidden: (message: string) => new ApiError(403, 'forbidden', message),
  notFound: (what: string) => new ApiError(404, 'not_found', `${what} does not exist`),
  conflict: (code: string, message: string, details: ApiError['details'] = {}) =>
    new ApiError(409, code, message, details),
  unprocessable: (code: string, message: string, details: ApiError['details'] = {}) =>
    new ApiError(422, code, message, details),
  tooLarge: (limit: number) =>
    new ApiError(413, 'body_too_large', `the body is larger than ${limit} bytes`),
  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, 'rate_limited', `too many requests; retry in ${retryAfterSeconds}s`),
} as const;

/** The native API's error body. */
export function errorBody(error: ApiError): { error: Record<string, unknown> } {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details.field !== undefined ? { field: error.details.field } : {}),
      ...(error.details.hint !== undefined ? { hint: error.details.hint } : {}),
      ...(error.details.issues !== undefined ? { issues: error.details.issues } : {}),
    },
  };
}

/** Braze's fatal-error body: a message, and what was wrong in `errors`. */
export function brazeErrorBody(error: ApiError): { message: string; errors: unknown[] } {
  const detail = {
    type: error.code,
    ...(error.details.field !== undefined ? { field: error.details.field } : {}),
    ...(error.details.hint !== undefined ? { hint: error.details.hint } : {}),
  };
  return { message: error.message, errors: error.details.issues ?? [detail] };
}

/**
 * Any error thrown while serving a request, as an ApiError: ours as they are, the store's
 * coded ones by their code, Fastify's client errors (bad JSON, body too large, unsupported
 * media type) with stable codes. Anything else is ours to fix: a 500 with no detail.
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreError) {
    switch (error.code) {
      case 'STORE_BAD_INPUT':
        return new ApiError(400, 'invalid_field', error.message);
      case 'STORE_CONFLICT':
        return new ApiError(409, 'conflict', error.message);
      case 'STORE_NOT_FOUND':
        return new ApiError(404, 'not_found', error.message);
      default:
        return undefined;
    }
  }
  const fastify = error as Partial<FastifyError>;
  const status = fastify.statusCode ?? 500;
  if (status < 400 || status >= 500) return undefined;
  return new ApiError(status, fastifyCode(fastify), clientMessage(fastify));
}

function fastifyCode(error: Partial<FastifyError>): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'empty_body';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed_json';
    default:
      return error instanceof SyntaxError ? 'malformed_json' : 'bad_request';
  }
}

function clientMessage(error: Partial<FastifyError>): string {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return 'unsupported Content-Type; send application/json';
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return 'the body is not valid JSON';
  return error.message ?? 'bad request';
}
