import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  const timer = (key: string, dueAt: number, partition = 0) => ({
    key,
    journeyId: `j-${key}`,
    contactId: `c-${key}`,
    partition,
    dueAt,
    kind: 'action_paths',
  });

  it('claims due timers earliest first, only in the given partitions', async () => {
    const store = await dialect.open();
    await store.timers.upsertMany([
      timer('late', 300, 1),
      timer('early', 100, 2),
      timer('future', 1_000, 1),
      timer('other', 50, 3),
      timer('mid', 200, 1),
    ]);
    const due = await store.timers.claimDue(500, [1, 2], 10);
    expect(due.map((t) => [t.key, t.dueAt, t.attempts])).toEqual([
      ['early', 100, 1],
      ['mid', 200, 1],
      ['late', 300, 1],
    ]);
    expect(due[0]).toEqual({ ...timer('early', 100, 2), attempts: 1 });
    expect(await store.timers.claimDue(500, [1, 2], 10)).toEqual([]);
  });

  it('limits a claim and fires a claimed timer again after its lease', async () => {
    const store = await dialect.open();
    await store.timers.upsertMany([timer('a', 10), timer('b', 20), timer('c', 30)]);
    expect((await store.timers.claimDue(100, [0], 2, 1_000)).map((t) => t.key)).toEqual(['a', 'b']);
    expect((await store.timers.claimDue(100, [0], 2, 1_000)).map((t) => t.key)).toEqual(['c']);
    expect(await store.timers.claimDue(1_099, [0], 10, 1_000)).toEqual([]);
    const again = await store.timers.claimDue(1_100, [0], 10, 1_000);
    expect(again.map((t) => [t.key, t.dueAt, t.attempts])).toEqual([
      ['a', 10, 2],
      ['b', 20, 2],
      ['c', 30, 2],
    ]);
  });

  it('moves a timer set again, and deletes by key and by journey', async () => {
    const store = await dialect.open();
    await store.timers.upsertMany([timer('a', 10), timer('b', 20), timer('c', 30)]);
    await store.timers.upsertMany([timer('a', 500)]);
    expect(await store.timers.nextDueAt([0])).toBe(20);
    expect(await store.timers.deleteMany(['b', 'missing'])).toBe(1);
    expect(await store.timers.deleteByJourneys(['j-c'])).toBe(1);
    expect(await store.timers.claimDue(100, [0], 10)).toEqual([]);
    expect((await store.timers.claimDue(500, [0], 10)).map((t) => t.key)).toEqual(['a']);
    expect(await store.timers.nextDueAt([])).toBeUndefined();
  });

  it('hands out timers due at the same moment in key order (journeys created together stay together)', async () => {
    const store = await dialect.open();
    // Inserted out of order, over two partitions.
    await store.timers.upsertMany([
      timer('j03:1', 100, 1),
      timer('j01:1', 100, 2),
      timer('j04:1', 50, 1),
      timer('j02:1', 100, 1),
    ]);
    expect((await store.timers.due(100, [1, 2], 10)).map((t) => t.key)).toEqual([
      'j04:1',
      'j01:1',
      'j02:1',
      'j03:1',
    ]);
    expect((await store.timers.claimDue(100, [1, 2], 3)).map((t) => t.key)).toEqual([
      'j04:1',
      'j01:1',
      'j02:1',
    ]);
  });
});
