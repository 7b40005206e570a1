import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Json } from './json-fields.js';
import {
  errorOf,
  orderFeedback,
  springSale,
  startReceiver,
  testEmulator,
  USER,
  USER_DIGITS,
  type Receiver,
  type TestEmulator,
} from './test-support.js';
import type { EmulatorOptions } from './options.js';

const DAY = 24 * 60 * 60 * 1000;
const HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

let receiver: Receiver;
let t: TestEmulator;

async function setup(options: EmulatorOptions = {}, phone: Json = { phone: USER }) {
  t = testEmulator({ webhookUrl: receiver.url, ...options });
  await t.control('POST', '/_emulator/phones', phone);
}

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

const promo = (to = USER): Json => ({ to, ...springSale('https://cdn.example/a.jpg', 'x') });

/** Send, expect 200 with a wamid, then the one `failed` status webhook. */
async function expectAsyncFailure(body: Json): Promise<Json> {
  const response = await t.send(body);
  expect(response.status).toBe(200);
  const id = ((response.body.messages as Json[])[0] as Json).id;
  t.clock.advance(10_000);
  await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(1));
  await t.emulator.webhooksSettled();
  const statuses = receiver.statuses();
  expect(statuses).toHaveLength(1);
  const status = statuses[0] as Json;
  expect(status).toMatchObject({ id, status: 'failed', timestamp: expect.stringMatching(/^\d+$/) });
  expect(status.pricing).toBeUndefined();
  expect(status.conversation).toBeUndefined();
  return status;
}

describe('the 24 h customer-service window', () => {
  it('a free-form message with no inbound ever: 200, then failed 131047', async () => {
    await setup();
    const status = await expectAsyncFailure({ to: USER, text: { body: 'hello' } });
    expect(status).toEqual({
      id: status.id,
      status: 'failed',
      timestamp: status.timestamp,
      recipient_id: USER_DIGITS,
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          error_data: {
            details:
              'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
          },
          href: HREF,
        },
      ],
    });
  });

  it('free-form is fine for 24 h after the last inbound, then fails', async () => {
    await setup();
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    t.clock.advance(DAY - 1000);
    await t.send({ to: USER, text: { body: 'still open' } });
    t.clock.advance(2000);
    await t.send({ to: USER, text: { body: 'too late' } });
    t.clock.advance(10_000);
    await vi.waitFor(() =>
      expect(receiver.statuses().some((s) => s.status === 'failed')).toBe(true),
    );
    await t.emulator.webhooksSettled();
    const byStatus = receiver.statuses().map((s) => s.status);
    expect(byStatus.filter((s) => s === 'failed')).toHaveLength(1);
    expect(byStatus).toContain('read');
  });

  it('templates go out with the window closed', async () => {
    await setup();
    await t.send(orderFeedback());
    t.clock.advance(10_000);
    await vi.waitFor(() => expect(receiver.statuses()).toHaveLength(3));
  });

  it('can answer synchronously with 400 / 131047 when configured so', async () => {
    await setup({ outsideWindow: 'sync' });
    const response = await t.send({ to: USER, text: { body: 'hello' } });
    expect(response.status).toBe(400);
    expect(errorOf(response.body)).toMatchObject({
      code: 131047,
      message: '(#131047) Re-engagement message',
    });
  });
});

describe('marketing opt-out', () => {
  it('stop sends user_preferences; later marketing templates fail 131050, utility ones do not', async () => {
    await setup();
    await t.control('POST', `/_emulator/phones/${USER}/marketing`, { value: 'stop' });
    await vi.waitFor(() => expect(receiver.values('user_preferences')).toHaveLength(1));
    const [value] = receiver.values('user_preferences');
    expect(value).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ profile: { name: expect.any(String) }, wa_id: USER_DIGITS }],
      user_preferences: [
        {
          wa_id: USER_DIGITS,
          detail: 'User requested to stop marketing messages',
          category: 'marketing_messages',
          value: 'stop',
          timestamp: Math.floor(t.clock.now() / 1000),
        },
      ],
    });
    const status = await expectAsyncFailure(promo());
    expect((status.errors as Json[])[0]).toMatchObject({ code: 131050 });

    await t.send(orderFeedback());
    t.clock.advance(200);
    await vi.waitFor(() => expect(receiver.statuses().map((s) => s.status)).toContain('sent'));
  });

  it('resume lets marketing through again', async () => {
    await setup();
    await t.control('POST', `/_emulator/phones/${USER}/marketing`, { value: 'stop' });
    await t.control('POST', `/_emulator/phones/${USER}/marketing`, { value: 'resume' });
    await t.send(promo());
    t.clock.advance(200);
    await vi.waitFor(() => expect(receiver.statuses().map((s) => s.status)).toEqual(['sent']));
    const values = receiver.values('user_preferences');
    expect(values.map((v) => ((v.user_preferences as Json[])[0] as Json).value)).toEqual([
      'stop',
      'resume',
    ]);
  });
});

describe('numbers not on WhatsApp', () => {
  it('a phone registered as not on WhatsApp: 200 with wa_id, then failed 131026', async () => {
    await setup({}, { phone: USER, on_whatsapp: false });
    const status = await expectAsyncFailure(orderFeedback());
    expect((status.errors as Json[])[0]).toMatchObject({
      code: 131026,
      title: 'Message undeliverable',
    });
  });

  it('unknown numbers fail 131026 when unknownRecipients is not_on_whatsapp', async () => {
    await setup({ unknownRecipients: 'not_on_whatsapp' });
    const status = await expectAsyncFailure(orderFeedback('+447700900123'));
    expect(status.recipient_id).toBe('447700900123');
    expect((status.errors as Json[])[0]).toMatchObject({ code: 131026 });
  });

  it('an unknown BSUID fails 131026', async () => {
    await setup();
    const { to: _to, ...template } = orderFeedback();
    const status = await expectAsyncFailure({ ...template, recipient: 'US.99999999999999999999' });
    expect((status.errors as Json[])[0]).toMatchObject({ code: 131026 });
  });
});
