import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';
import { HOUR_MS } from './metrics.js';

forEachDialect((dialect) => {
  const h0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR_MS);

  it('adds increments up in one upsert and reports totals and hourly series', async () => {
    const store = await dialect.open();
    const inc = (stepId: string, metric: string, at: number, label?: string, by?: number) => ({
      canvasId: 'c',
      version: 1,
      stepId,
      metric,
      at,
      ...(label === undefined ? {} : { label }),
      ...(by === undefined ? {} : { by }),
    });
    await store.metrics.incrementMany([
      inc('ask', 'sent', h0 + 1),
      inc('ask', 'sent', h0 + 2),
      inc('answer', 'group', h0 + 3, 'yes'),
      inc('answer', 'group', h0 + HOUR_MS + 5, 'no'),
    ]);
    await store.metrics.incrementMany([
      inc('ask', 'sent', h0 + HOUR_MS, undefined, 5),
      inc('answer', 'group', h0 + 10, 'yes'),
      { ...inc('ask', 'sent', h0), version: 2 },
      { ...inc('ask', 'sent', h0), canvasId: 'other' },
    ]);
    expect(await store.metrics.totals('c')).toEqual([
      { stepId: 'answer', metric: 'group', label: 'no', count: 1 },
      { stepId: 'answer', metric: 'group', label: 'yes', count: 2 },
      { stepId: 'ask', metric: 'sent', label: null, count: 8 },
    ]);
    expect(await store.metrics.totals('c', { version: 1, stepId: 'ask' })).toEqual([
      { stepId: 'ask', metric: 'sent', label: null, count: 7 },
    ]);
    expect(await store.metrics.series('c', { from: h0 + 10, to: h0 + 2 * HOUR_MS })).toEqual([
      { hour: h0, stepId: 'answer', metric: 'group', label: 'yes', count: 2 },
      { hour: h0, stepId: 'ask', metric: 'sent', label: null, count: 3 },
      { hour: h0 + HOUR_MS, stepId: 'answer', metric: 'group', label: 'no', count: 1 },
      { hour: h0 + HOUR_MS, stepId: 'ask', metric: 'sent', label: null, count: 5 },
    ]);
    expect(await store.metrics.series('c', { from: h0 + HOUR_MS, metric: 'sent' })).toEqual([
      { hour: h0 + HOUR_MS, stepId: 'ask', metric: 'sent', label: null, count: 5 },
    ]);
    expect(await store.metrics.totals('c', { to: h0 })).toEqual([]);
  });
});
