import { expect, it } from 'vitest';
import { StoreInputError } from '../errors.js';
import { forEachDialect } from '../testing/dialects.js';
import { INBOX_DEDUPE_RETENTION_MS } from './inbox.js';

forEachDialect((dialect) => {
  const at = 1_700_000_000_000;
  const event = (key: string, partition = 0) => ({
    dedupeKey: key,
    partition,
    contactId: `c${partition}`,
    kind: 'wa_message',
    payload: { key },
  });

  it('stores a key once, however often it is delivered', async () => {
    const store = await dialect.open({ now: () => at });
    const first = await store.inbox.enqueueMany([event('wa:msg:1'), event('wa:msg:1')]);
    const again = await store.inbox.enqueueMany([event('wa:msg:1')]);
    expect(first).toEqual([
      { dedupeKey: 'wa:msg:1', id: 1, duplicate: false },
      { dedupeKey: 'wa:msg:1', id: null, duplicate: true },
    ]);
    expect(again).toEqual([{ dedupeKey: 'wa:msg:1', id: null, duplicate: true }]);
    expect(await store.inbox.backlog()).toBe(1);
    expect(await store.inbox.get(1)).toEqual({
      id: 1,
      dedupeKey: 'wa:msg:1',
      partition: 0,
      contactId: 'c0',
      kind: 'wa_message',
      payload: { key: 'wa:msg:1' },
      receivedAt: at,
      state: 'pending',
    });
  });

  it('stores the same payloads on every database, NUL characters included', async () => {
    const store = await dialect.open({ now: () => at });
    const payload = { text: 'hi\u0000there', emoji: '👍🏽', nested: { n: 1.5, list: [null, true] } };
    await store.inbox.enqueueMany([{ ...event('odd'), payload }]);
    expect((await store.inbox.get(1))?.payload).toEqual({
      text: 'hi\ufffdthere',
      emoji: '👍🏽',
      nested: { n: 1.5, list: [null, true] },
    });
  });

  it('reports new and duplicate events in input order', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('b')]);
    const result = await store.inbox.enqueueMany([event('a'), event('b'), event('c')]);
    expect(result.map((r) => [r.dedupeKey, r.duplicate])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
    expect(result[0]?.id).toBeLessThan(result[2]?.id ?? 0);
  });

  it('refuses a bad event and stores none of the batch', async () => {
    const store = await dialect.open({ now: () => at });
    await expect(
      store.inbox.enqueueMany([event('ok'), { ...event('bad'), partition: -1 }]),
    ).rejects.toThrow(new StoreInputError('events[1]: partition must be an integer >= 0'));
    await expect(store.inbox.enqueueMany([{ ...event('x'), dedupeKey: '' }])).rejects.toThrow(
      'events[0]: dedupeKey must be a non-empty string',
    );
    expect(await store.inbox.backlog()).toBe(0);
    expect((await store.inbox.enqueueMany([event('ok')]))[0]?.duplicate).toBe(false);
  });

  it('claims pending events of the given partitions in arrival order', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('p1-a', 1), event('p2-a', 2), event('p1-b', 1)]);
    await store.inbox.enqueueMany([event('p3-a', 3), event('p2-b', 2)]);
    const lease = { owner: 'w1', now: at, ttlMs: 1000 };
    const claimed = await store.inbox.claim([1, 2], 3, lease);
    expect(claimed.map((e) => e.dedupeKey)).toEqual(['p1-a', 'p2-a', 'p1-b']);
    const next = await store.inbox.claim([1, 2], 10, lease);
    expect(next.map((e) => e.dedupeKey)).toEqual(['p2-b']);
    expect(await store.inbox.claim([1, 2], 10, lease)).toEqual([]);
    expect(await store.inbox.claim([], 10, lease)).toEqual([]);
  });

  it('names the partitions among those asked for that have claimed events', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('p1', 1), event('p2', 2), event('p3', 3)]);
    await store.inbox.claim([2, 3], 10, { owner: 'w1', now: at, ttlMs: 1000 });
    expect(await store.inbox.partitionsClaimed([1, 2, 4])).toEqual([2]);
    expect(await store.inbox.partitionsClaimed([3, 2, 1])).toEqual([2, 3]);
    expect(await store.inbox.partitionsClaimed([])).toEqual([]);
    await store.inbox.releasePartitions([2, 3]);
    expect(await store.inbox.partitionsClaimed([1, 2, 3])).toEqual([]);
  });

  it('gives concurrent claimers disjoint events', async () => {
    const store = await dialect.open({ now: () => at });
    const other = store.capabilities.multiWorker
      ? await dialect.open({ now: () => at, sameDatabaseAs: store })
      : store;
    await store.inbox.enqueueMany(Array.from({ length: 30 }, (_, i) => event(`e${i}`, i % 3)));
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? store : other).inbox.claim([0, 1, 2], 5, {
          owner: `w${i}`,
          now: at,
          ttlMs: 1000,
        }),
      ),
    );
    const ids = claims.flat().map((e) => e.id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it('returns expired claims to pending, and released ones', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('a'), event('b')]);
    const [a, b] = await store.inbox.claim([0], 10, { owner: 'w1', now: at, ttlMs: 1000 });
    expect(await store.inbox.claim([0], 10, { owner: 'w2', now: at + 1000, ttlMs: 1000 })).toEqual(
      [],
    );
    await store.inbox.release([b?.id ?? 0]);
    const retaken = await store.inbox.claim([0], 10, { owner: 'w2', now: at + 1001, ttlMs: 1000 });
    expect(retaken.map((e) => e.id)).toEqual([a?.id, b?.id]);
  });

  it('gives back every claim of partitions taken over', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('a', 1), event('b', 2), event('c', 1)]);
    await store.inbox.claim([1, 2], 10, { owner: 'dead', now: at, ttlMs: 60_000 });
    expect(await store.inbox.releasePartitions([1])).toBe(2);
    expect(await store.inbox.releasePartitions([])).toBe(0);
    const retaken = await store.inbox.claim([1, 2], 10, { owner: 'new', now: at, ttlMs: 1000 });
    expect(retaken.map((e) => e.dedupeKey)).toEqual(['a', 'c']);
  });

  it('keeps the dedupe key of a done event until it is pruned', async () => {
    let now = at;
    const store = await dialect.open({ now: () => now });
    await store.inbox.enqueueMany([event('wa:msg:9'), event('wa:msg:10')]);
    const claimed = await store.inbox.claim([0], 10, { owner: 'w', now, ttlMs: 1000 });
    await store.inbox.complete(claimed.map((e) => e.id));
    expect(await store.inbox.backlog()).toBe(0);
    expect(await store.inbox.get(1)).toMatchObject({ state: 'done', payload: null });
    now = at + 3 * 24 * 3600 * 1000;
    expect((await store.inbox.enqueueMany([event('wa:msg:9')]))[0]?.duplicate).toBe(true);
    expect(await store.inbox.prune()).toBe(0);
    now = at + INBOX_DEDUPE_RETENTION_MS + 1;
    // In chunks: one at a time, then nothing is left to prune.
    expect(await store.inbox.prune(now - INBOX_DEDUPE_RETENTION_MS, 1)).toBe(1);
    expect(await store.inbox.prune()).toBe(1);
    expect(await store.inbox.prune()).toBe(0);
    expect((await store.inbox.enqueueMany([event('wa:msg:9')]))[0]?.duplicate).toBe(false);
  });

  it('skips an event put off until its time, whether read or claimed', async () => {
    const store = await dialect.open({ now: () => at });
    await store.inbox.enqueueMany([event('a'), event('b'), event('c')]);
    const [a] = await store.inbox.pending([0], 1);
    await store.inbox.defer([a?.id ?? 0], at + 200);
    expect((await store.inbox.pending([0], 1, at + 199)).map((e) => e.dedupeKey)).toEqual(['b']);
    expect((await store.inbox.pending([0], 10, at + 200)).map((e) => e.dedupeKey)).toEqual([
      'a',
      'b',
      'c',
    ]);
    // The same read of another partition binds that one: nothing is pending there.
    expect(await store.inbox.pending([1], 10, at + 200)).toEqual([]);
    // A claimed event put off goes back to pending and is claimed again only when due.
    const [b] = await store.inbox.claim([0], 1, { owner: 'w', now: at + 200, ttlMs: 1000 });
    expect(b?.dedupeKey).toBe('a');
    await store.inbox.defer([b?.id ?? 0], at + 500);
    const early = await store.inbox.claim([0], 10, { owner: 'w', now: at + 499, ttlMs: 1000 });
    expect(early.map((e) => e.dedupeKey)).toEqual(['b', 'c']);
    const due = await store.inbox.claim([0], 10, { owner: 'w', now: at + 500, ttlMs: 1000 });
    expect(due.map((e) => e.dedupeKey)).toEqual(['a']);
    expect(await store.inbox.backlog()).toBe(3);
  });
});
