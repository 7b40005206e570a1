/**
 * The one way the dashboard talks to the server: JSON over fetch with the session cookie,
 * the CSRF token on writes, and the API's single error shape turned into `ApiError`.
 */
import type { CanvasIssue } from '../../../src/canvas/issues';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly hint?: string,
    readonly issues: unknown[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Canvas issues carried by `invalid_canvas` / `publish_blocked` answers. */
  get canvasIssues(): CanvasIssue[] {
    return this.issues.filter(isCanvasIssue);
  }
}

function isCanvasIssue(value: unknown): value is CanvasIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'message' in value &&
    typeof value.message === 'string' &&
    'path' in value
  );
}

let csrfToken = '';
let onUnauthorized: (() => void) | undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when the server says the session is gone, so the app can show sign-in again. */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== '') headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Is Riposte running?');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const error = toApiError(response.status, data);
    if (response.status === 401 && !path.endsWith('/session')) onUnauthorized?.();
    throw error;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: 'bad_response', message: text.slice(0, 200) } };
  }
}

function toApiError(status: number, data: unknown): ApiError {
  const error =
    typeof data === 'object' && data !== null && 'error' in data ? data.error : undefined;
  if (typeof error !== 'object' || error === null)
    return new ApiError(status, 'http_error', `The server answered ${status}.`);
  const read = (key: string): string | undefined => {
    const value: unknown = (error as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : undefined;
  };
  const issues: unknown = (error as Record<string, unknown>).issues;
  return new ApiError(
    status,
    read('code') ?? 'http_error',
    read('message') ?? `The server answered ${status}.`,
    read('field'),
    read('hint'),
    Array.isArray(issues) ? issues : [],
  );
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError)
    return error.hint ? `${error.message} ${error.hint}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/** `?a=1&b=2` from the defined entries. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
