/**
 * POST /canvas/trigger/send: recipients with attributes applied before entry, context at
 * both levels (per recipient wins, old name too), existing-only rules, broadcast and
 * connected audiences walked page by page, the paused notice, and every refusal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishSeedCanvas, seedTemplatesInStore, type Harness } from './harness.js';

describe('POST /canvas/trigger/send', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    await publishSeedCanvas(h.riposte);
  });
  afterEach(async () => h.close());

  const journeysOf = async (externalId: string) => {
    const contact = await h.riposte.store.contacts.find({ externalId });
    return contact ? h.riposte.store.journeys.listByContact(contact.id) : [];
  };

  it('applies attributes, then enters with the merged context', async () => {
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      context: { order_id: 'TOP', channel: 'api' },
      recipients: [
        {
          external_user_id: 'u1',
          send_to_existing_only: false,
          attributes: { first_name: 'Ana', phone: '+15551234567' },
          canvas_entry_properties: { order_id: 'OLD' },
          context: { order_id: 'A-1042' },
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      dispatch_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      message: 'success',
    });
    await h.settle();
    const [journey] = await journeysOf('u1');
    expect(journey?.journey.context).toEqual({ order_id: 'A-1042', channel: 'api' });
    expect(journey?.journey.canvasId).toBe('order-feedback');
    const contact = await h.riposte.store.contacts.find({ externalId: 'u1' });
    expect(contact?.attributes.first_name).toBe('Ana');
    const sent = await h.riposte.store.messages.listByContact(contact?.id ?? '');
    expect(sent[0]?.preview).toBe('Hi Ana, how was your order A-1042?');
  });

  it('skips people who do not exist when send_to_existing_only is true (the default)', async () => {
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      recipients: [{ external_user_id: 'nobody' }],
    });
    expect(r.status).toBe(201);
    await h.settle();
    expect(await h.riposte.store.contacts.find({ externalId: 'nobody' })).toBeUndefined();
    expect(await h.inboxCount()).toBe(0);
  });

  it('walks the contacts for a connected audience and enters only those who match', async () => {
    await h.call('POST', '/users/track', {
      attributes: [
        { external_id: 'g1', phone: '+15550000001', tier: 'gold', orders: 5 },
        { external_id: 'g2', phone: '+15550000002', tier: 'Gold', orders: 1 },
        { external_id: 's1', phone: '+15550000003', tier: 'silver', orders: 9 },
      ],
    });
    await h.settle();
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      audience: {
        AND: [
          {
            custom_attribute: {
              custom_attribute_name: 'tier',
              comparison: 'matches_regex',
              value: '(?i)^gold$',
            },
          },
          {
            OR: [
              {
                custom_attribute: {
                  custom_attribute_name: 'orders',
                  comparison: 'greater_than',
                  value: 3,
                },
              },
              {
                custom_attribute: {
                  custom_attribute_name: 'tier',
                  comparison: 'equals',
                  value: 'Gold',
                },
              },
            ],
          },
        ],
      },
    });
    expect(r.status).toBe(201);
    expect(r.headers['x-ratelimit-limit']).toBe('250');
    // The answer does not wait for the walk: it is a job the runner carries out.
    const body = r.body as { dispatch_id: string };
    expect(await h.riposte.store.broadcasts.get(body.dispatch_id)).toMatchObject({
      kind: 'enter',
      payload: { canvasId: 'order-feedback' },
      state: 'running',
      cursor: null,
    });
    await h.settle();
    expect(await h.riposte.store.broadcasts.get(body.dispatch_id)).toMatchObject({
      state: 'done',
      queued: 2,
    });
    expect((await journeysOf('g1')).length).toBe(1);
    expect((await journeysOf('g2')).length).toBe(1);
    expect((await journeysOf('s1')).length).toBe(0);
  });

  it('answers 201 with the paused notice for a stopped canvas and enters no one', async () => {
    await h.call('POST', '/users/track', {
      attributes: [{ external_id: 'u1', phone: '+15551234567' }],
    });
    await h.settle();
    const before = await h.inboxCount();
    await h.riposte.store.canvases.setStatus('order-feedback', 'stopped');
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      recipients: [{ external_user_id: 'u1' }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      dispatch_id: expect.any(String),
      message: 'success',
      notice:
        'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.',
    });
    expect(await h.inboxCount()).toBe(before);
  });

  const refusals: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'an unknown canvas',
      { canvas_id: 'nope', recipients: [{ external_user_id: 'u' }] },
      'Invalid Canvas ID: no canvas "nope"',
      'canvas_id',
    ],
    [
      'no recipients',
      { canvas_id: 'order-feedback' },
      'There are no recipients: give recipients, audience or broadcast: true',
      'recipients',
    ],
    [
      'broadcast with recipients',
      { canvas_id: 'order-feedback', broadcast: true, recipients: [{ external_user_id: 'u' }] },
      'broadcast cannot be used with recipients',
      'broadcast',
    ],
    [
      'more than 50 recipients',
      {
        canvas_id: 'order-feedback',
        recipients: Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u${i}` })),
      },
      'at most 50 recipients per request',
      'recipients',
    ],
    [
      'send_to_existing_only false without attributes',
      {
        canvas_id: 'order-feedback',
        recipients: [{ external_user_id: 'u', send_to_existing_only: false }],
      },
      'recipients[0]: attributes are required when send_to_existing_only is false',
      'recipients[0].attributes',
    ],
    [
      'a bad audience comparison',
      {
        canvas_id: 'order-feedback',
        audience: {
          AND: [{ custom_attribute: { custom_attribute_name: 'x', comparison: 'near' } }],
        },
      },
      expect.stringContaining(
        'audience.AND[0].custom_attribute.comparison: comparison is one of equals',
      ) as unknown as string,
      'audience.AND[0].custom_attribute.comparison',
    ],
    [
      'a context over 50 KB',
      {
        canvas_id: 'order-feedback',
        context: { big: 'x'.repeat(51 * 1024) },
        recipients: [{ external_user_id: 'u' }],
      },
      'context is larger than 50 KB',
      'context',
    ],
  ];
  for (const [what, body, message, field] of refusals) {
    it(`refuses ${what} with 400, storing nothing`, async () => {
      const r = await h.call('POST', '/canvas/trigger/send', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual(message);
      expect((r.body.errors as Array<{ field?: string }>)[0]?.field).toBe(field);
      expect(await h.inboxCount()).toBe(0);
    });
  }

  it('refuses a canvas that is not API-triggered and one never published', async () => {
    await h.call('POST', '/api/v1/canvases', {
      specVersion: 1,
      id: 'on-event',
      name: 'On event',
      entry: { type: 'event', event: { name: 'signed_up' } },
      steps: [{ id: 'done', type: 'exit' }],
    });
    const draft = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'on-event',
      recipients: [{ external_user_id: 'u' }],
    });
    expect(draft.status).toBe(400);
    expect(draft.body.message).toBe('Canvas "on-event" has never been published');
    await h.call('POST', '/api/v1/canvases/on-event/publish', {});
    const eventCanvas = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'on-event',
      recipients: [{ external_user_id: 'u' }],
    });
    expect(eventCanvas.status).toBe(400);
    expect(eventCanvas.body.message).toBe(
      'Canvas "on-event" is not API-triggered (entry type event)',
    );
  });
});
