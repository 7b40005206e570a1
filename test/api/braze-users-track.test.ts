/**
 * POST /users/track: attributes, events and purchases through the inbox onto the profile,
 * Braze's non-fatal errors, the 75-per-array limit, auth and scopes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, JSON_TYPE, type Harness } from './harness.js';

describe('POST /users/track', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => h.close());

  it('applies attributes, then events, then purchases, and answers with the counts', async () => {
    const r = await h.call('POST', '/users/track', {
      attributes: [
        {
          external_id: 'u1',
          first_name: 'Ana',
          phone: '(650) 555-1234',
          time_zone: 'Europe/Lisbon',
          visits: { inc: 2 },
          tags: { add: ['vip', 'new'] },
          subscription_groups: [
            { subscription_group_id: 'main', subscription_state: 'subscribed' },
          ],
        },
        { external_id: 'u1', tags: { remove: ['new'] }, visits: { inc: 1 }, nickname: 'A' },
        { external_id: 'u1', nickname: null },
      ],
      events: [
        {
          external_id: 'u1',
          name: 'order_delivered',
          time: '2026-01-02T03:04:05Z',
          properties: { order_id: 'A-1' },
        },
      ],
      purchases: [
        {
          external_id: 'u1',
          product_id: 'sku-1',
          currency: 'usd',
          price: 9.5,
          time: '2026-01-02T03:04:06Z',
          properties: { color: 'red' },
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      message: 'success',
      attributes_processed: 3,
      events_processed: 1,
      purchases_processed: 1,
    });
    expect(r.headers['x-ratelimit-limit']).toBe('3000');
    expect(r.headers['x-ratelimit-remaining']).toBe('2999');
    await h.settle();
    const contact = await h.riposte.store.contacts.find({ externalId: 'u1' });
    expect(contact).toMatchObject({
      phone: '+16505551234',
      timeZone: 'Europe/Lisbon',
      attributes: { first_name: 'Ana', visits: 3, tags: ['vip'] },
      subscriptions: { main: 'subscribed' },
    });
    expect(contact?.attributes).not.toHaveProperty('nickname');
    const events = await h.riposte.store.events.listByContact(contact?.id ?? '');
    expect(events.map((e) => ({ name: e.name, properties: e.properties, at: e.at }))).toEqual([
      {
        name: 'purchase',
        properties: { color: 'red', product_id: 'sku-1', currency: 'USD', price: 9.5, quantity: 1 },
        at: Date.parse('2026-01-02T03:04:06Z'),
      },
      {
        name: 'order_delivered',
        properties: { order_id: 'A-1' },
        at: Date.parse('2026-01-02T03:04:05Z'),
      },
    ]);
  });

  it('reports unusable objects as non-fatal errors and processes the rest', async () => {
    const r = await h.call('POST', '/users/track', {
      attributes: [
        { first_name: 'No id' },
        { external_id: 'u2', time_zone: 'Mars/Olympus', first_name: 'Bo' },
      ],
      events: [{ external_id: 'u2', name: 'x' }],
      purchases: [
        {
          external_id: 'u2',
          product_id: 'p',
          currency: 'EURO',
          price: 1,
          time: '2026-01-01T00:00:00Z',
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      message: 'success',
      attributes_processed: 1,
      events_processed: 0,
      purchases_processed: 0,
      errors: [
        {
          type: "'external_id' or 'braze_id' or 'user_alias' or 'phone' is required",
          input_array: 'attributes',
          index: 0,
        },
        {
          type: 'Invalid time_zone: "Mars/Olympus" (an IANA zone)',
          input_array: 'attributes',
          index: 1,
        },
        { type: "'time' is required (ISO-8601)", input_array: 'events', index: 0 },
        {
          type: "'currency' must be an ISO-4217 code such as USD",
          input_array: 'purchases',
          index: 0,
        },
      ],
    });
    await h.settle();
    const contact = await h.riposte.store.contacts.find({ externalId: 'u2' });
    expect(contact?.attributes).toEqual({ first_name: 'Bo' });
    expect(contact?.timeZone).toBeUndefined();
  });

  it('updates only existing people for a phone alias (Braze default) and creates by external id', async () => {
    const r = await h.call('POST', '/users/track', {
      attributes: [
        { user_alias: { alias_name: '+15550001111', alias_label: 'phone' }, first_name: 'Ghost' },
        { external_id: 'u3', first_name: 'Cy', _update_existing_only: true },
      ],
    });
    expect(r.body).toEqual({ message: 'success', attributes_processed: 0 });
    await h.settle();
    expect(await h.riposte.store.contacts.find({ phone: '+15550001111' })).toBeUndefined();
    expect(await h.riposte.store.contacts.find({ externalId: 'u3' })).toBeUndefined();
    await h.call('POST', '/users/track', {
      attributes: [{ external_id: 'u3', phone: '+15550001111' }],
    });
    await h.call('POST', '/users/track', {
      attributes: [
        { user_alias: { alias_name: '+15550001111', alias_label: 'phone' }, first_name: 'Cy' },
      ],
    });
    await h.settle();
    expect((await h.riposte.store.contacts.find({ externalId: 'u3' }))?.attributes).toEqual({
      first_name: 'Cy',
    });
  });

  it('enters people into an event-triggered canvas from a tracked event', async () => {
    const canvas = {
      specVersion: 1,
      id: 'delivered',
      name: 'Delivered',
      entry: { type: 'event', event: { name: 'order_delivered' }, reentry: true },
      steps: [{ id: 'done', type: 'exit' }],
    };
    expect((await h.call('POST', '/api/v1/canvases', canvas)).status).toBe(201);
    expect((await h.call('POST', '/api/v1/canvases/delivered/publish', {})).status).toBe(201);
    await h.call('POST', '/users/track', {
      events: [
        {
          external_id: 'u5',
          name: 'order_delivered',
          time: '2026-01-01T00:00:00Z',
          properties: { order_id: 'A-9' },
        },
        { external_id: 'u5', name: 'something_else', time: '2026-01-01T00:00:01Z' },
      ],
    });
    await h.settle();
    const contact = await h.riposte.store.contacts.find({ externalId: 'u5' });
    const journeys = await h.riposte.store.journeys.listByContact(contact?.id ?? '');
    expect(
      journeys.map((j) => [j.journey.canvasId, j.journey.status, j.journey.exitReason]),
    ).toEqual([['delivered', 'ended', 'exit_step']]);
  });

  it('refuses more than 75 objects in an array, storing nothing', async () => {
    const attributes = Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}` }));
    const r = await h.call('POST', '/users/track', { attributes });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      message: 'Max Input Length Exceeded',
      errors: [
        {
          type: 'max_input_length_exceeded',
          field: 'attributes',
          hint: '76 attributes; at most 75 per request',
        },
      ],
    });
    expect(await h.inboxCount()).toBe(0);
  });

  it('refuses a body with none of the three arrays', async () => {
    const r = await h.call('POST', '/users/track', { attribute: [] });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.",
    );
    expect(await h.inboxCount()).toBe(0);
  });

  it('refuses malformed JSON in Braze envelope', async () => {
    const response = await h.call('POST', '/users/track', '{"attributes": [', JSON_TYPE);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'the body is not valid JSON',
      errors: [{ type: 'malformed_json' }],
    });
  });

  it('answers 401 without a key or with a bad key, and 403 without the permission', async () => {
    const none = await h.call('POST', '/users/track', { attributes: [] }, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      message: 'an API key is required: Authorization: Bearer <key>',
      errors: [{ type: 'unauthorized' }],
    });
    const bad = await h.call(
      'POST',
      '/users/track',
      { attributes: [] },
      { authorization: 'Bearer rp_nope' },
    );
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('the API key is not valid');
    const narrow = await h.keyWith(['canvas.list']);
    const denied = await h.call(
      'POST',
      '/users/track',
      { attributes: [{ external_id: 'x' }] },
      { authorization: `Bearer ${narrow}` },
    );
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      message: 'the API key "test canvas.list" lacks the "users.track" permission',
      errors: [{ type: 'forbidden', hint: 'create a key with the users.track scope' }],
    });
    expect(await h.inboxCount()).toBe(0);
  });
});
