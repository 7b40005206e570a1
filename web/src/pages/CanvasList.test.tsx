// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CanvasList } from './CanvasList';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.location.hash = '';
});

/** A server with an archived canvas `zz` and a `zz-2` made elsewhere since the list loaded. */
function serverWithArchived() {
  const exists = new Set(['zz', 'zz-2']);
  const tried: string[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    const json = (status: number, value: unknown) =>
      new Response(JSON.stringify(value), { status });
    if ((init.method ?? 'GET') === 'GET')
      return json(200, {
        canvases: [
          { id: 'zz', name: 'Zz', status: 'archived', liveVersion: null, entries: 0, updatedAt: 1 },
        ],
      });
    const { id } = JSON.parse(String(init.body)) as { id: string };
    tried.push(id);
    if (exists.has(id))
      return json(409, {
        error: { code: 'canvas_exists', message: `a canvas with id "${id}" exists` },
      });
    exists.add(id);
    return json(201, { canvas: { id } });
  });
  return tried;
}

describe('new canvas', () => {
  it('never takes the id of an archived canvas, and moves on when an id turns out taken', async () => {
    const tried = serverWithArchived();
    const user = userEvent.setup();
    render(<CanvasList />);
    expect(
      await screen.findByText('No canvases yet. Name one above to start building.'),
    ).toBeTruthy();

    await user.type(screen.getByTestId('new-canvas-name'), 'Zz');
    await user.click(screen.getByTestId('new-canvas'));
    await waitFor(() => expect(window.location.hash).toBe('#/canvases/zz-3'));
    expect(tried).toEqual(['zz-2', 'zz-3']);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
