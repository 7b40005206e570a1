import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  it('lists the dispatch ids of cancelled sends only', async () => {
    const store = await dialect.open();
    const jobs = [
      ['s1', 'send', { dispatchId: 'spring' }],
      ['s2', 'send', { dispatchId: 'summer' }],
      ['s3', 'send', { dispatchId: 'autumn' }],
      ['e1', 'enter', { canvasId: 'c', dispatchId: 'entry' }],
    ] as const;
    for (const [id, kind, payload] of jobs)
      await store.broadcasts.create({ id, kind, payload: { ...payload }, audienceAt: 0 });
    expect(await store.broadcasts.cancelledSendDispatches()).toEqual(new Set());
    for (const id of ['s1', 's3', 'e1']) expect(await store.broadcasts.cancel(id)).toBe(true);
    expect(await store.broadcasts.cancelledSendDispatches()).toEqual(new Set(['spring', 'autumn']));
  });

  it('stores a broadcast job and moves its cursor page by page, once per page', async () => {
    let now = 1_000;
    const store = await dialect.open({ now: () => now });
    const audience = { custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals' } };
    await store.broadcasts.create({
      id: 'd1',
      kind: 'enter',
      payload: { canvasId: 'c', context: { promo: 'x' } },
      audience,
      audienceAt: 900,
    });
    await store.broadcasts.create({
      id: 'd2',
      kind: 'send',
      payload: { number: 'main' },
      audienceAt: 950,
    });
    expect(await store.broadcasts.get('d1')).toEqual({
      id: 'd1',
      kind: 'enter',
      payload: { canvasId: 'c', context: { promo: 'x' } },
      audience,
      audienceAt: 900,
      cursor: null,
      state: 'running',
      queued: 0,
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    now = 2_000;
    expect(await store.broadcasts.advance('d1', null, 'p1', 500)).toBe(true);
    // A second process that walked the same page loses the race and changes nothing.
    expect(await store.broadcasts.advance('d1', null, 'p1', 500)).toBe(false);
    expect(await store.broadcasts.advance('d1', 'p1', undefined, 20)).toBe(true);
    expect(await store.broadcasts.get('d1')).toMatchObject({
      cursor: 'p1',
      state: 'done',
      queued: 520,
      updatedAt: 2_000,
    });
    // A finished job takes no more pages.
    expect(await store.broadcasts.advance('d1', 'p1', 'p2', 1)).toBe(false);
    expect((await store.broadcasts.running()).map((j) => j.id)).toEqual(['d2']);
    expect((await store.broadcasts.get('d2'))?.audience).toBeUndefined();
    // Newest first (ties by id), a page at a time; by state.
    const first = await store.broadcasts.list({ limit: 1 });
    expect(first.jobs.map((j) => j.id)).toEqual(['d2']);
    expect((await store.broadcasts.list({ after: first.next })).jobs.map((j) => j.id)).toEqual([
      'd1',
    ]);
    expect((await store.broadcasts.list({ state: 'done' })).jobs.map((j) => j.id)).toEqual(['d1']);
    expect((await store.broadcasts.list({ limit: 2 })).next).toBeUndefined();
    await expect(store.broadcasts.list({ after: 'x' })).rejects.toThrow(
      '"x" is not a broadcast page cursor',
    );
    // A running job can be cancelled once; it then takes no page and holds nothing.
    expect(await store.broadcasts.holdRunning('d2')).toBe(true);
    expect(await store.broadcasts.cancel('d2')).toBe(true);
    expect(await store.broadcasts.cancel('d2')).toBe(false);
    expect(await store.broadcasts.cancel('d1')).toBe(false);
    expect(await store.broadcasts.get('d1')).toMatchObject({ state: 'done' });
    // A done job may be cancelled when the caller says so (a send still leaving).
    expect(await store.broadcasts.cancel('d1', ['running', 'done'])).toBe(true);
    expect(await store.broadcasts.get('d1')).toMatchObject({ state: 'cancelled' });
    expect(await store.broadcasts.holdRunning('d2')).toBe(false);
    expect(await store.broadcasts.holdRunning('nope')).toBe(false);
    expect(await store.broadcasts.advance('d2', null, 'p1', 5)).toBe(false);
    expect(await store.broadcasts.get('d2')).toMatchObject({ state: 'cancelled', queued: 0 });
    expect(await store.broadcasts.running()).toEqual([]);
    // Finished jobs are pruned once old enough; running ones never are.
    expect(await store.broadcasts.prune(2_000)).toBe(0);
    expect(await store.broadcasts.prune(2_001)).toBe(2);
    expect(await store.broadcasts.get('d1')).toBeUndefined();
    expect(await store.broadcasts.get('d2')).toBeUndefined();
  });
});
