import { expect, it } from 'vitest';
import type { Store } from '../store/open.js';
import { forEachDialect } from '../store/testing/dialects.js';
import { DRAIN_MAX_MS, PartitionShare, SETTLE_MS } from './partition-share.js';
import { ALL_PARTITIONS } from './partitions.js';

forEachDialect((dialect) => {
  const half = ALL_PARTITIONS.length / 2;
  const lower = ALL_PARTITIONS.slice(0, half);
  const upper = ALL_PARTITIONS.slice(half);

  async function twoWorkers() {
    let now = 1_000_000;
    const store = await dialect.open({ now: () => now });
    const other =
      dialect.name === 'postgres' ? await dialect.open({ sameDatabaseAs: store }) : store;
    const takenOver: Record<string, number[][]> = { a: [], b: [] };
    const share = (owner: 'a' | 'b', on: Store) =>
      new PartitionShare({
        store: on,
        owner,
        now: () => now,
        leaseTtlMs: 6_000,
        takeOver: async (partitions) => {
          takenOver[owner]?.push([...partitions]);
        },
      });
    return {
      store,
      a: share('a', store),
      b: share('b', other),
      takenOver,
      advance: (ms: number) => (now += ms),
    };
  }

  it('gives partitions over its share back only after they settle, and takes over only what it gains', async () => {
    const { a, b, takenOver, advance } = await twoWorkers();
    expect(await a.renew()).toEqual(ALL_PARTITIONS);
    expect(a.partitions).toEqual(ALL_PARTITIONS);

    // b arrives: nothing is free yet; a stops working the upper half but keeps its leases.
    expect(await b.renew()).toEqual([]);
    expect(await a.renew()).toEqual([]);
    expect(a.partitions).toEqual(lower);
    expect(a.workers).toBe(2);
    expect(await b.renew()).toEqual([]);

    // A renewal period later they are released, and b takes them over.
    advance(SETTLE_MS);
    await a.renew();
    expect(await b.renew()).toEqual(upper);
    expect(b.partitions).toEqual(upper);
    expect(takenOver).toEqual({ a: [ALL_PARTITIONS], b: [upper] });
  });

  it('keeps a partition while one of its sends is in flight, and gives it once answered', async () => {
    const { store, a, b, advance } = await twoWorkers();
    await a.renew();
    const last = ALL_PARTITIONS.length - 1;
    const [row] = await store.outbox.insertMany([
      { key: 'k', partition: last, kind: 'send_whatsapp', number: 'main', payload: {} },
    ]);
    const id = row?.id ?? -1;
    await store.outbox.startMany([id], 'pending');
    await b.renew();
    await a.renew();
    advance(SETTLE_MS);
    await a.renew();
    expect(await b.renew()).toEqual(upper.slice(0, -1));

    expect(await store.outbox.complete(id, {})).toBe(true);
    advance(1);
    await a.renew();
    expect(await b.renew()).toEqual([last]);
  });

  it('gives a partition whose send never answers after DRAIN_MAX_MS', async () => {
    const { store, a, b, advance } = await twoWorkers();
    await a.renew();
    const last = ALL_PARTITIONS.length - 1;
    const [row] = await store.outbox.insertMany([
      { key: 'k', partition: last, kind: 'send_whatsapp', number: 'main', payload: {} },
    ]);
    await store.outbox.startMany([row?.id ?? -1], 'pending');
    await b.renew();
    await a.renew();
    // Both keep renewing, as their lease loops do, until the drain gives up waiting.
    for (let waited = 0; waited < DRAIN_MAX_MS; waited += 2_000) {
      advance(2_000);
      await a.renew();
      await b.renew();
    }
    expect(b.partitions).toEqual(upper);
  });

  it('works its draining partitions again when the other worker leaves, without a takeover', async () => {
    const { store, a, b, takenOver, advance } = await twoWorkers();
    await a.renew();
    await b.renew();
    await a.renew();
    expect(a.partitions).toEqual(lower);
    await store.leases.release('b');
    advance(1);
    expect(await a.renew()).toEqual([]);
    expect(a.partitions).toEqual(ALL_PARTITIONS);
    expect(a.workers).toBe(1);
    expect(takenOver.a).toEqual([ALL_PARTITIONS]);
  });
});
