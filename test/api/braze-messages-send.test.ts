/**
 * POST /messages/send with the whats_app object: each message type becomes the Cloud API
 * body in the outbox (and the message log), the dispatcher sends it to the emulator, and
 * bad requests store nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../helpers.js';
import { harness, seedTemplatesInStore, type Harness } from './harness.js';

describe('POST /messages/send', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    await h.call('POST', '/users/track', {
      attributes: [
        {
          external_id: 'u1',
          phone: '+15551234567',
          subscription_groups: [
            { subscription_group_id: 'main', subscription_state: 'subscribed' },
          ],
        },
        { external_id: 'u2', phone: '+15551234568' },
      ],
    });
    await h.settle();
  });
  afterEach(async () => h.close());

  const outbox = () => h.riposte.store.db.selectFrom('outbox').selectAll().execute();
  /**
   * What each queued send will post, checked to carry its own key as callback data (Meta
   * echoes it in the statuses, which settle the send by it), then without it.
   */
  const bodies = async () =>
    (await outbox()).map((row) => {
      const { biz_opaque_callback_data: callbackData, ...body } = JSON.parse(row.payload).body;
      expect(callbackData).toBe(`rp:${row.key}`);
      return body as unknown;
    });
  const send = (whatsApp: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    h.call('POST', '/messages/send', {
      external_user_ids: ['u1', 'u2'],
      messages: { whats_app: { subscription_group_id: 'main', ...whatsApp } },
      ...extra,
    });

  it('sends a template to subscribed recipients only, with zero-indexed variables', async () => {
    const r = await send({
      message_type: 'template_message',
      message: {
        template_name: 'order_feedback',
        template_language_code: 'en_US',
        body_variables: { '0': 'Ana', '1': 'A-7' },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ dispatch_id: expect.any(String), message: 'success' });
    const rows = await outbox();
    expect(rows.length).toBe(1);
    expect(JSON.parse(rows[0]?.payload ?? '{}')).toMatchObject({
      to: { phone: '+15551234567' },
      body: {
        type: 'template',
        template: {
          name: 'order_feedback',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ana' },
                { type: 'text', text: 'A-7' },
              ],
            },
          ],
        },
      },
    });
    await h.settle();
    const chat = await json(
      `${h.riposte.emulator?.url ?? ''}/_emulator/phones/%2B15551234567/chat`,
    );
    expect(JSON.stringify(chat.body)).toContain('Hi Ana, how was your order A-7?');
  });

  it('broadcasts as a job: answered at once, then queued page by page to the subscribed', async () => {
    const r = await h.call('POST', '/messages/send', {
      broadcast: true,
      send_id: 'spring',
      messages: {
        whats_app: {
          subscription_group_id: 'main',
          message_type: 'text_response_message',
          message: { body: 'Spring sale', preview_url: false },
        },
      },
    });
    expect(r.status).toBe(201);
    // The dispatch is the request's own; the send_id only tracks.
    const dispatchId = (r.body as { dispatch_id: string }).dispatch_id;
    expect(r.body).toEqual({
      dispatch_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      message: 'success',
    });
    // Nothing is queued by the request itself: the job is.
    expect(await outbox()).toEqual([]);
    const [job] = await h.riposte.store.broadcasts.running();
    expect(job).toMatchObject({
      kind: 'send',
      payload: { dispatchId, sendId: 'spring', number: 'main' },
    });
    await h.settle();
    const rows = await outbox();
    expect(rows.map((row) => row.key)).toEqual([
      `send:${dispatchId}:${String(rows[0]?.contact_id)}`,
    ]);
    expect(JSON.parse(rows[0]?.payload ?? '{}')).toMatchObject({
      to: { phone: '+15551234567' },
      body: { type: 'text', text: { body: 'Spring sale' } },
    });
    expect(await h.riposte.store.broadcasts.get(job?.id ?? '')).toMatchObject({
      state: 'done',
      queued: 1,
    });
  });

  it('sends again under a send_id given before: a send_id tracks, it does not deduplicate', async () => {
    const text = { message_type: 'text_response_message', message: { body: 'Daily digest' } };
    const first = await send(text, { send_id: 'digest' });
    const second = await send(text, { send_id: 'digest' });
    const ids = [first.body, second.body].map((b) => (b as { dispatch_id: string }).dispatch_id);
    expect(new Set(ids).size).toBe(2);
    // u1 (the subscribed one) gets both, each under its own dispatch.
    expect((await outbox()).map((row) => row.key.split(':')[1])).toEqual(ids);
    await h.settle();
    const chat = await json(
      `${h.riposte.emulator?.url ?? ''}/_emulator/phones/%2B15551234567/chat`,
    );
    expect(JSON.stringify(chat.body).split('Daily digest').length - 1).toBe(2);
  });

  it("sends to everyone with recipient_subscription_state 'all'", async () => {
    const r = await send(
      { message_type: 'text_response_message', message: { body: 'Hello', preview_url: false } },
      { recipient_subscription_state: 'all' },
    );
    expect(r.status).toBe(201);
    expect(await bodies()).toEqual([
      { type: 'text', text: { body: 'Hello', preview_url: false } },
      { type: 'text', text: { body: 'Hello', preview_url: false } },
    ]);
  });

  it('turns quick replies and lists into interactive messages', async () => {
    await send({
      message_type: 'quick_reply_response_message',
      message: { body: 'Pick', header_text: 'Hi', buttons: [{ text: 'Yes!' }, { text: 'No' }] },
    });
    await send({
      message_type: 'list_response_message',
      message: {
        body: 'Choose',
        list: {
          list_button_text: 'Open',
          list_sections: [
            {
              section_title: 'Boots',
              list_rows: [{ row_title: 'Ankle', row_description: 'ankle boots' }],
            },
          ],
        },
      },
    });
    expect(await bodies()).toEqual([
      {
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Hi' },
          body: { text: 'Pick' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'b0', title: 'Yes!' } },
              { type: 'reply', reply: { id: 'b1', title: 'No' } },
            ],
          },
        },
      },
      {
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Choose' },
          action: {
            button: 'Open',
            sections: [
              { title: 'Boots', rows: [{ id: 'r0', title: 'Ankle', description: 'ankle boots' }] },
            ],
          },
        },
      },
    ]);
  });

  const refusals: Array<[string, Record<string, unknown>, string]> = [
    [
      'no whats_app object',
      { external_user_ids: ['u1'], messages: {} },
      'messages.whats_app is required (the only channel here)',
    ],
    [
      'an unknown subscription group',
      {
        external_user_ids: ['u1'],
        messages: {
          whats_app: {
            subscription_group_id: 'other',
            message_type: 'text_response_message',
            message: { body: 'x' },
          },
        },
      },
      'no subscription group "other"',
    ],
    [
      'an unsupported message type',
      {
        external_user_ids: ['u1'],
        messages: {
          whats_app: {
            subscription_group_id: 'main',
            message_type: 'flow_response_message',
            message: {},
          },
        },
      },
      'messages.whats_app.message_type: "flow_response_message" is not supported; one of template_message, text_response_message, quick_reply_response_message, list_response_message',
    ],
    [
      'a template that does not exist',
      {
        external_user_ids: ['u1'],
        messages: {
          whats_app: {
            subscription_group_id: 'main',
            message_type: 'template_message',
            message: { template_name: 'nope', template_language_code: 'en_US' },
          },
        },
      },
      'messages.whats_app.message.template_name: no template "nope" (en_US); sync templates first',
    ],
    [
      'four quick-reply buttons',
      {
        external_user_ids: ['u1'],
        messages: {
          whats_app: {
            subscription_group_id: 'main',
            message_type: 'quick_reply_response_message',
            message: {
              body: 'x',
              buttons: [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: 'd' }],
            },
          },
        },
      },
      'messages.whats_app.message.buttons: Too big: expected array to have <=3 items',
    ],
    [
      'more than 50 ids',
      {
        external_user_ids: Array.from({ length: 51 }, (_, i) => `u${i}`),
        messages: {
          whats_app: {
            subscription_group_id: 'main',
            message_type: 'text_response_message',
            message: { body: 'x' },
          },
        },
      },
      'at most 50 external_user_ids per request',
    ],
    [
      'no recipients',
      {
        messages: {
          whats_app: {
            subscription_group_id: 'main',
            message_type: 'text_response_message',
            message: { body: 'x' },
          },
        },
      },
      'There are no recipients: give external_user_ids, audience or broadcast: true',
    ],
  ];
  for (const [what, body, message] of refusals) {
    it(`refuses ${what} with 400, queuing nothing`, async () => {
      const r = await h.call('POST', '/messages/send', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe(message);
      expect((await outbox()).length).toBe(0);
    });
  }
});
