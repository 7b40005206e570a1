import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  const ttlMs = 1_000;

  it('splits partitions between owners and lets a live owner keep its own', async () => {
    const store = await dialect.open();
    expect(await store.leases.acquire('w1', { total: 4, wanted: 2, now: 0, ttlMs })).toEqual([
      0, 1,
    ]);
    expect(await store.leases.acquire('w2', { total: 4, wanted: 4, now: 10, ttlMs })).toEqual([
      2, 3,
    ]);
    expect(await store.leases.acquire('w1', { total: 4, wanted: 2, now: 500, ttlMs })).toEqual([
      0, 1,
    ]);
    expect(await store.leases.owners(600)).toEqual(['w1', 'w2']);
    expect(await store.leases.list()).toEqual([
      { partition: 0, owner: 'w1', leaseUntil: 1_500 },
      { partition: 1, owner: 'w1', leaseUntil: 1_500 },
      { partition: 2, owner: 'w2', leaseUntil: 1_010 },
      { partition: 3, owner: 'w2', leaseUntil: 1_010 },
    ]);
  });

  it('lets another owner take expired partitions, and gives extras back', async () => {
    const store = await dialect.open();
    await store.leases.acquire('w1', { total: 4, wanted: 4, now: 0, ttlMs });
    expect(await store.leases.acquire('w2', { total: 4, wanted: 2, now: 999, ttlMs })).toEqual([]);
    expect(await store.leases.acquire('w2', { total: 4, wanted: 2, now: 1_001, ttlMs })).toEqual([
      0, 1,
    ]);
    expect(await store.leases.renew('w1', 1_002, ttlMs)).toEqual([2, 3]);
    expect(await store.leases.acquire('w1', { total: 4, wanted: 1, now: 1_003, ttlMs })).toEqual([
      2,
    ]);
    expect(await store.leases.acquire('w2', { total: 4, wanted: 3, now: 1_004, ttlMs })).toEqual([
      0, 1, 3,
    ]);
    await store.leases.release('w2', [3]);
    await store.leases.release('w1');
    expect(await store.leases.owners(1_005)).toEqual(['w2']);
    expect(await store.leases.acquire('w3', { total: 4, wanted: 4, now: 1_006, ttlMs })).toEqual([
      2, 3,
    ]);
  });

  it('never gives one partition to two owners acquiring at once', async () => {
    const store = await dialect.open();
    // Several processes share a database only where the dialect supports it (Postgres);
    // on SQLite the one store's connection serializes the concurrent calls.
    const second = store.capabilities.multiWorker
      ? await dialect.open({ sameDatabaseAs: store })
      : store;
    await store.leases.acquire('seed', { total: 8, wanted: 0, now: 0, ttlMs });
    const results = await Promise.all(
      ['a', 'b', 'c', 'd'].map((owner, i) =>
        (i % 2 === 0 ? store : second).leases.acquire(owner, {
          total: 8,
          wanted: 3,
          now: 0,
          ttlMs,
        }),
      ),
    );
    const all = results.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a bad request', async () => {
    const store = await dialect.open();
    await expect(
      store.leases.acquire('w', { total: 0, wanted: 1, now: 0, ttlMs }),
    ).rejects.toMatchObject({
      code: 'STORE_BAD_INPUT',
      message: 'lease total must be an integer >= 1 and wanted an integer >= 0',
    });
    expect(await store.leases.list()).toEqual([]);
  });
});
