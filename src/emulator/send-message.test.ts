import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from './json-fields.js';
import {
  onTimeQuestion,
  orderFeedback,
  orderFeedbackTemplate,
  PNID,
  shippingUpdate,
  slotList,
  testEmulator,
  TOKEN,
  USER,
  USER_DIGITS,
  type TestEmulator,
} from './test-support.js';

const WAMID = /^wamid\.[A-Za-z0-9+/]+=*$/;

let t: TestEmulator;

beforeEach(async () => {
  t = testEmulator();
  // The user writes first, so free-form messages are inside the 24 h window.
  await t.control('POST', '/_emulator/phones', { phone: USER, name: 'Ana Silva' });
  await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
});

afterEach(async () => {
  await t.emulator.close();
});

function expectAccepted(response: { status: number; body: Json }, template = false) {
  expect(response.status).toBe(200);
  expect(response.body).toEqual({
    messaging_product: 'whatsapp',
    contacts: [{ input: USER, wa_id: USER_DIGITS }],
    messages: [
      template
        ? { id: expect.stringMatching(WAMID), message_status: 'accepted' }
        : { id: expect.stringMatching(WAMID) },
    ],
  });
}

async function lastOutbound(): Promise<Json> {
  const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
  const messages = (chat.body.messages as Json[]).filter((m) => m.direction === 'outbound');
  return messages[messages.length - 1] ?? {};
}

describe('POST /{phone-number-id}/messages accepts every send type', () => {
  it('text', async () => {
    expectAccepted(
      await t.send({ to: USER, type: 'text', text: { body: 'Hello', preview_url: true } }),
    );
    expect((await lastOutbound()).content).toEqual({ body: 'Hello', preview_url: true });
  });

  it('text by default when type is left out', async () => {
    expectAccepted(await t.send({ to: USER, text: { body: 'No type given' } }));
  });

  it('a positional template with body parameters and quick-reply payloads', async () => {
    expectAccepted(await t.send(orderFeedback()), true);
    expect((await lastOutbound()).content).toEqual({
      template: { name: 'order_feedback', language: 'en_US', category: 'UTILITY' },
      body: 'Hi Ana, how was your order A-1042?',
      buttons: [
        { index: 0, type: 'QUICK_REPLY', text: 'YES', payload: 'fb:yes' },
        { index: 1, type: 'QUICK_REPLY', text: 'NO', payload: 'fb:no' },
        { index: 2, type: 'QUICK_REPLY', text: 'TALK TO SUPPORT', payload: 'fb:support' },
      ],
    });
  });

  it('a template with an image header, a URL button suffix and a footer', async () => {
    const response = await t.send({
      to: USER,
      type: 'template',
      template: {
        name: 'spring_sale',
        language: { code: 'en_US' },
        components: [
          {
            type: 'header',
            parameters: [{ type: 'image', image: { link: 'https://cdn.example/sale.jpg' } }],
          },
          { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
          {
            type: 'button',
            sub_type: 'url',
            index: 0,
            parameters: [{ type: 'text', text: 'spring-26' }],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: 1,
            parameters: [{ type: 'payload', payload: 'optout' }],
          },
        ],
      },
    });
    expectAccepted(response, true);
    expect((await lastOutbound()).content).toEqual({
      template: { name: 'spring_sale', language: 'en_US', category: 'MARKETING' },
      header: { type: 'image', link: 'https://cdn.example/sale.jpg' },
      body: 'Our spring sale starts today, Ana!',
      footer: 'Reply STOP to opt out',
      buttons: [
        { index: 0, type: 'URL', text: 'Shop now', url: 'https://shop.example/sale/spring-26' },
        { index: 1, type: 'QUICK_REPLY', text: 'Stop promotions', payload: 'optout' },
      ],
    });
  });

  it('a named template, parameters in any order', async () => {
    const response = await t.send({ to: USER, ...shippingUpdate('A-7') });
    expectAccepted(response, true);
    const content = (await lastOutbound()).content as Json;
    expect(content.header).toEqual({ type: 'text', text: 'Order A-7' });
    expect(content.body).toBe('Hello Ana, your parcel arrives on Friday.');
  });

  it('interactive reply buttons', async () => {
    const response = await t.send({
      to: USER,
      ...onTimeQuestion([
        { id: 'on_time', title: 'Yes' },
        { id: 'late', title: 'No, it was late' },
      ]),
    });
    expectAccepted(response);
    expect((await lastOutbound()).content).toMatchObject({
      type: 'button',
      buttons: [
        { index: 0, id: 'on_time', title: 'Yes' },
        { index: 1, id: 'late', title: 'No, it was late' },
      ],
    });
  });

  it('an interactive list', async () => {
    const response = await t.send({ to: USER, ...slotList() });
    expectAccepted(response);
  });

  it('a reaction to the user message, and its removal', async () => {
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    const inbound = (chat.body.messages as Json[])[0] as Json;
    expectAccepted(
      await t.send({
        to: USER,
        type: 'reaction',
        reaction: { message_id: inbound.id, emoji: '👍' },
      }),
    );
    expectAccepted(
      await t.send({ to: USER, type: 'reaction', reaction: { message_id: inbound.id, emoji: '' } }),
    );
  });

  it.each([
    ['image', { link: 'https://cdn.example/a.jpg', caption: 'A picture' }],
    [
      'document',
      { link: 'https://cdn.example/a.pdf', filename: 'invoice.pdf', caption: 'Invoice' },
    ],
    ['video', { link: 'https://cdn.example/a.mp4' }],
    ['audio', { link: 'https://cdn.example/a.ogg' }],
  ])('%s by link', async (type, media) => {
    expectAccepted(await t.send({ to: USER, type, [type]: media }));
    expect((await lastOutbound()).content).toEqual(media);
  });

  it('a contextual reply and biz_opaque_callback_data', async () => {
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    const inbound = (chat.body.messages as Json[])[0] as Json;
    expectAccepted(
      await t.send({
        to: USER,
        type: 'text',
        text: { body: 'Quoting you' },
        context: { message_id: inbound.id },
        biz_opaque_callback_data: 'journey-1:ask',
      }),
    );
    const sent = await lastOutbound();
    expect(sent.context).toEqual({ message_id: inbound.id });
    expect(sent.biz_opaque_callback_data).toBe('journey-1:ask');
  });

  it('a BSUID recipient: contacts carry user_id and no wa_id', async () => {
    const created = await t.control('POST', '/_emulator/phones', {
      identity: 'user_id',
      username: '@ben',
    });
    const userId = String(created.body.user_id);
    const response = await t.send({ ...orderFeedbackTemplate(), recipient: userId });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: userId, user_id: userId }],
      messages: [{ id: expect.stringMatching(WAMID), message_status: 'accepted' }],
    });
  });

  it('mark as read answers {success: true}', async () => {
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    const inbound = (chat.body.messages as Json[])[0] as Json;
    const response = await t.send({
      status: 'read',
      message_id: inbound.id,
      typing_indicator: { type: 'text' },
    });
    expect(response).toEqual({ status: 200, body: { success: true } });
  });

  it('takes the token as access_token in the query too', async () => {
    const response = await t.emulator.app.inject({
      method: 'POST',
      url: `/v23.0/${PNID}/messages?access_token=${TOKEN}`,
      payload: { messaging_product: 'whatsapp', to: USER, text: { body: 'hi' } },
    });
    expect(response.statusCode).toBe(200);
  });

  it('takes formatted numbers, and the path without a version', async () => {
    const response = await t.emulator.app.inject({
      method: 'POST',
      url: `/${PNID}/messages`,
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { messaging_product: 'whatsapp', to: '+1 (650) 555-1234', text: { body: 'hi' } },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<Json>().contacts).toEqual([
      { input: '+1 (650) 555-1234', wa_id: USER_DIGITS },
    ]);
  });
});
