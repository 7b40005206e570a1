/**
 * Broadcast jobs through the runner: everyone is walked a page at a time and entered once,
 * the job ends done with its count, and a walk that died after a page reached the inbox
 * but before the cursor moved (a crash between the two) carries on without entering
 * anyone twice.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAudience } from '../../src/api/braze/audience.js';
import { broadcastHandler } from '../../src/api/braze/broadcast-handler.js';
import {
  BROADCAST_PAGE,
  walkBroadcastPage,
  type BroadcastWalker,
} from '../../src/runner/broadcasts.js';
import { ChannelSet } from '../../src/runner/channels.js';
import { Runner } from '../../src/runner/runner.js';
import { openStore, type Store } from '../../src/store/open.js';

const PEOPLE = 2 * BROADCAST_PAGE + 100;
const CANVAS = {
  specVersion: 1,
  id: 'promo',
  name: 'Promo',
  entry: { type: 'api' },
  steps: [{ id: 'mark', type: 'user_update', inc: { promos: 1 } }],
};

const JOB = {
  id: 'd1',
  kind: 'enter' as const,
  payload: { canvasId: 'promo', context: {} },
  audienceAt: 0,
};

describe('broadcast jobs in the runner', () => {
  let store: Store;
  let runner: Runner;
  let walker: BroadcastWalker;

  beforeEach(async () => {
    store = await openStore({ url: 'sqlite::memory:' });
    await store.canvases.create(CANVAS.id, { name: CANVAS.name, draft: CANVAS });
    await store.canvases.publish(CANVAS.id, CANVAS);
    await store.contacts.resolveManyIds(
      Array.from({ length: PEOPLE }, (_, i) => ({ address: { externalId: `u${i}` } })),
    );
    walker = {
      match: compileAudience,
      handle: broadcastHandler(store, () => runner.ingest, Date.now),
    };
    runner = new Runner({
      store,
      channels: new ChannelSet(),
      defaultNumber: 'main',
      broadcasts: walker,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  async function promosPerPerson(): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (let after: string | undefined, more = true; more;) {
      const page = await store.contacts.search('', { limit: 1000, ...(after ? { after } : {}) });
      for (const c of page.contacts) {
        const n = Number(c.attributes.promos ?? 0);
        counts.set(n, (counts.get(n) ?? 0) + 1);
      }
      after = page.next;
      more = after !== undefined;
    }
    return counts;
  }

  it('walks everyone a page at a time, enters each once and ends the job', async () => {
    await store.broadcasts.create(JOB);
    await runner.settle();
    expect(await promosPerPerson()).toEqual(new Map([[1, PEOPLE]]));
    expect(await store.broadcasts.get('d1')).toMatchObject({ state: 'done', queued: PEOPLE });
    expect(await store.inbox.backlog()).toBe(0);
  });

  it('carries on after a walk died between a page and its cursor, entering no one twice', async () => {
    await store.broadcasts.create(JOB);
    const [job] = await store.broadcasts.running();
    if (!job) throw new Error('no job');
    // The first page reaches the inbox; the process dies before the cursor moves.
    const dying = Object.assign(Object.create(store) as Store, {
      broadcasts: { advance: () => Promise.reject(new Error('killed')) },
    });
    await expect(walkBroadcastPage(dying, walker, job)).rejects.toThrow('killed');
    expect(await store.inbox.backlog()).toBe(BROADCAST_PAGE);
    expect(await store.broadcasts.get('d1')).toMatchObject({ cursor: null, queued: 0 });

    await runner.settle();
    expect(await promosPerPerson()).toEqual(new Map([[1, PEOPLE]]));
    // One entry event per person: the page walked again was deduplicated, not refused later.
    const events = await store.db
      .selectFrom('inbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(PEOPLE);
    // The dead walk's page is counted once, by the walk that moved the cursor past it.
    expect(await store.broadcasts.get('d1')).toMatchObject({ state: 'done', queued: PEOPLE });
  });
});
