// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.location.hash = '';
});

/** The session routes of a fresh server, and an empty canvas list. */
function freshServer() {
  const calls: Array<{ method: string; path: string; csrf: string | undefined; body: unknown }> =
    [];
  let user: { email: string } | null = null;
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    calls.push({
      method,
      path,
      csrf: headers.get('X-CSRF-Token') ?? undefined,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status });
    if (path === '/api/v1/session' && method === 'GET')
      return json(200, { user, csrfToken: 'anon-token', setupNeeded: user === null });
    if (path === '/api/v1/setup') {
      user = { email: 'ana@example.com' };
      return json(200, { user, csrfToken: 'session-token' });
    }
    if (path === '/api/v1/canvases' && method === 'GET') return json(200, { canvases: [] });
    return json(404, { error: { code: 'not_found', message: 'no route' } });
  });
  return calls;
}

describe('first run', () => {
  it('creates the first account, then shows the canvases and uses the new CSRF token', async () => {
    const calls = freshServer();
    const user = userEvent.setup();
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Create the first account' })).toBeTruthy();
    await user.type(screen.getByTestId('signin-email'), 'ana@example.com');
    await user.type(screen.getByTestId('signin-password'), 'long enough password');
    await user.click(screen.getByTestId('signin-submit'));

    expect(await screen.findByRole('heading', { name: 'Canvases' })).toBeTruthy();
    expect(screen.getByText('ana@example.com')).toBeTruthy();
    expect(calls.find((c) => c.path === '/api/v1/setup')).toEqual({
      method: 'POST',
      path: '/api/v1/setup',
      csrf: 'anon-token',
      body: { email: 'ana@example.com', password: 'long enough password' },
    });

    await user.click(screen.getByTestId('new-canvas'));
    const create = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/canvases');
    expect(create?.csrf).toBe('session-token');
    expect(create?.body).toEqual({
      specVersion: 1,
      id: 'untitled-canvas',
      name: 'Untitled canvas',
      entry: { type: 'api' },
      steps: [{ id: 'done', type: 'exit' }],
      ui: { positions: { done: { x: 960, y: 320 } } },
    });
  });
});
