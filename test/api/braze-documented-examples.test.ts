/**
 * Braze's documented example requests (shared/reference/braze-canvas.md §4, §5), replayed
 * as they are written, checked against the documented responses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishSeedCanvas, seedTemplatesInStore, type Harness } from './harness.js';

describe("Braze's documented examples", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    await publishSeedCanvas(h.riposte);
  });
  afterEach(async () => h.close());

  it('§4c /users/track with attributes, events and purchases', async () => {
    const r = await h.call('POST', '/users/track', {
      attributes: [{ external_id: 'u1', first_name: 'Alex', phone: '+14155552671', my_attr: 'x' }],
      events: [
        {
          external_id: 'u1',
          name: 'rented_movie',
          time: '2026-01-01T12:00:00Z',
          properties: { movie: 'The Sad Egg' },
        },
      ],
      purchases: [
        {
          external_id: 'u1',
          product_id: 'movie',
          currency: 'USD',
          price: 12.12,
          quantity: 6,
          time: '2026-01-01T12:00:00Z',
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      message: 'success',
      attributes_processed: 1,
      events_processed: 1,
      purchases_processed: 1,
    });
  });

  it('§5 a Braze-to-Braze webhook body incrementing a counter', async () => {
    const body = { attributes: [{ external_id: 'u1', my_attr: 'v', counter: { inc: 1 } }] };
    await h.call('POST', '/users/track', body);
    const r = await h.call('POST', '/users/track', body);
    expect(r.body).toEqual({ message: 'success', attributes_processed: 1 });
    await h.settle();
    expect((await h.riposte.store.contacts.find({ externalId: 'u1' }))?.attributes).toEqual({
      my_attr: 'v',
      counter: 2,
    });
  });

  it('§4d /canvas/trigger/send with the documented body', async () => {
    await h.call('POST', '/users/track', {
      attributes: [{ external_id: 'u1', phone: '+14155552671', x: 'y' }],
    });
    await h.settle();
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      context: { k: 'v' },
      broadcast: false,
      audience: {
        AND: [
          { custom_attribute: { custom_attribute_name: 'x', comparison: 'equals', value: 'y' } },
        ],
      },
      recipients: [
        {
          external_user_id: 'u1',
          context: {},
          send_to_existing_only: true,
          attributes: { first_name: 'Alex' },
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ dispatch_id: expect.any(String), message: 'success' });
    await h.settle();
    const contact = await h.riposte.store.contacts.find({ externalId: 'u1' });
    expect(contact?.attributes.first_name).toBe('Alex');
    const [journey] = await h.riposte.store.journeys.listByContact(contact?.id ?? '');
    expect(journey?.journey.context).toEqual({ k: 'v' });
  });

  it('§4f /messages/send with a quick reply whats_app object', async () => {
    await h.call('POST', '/users/track', {
      attributes: [
        {
          external_id: 'u1',
          phone: '+14155552671',
          subscription_groups: [
            { subscription_group_id: 'main', subscription_state: 'subscribed' },
          ],
        },
      ],
    });
    await h.settle();
    const r = await h.call('POST', '/messages/send', {
      external_user_ids: ['u1'],
      messages: {
        whats_app: {
          subscription_group_id: 'main',
          message_type: 'quick_reply_response_message',
          message: { body: 'Did it arrive?', buttons: [{ text: 'Yes!' }] },
        },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ dispatch_id: expect.any(String), message: 'success' });
  });

  it('§4g subscription set, v2 set and get', async () => {
    await h.call('POST', '/users/track', {
      attributes: [{ external_id: 'u1' }, { external_id: 'u2' }],
    });
    await h.settle();
    const set = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'main',
      subscription_state: 'unsubscribed',
      external_id: ['u1'],
    });
    expect(set.status).toBe(201);
    expect(set.body).toEqual({ message: 'success' });
    const v2 = await h.call('POST', '/v2/subscription/status/set', {
      subscription_groups: [
        {
          subscription_group_id: 'main',
          subscription_state: 'subscribed',
          external_ids: ['u2'],
          phones: ['+14155552671'],
        },
      ],
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toEqual({ message: 'success' });
    await h.settle();
    const get = await h.call(
      'GET',
      '/subscription/status/get?subscription_group_id=main&external_id[]=u1&external_id[]=u2',
    );
    expect(get.status).toBe(200);
    expect(get.body).toEqual({
      status: { u1: 'Unsubscribed', u2: 'Subscribed' },
      message: 'success',
    });
  });

  it('§4e /canvas/list answers the documented shape', async () => {
    const r = await h.call('GET', '/canvas/list?page=0&include_archived=false&sort_direction=desc');
    expect(r.body).toEqual({
      canvases: [
        { id: 'order-feedback', last_edited: expect.any(String), name: 'Order feedback', tags: [] },
      ],
      message: 'success',
    });
  });
});
