/**
 * One catalog of HTTP errors with stable codes (Fastify's FST_ERR_* style). Bad input gets a
 * precise 4xx with the offending field and a hint; nothing ever answers a stack trace.
 */
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
