/**
 * /api/v1/contacts (search, one, timeline, CSV import, delete) and /api/v1/journeys (by
 * canvas / step / status, one with its path, cancel).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  harness,
  publishSeedCanvas,
  refusal,
  seedTemplatesInStore,
  type Harness,
} from './harness.js';

describe('/api/v1/contacts and /api/v1/journeys', () => {
  let h: Harness;
  let contactId: string;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    await publishSeedCanvas(h.riposte);
    await h.call('POST', '/users/track', {
      attributes: [
        { external_id: 'u1', phone: '+15551234567', first_name: 'Ana', time_zone: 'Europe/Lisbon' },
      ],
      events: [{ external_id: 'u1', name: 'signed_up', time: '2026-01-01T00:00:00Z' }],
    });
    await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      recipients: [{ external_user_id: 'u1', context: { order_id: 'A-1' } }],
    });
    await h.settle();
    contactId = (await h.riposte.store.contacts.find({ externalId: 'u1' }))?.id ?? '';
  });
  afterEach(async () => h.close());

  const csv = (text: string, query = '') =>
    h.call('POST', `/api/v1/contacts/import${query}`, text, { 'content-type': 'text/csv' });

  it('searches, reads one contact and 404s an unknown one', async () => {
    const found = await h.call('GET', '/api/v1/contacts?q=ana');
    expect(found.body).toEqual({
      contacts: [
        {
          id: contactId,
          externalId: 'u1',
          phone: '+15551234567',
          userId: null,
          attributes: { first_name: 'Ana' },
          timeZone: 'Europe/Lisbon',
          subscriptions: {},
          lastInboundAt: null,
        },
      ],
      next: null,
    });
    expect((await h.call('GET', '/api/v1/contacts?q=zzz')).body).toEqual({
      contacts: [],
      next: null,
    });
    expect((await h.call('GET', `/api/v1/contacts/${contactId}`)).body.contact).toMatchObject({
      externalId: 'u1',
    });
    const missing = await h.call('GET', '/api/v1/contacts/nope');
    expect(refusal(missing, 404)).toEqual({
      code: 'contact_not_found',
      message: 'no contact "nope"',
      field: 'id',
    });
    const badLimit = await h.call('GET', '/api/v1/contacts?limit=0');
    expect(refusal(badLimit, 400).field).toBe('limit');
  });

  it('gives the timeline oldest first: the event, the steps and the template sent', async () => {
    const r = await h.call('GET', `/api/v1/contacts/${contactId}/timeline`);
    const items = r.body.items as Array<Record<string, unknown>>;
    expect(items[0]).toEqual({
      type: 'event',
      at: Date.parse('2026-01-01T00:00:00Z'),
      name: 'signed_up',
      properties: {},
    });
    expect(items.filter((i) => i.type === 'step').map((i) => i.stepId)).toEqual(['ask']);
    expect(items.find((i) => i.type === 'message')).toMatchObject({
      direction: 'out',
      text: 'Hi Ana, how was your order A-1?',
      buttons: ['YES', 'NO', 'TALK TO SUPPORT'],
      canvasId: 'order-feedback',
      stepId: 'ask',
    });
  });

  it('imports CSV: new and known people, failed lines with file line numbers', async () => {
    const r = await csv(
      [
        'external_id,phone,first_name,time_zone,subscription_group_id,subscription_state',
        'u1,,Ana B,,main,subscribed',
        'u9,+15559876543,"Zed, Jr.",America/New_York,,',
        ',,nobody,,,',
        'u10,12,bad phone,,,',
      ].join('\n'),
      '?line_offset=100',
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      imported: 1,
      updated: 1,
      failed: [
        { line: 104, error: 'needs external_id, phone or user_id' },
        { line: 105, error: 'phone "12" is not a phone number' },
      ],
    });
    const u9 = await h.riposte.store.contacts.find({ externalId: 'u9' });
    expect(u9).toMatchObject({
      phone: '+15559876543',
      timeZone: 'America/New_York',
      attributes: { first_name: 'Zed, Jr.' },
    });
    expect(await h.riposte.store.contacts.find({ externalId: 'u1' })).toMatchObject({
      attributes: { first_name: 'Ana B' },
      subscriptions: { main: 'subscribed' },
    });
    const noId = await csv('first_name\nAna');
    expect(refusal(noId, 400)).toEqual({
      code: 'no_identifier_column',
      message: 'the header needs external_id, phone or user_id',
      hint: 'columns found: first_name',
    });
  });

  it('deletes a contact with everything of theirs', async () => {
    const r = await h.call('DELETE', `/api/v1/contacts/${contactId}`);
    expect(r.status).toBe(204);
    expect(await h.riposte.store.contacts.get(contactId)).toBeUndefined();
    expect(await h.riposte.store.journeys.listByContact(contactId)).toEqual([]);
    expect((await h.call('DELETE', `/api/v1/contacts/${contactId}`)).status).toBe(404);
  });

  it('lists journeys by canvas, step and status; reads one with its path; cancels it', async () => {
    const list = await h.call(
      'GET',
      '/api/v1/journeys?canvas=order-feedback&step=answer&status=waiting',
    );
    const journeys = list.body.journeys as Array<Record<string, unknown>>;
    expect(journeys).toEqual([
      {
        id: expect.any(String),
        canvasId: 'order-feedback',
        version: 1,
        contactId,
        status: 'waiting',
        stepId: 'answer',
        branch: null,
        enteredAt: expect.any(Number),
        updatedAt: expect.any(Number),
        endedAt: null,
        exitReason: null,
      },
    ]);
    expect(list.body.next).toBeNull();
    expect(
      (await h.call('GET', '/api/v1/journeys?canvas=order-feedback&group=no')).body.journeys,
    ).toEqual([]);
    const id = String(journeys[0]?.id);
    const one = await h.call('GET', `/api/v1/journeys/${id}`);
    expect((one.body.history as Array<{ stepId: string }>).map((s) => s.stepId)).toEqual(['ask']);
    expect((one.body.journey as { context: unknown }).context).toEqual({ order_id: 'A-1' });
    const cancelled = await h.call('POST', `/api/v1/journeys/${id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.journey).toMatchObject({
      id,
      status: 'ended',
      exitReason: 'cancelled',
      branch: 'cancelled',
    });
    expect((await h.riposte.store.journeys.get(id))?.journey.status).toBe('ended');
    expect(await h.riposte.store.timers.get(`${id}:2`)).toBeUndefined();
    const again = await h.call('POST', `/api/v1/journeys/${id}/cancel`);
    expect(refusal(again, 409)).toEqual({
      code: 'journey_ended',
      message: `journey "${id}" has already ended`,
    });
    const noCanvas = await h.call('GET', '/api/v1/journeys');
    expect(refusal(noCanvas, 400)).toEqual({
      code: 'missing_field',
      message: 'canvas is required',
      field: 'canvas',
    });
    expect((await h.call('GET', '/api/v1/journeys/nope')).status).toBe(404);
  });
});
