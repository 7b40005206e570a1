import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Json } from './json-fields.js';
import {
  APP_SECRET,
  DISPLAY_DIGITS,
  orderFeedback,
  PNID,
  startReceiver,
  testEmulator,
  USER,
  USER_DIGITS,
  WABA,
  type Receiver,
  type TestEmulator,
} from './test-support.js';
import type { EmulatorOptions } from './options.js';

let receiver: Receiver;
let t: TestEmulator;

async function setup(options: EmulatorOptions = {}) {
  t = testEmulator({ webhookUrl: receiver.url, ...options });
  await t.control('POST', '/_emulator/phones', { phone: USER, name: 'Zoë Ødegård' });
}

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

const sign = (raw: Buffer) =>
  'sha256=' + createHmac('sha256', APP_SECRET).update(raw).digest('hex');

describe('webhook bytes', () => {
  it('are signed over the raw bytes, compact, with non-ASCII escaped as \\uXXXX', async () => {
    await setup();
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'Olá 👍' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    const [request] = receiver.requests;
    if (!request) throw new Error('no request');
    expect(request.headers['x-hub-signature-256']).toBe(sign(request.raw));
    expect(request.headers['content-type']).toBe('application/json');
    expect([...request.raw].every((byte) => byte < 0x80)).toBe(true);
    const text = request.raw.toString('ascii');
    expect(text).toContain('"body":"Ol\\u00e1 \\ud83d\\udc4d"');
    expect(text).toContain('"name":"Zo\\u00eb \\u00d8deg\\u00e5rd"');
    expect(text).toBe(
      JSON.stringify(request.body).replace(
        /[\u0080-\uffff]/g,
        (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'),
      ),
    );
    const message = receiver.messages()[0] as Json;
    expect(request.body).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [
            {
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: DISPLAY_DIGITS, phone_number_id: PNID },
                contacts: [{ profile: { name: 'Zoë Ødegård' }, wa_id: USER_DIGITS }],
                messages: [
                  {
                    from: USER_DIGITS,
                    id: message.id,
                    timestamp: String(Math.floor(t.clock.now() / 1000)),
                    type: 'text',
                    text: { body: 'Olá 👍' },
                  },
                ],
              },
              field: 'messages',
            },
          ],
        },
      ],
    });
  });
});

describe('status webhooks', () => {
  it('go sent → delivered → read per message, priced on sent and delivered, callback data echoed', async () => {
    await setup();
    const sent = await t.send({ ...orderFeedback(), biz_opaque_callback_data: 'run-7:ask' });
    const id = ((sent.body.messages as Json[])[0] as Json).id;
    t.clock.advance(100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(1));
    t.clock.advance(300);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(2));
    t.clock.advance(1100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(3));
    const [s, d, r] = receiver.statuses();
    const pricing = { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' };
    expect(s).toEqual({
      id,
      status: 'sent',
      timestamp: expect.stringMatching(/^\d+$/),
      recipient_id: USER_DIGITS,
      conversation: {
        id: expect.any(String),
        expiration_timestamp: expect.stringMatching(/^\d+$/),
        origin: { type: 'utility' },
      },
      pricing,
      biz_opaque_callback_data: 'run-7:ask',
    });
    expect(d).toEqual({
      id,
      status: 'delivered',
      timestamp: expect.any(String),
      recipient_id: USER_DIGITS,
      conversation: { id: expect.any(String), origin: { type: 'utility' } },
      pricing,
      biz_opaque_callback_data: 'run-7:ask',
    });
    expect(r).toEqual({
      id,
      status: 'read',
      timestamp: expect.any(String),
      recipient_id: USER_DIGITS,
      biz_opaque_callback_data: 'run-7:ask',
    });
  });

  it('batch what is pending into one POST', async () => {
    await setup();
    for (let i = 0; i < 3; i++) await t.send(orderFeedback());
    t.clock.advance(100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(3));
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.statuses().map((s) => s.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('free-form messages inside the window are free service messages', async () => {
    await setup();
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    await t.send({ to: USER, text: { body: 'hello' } });
    t.clock.advance(100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(1));
    expect(receiver.statuses()[0]?.pricing).toEqual({
      billable: false,
      pricing_model: 'PMP',
      category: 'service',
      type: 'free_customer_service',
    });
  });

  it('skip delivered when the message is read on arrival, and price the read', async () => {
    await setup({ delivery: { sentAfterMs: 100, deliveredAfterMs: 500, readAfterMs: 500 - 1 } });
    await t.send(orderFeedback());
    t.clock.advance(1000);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(2));
    expect(receiver.statuses().map((s) => s.status)).toEqual(['sent', 'read']);
    expect(receiver.statuses()[1]?.pricing).toMatchObject({ category: 'utility' });
  });

  it('wait for an offline phone, and never report read without read receipts', async () => {
    await setup();
    await t.control('PATCH', `/_emulator/phones/${USER}`, { online: false, read_receipts: false });
    await t.send(orderFeedback());
    t.clock.advance(5000);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(1));
    await t.control('PATCH', `/_emulator/phones/${USER}`, { online: true });
    t.clock.advance(5000);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(2));
    await t.emulator.webhooksSettled();
    expect(receiver.statuses().map((s) => s.status)).toEqual(['sent', 'delivered']);
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    expect((chat.body.messages as Json[])[0]?.status).toBe('read');
  });
});

describe('webhook retries', () => {
  it('retries a POST answered 500, immediately, with the same bytes and signature', async () => {
    await setup();
    receiver.respondWith((n) => (n === 0 ? 500 : 200));
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'retry me' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(2));
    const [first, second] = receiver.requests;
    expect(second?.raw.equals(first?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(second?.headers['x-hub-signature-256']).toBe(first?.headers['x-hub-signature-256']);
    await vi.waitFor(() => expect(t.emulator.deliveries()[0]?.state).toBe('delivered'));
    expect(t.emulator.deliveries()[0]?.attempts.map((a) => a.result)).toEqual(['500', '200']);
  });

  it('then backs off on the clock, and gives up after the horizon', async () => {
    await setup({ webhooks: { retryDelaysMs: [0, 1000, 4000], retryHorizonMs: 6000 } });
    receiver.respondWith(() => 503);
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'never acknowledged' });
    const delivery = () => t.emulator.deliveries()[0];
    await vi.waitFor(() => expect(delivery()?.attempts).toHaveLength(2));
    await vi.waitFor(() => expect(delivery()?.state).toBe('retrying'));
    expect(delivery()?.nextAttemptAt).toBe(t.clock.now() + 1000);
    t.clock.advance(1000);
    await vi.waitFor(() => expect(delivery()?.attempts).toHaveLength(3));
    await vi.waitFor(() => expect(delivery()?.nextAttemptAt).toBe(t.clock.now() + 4000));
    t.clock.advance(4000);
    await vi.waitFor(() => expect(delivery()?.attempts).toHaveLength(4));
    // The next retry would fall after the 6 s horizon.
    await vi.waitFor(() => expect(delivery()?.state).toBe('gave_up'));
    expect(receiver.requests).toHaveLength(4);
  });

  it('retries when the receiver cannot be reached', async () => {
    await setup({ webhookUrl: 'http://127.0.0.1:1/unreachable' });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hello?' });
    await vi.waitFor(() => expect(t.emulator.deliveries()[0]?.attempts).toHaveLength(2));
    expect(t.emulator.deliveries()[0]?.attempts[0]?.result).toMatch(/^error: /);
    t.emulator.setWebhookUrl(receiver.url);
    t.clock.advance(1000);
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
  });
});

describe('webhook faults', () => {
  it('duplicate: every POST arrives N times', async () => {
    await setup();
    await t.control('PUT', '/_emulator/faults', { webhooks: { duplicate: { copies: 3 } } });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'dup' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(3));
    const ids = receiver.messages().map((m) => m.id);
    expect(new Set(ids).size).toBe(1);
  });

  it('reorder: updates of a batch arrive shuffled', async () => {
    await setup();
    await t.control('PUT', '/_emulator/faults', { webhooks: { reorder: true } });
    const ids: unknown[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((((await t.send(orderFeedback())).body.messages as Json[])[0] as Json).id);
    t.clock.advance(100);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(6));
    const arrived = receiver.statuses().map((s) => s.id);
    expect(arrived).not.toEqual(ids);
    expect([...arrived].sort()).toEqual([...ids].sort());
  });

  it('delay: POSTs wait on the clock', async () => {
    await setup();
    await t.control('PUT', '/_emulator/faults', { webhooks: { delayMs: 5000 } });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'later' });
    await vi.waitFor(() => expect(t.emulator.deliveries()).toHaveLength(1));
    expect(receiver.requests).toHaveLength(0);
    t.clock.advance(5000);
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
  });

  it('fail: the next delivery attempt fails without reaching the receiver, then is retried', async () => {
    await setup();
    await t.control('PUT', '/_emulator/faults', { webhooks: { fail: { next: 1 } } });
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'flaky' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    await vi.waitFor(() =>
      expect(t.emulator.deliveries()[0]?.attempts.map((a) => a.result)).toEqual([
        'failed (fault injected)',
        '200',
      ]),
    );
  });
});
