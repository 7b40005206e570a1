import { CompiledQuery } from 'kysely';
import { expect, it } from 'vitest';
import type { Journey } from '../../engine/types.js';
import { forEachDialect } from '../testing/dialects.js';
import { countLiveQuery } from './journeys.js';

function journey(id: string, contactId: string, extra: Partial<Journey> = {}): Journey {
  return {
    id,
    canvasId: 'c',
    version: 1,
    contactId,
    status: 'waiting',
    stepId: 'answer',
    visit: 2,
    wait: { kind: 'delay', step: 'answer', visit: 2, until: 99 },
    context: { order: 7 },
    eventProperties: null,
    whatsApp: null,
    pendingSends: [],
    enteredAt: 10,
    updatedAt: 20,
    endedAt: null,
    exitReason: null,
    ...extra,
  };
}

forEachDialect((dialect) => {
  it('stores the engine journey as it is and loads live ones by contact', async () => {
    const store = await dialect.open();
    const j1 = journey('j1', 'alice');
    const j2 = journey('j2', 'alice', { canvasId: 'd', enteredAt: 11 });
    const ended = journey('j3', 'alice', {
      status: 'ended',
      stepId: 'stop',
      endedAt: 30,
      exitReason: 'completed',
    });
    const bob = journey('j4', 'bob', { status: 'active' });
    expect(
      await store.journeys.upsertMany([
        { journey: j1, branch: 'yes' },
        { journey: j2 },
        { journey: ended },
        { journey: bob },
        { journey: journey('j5', 'carol') },
      ]),
    ).toEqual(
      new Map([
        ['j1', 1],
        ['j2', 1],
        ['j3', 1],
        ['j4', 1],
        ['j5', 1],
      ]),
    );
    const live = await store.journeys.loadLiveByContacts(['alice', 'bob', 'nobody', 'alice']);
    expect(live).toEqual([
      { journey: j1, branch: 'yes', rowVersion: 1 },
      { journey: bob, branch: null, rowVersion: 1 },
      { journey: j2, branch: null, rowVersion: 1 },
    ]);
    // By id: only live ones (j3 ended), unknown ids and repeats ignored.
    expect(await store.journeys.loadLiveByIds(['j2', 'j3', 'j9', 'j1', 'j2'])).toEqual([
      { journey: j1, branch: 'yes', rowVersion: 1 },
      { journey: j2, branch: null, rowVersion: 1 },
    ]);
    expect(await store.journeys.loadLiveByIds([])).toEqual([]);
    expect(await store.journeys.get('j3')).toEqual({ journey: ended, branch: null, rowVersion: 1 });
    expect((await store.journeys.listByContact('alice')).map((r) => r.journey.id)).toEqual([
      'j2',
      'j3',
      'j1',
    ]);
  });

  it('updates with optimistic concurrency: a stale write fails and writes nothing', async () => {
    const store = await dialect.open();
    await store.journeys.upsertMany([{ journey: journey('j1', 'a'), expectedVersion: 0 }]);
    const moved = journey('j1', 'a', { stepId: 'thanks', status: 'active', visit: 3 });
    expect(await store.journeys.upsertMany([{ journey: moved, expectedVersion: 1 }])).toEqual(
      new Map([['j1', 2]]),
    );
    const stale = journey('j1', 'a', { stepId: 'sorry' });
    await expect(
      store.transaction(async (tx) => {
        await tx.journeys.upsertMany([{ journey: journey('j2', 'b'), expectedVersion: 0 }]);
        await tx.journeys.upsertMany([{ journey: stale, expectedVersion: 1 }]);
      }),
    ).rejects.toMatchObject({
      code: 'STORE_CONFLICT',
      message: 'journeys changed since they were read: j1',
    });
    expect(await store.journeys.get('j1')).toEqual({ journey: moved, branch: null, rowVersion: 2 });
    expect(await store.journeys.get('j2')).toBeUndefined();
    // A new journey whose id is taken is a conflict too, and the other rows roll back.
    await expect(
      store.journeys.upsertMany([
        { journey: journey('j2', 'b'), expectedVersion: 0 },
        { journey: journey('j1', 'b'), expectedVersion: 0 },
      ]),
    ).rejects.toThrow('journeys changed since they were read: j1');
    expect(await store.journeys.get('j1')).toEqual({ journey: moved, branch: null, rowVersion: 2 });
    expect(await store.journeys.get('j2')).toBeUndefined();
    const forced = await store.journeys.upsertMany([{ journey: stale }, { journey: stale }]);
    expect(forced).toEqual(new Map([['j1', 3]]));
    await store.db.deleteFrom('journeys').where('id', '=', 'j1').execute();
    await expect(
      store.journeys.upsertMany([{ journey: stale, expectedVersion: 3 }]),
    ).rejects.toThrow('journeys deleted since they were read: j1');
    expect(await store.journeys.get('j1')).toBeUndefined();
  });

  it('writes journeys that keep their step in place beside ones that move, one batch', async () => {
    const store = await dialect.open();
    await store.journeys.upsertMany([
      { journey: journey('j1', 'a'), expectedVersion: 0 },
      { journey: journey('j2', 'b'), expectedVersion: 0 },
    ]);
    const stored = { stepId: 'answer', status: 'waiting' } as const;
    const stays = journey('j1', 'a', { visit: 3, context: { order: 8 }, updatedAt: 30 });
    const moves = journey('j2', 'b', { stepId: 'thanks', status: 'ended', endedAt: 30 });
    expect(
      await store.journeys.upsertMany([
        { journey: stays, branch: 'any', expectedVersion: 1, stored },
        { journey: moves, expectedVersion: 1, stored },
      ]),
    ).toEqual(
      new Map([
        ['j2', 2],
        ['j1', 2],
      ]),
    );
    expect(await store.journeys.get('j1')).toEqual({
      journey: stays,
      branch: 'any',
      rowVersion: 2,
    });
    expect(await store.journeys.get('j2')).toEqual({ journey: moves, branch: null, rowVersion: 2 });
    // The indexes over step and status follow both: counts and live lists read them.
    expect(await store.journeys.countLiveByStep('c')).toEqual([
      { stepId: 'answer', status: 'waiting', count: 1 },
    ]);
    expect(await store.journeys.loadLiveByContacts(['a', 'b'])).toEqual([
      { journey: stays, branch: 'any', rowVersion: 2 },
    ]);
    // Kept in place or not, a stale write still fails and writes nothing.
    await expect(
      store.journeys.upsertMany([{ journey: stays, expectedVersion: 1, stored }]),
    ).rejects.toThrow('journeys changed since they were read: j1');
    expect((await store.journeys.get('j1'))?.rowVersion).toBe(2);
  });

  it('pages journeys of a canvas by step and counts them', async () => {
    const store = await dialect.open();
    const writes = Array.from({ length: 7 }, (_, i) => ({
      journey: journey(`j${i}`, `p${i}`, {
        stepId: i < 5 ? 'answer' : 'thanks',
        status: i === 6 ? 'ended' : 'waiting',
      }),
    }));
    await store.journeys.upsertMany(writes);
    const first = await store.journeys.listByCanvas('c', { stepId: 'answer', limit: 3 });
    expect(first.journeys.map((r) => r.journey.id)).toEqual(['j0', 'j1', 'j2']);
    const rest = await store.journeys.listByCanvas('c', {
      stepId: 'answer',
      limit: 3,
      after: first.next,
    });
    expect(rest.next).toBeUndefined();
    expect(rest.journeys.map((r) => r.journey.id)).toEqual(['j3', 'j4']);
    const ended = await store.journeys.listByCanvas('c', { status: 'ended' });
    expect(ended.journeys.map((r) => r.journey.id)).toEqual(['j6']);
    expect(await store.journeys.countLiveByStep('c')).toEqual([
      { stepId: 'answer', status: 'waiting', count: 5 },
      { stepId: 'thanks', status: 'waiting', count: 1 },
    ]);
    expect(await store.journeys.countLiveByStep('other')).toEqual([]);
    const pages: string[][] = [];
    for await (const page of store.journeys.pages('c', { status: 'waiting', pageSize: 4 })) {
      pages.push(page.map((r) => r.journey.id));
    }
    expect(pages).toEqual([
      ['j0', 'j1', 'j2', 'j3'],
      ['j4', 'j5'],
    ]);
    const walk = async (filter: { stepId?: string; status?: 'waiting' | 'ended' }) => {
      const ids: string[] = [];
      for await (const page of store.journeys.pages('c', { ...filter, pageSize: 2 })) {
        ids.push(...page.map((r) => r.journey.id));
      }
      return ids;
    };
    expect(await walk({})).toEqual(['j0', 'j1', 'j2', 'j3', 'j4', 'j6', 'j5']);
    expect(await walk({ stepId: 'thanks' })).toEqual(['j6', 'j5']);
    expect(await walk({ stepId: 'answer', status: 'waiting' })).toEqual([
      'j0',
      'j1',
      'j2',
      'j3',
      'j4',
    ]);
    expect(await walk({ status: 'ended' })).toEqual(['j6']);
    await expect(store.journeys.listByCanvas('c', { after: 'garbage' })).rejects.toThrow(
      '"garbage" is not a journey page cursor',
    );
    expect(await store.journeys.pruneEnded(21)).toEqual({ pruned: 0, next: undefined });
  });

  it('counts live journeys per step by seeks, however many have ended', async () => {
    const store = await dialect.open();
    const at = (i: number, stepId: string | null, status: Journey['status'], canvasId = 'c') => ({
      journey: journey(`j${String(i).padStart(3, '0')}`, `p${i}`, { stepId, status, canvasId }),
    });
    await store.journeys.upsertMany([
      ...Array.from({ length: 40 }, (_, i) => at(i, 'done', 'ended')),
      at(40, 'answer', 'waiting'),
      at(41, 'answer', 'waiting'),
      at(42, 'answer', 'active'),
      at(43, 'webhook', 'active'),
      at(44, null, 'active'),
      at(45, 'answer', 'waiting', 'other'),
    ]);
    expect(await store.journeys.countLiveByStep('c')).toEqual([
      { stepId: null, status: 'active', count: 1 },
      { stepId: 'answer', status: 'active', count: 1 },
      { stepId: 'answer', status: 'waiting', count: 2 },
      { stepId: 'webhook', status: 'active', count: 1 },
    ]);
    if (dialect.name === 'sqlite') {
      // Every read of journeys is a seek into the index, never a walk of the canvas's range.
      const query = countLiveQuery('c').compile(store.db);
      const plan = await store.db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      // (The first step is a min() over the canvas's range: one seek, then one entry.)
      const reads = plan.rows.map((r) => r.detail).filter((d) => /\b(journeys|j)\b/.test(d));
      expect(reads).toHaveLength(3);
      for (const read of reads)
        expect(read).toMatch(
          /^SEARCH (journeys|j) USING COVERING INDEX journeys_by_step \(canvas_id=\?/,
        );
    }
  });

  it('pages one status across steps by seeks, past any number of others', async () => {
    const store = await dialect.open();
    const at = (i: number, stepId: string, status: Journey['status']) => ({
      journey: journey(`j${String(i).padStart(3, '0')}`, `p${i}`, { stepId, status }),
    });
    await store.journeys.upsertMany([
      // Ended journeys before, between and after the waiting ones, in every step.
      ...Array.from({ length: 30 }, (_, i) => at(i, ['a', 'b', 'c'][i % 3] ?? 'a', 'ended')),
      at(30, 'a', 'waiting'),
      at(31, 'c', 'waiting'),
      at(32, 'a', 'waiting'),
      at(33, 'c', 'waiting'),
      at(34, 'c', 'active'),
      at(35, 'd', 'waiting'),
    ]);
    const ids = (page: { journeys: Array<{ journey: Journey }> }) =>
      page.journeys.map((r) => r.journey.id);
    const first = await store.journeys.listByCanvas('c', { status: 'waiting', limit: 2 });
    expect(ids(first)).toEqual(['j030', 'j032']);
    const second = await store.journeys.listByCanvas('c', {
      status: 'waiting',
      limit: 2,
      after: first.next,
    });
    expect(ids(second)).toEqual(['j031', 'j033']);
    const third = await store.journeys.listByCanvas('c', {
      status: 'waiting',
      limit: 2,
      after: second.next,
    });
    expect(ids(third)).toEqual(['j035']);
    expect(third.next).toBeUndefined();
    const active = await store.journeys.listByCanvas('c', { status: 'active' });
    expect(ids(active)).toEqual(['j034']);
    // A cursor from the unfiltered listing goes on from where it points, in index order.
    const all = await store.journeys.listByCanvas('c', { limit: 15 });
    expect(all.journeys.at(-1)?.journey).toMatchObject({ stepId: 'b', status: 'ended' });
    const fromThere = await store.journeys.listByCanvas('c', {
      status: 'waiting',
      after: all.next,
    });
    expect(ids(fromThere)).toEqual(['j031', 'j033', 'j035']);
    const pages: string[][] = [];
    for await (const page of store.journeys.pages('c', { status: 'ended', pageSize: 7 }))
      pages.push(page.map((r) => r.journey.id));
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
    expect(new Set(pages.flat()).size).toBe(30);
  });

  it('prunes ended journeys with their history, and only those', async () => {
    const store = await dialect.open();
    const ended = (id: string, at: number) =>
      journey(id, 'a', { status: 'ended', stepId: 'stop', endedAt: at });
    await store.journeys.upsertMany([
      { journey: ended('old', 10) },
      { journey: ended('recent', 30) },
      { journey: journey('live', 'a') },
    ]);
    await store.history.appendMany(
      ['old', 'recent', 'live'].map((id, i) => ({
        journeyId: id,
        contactId: 'a',
        canvasId: 'c',
        stepId: 'ask',
        branch: null,
        at: i,
      })),
    );
    expect(await store.journeys.pruneEnded(20)).toEqual({ pruned: 1, next: undefined });
    expect(await store.journeys.get('old')).toBeUndefined();
    expect(await store.history.listByJourney('old')).toEqual([]);
    expect((await store.history.listByContact('a')).map((h) => h.journeyId)).toEqual([
      'live',
      'recent',
    ]);
  });

  it('prunes in chunks along the ids, and stops where journeys entered after the cutoff', async () => {
    const store = await dialect.open();
    const ended = (id: string, enteredAt: number) =>
      journey(id, 'a', { status: 'ended', stepId: 'stop', enteredAt, endedAt: enteredAt + 1 });
    await store.journeys.upsertMany([
      { journey: ended('j1', 1) },
      { journey: journey('j2', 'a', { enteredAt: 2 }) },
      { journey: ended('j3', 3) },
      { journey: ended('j4', 50) },
      { journey: ended('j5', 51) },
      { journey: ended('j6', 52) },
    ]);
    // Two at a time: j1 (pruned) and j2 (waiting), then j3 (pruned) and j4 (too recent).
    expect(await store.journeys.pruneEnded(20, { limit: 2 })).toEqual({ pruned: 1, next: 'j2' });
    expect(await store.journeys.pruneEnded(20, { after: 'j2', limit: 2 })).toEqual({
      pruned: 1,
      next: 'j4',
    });
    // j5 and j6 entered after the cutoff: the walk ends there without looking further.
    expect(await store.journeys.pruneEnded(20, { after: 'j4', limit: 2 })).toEqual({
      pruned: 0,
      next: undefined,
    });
    const left = await Promise.all(['j1', 'j2', 'j3', 'j4'].map((id) => store.journeys.get(id)));
    expect(left.map((r) => r?.journey.id)).toEqual([undefined, 'j2', undefined, 'j4']);
  });

  it('records history, entries and events', async () => {
    const store = await dialect.open();
    await store.journeys.upsertMany([
      { journey: journey('j1', 'a') },
      { journey: journey('j2', 'a', { canvasId: 'd' }) },
      { journey: journey('j3', 'b') },
    ]);
    await store.history.appendMany([
      { journeyId: 'j1', contactId: 'a', canvasId: 'c', stepId: 'ask', branch: null, at: 1 },
      { journeyId: 'j1', contactId: 'a', canvasId: 'c', stepId: 'answer', branch: 'yes', at: 2 },
      { journeyId: 'j3', contactId: 'b', canvasId: 'c', stepId: 'ask', branch: null, at: 2 },
      { journeyId: 'j2', contactId: 'a', canvasId: 'd', stepId: 'ask', branch: null, at: 3 },
    ]);
    expect((await store.history.listByJourney('j1')).map((h) => [h.stepId, h.branch])).toEqual([
      ['ask', null],
      ['answer', 'yes'],
    ]);
    const timeline = await store.history.listByContact('a', { limit: 2 });
    expect(timeline.map((h) => h.at)).toEqual([3, 2]);
    expect(
      (await store.history.listByContact('a', { before: timeline[1]?.id })).map((h) => h.at),
    ).toEqual([1]);

    await store.entries.recordMany([
      { canvasId: 'c', contactId: 'a', at: 5 },
      { canvasId: 'c', contactId: 'a', at: 4 },
      { canvasId: 'c', contactId: 'b', at: 6 },
    ]);
    await store.entries.recordMany([{ canvasId: 'c', contactId: 'a', at: 3 }]);
    expect(await store.entries.get('c', 'a')).toEqual({ count: 3, lastEnteredAt: 5 });
    expect(await store.entries.getMany('c', ['a', 'b', 'z'])).toEqual(
      new Map([
        ['a', { count: 3, lastEnteredAt: 5 }],
        ['b', { count: 1, lastEnteredAt: 6 }],
      ]),
    );

    await store.events.appendMany([
      { contactId: 'a', name: 'purchase', properties: { sku: 'x' }, at: 10 },
      { contactId: 'a', name: 'visit', properties: {}, at: 20 },
    ]);
    const events = await store.events.listByContact('a');
    expect(events.map((e) => [e.name, e.properties, e.at])).toEqual([
      ['visit', {}, 20],
      ['purchase', { sku: 'x' }, 10],
    ]);
    expect((await store.events.listByContact('a', { name: 'purchase' })).length).toBe(1);
    expect((await store.events.listByContact('a', { before: 20 })).map((e) => e.name)).toEqual([
      'purchase',
    ]);
  });
});
