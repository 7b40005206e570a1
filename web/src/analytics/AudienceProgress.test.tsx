// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
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
    expect(status.textContent).toMatch(/12,500 people so far$/);
    expect(asked).toEqual(['/api/v1/broadcasts?state=running&limit=100']);
    cleanup();

    render(<AudienceProgress canvasId="quiet" pollMs={60_000} />);
    await vi.waitFor(() => expect(asked.length).toBe(2));
    expect(screen.queryByRole('status')).toBeNull();
  });
});
