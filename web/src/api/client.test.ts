import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, query, setCsrfToken } from './client';

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken('');
});

function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  });
  return calls;
}

describe('the API client', () => {
  it('sends the CSRF token on writes only, with a JSON body', async () => {
    const calls = fakeFetch(200, { ok: 1 });
    setCsrfToken('tok-1');
    await api('GET', '/api/v1/canvases');
    await api('PUT', '/api/v1/canvases/x', { a: 1 });
    expect(calls.map((c) => [c.url, c.init.method, c.init.headers, c.init.body])).toEqual([
      ['/api/v1/canvases', 'GET', { Accept: 'application/json' }, undefined],
      [
        '/api/v1/canvases/x',
        'PUT',
        { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': 'tok-1' },
        '{"a":1}',
      ],
    ]);
  });

  it('turns the error shape into an ApiError with its canvas issues', async () => {
    const issue = {
      severity: 'error',
      code: 'template_not_approved',
      path: 'steps[0].whatsapp.template',
      message: 'is PENDING',
      stepId: 'ask',
    };
    fakeFetch(409, {
      error: { code: 'publish_blocked', message: 'Cannot publish.', issues: [issue] },
    });
    const error = await api('POST', '/api/v1/canvases/x/publish', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    if (!(error instanceof ApiError)) return;
    expect([error.status, error.code, error.message]).toEqual([
      409,
      'publish_blocked',
      'Cannot publish.',
    ]);
    expect(error.canvasIssues).toEqual([issue]);
  });

  it('answers undefined for 204', async () => {
    fakeFetch(204, undefined);
    expect(await api('DELETE', '/api/v1/session')).toBeUndefined();
  });

  it('builds query strings from the defined values', () => {
    expect(query({ from: 5, to: undefined, q: '' })).toBe('?from=5');
    expect(query({})).toBe('');
  });
});
