import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Json } from './json-fields.js';
import {
  DISPLAY_DIGITS,
  orderFeedback,
  PNID,
  slotList,
  springSale,
  startReceiver,
  testEmulator,
  TOKEN,
  USER,
  USER_DIGITS,
  type Receiver,
  type TestEmulator,
} from './test-support.js';

let receiver: Receiver;
let t: TestEmulator;

beforeEach(async () => {
  receiver = await startReceiver();
  t = testEmulator({ webhookUrl: receiver.url });
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

async function sendDelivered(body: Json): Promise<string> {
  const response = await t.send(body);
  expect(response.status).toBe(200);
  t.clock.advance(500);
  return String(((response.body.messages as Json[])[0] as Json).id);
}

async function lastInbound(): Promise<Json> {
  await vi.waitFor(() => expect(receiver.messages().length).toBeGreaterThan(0));
  const messages = receiver.messages();
  return messages[messages.length - 1] as Json;
}

describe('tapping a template quick reply', () => {
  it('sends the exact button message: payload sent for that index, label, context of the template', async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER, name: 'Ana Silva' });
    const wamid = await sendDelivered(orderFeedback());
    const tapped = await t.control('POST', `/_emulator/phones/${USER}/tap`, { label: 'NO' });
    expect(tapped.status).toBe(201);
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(1));
    const value = receiver.values('messages').find((v) => v.messages) as Json;
    expect(value.contacts).toEqual([{ profile: { name: 'Ana Silva' }, wa_id: USER_DIGITS }]);
    expect(value.messages).toEqual([
      {
        context: { from: DISPLAY_DIGITS, id: wamid },
        from: USER_DIGITS,
        id: expect.stringMatching(/^wamid\./),
        timestamp: String(Math.floor(t.clock.now() / 1000)),
        type: 'button',
        button: { payload: 'fb:no', text: 'NO' },
      },
    ]);
    // The tap opened the window: free-form is accepted and goes out.
    await t.send({ to: USER, text: { body: 'Sorry to hear that' } });
    t.clock.advance(200);
    await vi.waitFor(() =>
      expect(receiver.statuses().filter((s) => s.status === 'sent')).toHaveLength(2),
    );
    expect(receiver.statuses().some((s) => s.status === 'failed')).toBe(false);
  });

  it('by index too, and the chat shows what was tapped and the read status', async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER });
    const wamid = await sendDelivered(orderFeedback());
    await t.control('POST', `/_emulator/phones/${USER}/tap`, { message_id: wamid, index: 2 });
    expect((await lastInbound()).button).toEqual({
      payload: 'fb:support',
      text: 'TALK TO SUPPORT',
    });
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    const template = (chat.body.messages as Json[])[0] as Json;
    expect(template).toMatchObject({
      direction: 'outbound',
      status: 'read',
      tapped: { index: 2, title: 'TALK TO SUPPORT', payload: 'fb:support' },
      content: { body: 'Hi Ana, how was your order A-1042?' },
    });
    expect((chat.body.messages as Json[])[1]).toMatchObject({
      direction: 'inbound',
      type: 'button',
    });
  });

  it('without payload parameters, the payload is the label', async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER });
    await sendDelivered(orderFeedback(USER, []));
    await t.control('POST', `/_emulator/phones/${USER}/tap`, { index: 0 });
    expect((await lastInbound()).button).toEqual({ payload: 'YES', text: 'YES' });
  });

  it('refuses a tap before delivery and on a URL button', async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER });
    await t.send(orderFeedback());
    expect((await t.control('POST', `/_emulator/phones/${USER}/tap`, { index: 0 })).status).toBe(
      409,
    );
    t.clock.advance(500);
    expect(
      (await t.control('POST', `/_emulator/phones/${USER}/tap`, { label: 'MAYBE' })).status,
    ).toBe(404);
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    await sendDelivered({ to: USER, ...springSale('https://cdn.example/a.jpg', 'x') });
    const url = await t.control('POST', `/_emulator/phones/${USER}/tap`, { index: 0 });
    expect(url.status).toBe(400);
    expect((url.body.error as Json).message).toContain('URL button');
  });
});

describe('tapping interactive messages', () => {
  beforeEach(async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
  });

  it('a reply button gives interactive.button_reply with context.id', async () => {
    const wamid = await sendDelivered({
      to: USER,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'On time?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'yes', title: 'Yes' } },
            { type: 'reply', reply: { id: 'late', title: 'It was late' } },
          ],
        },
      },
    });
    await t.control('POST', `/_emulator/phones/${USER}/tap`, { id: 'late' });
    const message = await lastInbound();
    expect(message).toMatchObject({
      context: { from: DISPLAY_DIGITS, id: wamid },
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'late', title: 'It was late' } },
    });
  });

  it('a list row gives interactive.list_reply with its description', async () => {
    const wamid = await sendDelivered({ to: USER, ...slotList() });
    await t.control('POST', `/_emulator/phones/${USER}/tap`, { label: '9:00' });
    expect(await lastInbound()).toMatchObject({
      context: { id: wamid },
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'am9', title: '9:00', description: 'Early bird' },
      },
    });
  });
});

describe('identity modes', () => {
  it('a username user (BSUID only): no from / wa_id, from_user_id and user_id instead', async () => {
    const created = await t.control('POST', '/_emulator/phones', {
      identity: 'user_id',
      name: 'Ben',
      username: '@ben',
    });
    expect(created.status).toBe(201);
    const userId = String(created.body.user_id);
    expect(userId).toMatch(/^US\.\d{20}$/);
    expect(created.body.wa_id).toBeUndefined();
    await t.control('POST', `/_emulator/phones/${userId}/messages`, { text: 'hello' });
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(1));
    const value = receiver.values('messages')[0] as Json;
    expect(value.contacts).toEqual([
      { profile: { name: 'Ben', username: '@ben' }, user_id: userId },
    ]);
    const message = (value.messages as Json[])[0] as Json;
    expect(message.from).toBeUndefined();
    expect(message).toMatchObject({ from_user_id: userId, type: 'text', text: { body: 'hello' } });

    await t.send({ recipient: userId, text: { body: 'hi Ben' } });
    t.clock.advance(100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(1));
    const status = receiver.statuses()[0] as Json;
    expect(status.recipient_id).toBeUndefined();
    expect(status.recipient_user_id).toBe(userId);
  });

  it('phone + BSUID: both wa_id and user_id, from and from_user_id', async () => {
    await t.control('POST', '/_emulator/phones', {
      phone: USER,
      identity: 'phone_and_user_id',
      user_id: 'US.13491208655302741918',
      name: 'Ana',
    });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(1));
    const value = receiver.values('messages')[0] as Json;
    expect(value.contacts).toEqual([
      { profile: { name: 'Ana' }, wa_id: USER_DIGITS, user_id: 'US.13491208655302741918' },
    ]);
    expect((value.messages as Json[])[0]).toMatchObject({
      from: USER_DIGITS,
      from_user_id: 'US.13491208655302741918',
    });
  });
});

describe('other user actions', () => {
  beforeEach(async () => {
    await t.control('POST', '/_emulator/phones', { phone: USER });
  });

  it('react and un-react (emoji omitted)', async () => {
    const wamid = await sendDelivered(orderFeedback());
    await t.control('POST', `/_emulator/phones/${USER}/react`, { message_id: wamid, emoji: '❤️' });
    await t.control('POST', `/_emulator/phones/${USER}/react`, { message_id: wamid });
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(2));
    const [reacted, removed] = receiver.messages();
    expect(reacted).toMatchObject({
      type: 'reaction',
      reaction: { message_id: wamid, emoji: '❤️' },
    });
    expect(removed?.reaction).toEqual({ message_id: wamid });
  });

  it('a quoted reply carries context', async () => {
    const wamid = await sendDelivered(orderFeedback());
    await t.control('POST', `/_emulator/phones/${USER}/messages`, {
      text: 'about this',
      reply_to: wamid,
    });
    expect((await lastInbound()).context).toEqual({ from: DISPLAY_DIGITS, id: wamid });
  });

  it('an image: the webhook has a media id that GET /{media-id} and its URL serve', async () => {
    await t.control('POST', `/_emulator/phones/${USER}/messages`, {
      type: 'image',
      caption: 'my receipt',
    });
    const message = await lastInbound();
    const image = message.image as Json;
    expect(image).toMatchObject({
      caption: 'my receipt',
      mime_type: 'image/jpeg',
      sha256: expect.any(String),
    });
    const media = await t.graph('GET', `/v23.0/${String(image.id)}`);
    expect(media.body).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining('/whatsapp_business/attachments/?mid='),
      mime_type: 'image/jpeg',
      sha256: image.sha256,
      file_size: expect.any(Number),
      id: image.id,
    });
    const url = new URL(String(media.body.url));
    const path = url.pathname + url.search;
    const download = await t.emulator.app.inject({
      method: 'GET',
      url: path,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.length).toBe(media.body.file_size);
    expect((await t.emulator.app.inject({ method: 'GET', url: path })).statusCode).toBe(401);
    t.clock.advance(5 * 60_000 + 1000);
    const expired = await t.emulator.app.inject({
      method: 'GET',
      url: path,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(expired.statusCode).toBe(404);
  });

  it('a location, and an unsupported message with error 131051', async () => {
    await t.control('POST', `/_emulator/phones/${USER}/messages`, {
      type: 'location',
      latitude: 38.72,
      longitude: -9.14,
      name: 'Lisbon',
    });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { type: 'unsupported' });
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(2));
    const [location, unsupported] = receiver.messages();
    expect(location).toMatchObject({
      type: 'location',
      location: { latitude: 38.72, longitude: -9.14, name: 'Lisbon' },
    });
    expect(unsupported).toMatchObject({
      type: 'unsupported',
      unsupported: { type: 'poll_creation' },
      errors: [{ code: 131051 }],
    });
  });

  it('change number: a system message without contacts, and the phone answers to the new number', async () => {
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    const changed = await t.control('POST', `/_emulator/phones/${USER}/change-number`, {
      phone: '+16505550000',
    });
    expect(changed.body.wa_id).toBe('16505550000');
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(2));
    const value = receiver.values('messages')[1] as Json;
    expect(value.contacts).toBeUndefined();
    expect((value.messages as Json[])[0]).toMatchObject({
      from: USER_DIGITS,
      type: 'system',
      system: {
        wa_id: '16505550000',
        type: 'user_changed_number',
        body: expect.stringContaining(`from ${USER_DIGITS} to 16505550000`),
      },
    });
    expect((await t.control('GET', '/_emulator/phones/+16505550000')).status).toBe(200);
  });

  it('lists phones with their window and opt-out per business number', async () => {
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    const list = await t.control('GET', '/_emulator/phones');
    expect(list.body.data).toEqual([
      expect.objectContaining({
        key: 'p1',
        phone: USER,
        wa_id: USER_DIGITS,
        businesses: [{ phone_number_id: PNID, window_open: true, marketing_stopped: false }],
      }),
    ]);
  });

  it('refuses bad phones: not E.164, duplicate, user_id mode with a number', async () => {
    expect((await t.control('POST', '/_emulator/phones', { phone: '6505551234' })).status).toBe(
      400,
    );
    expect((await t.control('POST', '/_emulator/phones', { phone: USER })).status).toBe(409);
    expect(
      (await t.control('POST', '/_emulator/phones', { phone: '+16505550001', identity: 'user_id' }))
        .status,
    ).toBe(400);
    expect((await t.control('GET', '/_emulator/phones/+19999999999')).status).toBe(404);
  });
});
