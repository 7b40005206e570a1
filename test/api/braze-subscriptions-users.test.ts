/**
 * Subscription set/get (v1 and v2), /users/export/ids and /users/delete, and the per-key
 * rate limit answering 429 with Braze's headers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

describe('subscriptions and user data', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await h.call('POST', '/users/track', {
      attributes: [
        {
          external_id: 'u1',
          phone: '+15551234567',
          first_name: 'Ana',
          tier: 'gold',
          time_zone: 'Europe/Lisbon',
        },
        { external_id: 'u2', phone: '+15551234568' },
      ],
    });
    await h.settle();
  });
  afterEach(async () => h.close());

  const status = (query: string) =>
    h.call('GET', `/subscription/status/get?subscription_group_id=main&${query}`);

  it('sets states by external id and by phone (creating a profile for an unknown phone) and reads them back', async () => {
    const set = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'main',
      subscription_state: 'subscribed',
      external_id: ['u1'],
    });
    expect(set.status).toBe(201);
    expect(set.body).toEqual({ message: 'success' });
    expect(set.headers['x-ratelimit-limit']).toBe('5000');
    const byPhone = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'main',
      subscription_state: 'unsubscribed',
      phone: ['+15551234568', '+15559990000'],
    });
    expect(byPhone.status).toBe(201);
    await h.settle();
    const got = await status('external_id[]=u1&external_id[]=u2&external_id[]=ghost');
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      status: { u1: 'Subscribed', u2: 'Unsubscribed', ghost: 'Unknown' },
      message: 'success',
    });
    expect((await status('phone=%2B15559990000')).body).toEqual({
      status: { '+15559990000': 'Unsubscribed' },
      message: 'success',
    });
  });

  it('sets several groups with v2', async () => {
    const r = await h.call('POST', '/v2/subscription/status/set', {
      subscription_groups: [
        {
          subscription_group_id: 'main',
          subscription_state: 'subscribed',
          external_ids: ['u1', 'u2'],
        },
      ],
    });
    expect(r.status).toBe(201);
    await h.settle();
    expect((await status('external_id=u2')).body).toEqual({
      status: { u2: 'Subscribed' },
      message: 'success',
    });
  });

  it('refuses an unknown group, email with phone, and a bad phone, storing nothing', async () => {
    const before = (await h.riposte.store.inbox.backlog()) + 0;
    const unknown = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'sms',
      subscription_state: 'subscribed',
      external_id: 'u1',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      message: 'no subscription group "sms"',
      errors: [
        { type: 'invalid_subscription_group', field: 'subscription_group_id', hint: 'known: main' },
      ],
    });
    const both = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'main',
      subscription_state: 'subscribed',
      phone: ['+15551234567'],
      email: ['a@b.c'],
    });
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('send either email or phone, not both');
    const badPhone = await h.call('POST', '/v2/subscription/status/set', {
      subscription_groups: [
        { subscription_group_id: 'main', subscription_state: 'subscribed', phones: ['12'] },
      ],
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.message).toBe(
      'subscription_groups[0].phone: "12" is not a phone number (E.164)',
    );
    const badState = await h.call('POST', '/subscription/status/set', {
      subscription_group_id: 'main',
      subscription_state: 'maybe',
      external_id: 'u1',
    });
    expect(badState.status).toBe(400);
    expect((badState.body.errors as Array<{ field: string }>)[0]?.field).toBe('subscription_state');
    expect(await h.riposte.store.inbox.backlog()).toBe(before);
    const noIds = await status('');
    expect(noIds.status).toBe(400);
    expect(noIds.body.message).toBe('give external_id or phone');
  });

  it('exports profiles by external id, braze id and phone, naming unknown ids', async () => {
    const u1 = await h.riposte.store.contacts.find({ externalId: 'u1' });
    const r = await h.call('POST', '/users/export/ids', { external_ids: ['u1', 'nope'] });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      users: [
        {
          created_at: new Date(u1?.createdAt ?? 0).toISOString(),
          external_id: 'u1',
          braze_id: u1?.id,
          first_name: 'Ana',
          phone: '+15551234567',
          time_zone: 'Europe/Lisbon',
          custom_attributes: { tier: 'gold' },
          subscription_groups: [],
        },
      ],
      invalid_user_ids: ['nope'],
      message: 'success',
    });
    const picked = await h.call('POST', '/users/export/ids', {
      braze_id: u1?.id,
      phone: '+15551234567',
      fields_to_export: ['external_id', 'phone'],
    });
    expect(picked.body).toEqual({
      users: [{ external_id: 'u1', phone: '+15551234567' }],
      message: 'success',
    });
  });

  it('deletes people and everything of theirs', async () => {
    const r = await h.call('POST', '/users/delete', { external_ids: ['u1', 'ghost'] });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ deleted: 1, message: 'success' });
    expect(await h.riposte.store.contacts.find({ externalId: 'u1' })).toBeUndefined();
    expect(await h.riposte.store.contacts.find({ externalId: 'u2' })).toBeDefined();
    const none = await h.call('POST', '/users/delete', {});
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('give external_ids, braze_ids or user_aliases');
  });

  it('answers 429 with the rate-limit headers once a key passes its limit', async () => {
    // /users/export/ids allows 250 requests a minute per key.
    let last = await h.call('POST', '/users/export/ids', { external_ids: ['u1'] });
    for (let i = 1; i < 250; i++)
      last = await h.call('POST', '/users/export/ids', { external_ids: ['u1'] });
    expect(last.status).toBe(201);
    expect(last.headers['x-ratelimit-remaining']).toBe('0');
    const over = await h.call('POST', '/users/export/ids', { external_ids: ['u1'] });
    expect(over.status).toBe(429);
    expect(over.headers['x-ratelimit-limit']).toBe('250');
    expect(over.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(over.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(over.body).toEqual({
      message: expect.stringMatching(/^API rate limit reached; retry in \d+s$/),
      errors: [{ type: 'rate_limited' }],
    });
    // Another key has its own budget.
    const other = await h.keyWith(['users.export.ids']);
    const fresh = await h.call(
      'POST',
      '/users/export/ids',
      { external_ids: ['u1'] },
      { authorization: `Bearer ${other}` },
    );
    expect(fresh.status).toBe(201);
  });
});
