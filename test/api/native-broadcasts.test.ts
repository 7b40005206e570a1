/**
 * /api/v1/broadcasts: the jobs behind audience and broadcast requests, newest first, with
 * their progress — running while the runner walks the audience, done with how many people
 * they queued — a page at a time, and clear refusals for what does not exist.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('lists entry and send jobs newest first, running and then done with their counts', async () => {
    const entry = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      audience: {
        custom_attribute: { custom_attribute_name: 'tier', comparison: 'equals', value: 'gold' },
      },
    });
    const entryId = (entry.body as { dispatch_id: string }).dispatch_id;
    await h.call('POST', '/messages/send', {
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
    const running = await list('?state=running');
    expect(running.broadcasts.map((b) => [b.kind, b.dispatchId, b.state, b.queued])).toEqual([
      ['send', 'spring', 'running', 0],
      ['enter', entryId, 'running', 0],
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
