/**
 * Housekeeping: what is past its retention goes, in chunks; what still matters stays —
 * events not done, effects in flight or ambiguous, running broadcast jobs, journeys still
 * waiting, and every ended journey unless a journey retention is set. The runner runs it
 * by itself, and stopping does not wait for its next turn.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journey } from '../../src/engine/types.js';
import { ChannelSet } from '../../src/runner/channels.js';
import { DEFAULT_RETENTION, housekeep } from '../../src/runner/housekeeping.js';
import { Runner } from '../../src/runner/runner.js';
import { PRUNE_CHUNK } from '../../src/store/context.js';
import { openStore, type Store } from '../../src/store/open.js';
import { INBOX_DEDUPE_RETENTION_MS } from '../../src/store/repos/inbox.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

function journey(id: string, status: Journey['status'], at: number): Journey {
  return {
    id,
    canvasId: 'c',
    version: 1,
    contactId: 'p',
    status,
    stepId: status === 'ended' ? 'done' : 'ask',
    visit: 1,
    wait: null,
    context: {},
    eventProperties: null,
    whatsApp: null,
    pendingSends: [],
    enteredAt: at,
    updatedAt: at,
    endedAt: status === 'ended' ? at : null,
    exitReason: status === 'ended' ? 'exit_step' : null,
  };
}

describe('housekeeping', () => {
  let now = T0;
  let store: Store;
  let kept: string;

  /** Everything at T0; `now` then jumps past every retention. */
  async function seed(): Promise<void> {
    now = T0;
    // More done events than one chunk, so the inbox is pruned in several.
    const done = Array.from({ length: PRUNE_CHUNK + 5 }, (_, i) => ({
      dedupeKey: `wa:msg:${i}`,
      partition: 0,
      kind: 'inbound_whatsapp',
      payload: { i },
    }));
    const ids = (await store.inbox.enqueueMany(done)).map((r) => r.id ?? 0);
    await store.inbox.complete(ids);
    await store.inbox.enqueueMany([
      { dedupeKey: 'wa:msg:late', partition: 0, kind: 'inbound_whatsapp', payload: {} },
    ]);
    const effects = ['sent', 'refused', 'unsure', 'waiting'].map((key) => ({
      key,
      partition: 0,
      kind: 'call_webhook',
      payload: {},
    }));
    const [sent, refused, unsure] = await store.outbox.insertMany(effects);
    await store.outbox.complete(sent?.id ?? 0, { ok: true });
    await store.outbox.fail(refused?.id ?? 0, '400 bad request');
    await store.outbox.startMany([unsure?.id ?? 0], 'pending');
    await store.outbox.markAmbiguous(unsure?.id ?? 0, 'timeout');
    await store.broadcasts.create({ id: 'over', kind: 'enter', payload: {}, audienceAt: T0 });
    await store.broadcasts.advance('over', null, undefined, 3);
    await store.broadcasts.create({ id: 'walking', kind: 'enter', payload: {}, audienceAt: T0 });
    await store.journeys.upsertMany([
      { journey: journey('j1', 'ended', T0) },
      { journey: journey('j2', 'waiting', T0) },
      { journey: journey('j3', 'ended', T0 + 40 * DAY) },
    ]);
    // One dashboard session that has expired by the time housekeeping runs, one that has not.
    const user = await store.users.create('ops@example.com', 'a long enough password');
    await store.sessions.create(user.id, DAY);
    now = T0 + 45 * DAY;
    const { sessionId } = await store.sessions.create(user.id, DAY);
    kept = sessionId;
  }

  beforeEach(async () => {
    store = await openStore({ url: 'sqlite::memory:', now: () => now });
    await seed();
  });

  afterEach(async () => {
    await store.close();
  });

  it('prunes what is past its retention and keeps what still matters', async () => {
    expect(await housekeep(store, now, DEFAULT_RETENTION)).toEqual({
      inbox: PRUNE_CHUNK + 5,
      outbox: 2,
      broadcasts: 1,
      sessions: 1,
      journeys: 0,
    });
    expect(await store.inbox.backlog()).toBe(1);
    expect(await store.outbox.countByState()).toMatchObject({
      done: 0,
      failed: 0,
      ambiguous: 1,
      pending: 1,
    });
    expect(await store.broadcasts.get('over')).toBeUndefined();
    expect((await store.broadcasts.running()).map((j) => j.id)).toEqual(['walking']);
    expect(await store.sessions.get(kept)).toBeDefined();
    // Without a journey retention every ended journey stays.
    expect(await store.journeys.get('j1')).toBeDefined();
    // Nothing is left to prune: a second run deletes nothing.
    expect(await housekeep(store, now, DEFAULT_RETENTION)).toEqual({
      inbox: 0,
      outbox: 0,
      broadcasts: 0,
      sessions: 0,
      journeys: 0,
    });
  });

  it('prunes ended journeys only with a retention, and only those ended before it', async () => {
    const pruned = await housekeep(store, now, { ...DEFAULT_RETENTION, journeysMs: 30 * DAY });
    expect(pruned.journeys).toBe(1);
    expect(await store.journeys.get('j1')).toBeUndefined();
    expect((await store.journeys.get('j2'))?.journey.status).toBe('waiting');
    expect((await store.journeys.get('j3'))?.journey.status).toBe('ended');
  });

  it('keeps done events for the dedupe window, so a late retry is still a duplicate', async () => {
    now = T0 + INBOX_DEDUPE_RETENTION_MS - 1;
    expect((await housekeep(store, now, DEFAULT_RETENTION)).inbox).toBe(0);
    const [again] = await store.inbox.enqueueMany([
      { dedupeKey: 'wa:msg:0', partition: 0, kind: 'inbound_whatsapp', payload: {} },
    ]);
    expect(again?.duplicate).toBe(true);
  });

  it('runs in the runner by itself', async () => {
    const logged: Array<[string, Record<string, unknown> | undefined]> = [];
    const runner = new Runner({
      store,
      channels: new ChannelSet(),
      defaultNumber: 'main',
      now: () => now,
      housekeepingEveryMs: 20,
      log: (message, fields) => logged.push([message, fields]),
    });
    await runner.start();
    for (let i = 0; i < 200 && !logged.some(([m]) => m === 'housekeeping'); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(runner.counters.pruned).toMatchObject({ inbox: PRUNE_CHUNK + 5, outbox: 2 });
    expect(logged.find(([m]) => m === 'housekeeping')?.[1]).toEqual({
      inbox: PRUNE_CHUNK + 5,
      outbox: 2,
      broadcasts: 1,
      sessions: 1,
      journeys: 0,
    });
    await runner.stop();
  });

  it('does not hold a stopping runner until its next turn (a minute away at first)', async () => {
    const runner = new Runner({ store, channels: new ChannelSet(), defaultNumber: 'main' });
    await runner.start();
    // Without the wake, this would wait for the first turn and the test would time out.
    await runner.stop();
    // And it had not run yet: everything past its retention is still there.
    expect(await store.broadcasts.get('over')).toBeDefined();
    expect(await store.outbox.countByState()).toMatchObject({ done: 1, failed: 1 });
  });
});
