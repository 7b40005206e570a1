// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Broadcast } from '../api/types';
import { AudienceProgress, entering, progressText } from './AudienceProgress';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const job = (over: Partial<Broadcast>): Broadcast => ({
  id: 'd1',
  kind: 'enter',
  dispatchId: 'd1',
  sendId: null,
  canvasId: 'promo',
  audience: { custom_attribute: { custom_attribute_name: 'tier' } },
  state: 'running',
  queued: 12500,
  createdAt: Date.UTC(2026, 10, 26, 9, 5),
  updatedAt: Date.UTC(2026, 10, 26, 9, 7),
  finishedAt: null,
  ...over,
});

describe('audience entries in progress', () => {
  it("keeps only this canvas's entry jobs: not sends, not other canvases", () => {
    const jobs = [
      job({ id: 'a' }),
      job({ id: 'b', canvasId: 'other' }),
      job({ id: 'c', kind: 'send', canvasId: null }),
    ];
    expect(entering(jobs, 'promo').map((j) => j.id)).toEqual(['a']);
  });

  it('says who is being entered and how many so far', () => {
    expect(progressText(job({}))).toMatch(
      /^Entering an audience \(started .+\): 12,500 people so far$/,
    );
    expect(progressText(job({ audience: null, queued: 3 }))).toMatch(
      /^Entering everyone \(started .+\): 3 people so far$/,
    );
  });

  it('shows running jobs from the server, and nothing when none runs for this canvas', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (path: string) => {
      asked.push(path);
      return new Response(
        JSON.stringify({ broadcasts: [job({}), job({ id: 'x', canvasId: 'other' })], next: null }),
        { status: 200 },
      );
    });
    render(<AudienceProgress canvasId="promo" pollMs={60_000} />);
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('12,500 people so far');
    expect(asked).toEqual(['/api/v1/broadcasts?state=running&limit=100']);
    cleanup();

    render(<AudienceProgress canvasId="quiet" pollMs={60_000} />);
    await vi.waitFor(() => expect(asked.length).toBe(2));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('stops an entry only after a second click, and then shows it no more', async () => {
    const calls: string[] = [];
    let running = [job({})];
    vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(`${method} ${path}`);
      if (method === 'POST') {
        running = [];
        return new Response(JSON.stringify({ broadcast: { state: 'cancelled' }, withdrawn: 0 }), {
          status: 200,
        });
      }
      return new Response(JSON.stringify({ broadcasts: running, next: null }), { status: 200 });
    });
    const user = userEvent.setup();
    render(<AudienceProgress canvasId="promo" pollMs={60_000} />);
    await user.click(await screen.findByRole('button', { name: 'Stop…' }));
    // Changing one's mind sends nothing.
    await user.click(screen.getByRole('button', { name: 'Keep going' }));
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Stop…' }));
    expect(
      screen.getByText('Stop entering? Those already entered stay in the canvas.'),
    ).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Stop entering' }));
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(calls).toEqual([
      'GET /api/v1/broadcasts?state=running&limit=100',
      'POST /api/v1/broadcasts/d1/cancel',
      'GET /api/v1/broadcasts?state=running&limit=100',
    ]);
  });

  it('says why when the server refuses to stop it', async () => {
    vi.stubGlobal('fetch', async (_path: string, init: RequestInit = {}) =>
      (init.method ?? 'GET') === 'POST'
        ? new Response(
            JSON.stringify({
              error: {
                code: 'broadcast_finished',
                message: 'broadcast "d1" has already finished (done)',
              },
            }),
            { status: 409 },
          )
        : new Response(JSON.stringify({ broadcasts: [job({})], next: null }), { status: 200 }),
    );
    const user = userEvent.setup();
    render(<AudienceProgress canvasId="promo" pollMs={60_000} />);
    await user.click(await screen.findByRole('button', { name: 'Stop…' }));
    await user.click(screen.getByRole('button', { name: 'Stop entering' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'broadcast "d1" has already finished (done)',
    );
  });
});
