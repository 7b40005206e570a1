import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  const at = 1_000_000;
  const effect = (key: string, extra: { partition?: number; notBefore?: number } = {}) => ({
    key,
    journeyId: 'j1',
    contactId: 'c1',
    partition: extra.partition ?? 0,
    kind: 'send_whatsapp',
    number: 'main',
    payload: { to: 'c1', key },
    ...(extra.notBefore === undefined ? {} : { notBefore: extra.notBefore }),
  });

  it('queues effects once per key', async () => {
    const store = await dialect.open({ now: () => at });
    expect(await store.outbox.insertMany([effect('j1:1'), effect('j1:2'), effect('j1:1')])).toEqual(
      [
        { key: 'j1:1', id: 1, duplicate: false },
        { key: 'j1:2', id: 2, duplicate: false },
        { key: 'j1:1', id: null, duplicate: true },
      ],
    );
    expect((await store.outbox.insertMany([effect('j1:2')]))[0]?.duplicate).toBe(true);
    expect(await store.outbox.getByKey('j1:1')).toEqual({
      id: 1,
      key: 'j1:1',
      journeyId: 'j1',
      contactId: 'c1',
      partition: 0,
      kind: 'send_whatsapp',
      number: 'main',
      payload: { to: 'c1', key: 'j1:1' },
      state: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      leaseOwner: null,
      leaseUntil: null,
      lastError: null,
      result: null,
      createdAt: at,
      updatedAt: at,
    });
  });

  it('withdraws pending rows by key prefix, literally, and leaves the rest', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany(
      ['send:a_%:1', 'send:a_%:2', 'send:a_%:3', 'send:ab%:1', 'send:a:1'].map((k) => effect(k)),
    );
    const [first] = await store.outbox.due({ now: at, limit: 1 });
    await store.outbox.startMany([first?.id ?? 0], 'pending');
    // _ and % are not wildcards here; the one in flight is on its way and stays.
    expect((await store.outbox.withdrawPending('send:a_%:', 'cancelled', 10)).sort()).toEqual([
      'send:a_%:2',
      'send:a_%:3',
    ]);
    expect(await store.outbox.getByKey('send:a_%:2')).toMatchObject({
      state: 'failed',
      lastError: 'cancelled',
    });
    expect(await store.outbox.countByState()).toMatchObject({
      pending: 2,
      in_flight: 1,
      failed: 2,
    });
    await expect(store.outbox.withdrawPending('', 'x', 10)).rejects.toThrow(
      'withdrawPending: the key prefix must not be empty',
    );
    await expect(store.outbox.withdrawPending('send:', 'x', 0)).rejects.toThrow(
      'withdrawPending: the limit must be a positive integer, not 0',
    );
    expect(await store.outbox.countByState()).toMatchObject({ pending: 2, failed: 2 });
    expect(await store.outbox.countIn(['pending', 'failed'])).toEqual({ pending: 2, failed: 2 });
  });

  it('withdraws a page at a time in the order the dispatcher takes them', async () => {
    const store = await dialect.open({ now: () => at });
    // Inserted out of due order: the page must follow due time, then id.
    await store.outbox.insertMany([
      effect('send:d:late', { notBefore: at + 50 }),
      effect('send:d:1'),
      effect('other:1'),
      effect('send:d:2'),
      effect('send:d:later', { notBefore: at + 90 }),
    ]);
    // Which rows make each page is the order; the keys come back in no particular order.
    expect((await store.outbox.withdrawPending('send:d:', 'cancelled', 2)).sort()).toEqual([
      'send:d:1',
      'send:d:2',
    ]);
    expect((await store.outbox.withdrawPending('send:d:', 'cancelled', 2)).sort()).toEqual([
      'send:d:late',
      'send:d:later',
    ]);
    expect(await store.outbox.withdrawPending('send:d:', 'cancelled', 2)).toEqual([]);
    expect(await store.outbox.getByKey('other:1')).toMatchObject({ state: 'pending' });
  });

  it('claims due rows with a lease, never the same row twice', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      effect('a'),
      effect('later', { notBefore: at + 500 }),
      effect('b', { partition: 1 }),
      effect('c'),
    ]);
    const first = await store.outbox.claim({ owner: 'w1', now: at, leaseMs: 100, limit: 2 });
    expect(first.map((r) => [r.key, r.state, r.leaseOwner, r.leaseUntil, r.attempts])).toEqual([
      ['a', 'claimed', 'w1', at + 100, 1],
      ['b', 'claimed', 'w1', at + 100, 1],
    ]);
    const second = await store.outbox.claim({
      owner: 'w2',
      now: at,
      leaseMs: 100,
      limit: 10,
      partitions: [0],
    });
    expect(second.map((r) => r.key)).toEqual(['c']);
    const later = await store.outbox.claim({ owner: 'w2', now: at + 500, leaseMs: 100, limit: 10 });
    expect(later.map((r) => r.key)).toEqual(['later']);
    expect(await store.outbox.countByState()).toEqual({
      pending: 0,
      claimed: 4,
      in_flight: 0,
      done: 0,
      failed: 0,
      ambiguous: 0,
    });
  });

  it('names the partitions among those asked for with effects claimed or in flight', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      effect('pending', { partition: 1 }),
      effect('claimed', { partition: 2 }),
      effect('flying', { partition: 3 }),
      effect('done', { partition: 4 }),
    ]);
    const [claimed] = await store.outbox.claim({
      owner: 'w1',
      now: at,
      leaseMs: 100,
      limit: 1,
      partitions: [2],
    });
    expect(claimed?.key).toBe('claimed');
    const flying = (await store.outbox.getByKey('flying'))?.id ?? -1;
    const done = (await store.outbox.getByKey('done'))?.id ?? -1;
    expect(await store.outbox.startMany([flying, done], 'pending')).toEqual([flying, done]);
    expect(await store.outbox.complete(done, {})).toBe(true);
    expect(await store.outbox.partitionsInHand([1, 2, 3, 4, 5])).toEqual([2, 3]);
    expect(await store.outbox.partitionsInHand([4, 3])).toEqual([3]);
    expect(await store.outbox.partitionsInHand([])).toEqual([]);
  });

  it('claims around the contacts named in notFor, never around effects of no one', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      { ...effect('a'), contactId: 'alice' },
      { ...effect('b'), contactId: 'bob' },
      { ...effect('n'), contactId: null },
    ]);
    const claimed = await store.outbox.claim({
      owner: 'w',
      now: at,
      leaseMs: 100,
      limit: 9,
      notFor: ['alice'],
    });
    expect(claimed.map((c) => c.key)).toEqual(['b', 'n']);
  });

  it('lets a lone dispatcher read due rows without claiming, start them from pending and settle them', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      { ...effect('a'), contactId: 'alice' },
      { ...effect('later', { notBefore: at + 10 }), contactId: 'bob' },
      { ...effect('b'), contactId: 'bob' },
      { ...effect('c'), contactId: 'carol' },
    ]);
    const due = await store.outbox.due({ now: at, limit: 9, notFor: ['carol'] });
    expect(due.map((d) => [d.key, d.state, d.attempts])).toEqual([
      ['a', 'pending', 0],
      ['b', 'pending', 0],
    ]);
    // Reading took nothing: the same rows are still due.
    expect((await store.outbox.due({ now: at, limit: 9 })).map((d) => d.key)).toEqual([
      'a',
      'b',
      'c',
    ]);
    const [a, b] = due;
    expect(await store.outbox.startMany([a?.id ?? 0], 'pending')).toEqual([a?.id]);
    expect(await store.outbox.startMany([a?.id ?? 0], 'pending')).toEqual([]);
    expect(await store.outbox.retry(b?.id ?? 0, at + 60, 'pair rate')).toBe(true);
    expect((await store.outbox.due({ now: at, limit: 9 })).map((d) => d.key)).toEqual(['c']);
    expect(await store.outbox.countByState()).toMatchObject({ pending: 3, in_flight: 1 });
  });

  it('reads due rows by partition, kind and people, the same statement with fresh values', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      { ...effect('a'), contactId: 'alice' },
      { ...effect('b', { partition: 1 }), contactId: 'bob' },
      { ...effect('c', { partition: 1 }), contactId: 'carol', kind: 'call_webhook' },
      { ...effect('d', { partition: 2 }), contactId: 'dan' },
    ]);
    const keys = async (look: Parameters<typeof store.outbox.due>[0]) =>
      (await store.outbox.due(look)).map((d) => d.key);
    // Each look twice with other values: a statement kept per shape must bind the new ones.
    expect(await keys({ now: at, limit: 9, partitions: [1] })).toEqual(['b', 'c']);
    expect(await keys({ now: at, limit: 9, partitions: [2] })).toEqual(['d']);
    expect(await keys({ now: at, limit: 9, kind: 'call_webhook' })).toEqual(['c']);
    expect(await keys({ now: at, limit: 9, kind: 'send_whatsapp' })).toEqual(['a', 'b', 'd']);
    expect(await keys({ now: at, limit: 9, notFor: ['alice', 'bob', 'dan'] })).toEqual(['c']);
    expect(await keys({ now: at, limit: 9, notFor: ['carol', 'bob', 'dan'] })).toEqual(['a']);
    expect(await keys({ now: at - 1, limit: 9 })).toEqual([]);
    expect(await keys({ now: at, limit: 2 })).toEqual(['a', 'b']);
    expect(await keys({ now: at, limit: 9, partitions: [] })).toEqual([]);
  });

  it('gives concurrent dispatchers disjoint rows', async () => {
    const store = await dialect.open({ now: () => at });
    // A second process exists only where the dialect allows several workers.
    const other = store.capabilities.multiWorker
      ? await dialect.open({ now: () => at, sameDatabaseAs: store })
      : store;
    await store.outbox.insertMany(Array.from({ length: 40 }, (_, i) => effect(`e${i}`)));
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? store : other).outbox.claim({
          owner: `w${i}`,
          now: at,
          leaseMs: 100,
          limit: 5,
        }),
      ),
    );
    const keys = claims.flat().map((r) => r.key);
    expect(keys).toHaveLength(40);
    expect(new Set(keys).size).toBe(40);
  });

  it('completes, fails and retries claimed rows', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([effect('ok'), effect('bad'), effect('again')]);
    const [ok, bad, again] = await store.outbox.claim({
      owner: 'w',
      now: at,
      leaseMs: 100,
      limit: 3,
    });
    expect(await store.outbox.complete(ok?.id ?? 0, { wamid: 'wamid.1' })).toBe(true);
    expect(await store.outbox.complete(ok?.id ?? 0, { wamid: 'wamid.2' })).toBe(false);
    expect(await store.outbox.fail(bad?.id ?? 0, '131026 undeliverable')).toBe(true);
    expect(await store.outbox.retry(again?.id ?? 0, at + 60, '130429 rate limit')).toBe(true);
    expect(await store.outbox.get(ok?.id ?? 0)).toMatchObject({
      state: 'done',
      result: { wamid: 'wamid.1' },
      leaseOwner: null,
    });
    expect(await store.outbox.get(bad?.id ?? 0)).toMatchObject({
      state: 'failed',
      lastError: '131026 undeliverable',
    });
    expect(await store.outbox.claim({ owner: 'w', now: at + 59, leaseMs: 100, limit: 9 })).toEqual(
      [],
    );
    const retried = await store.outbox.claim({ owner: 'w', now: at + 60, leaseMs: 100, limit: 9 });
    expect(retried.map((r) => [r.key, r.attempts, r.lastError])).toEqual([
      ['again', 2, '130429 rate limit'],
    ]);
    expect(await store.outbox.countByState()).toEqual({
      pending: 0,
      claimed: 1,
      in_flight: 0,
      done: 1,
      failed: 1,
      ambiguous: 0,
    });
    // At most the limit a call, done before failed; the claimed row is never pruned.
    expect(await store.outbox.prune(at + 1, 1)).toBe(1);
    expect(await store.outbox.countByState()).toMatchObject({ done: 0, failed: 1, claimed: 1 });
    expect(await store.outbox.prune(at + 1)).toBe(1);
    expect(await store.outbox.countByState()).toMatchObject({ done: 0, failed: 0, claimed: 1 });
  });

  it('completes a wave in one call: rows in flight or ambiguous, never a row already done', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([effect('a'), effect('b'), effect('c')]);
    const [a, b, c] = await store.outbox.claim({ owner: 'w', now: at, leaseMs: 100, limit: 3 });
    await store.outbox.startMany([a?.id ?? 0, b?.id ?? 0]);
    await store.outbox.complete(c?.id ?? 0, { wamid: 'first' });
    const done = await store.transaction((tx) =>
      tx.outbox.completeMany([
        { id: a?.id ?? 0, result: { wamid: 'wa' } },
        { id: b?.id ?? 0, result: { wamid: 'wb' } },
        { id: c?.id ?? 0, result: { wamid: 'again' } },
        { id: 999_999, result: null },
      ]),
    );
    expect(done).toEqual([a?.id, b?.id]);
    expect(await store.outbox.get(b?.id ?? 0)).toMatchObject({
      state: 'done',
      result: { wamid: 'wb' },
      leaseOwner: null,
    });
    expect(await store.outbox.get(c?.id ?? 0)).toMatchObject({ result: { wamid: 'first' } });
  });

  it('marks in-flight rows of a restarted owner or an expired lease ambiguous', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([effect('mine'), effect('theirs'), effect('expired')]);
    const claimed = [
      ...(await store.outbox.claim({ owner: 'me', now: at, leaseMs: 1_000, limit: 1 })),
      ...(await store.outbox.claim({ owner: 'them', now: at, leaseMs: 1_000, limit: 1 })),
      ...(await store.outbox.claim({ owner: 'gone', now: at, leaseMs: 10, limit: 1 })),
    ];
    for (const item of claimed) expect(await store.outbox.start(item.id)).toBe(true);
    const recovered = await store.outbox.recoverInFlight({ owner: 'me', now: at + 100 });
    expect(recovered.map((r) => [r.key, r.state])).toEqual([
      ['mine', 'ambiguous'],
      ['expired', 'ambiguous'],
    ]);
    expect(await store.outbox.claim({ owner: 'me', now: at + 100, leaseMs: 1, limit: 9 })).toEqual(
      [],
    );
    expect((await store.outbox.listByState('ambiguous')).map((r) => r.key)).toEqual([
      'mine',
      'expired',
    ]);
    expect(await store.outbox.complete(recovered[0]?.id ?? 0, { wamid: 'late' })).toBe(true);
    expect((await store.outbox.recoverInFlight({ now: at + 2_000 })).map((r) => r.key)).toEqual([
      'theirs',
    ]);
  });

  it('returns claimed rows that never started to pending: they were never sent', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([
      effect('sent'),
      effect('waiting'),
      effect('elsewhere', { partition: 1 }),
    ]);
    const [sent] = await store.outbox.claim({ owner: 'dead', now: at, leaseMs: 60_000, limit: 3 });
    expect(await store.outbox.start(sent?.id ?? 0)).toBe(true);
    expect(await store.outbox.start(sent?.id ?? 0)).toBe(false);
    const recovered = await store.outbox.recoverInFlight({ now: at + 1, partitions: [0] });
    expect(recovered.map((r) => r.key)).toEqual(['sent']);
    expect((await store.outbox.getByKey('waiting'))?.state).toBe('pending');
    expect((await store.outbox.getByKey('elsewhere'))?.state).toBe('claimed');
  });

  it('makes a webhook call in flight at a crash again (at least once), never ambiguous', async () => {
    const store = await dialect.open({ now: () => at });
    await store.outbox.insertMany([{ ...effect('hook'), kind: 'call_webhook' }]);
    const [hook] = await store.outbox.claim({ owner: 'dead', now: at, leaseMs: 60_000, limit: 1 });
    expect(await store.outbox.start(hook?.id ?? 0)).toBe(true);
    expect(await store.outbox.recoverInFlight({ now: at + 1, partitions: [0] })).toEqual([]);
    expect(await store.outbox.getByKey('hook')).toMatchObject({
      state: 'pending',
      nextAttemptAt: at + 1,
    });
  });
});
