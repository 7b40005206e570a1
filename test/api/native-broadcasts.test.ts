/**
 * /api/v1/broadcasts: the jobs behind audience and broadcast requests, newest first, with
 * their progress — running while the runner walks the audience, done with how many people
 * they queued — a page at a time; cancelling one, which withdraws the messages it queued
 * and not yet sent; and clear refusals for what does not exist or has finished.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileAudience } from '../../src/api/braze/audience.js';
import { broadcastHandler } from '../../src/api/braze/broadcast-handler.js';
import { walkBroadcastPage } from '../../src/runner/broadcasts.js';
import {
  harness,
  publishSeedCanvas,
  refusal,
  seedTemplatesInStore,
  type Harness,
} from './harness.js';

describe('/api/v1/broadcasts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    await publishSeedCanvas(h.riposte);
    await h.call('POST', '/users/track', {
      attributes: [
        {
          external_id: 'u1',
          phone: '+15551234567',
          tier: 'gold',
          subscription_groups: [
            { subscription_group_id: 'main', subscription_state: 'subscribed' },
          ],
        },
        { external_id: 'u2', phone: '+15551234568', tier: 'silver' },
      ],
    });
    await h.settle();
  });
  afterEach(async () => h.close());

  const list = async (query = '') =>
    (await h.call('GET', `/api/v1/broadcasts${query}`)).body as {
      broadcasts: Array<Record<string, unknown>>;
      next: string | null;
    };

  const sendSpring = () =>
    h.call('POST', '/messages/send', {
      broadcast: true,
      send_id: 'spring',
      messages: {
        whats_app: {
          subscription_group_id: 'main',
          message_type: 'text_response_message',
          message: { body: 'Spring sale' },
        },
      },
    });
  /** One page of the oldest running job, as the runner walks it (the harness does not run loops). */
  const walkOnePage = async () => {
    const store = h.riposte.store;
    const [job] = await store.broadcasts.running(1);
    if (job === undefined) throw new Error('no running job');
    const walker = {
      match: compileAudience,
      handle: broadcastHandler(store, () => h.riposte.runner.ingest, Date.now),
    };
    return walkBroadcastPage(store, walker, job);
  };

  it('lists entry and send jobs newest first, running and then done with their counts', async () => {
    const entry = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      audience: {
        custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals', value: 'gold' },
      },
    });
    const entryId = (entry.body as { dispatch_id: string }).dispatch_id;
    const spring = (await sendSpring()).body as { dispatch_id: string };
    const running = await list('?state=running');
    expect(
      running.broadcasts.map((b) => [b.kind, b.dispatchId, b.sendId, b.state, b.queued]),
    ).toEqual([
      ['send', spring.dispatch_id, 'spring', 'running', 0],
      ['enter', entryId, null, 'running', 0],
    ]);
    expect(running.broadcasts[1]).toMatchObject({
      id: entryId,
      canvasId: 'order-feedback',
      audience: {
        custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals', value: 'gold' },
      },
      finishedAt: null,
    });
    expect(running.broadcasts[0]).toMatchObject({ canvasId: null, audience: null });
    const metrics = await h.call('GET', '/metrics', undefined, { authorization: '' });
    expect(metrics.text).toContain('riposte_broadcasts_running 2\n');

    await h.settle();
    expect((await list('?state=running')).broadcasts).toEqual([]);
    const done = await list();
    // Both reach only u1: the gold one, and the only one subscribed.
    expect(done.broadcasts.map((b) => [b.kind, b.state, b.queued])).toEqual([
      ['send', 'done', 1],
      ['enter', 'done', 1],
    ]);
    expect(done.broadcasts[1]?.finishedAt).toBe(done.broadcasts[1]?.updatedAt);

    const one = await h.call('GET', `/api/v1/broadcasts/${entryId}`);
    expect(one.body).toEqual({ broadcast: done.broadcasts[1] });
  });

  it('stops a send whose walk is over while its messages are still leaving, but not an entry', async () => {
    await sendSpring();
    expect(await walkOnePage()).toEqual({ queued: 1, finished: true });
    const [send] = (await list()).broadcasts;
    const stopped = await h.call('POST', `/api/v1/broadcasts/${String(send?.id)}/cancel`);
    expect(stopped.body).toMatchObject({ broadcast: { state: 'cancelled' }, withdrawn: 1 });

    const entry = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      broadcast: true,
    });
    const id = (entry.body as { dispatch_id: string }).dispatch_id;
    expect(await walkOnePage()).toMatchObject({ finished: true });
    const late = await h.call('POST', `/api/v1/broadcasts/${id}/cancel`);
    expect(refusal(late, 409)).toEqual({
      code: 'broadcast_finished',
      message: `broadcast "${id}" has already finished (done)`,
      hint: 'a send can be stopped while its messages are still leaving; an entry only while it walks',
    });
  });

  it('cancels a running send: pending messages are failed as cancelled, nothing more is queued', async () => {
    // Two more subscribed people, so the walk has something to queue after the cancel too.
    await h.call('POST', '/users/track', {
      attributes: ['u3', 'u4'].map((id, i) => ({
        external_id: id,
        phone: `+1555123457${i}`,
        subscription_groups: [{ subscription_group_id: 'main', subscription_state: 'subscribed' }],
      })),
    });
    await h.settle();
    const outbox = () =>
      h.riposte.store.db.selectFrom('outbox').select(['key', 'state', 'last_error']).execute();
    const before = (await outbox()).length;
    await sendSpring();
    // The request queues nothing; the job's handler, given the first two people (u1 is
    // subscribed, u2 is not), queues one message — a page in the middle of the walk.
    const [job] = await h.riposte.store.broadcasts.running(1);
    const id = String(job?.id);
    const handle = broadcastHandler(h.riposte.store, () => h.riposte.runner.ingest, Date.now);
    const people = (await h.riposte.store.contacts.search('', { limit: 10 })).contacts;
    if (job === undefined) throw new Error('no job');
    expect(await handle(job, people.slice(0, 2))).toBe(1);

    const r = await h.call('POST', `/api/v1/broadcasts/${id}/cancel`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      broadcast: { id, state: 'cancelled', finishedAt: expect.any(Number) },
      withdrawn: 1,
    });
    const spring = (await outbox()).slice(before);
    expect(spring.map((row) => [row.state, row.last_error])).toEqual([['failed', 'cancelled']]);
    expect(await h.riposte.store.messages.getByKey(String(spring[0]?.key))).toMatchObject({
      status: 'failed',
      errorTitle: 'cancelled',
    });
    // A page handed over after the cancel queues nothing: the job is no longer running.
    expect(await handle(job, people.slice(2))).toBe(0);
    expect((await outbox()).length).toBe(before + 1);
    // And nothing leaves: the dispatcher finds no pending send of it.
    await h.settle();
    expect((await outbox()).slice(before).map((row) => row.state)).toEqual(['failed']);
    expect((await list('?state=cancelled')).broadcasts.map((b) => b.id)).toEqual([id]);

    const again = await h.call('POST', `/api/v1/broadcasts/${id}/cancel`);
    expect(refusal(again, 409)).toMatchObject({
      code: 'broadcast_finished',
      message: `broadcast "${id}" has already finished (cancelled)`,
    });
    const unknown = await h.call('POST', '/api/v1/broadcasts/nope/cancel');
    expect(refusal(unknown, 404).code).toBe('broadcast_not_found');
  });

  it('pages with next, and refuses an unknown job, a bad cursor and a bad state', async () => {
    for (let i = 0; i < 3; i++)
      await h.call('POST', '/canvas/trigger/send', {
        canvas_id: 'order-feedback',
        broadcast: true,
      });
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await list(`?limit=2${next === null ? '' : `&after=${next}`}`);
      seen.push(...page.broadcasts.map((b) => String(b.id)));
      next = page.next;
    } while (next !== null);
    expect(seen.length).toBe(3);
    expect(new Set(seen).size).toBe(3);

    const missing = await h.call('GET', '/api/v1/broadcasts/nope');
    expect(refusal(missing, 404)).toEqual({
      code: 'broadcast_not_found',
      message: 'no broadcast "nope"',
      field: 'id',
      hint: 'GET /api/v1/broadcasts lists them, newest first',
    });
    const badCursor = await h.call('GET', '/api/v1/broadcasts?after=garbage');
    expect(refusal(badCursor, 400)).toMatchObject({
      code: 'invalid_field',
      message: '"garbage" is not a broadcast page cursor',
    });
    const badState = await h.call('GET', '/api/v1/broadcasts?state=paused');
    expect(refusal(badState, 400).field).toBe('state');
  });
});
