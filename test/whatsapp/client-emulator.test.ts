/**
 * Riposte's Cloud API client against the emulator, both over real HTTP: every kind of send
 * the engine produces, what the phone shows and what comes back by webhook, and every error
 * the emulator can produce, checked as the ChannelError the dispatcher decides on (kind,
 * reason, code) and, where it matters, the retry decision.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppClient } from '../../src/channels/whatsapp/client.js';
import type { ChannelError } from '../../src/channels/whatsapp/errors.js';
import type { StatusEvent } from '../../src/channels/whatsapp/events.js';
import { retryDecision } from '../../src/channels/whatsapp/retry.js';
import type {
  ListInteractive,
  OutboundBody,
  ReplyButtonsInteractive,
} from '../../src/engine/outbound.js';
import {
  startEmulator,
  type RunningEmulator,
  type SeedTemplate,
} from '../../src/emulator/index.js';
import {
  onTimeQuestion,
  orderFeedbackTemplate as orderFeedback,
  SEED_TEMPLATES,
  shippingUpdate,
  springSale,
  templateSend,
} from '../../src/emulator/test-support.js';
import { eventually } from '../helpers.js';
import {
  APP_SECRET,
  clientFor,
  Control,
  DISPLAY_DIGITS,
  nextNumber,
  PNID,
  TOKEN,
  WABA,
  startWebhookSink,
  type Json,
  type WebhookSink,
} from './support.js';

/** A second number of the same WABA, at 1 message per second (130429 on the second send). */
const SLOW_PNID = '106540352242923';

/** The emulator's shared seed templates, and two live ones the review tests pause and disable. */
const TEMPLATES: SeedTemplate[] = [
  ...SEED_TEMPLATES,
  {
    name: 'pause_me',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'A notice that will be paused.' }],
  },
  {
    name: 'disable_me',
    language: 'en_US',
    category: 'UTILITY',
    components: [{ type: 'BODY', text: 'A notice that will be disabled.' }],
  },
];

const text = (body: string): OutboundBody => ({ type: 'text', text: { body } });

/** What a successful send resolves to for a phone recipient. */
const accepted = (phone: string, template = true) => ({
  ok: true,
  wamid: expect.stringMatching(/^wamid\./) as unknown,
  waId: phone.slice(1),
  ...(template ? { messageStatus: 'accepted' } : {}),
});

let emulator: RunningEmulator;
let control: Control;
let sink: WebhookSink;
let client: WhatsAppClient;

beforeAll(async () => {
  sink = await startWebhookSink(APP_SECRET);
  emulator = await startEmulator({
    accessTokens: TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: sink.url,
    templates: TEMPLATES,
    businessNumbers: [
      { phoneNumberId: PNID, displayPhoneNumber: '+1 555-078-3881', wabaId: WABA },
      {
        phoneNumberId: SLOW_PNID,
        displayPhoneNumber: '+1 555-078-3882',
        wabaId: WABA,
        throughputPerSecond: 1,
      },
    ],
    delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 },
  });
  control = new Control(emulator.url);
  client = clientFor(emulator.url);
});

afterAll(async () => {
  await client.close();
  await emulator.close();
  await sink.close();
});

afterEach(async () => {
  // Runtime settings survive a reset; put back the ones tests change.
  await control.faults({});
  await control.config({ outside_window: 'async', pair_rate: { interval_ms: 6000, burst: 45 } });
});

/** A new virtual phone's E.164 number. */
async function newPhone(options: Json = {}): Promise<string> {
  const view = await control.phone({ phone: nextNumber(), ...options });
  return String(view.phone);
}

async function sent(to: string, body: OutboundBody, c = client): Promise<string> {
  const result = await c.send({ phone: to }, body);
  if (!result.ok) throw new Error(`send failed: ${JSON.stringify(result.error)}`);
  return result.wamid;
}

async function failure(to: string, body: OutboundBody, c = client): Promise<ChannelError> {
  const result = await c.send({ phone: to }, body);
  if (result.ok) throw new Error(`expected a refusal, got ${result.wamid}`);
  return result.error;
}

/** The one `failed` status of a message, once its webhook has arrived. */
function failedStatus(wamid: string): Promise<StatusEvent> {
  return eventually(
    () => sink.statuses(wamid).find((s) => s.status === 'failed'),
    `the failed status of ${wamid}`,
  );
}

/** A Meta error as the client reports it (the trace id is random). */
function metaError(fields: Partial<ChannelError>): ChannelError {
  return {
    httpStatus: 400,
    fbtraceId: expect.any(String) as unknown as string,
    ...fields,
  } as ChannelError;
}

/** 131047 as the client reports it, by webhook or synchronously. */
const OUTSIDE_WINDOW: Partial<ChannelError> = {
  kind: 'terminal',
  code: 131047,
  reason: 'outside_window',
  title: 'Re-engagement message',
  details:
    'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

describe('sends', () => {
  it('a positional template with quick-reply payloads: the phone shows it filled in, a tap returns our payload', async () => {
    const phone = await newPhone();
    const result = await client.send({ phone }, orderFeedback());
    expect(result).toEqual(accepted(phone));
    if (!result.ok) return;

    const shown = await control.received(phone, result.wamid);
    expect(shown.content).toEqual({
      template: { name: 'order_feedback', language: 'en_US', category: 'UTILITY' },
      body: 'Hi Ana, how was your order A-1042?',
      buttons: [
        { index: 0, type: 'QUICK_REPLY', text: 'YES', payload: 'fb:yes' },
        { index: 1, type: 'QUICK_REPLY', text: 'NO', payload: 'fb:no' },
        { index: 2, type: 'QUICK_REPLY', text: 'TALK TO SUPPORT', payload: 'fb:support' },
      ],
    });

    const tapId = await control.tap(phone, { message_id: result.wamid, label: 'NO' });
    const [tap, ...more] = await eventually(() => {
      const replies = sink.repliesTo(result.wamid);
      return replies.length > 0 ? replies : undefined;
    }, 'the tap webhook');
    expect(more).toEqual([]);
    expect(tap).toMatchObject({
      kind: 'message',
      id: tapId,
      business: { wabaId: WABA, phoneNumberId: PNID, displayPhoneNumber: DISPLAY_DIGITS },
      from: { phone },
      content: { type: 'button', payload: 'fb:no', text: 'NO' },
      context: { id: result.wamid, from: DISPLAY_DIGITS },
      errors: [],
    });
  });

  it('a media header, a body parameter and a URL button suffix', async () => {
    const phone = await newPhone();
    const wamid = await sent(
      phone,
      springSale('https://cdn.example/spring.jpg', 'spring-26?src=wa', 'promo:stop'),
    );
    const shown = await control.received(phone, wamid);
    expect(shown.content).toEqual({
      template: { name: 'spring_sale', language: 'en_US', category: 'MARKETING' },
      header: { type: 'image', link: 'https://cdn.example/spring.jpg' },
      body: 'Our spring sale starts today, Ana!',
      footer: 'Reply STOP to opt out',
      buttons: [
        {
          index: 0,
          type: 'URL',
          text: 'Shop now',
          url: 'https://shop.example/sale/spring-26?src=wa',
        },
        { index: 1, type: 'QUICK_REPLY', text: 'Stop promotions', payload: 'promo:stop' },
      ],
    });
  });

  it('named parameters in any order fill a text header and the body', async () => {
    const phone = await newPhone();
    const wamid = await sent(phone, shippingUpdate('A-1042'));
    const shown = await control.received(phone, wamid);
    expect(shown.content).toEqual({
      template: { name: 'shipping_update', language: 'en_US', category: 'UTILITY' },
      header: { type: 'text', text: 'Order A-1042' },
      body: 'Hello Ana, your parcel arrives on Friday.',
    });
  });

  it('free-form text with preview_url inside the window', async () => {
    const phone = await newPhone();
    await control.say(phone, 'where is my parcel?');
    const result = await client.send(
      { phone },
      {
        type: 'text',
        text: { body: 'Track it at https://track.example/A-1042', preview_url: true },
      },
    );
    expect(result).toEqual(accepted(phone, false));
    if (!result.ok) return;
    const shown = await control.received(phone, result.wamid);
    expect(shown).toMatchObject({
      type: 'text',
      content: { body: 'Track it at https://track.example/A-1042', preview_url: true },
    });
  });

  it('interactive reply buttons: the tap comes back as button_reply with our id', async () => {
    const phone = await newPhone();
    await control.say(phone, 'hi');
    const wamid = await sent(
      phone,
      onTimeQuestion([
        { id: 'ontime:yes', title: 'Yes' },
        { id: 'ontime:late', title: 'A bit late' },
        { id: 'ontime:never', title: 'Never came' },
      ]),
    );
    const shown = await control.received(phone, wamid);
    expect(shown.content).toEqual({
      type: 'button',
      header: { type: 'text', text: 'Your order' },
      body: 'Was it on time?',
      footer: 'Riposte',
      buttons: [
        { index: 0, id: 'ontime:yes', title: 'Yes' },
        { index: 1, id: 'ontime:late', title: 'A bit late' },
        { index: 2, id: 'ontime:never', title: 'Never came' },
      ],
    });
    await control.tap(phone, { message_id: wamid, index: 1 });
    const tap = await eventually(() => sink.repliesTo(wamid)[0], 'the button_reply webhook');
    expect(tap.content).toEqual({ type: 'button_reply', id: 'ontime:late', title: 'A bit late' });
    expect(tap.from).toMatchObject({ phone });
  });

  it('a list: the tapped row comes back as list_reply with its id and description', async () => {
    const phone = await newPhone();
    await control.say(phone, 'change my delivery');
    const wamid = await sent(phone, {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a new day' },
        action: {
          button: 'Choose a day',
          sections: [
            {
              title: 'This week',
              rows: [
                { id: 'day:thu', title: 'Thursday', description: 'Between 9 and 12' },
                { id: 'day:fri', title: 'Friday' },
              ],
            },
            { title: 'Next week', rows: [{ id: 'day:mon', title: 'Monday' }] },
          ],
        },
      },
    });
    await control.received(phone, wamid);
    await control.tap(phone, { message_id: wamid, id: 'day:thu' });
    const tap = await eventually(() => sink.repliesTo(wamid)[0], 'the list_reply webhook');
    expect(tap.content).toEqual({
      type: 'list_reply',
      id: 'day:thu',
      title: 'Thursday',
      description: 'Between 9 and 12',
    });
  });

  it('a contextual reply quotes the person message (context.message_id)', async () => {
    const phone = await newPhone();
    const asked = await control.say(phone, 'can I change the address?');
    const wamid = await sent(phone, {
      ...text('Yes, send us the new one.'),
      context: { message_id: asked },
    });
    const shown = await control.received(phone, wamid);
    expect(shown).toMatchObject({
      direction: 'outbound',
      context: { message_id: asked },
      content: { body: 'Yes, send us the new one.' },
    });
  });

  it('mark-as-read makes the message and the ones before it read (a typing indicator is accepted)', async () => {
    const phone = await newPhone();
    const first = await control.say(phone, 'hello?');
    const second = await control.say(phone, 'anyone there?');
    const third = await control.say(phone, 'one more thing');
    expect(await client.markRead(second, { typing: true })).toEqual({ ok: true, value: true });
    const readOf = async (id: string) =>
      ((await control.message(phone, id))?.status_history as Json[]).map((s) => s.status);
    expect(await readOf(first)).toEqual(['received', 'read']);
    expect(await readOf(second)).toEqual(['received', 'read']);
    expect(await readOf(third)).toEqual(['received']);

    expect(await client.markRead('wamid.not-one-of-ours')).toEqual({
      ok: false,
      error: metaError({
        kind: 'terminal',
        code: 100,
        reason: 'invalid_message',
        title: 'Invalid parameter',
        details:
          'Param message_id (wamid.not-one-of-ours) is not a message received by this number.',
      }),
    });
  });

  it('biz_opaque_callback_data is echoed on the sent, delivered and read statuses', async () => {
    const phone = await newPhone();
    const wamid = await sent(phone, {
      ...orderFeedback(),
      biz_opaque_callback_data: 'journey-7f3a:ask:1',
    });
    const statuses = await eventually(() => {
      const s = sink.statuses(wamid);
      return s.length === 3 ? s : undefined;
    }, 'three statuses');
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    for (const status of statuses)
      expect(status).toMatchObject({
        kind: 'status',
        id: wamid,
        recipient: { phone },
        bizOpaqueCallbackData: 'journey-7f3a:ask:1',
        errors: [],
      });
  });

  it('a BSUID recipient: the answer names the user_id (no wa_id) and statuses carry it', async () => {
    const view = await control.phone({ identity: 'user_id', username: '@ana.runs' });
    const userId = String(view.user_id);
    expect(userId).toMatch(/^[A-Z]{2}\./);
    const result = await client.send({ userId }, orderFeedback());
    expect(result).toEqual({
      ok: true,
      wamid: expect.stringMatching(/^wamid\./) as unknown,
      userId,
      messageStatus: 'accepted',
    });
    if (!result.ok) return;
    const delivered = await eventually(
      () => sink.statuses(result.wamid).find((s) => s.status === 'delivered'),
      'the delivered status',
    );
    expect(delivered.recipient).toMatchObject({ userId });
    expect(delivered.recipient.phone).toBeUndefined();
  });
});

describe('errors', () => {
  it('190: a wrong token pauses the channel, and is not retried', async () => {
    const phone = await newPhone();
    const wrong = clientFor(emulator.url, { accessToken: 'not-the-token' });
    try {
      const error = await failure(phone, orderFeedback(), wrong);
      expect(error).toEqual({
        kind: 'pause_channel',
        code: 190,
        reason: 'auth_failed',
        title: 'Invalid OAuth access token - Cannot parse access token',
        httpStatus: 401,
        fbtraceId: expect.any(String) as unknown,
      });
      expect(retryDecision(error, 0, 0.5)).toEqual({ retry: false, why: 'not_retryable' });
    } finally {
      await wrong.close();
    }
  });

  it('100/33: a phone number id Graph does not know (deleted, or not visible to the token) pauses the channel', async () => {
    const phone = await newPhone();
    await control.say(phone, 'hi');
    const gone = clientFor(emulator.url, { phoneNumberId: '999000999000999' });
    try {
      const numberGone = metaError({
        kind: 'pause_channel',
        code: 100,
        reason: 'number_not_registered',
        title:
          "Unsupported post request. Object with ID '999000999000999' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        subcode: 33,
      });
      expect(await failure(phone, orderFeedback(), gone)).toEqual(numberGone);
      expect(await gone.markRead('wamid.any')).toEqual({ ok: false, error: numberGone });
      // The same code for a bad message on a good number stays a per-message refusal.
      expect(await client.markRead('wamid.any')).toMatchObject({
        ok: false,
        error: { kind: 'terminal', code: 100, reason: 'invalid_message' },
      });
    } finally {
      await gone.close();
    }
  });

  it('bodies over Meta limits are refused before any request leaves (code 100, terminal)', async () => {
    const phone = await newPhone();
    await control.say(phone, 'hi');
    // Armed: the next send request that reaches the emulator would consume this and get 500.
    await control.faults({ sends: { serverError: { next: 1 } } });
    const before = (await control.messages()).length;

    const buttons = (n: number, title = (i: number) => `Option ${i}`) =>
      Array.from({ length: n }, (_, i) => ({
        type: 'reply' as const,
        reply: { id: `b${i}`, title: title(i) },
      }));
    const pick = (action: ReplyButtonsInteractive['action']): OutboundBody => ({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Pick' }, action },
    });
    const pickADay = (action: ListInteractive['action']): OutboundBody => ({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Pick a day' }, action },
    });
    const refusals = await Promise.all([
      failure(phone, pick({ buttons: buttons(4) })),
      failure(
        phone,
        pick({ buttons: buttons(2, (i) => (i === 1 ? 'A title of 21 chars!!' : 'Fine')) }),
      ),
      failure(
        phone,
        pickADay({
          button: 'Choose',
          sections: [
            {
              title: 'Days',
              rows: Array.from({ length: 11 }, (_, i) => ({ id: `d${i}`, title: `Day ${i}` })),
            },
          ],
        }),
      ),
      failure(
        phone,
        pickADay({
          button: 'A list button label!!',
          sections: [{ rows: [{ id: 'd', title: 'A row title of 25 chars!!' }] }],
        }),
      ),
      failure(phone, text('x'.repeat(4097))),
    ]);
    const local = (title: string, details = title): ChannelError => ({
      kind: 'terminal',
      code: 100,
      reason: 'invalid_message',
      title,
      details,
    });
    expect(refusals).toEqual([
      local('interactive.action.buttons: 4 reply buttons; WhatsApp allows 1 to 3'),
      local('interactive.action.buttons[1].reply.title: 21 characters; at most 20'),
      local('interactive.action.sections: 11 rows in total; WhatsApp allows 1 to 10'),
      local(
        'interactive.action.button: 21 characters; at most 20',
        'interactive.action.button: 21 characters; at most 20; ' +
          'interactive.action.sections[0].rows[0].title: 25 characters; at most 24',
      ),
      local('text.body: 4097 characters; at most 4096'),
    ]);
    for (const error of refusals)
      expect(retryDecision(error, 0, 0)).toEqual({
        retry: false,
        why: 'not_retryable',
      });

    // Nothing reached the emulator: the armed fault is still armed, nothing was logged.
    const faults = await control.ok('GET', '/_emulator/faults');
    expect(faults).toMatchObject({ sends: { serverError: { next: 1 } } });
    expect((await control.messages()).length).toBe(before);
    // …and it was armed: the first request that does go out trips it.
    expect(await failure(phone, text('fine'))).toMatchObject({ code: 131000, httpStatus: 500 });
  });

  it('132001: a template that does not exist, or is not approved yet', async () => {
    const phone = await newPhone();
    expect(await failure(phone, templateSend('no_such_template'))).toEqual(
      metaError({
        kind: 'terminal',
        code: 132001,
        reason: 'template_not_found',
        title: 'Template name does not exist in the translation',
        details: 'template name (no_such_template) does not exist in en_US',
      }),
    );
    expect(await failure(phone, templateSend('pending_notice'))).toEqual(
      metaError({
        kind: 'terminal',
        code: 132001,
        reason: 'template_not_found',
        title: 'Template name does not exist in the translation',
        details: 'template name (pending_notice) in en_US is not approved (status PENDING)',
      }),
    );
  });

  it('132000: the wrong number of body parameters', async () => {
    const phone = await newPhone();
    const body = orderFeedback();
    body.template.components[0] = { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] };
    expect(await failure(phone, body)).toEqual(
      metaError({
        kind: 'terminal',
        code: 132000,
        reason: 'template_param_mismatch',
        title: 'Number of parameters does not match the expected number of params',
        details:
          'body: number of localizable_params (1) does not match the expected number of params (2)',
      }),
    );
  });

  it('132012: text where the template has an IMAGE header', async () => {
    const phone = await newPhone();
    const error = await failure(phone, {
      type: 'template',
      template: {
        name: 'spring_sale',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'spring.jpg' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
          {
            type: 'button',
            sub_type: 'url',
            index: '0',
            parameters: [{ type: 'text', text: 's' }],
          },
        ],
      },
    });
    expect(error).toEqual(
      metaError({
        kind: 'terminal',
        code: 132012,
        reason: 'template_format',
        title: 'Parameter format does not match format in the created template',
        details: 'header: Format mismatch, expected IMAGE, received TEXT',
      }),
    );
  });

  it('132015 / 132016: a template paused, then disabled, through template review', async () => {
    const phone = await newPhone();
    expect(await client.send({ phone }, templateSend('pause_me'))).toEqual(accepted(phone));

    const pauseId = await control.templateId('pause_me');
    await control.ok('POST', `/_emulator/templates/${pauseId}/status`, {
      status: 'PAUSED',
      pause_title: 'FIRST_PAUSE',
    });
    expect(await failure(phone, templateSend('pause_me'))).toEqual(
      metaError({
        kind: 'terminal',
        code: 132015,
        reason: 'template_paused',
        title: 'Template is Paused',
        details:
          'Template is paused due to low quality so it cannot be sent in a template message.',
      }),
    );
    const disableId = await control.templateId('disable_me');
    await control.ok('POST', `/_emulator/templates/${disableId}/status`, { status: 'DISABLED' });
    expect(await failure(phone, templateSend('disable_me'))).toEqual(
      metaError({
        kind: 'terminal',
        code: 132016,
        reason: 'template_disabled',
        title: 'Template is Disabled',
        details:
          'Template has been paused too many times due to low quality and is now permanently disabled.',
      }),
    );
    // Both status changes were announced by webhook, as Meta does.
    const changes = await eventually(() => {
      const found = sink
        .events()
        .filter((e) => e.kind === 'template_status' && [pauseId, disableId].includes(e.templateId));
      return found.length === 2 ? found : undefined;
    }, 'two template status webhooks');
    expect(changes).toEqual([
      expect.objectContaining({ templateId: pauseId, name: 'pause_me', event: 'PAUSED' }),
      expect.objectContaining({ templateId: disableId, name: 'disable_me', event: 'DISABLED' }),
    ]);
  });

  it('130429: over the number throughput is retryable, with short backoff', async () => {
    const slow = clientFor(emulator.url, { phoneNumberId: SLOW_PNID });
    try {
      const [a, b] = [await newPhone(), await newPhone()];
      expect(await slow.send({ phone: a }, orderFeedback())).toEqual(accepted(a));
      const error = await failure(b, orderFeedback(), slow);
      expect(error).toEqual(
        metaError({
          kind: 'retryable',
          code: 130429,
          reason: 'rate_limited',
          title: 'Rate limit hit',
          details: 'Cloud API message throughput has been reached.',
        }),
      );
      // Equal jitter over 1 s, 2 s, 4 s…: half fixed, half random; 8 retries, then give up.
      expect(retryDecision(error, 0, 0)).toEqual({ retry: true, delayMs: 500 });
      expect(retryDecision(error, 0, 0.999)).toEqual({ retry: true, delayMs: 1000 });
      expect(retryDecision(error, 2, 0)).toEqual({ retry: true, delayMs: 2000 });
      expect(retryDecision(error, 8, 0)).toEqual({ retry: false, why: 'retries_exhausted' });
      // The main number has its own throughput.
      expect(await client.send({ phone: b }, orderFeedback())).toEqual(accepted(b));
    } finally {
      await slow.close();
    }
  });

  it('131056: over the pair rate is retryable for that person only, backing off 4^X seconds', async () => {
    await control.config({ pair_rate: { interval_ms: 60_000, burst: 2 } });
    const [phone, other] = [await newPhone(), await newPhone()];
    await sent(phone, orderFeedback());
    await sent(phone, orderFeedback());
    const error = await failure(phone, orderFeedback());
    expect(error).toEqual(
      metaError({
        kind: 'retryable',
        code: 131056,
        reason: 'pair_rate_limited',
        title: '(Business Account, Consumer Account) pair rate limit hit',
        details:
          'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
      }),
    );
    expect([0, 1, 2, 3].map((attempt) => retryDecision(error, attempt, 0))).toEqual([
      { retry: true, delayMs: 1000 },
      { retry: true, delayMs: 4000 },
      { retry: true, delayMs: 16000 },
      { retry: true, delayMs: 64000 },
    ]);
    expect(await client.send({ phone: other }, orderFeedback())).toEqual(accepted(other));
  });

  it('131047: free-form outside the window is accepted, then fails by webhook', async () => {
    const phone = await newPhone();
    const result = await client.send({ phone }, text('Following up on your order'));
    expect(result).toEqual(accepted(phone, false));
    if (!result.ok) return;
    const failed = await failedStatus(result.wamid);
    expect(failed).toMatchObject({ kind: 'status', id: result.wamid, recipient: { phone } });
    expect(failed.errors).toEqual([
      {
        ...OUTSIDE_WINDOW,
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ]);
    expect(sink.statuses(result.wamid).map((s) => s.status)).toEqual(['failed']);
  });

  it('131047, the synchronous variant: refused with HTTP 400', async () => {
    await control.config({ outside_window: 'sync' });
    const phone = await newPhone();
    const error = await failure(phone, text('Following up on your order'));
    expect(error).toEqual(metaError(OUTSIDE_WINDOW));
    expect(retryDecision(error, 0, 0)).toEqual({ retry: false, why: 'not_retryable' });
    // Once the person writes, the same send goes through.
    await control.say(phone, 'hi again');
    expect(await client.send({ phone }, text('Following up on your order'))).toEqual(
      accepted(phone, false),
    );
  });

  it('131050: after the person stops marketing, marketing fails by webhook and utility still arrives', async () => {
    const phone = await newPhone();
    await control.ok('POST', `/_emulator/phones/${encodeURIComponent(phone)}/marketing`, {
      value: 'stop',
    });
    const preference = await eventually(
      () => sink.events().find((e) => e.kind === 'user_preference' && e.user.phone === phone),
      'the user_preferences webhook',
    );
    expect(preference).toMatchObject({ category: 'marketing_messages', value: 'stop' });

    const promo = await sent(phone, springSale('https://c.example/a.jpg', 's'));
    expect((await failedStatus(promo)).errors).toEqual([
      expect.objectContaining({
        kind: 'terminal',
        code: 131050,
        reason: 'marketing_opt_out',
        title: 'User has stopped marketing messages',
      }),
    ]);
    const utility = await sent(phone, orderFeedback());
    await control.received(phone, utility);
    expect(sink.statuses(utility).map((s) => s.status)).not.toContain('failed');
  });

  it('131026: a number not on WhatsApp is accepted, then fails by webhook', async () => {
    const phone = await newPhone({ on_whatsapp: false });
    const wamid = await sent(phone, orderFeedback());
    expect((await failedStatus(wamid)).errors).toEqual([
      expect.objectContaining({
        kind: 'terminal',
        code: 131026,
        reason: 'undeliverable',
        title: 'Message undeliverable',
      }),
    ]);
  });

  it('5xx from fault injection are retryable and nothing is sent', async () => {
    const phone = await newPhone();
    const before = (await control.messages()).length;
    await control.faults({ sends: { serverError: { next: 1, code: 131000 } } });
    const somethingWrong = await failure(phone, orderFeedback());
    await control.faults({ sends: { serverError: { next: 1, code: 131016 } } });
    const unavailable = await failure(phone, orderFeedback());
    await control.faults({ sends: { serverError: { next: 1, code: 2 } } });
    const down = await failure(phone, orderFeedback());
    expect([somethingWrong, unavailable, down]).toEqual([
      metaError({
        kind: 'retryable',
        code: 131000,
        reason: 'server_error',
        title: 'Something went wrong',
        details: 'Something went wrong.',
        httpStatus: 500,
      }),
      metaError({
        kind: 'retryable',
        code: 131016,
        reason: 'service_unavailable',
        title: 'Service unavailable',
        details: 'A service is temporarily unavailable.',
        httpStatus: 503,
      }),
      metaError({
        kind: 'retryable',
        code: 2,
        reason: 'service_unavailable',
        title: 'Service temporarily unavailable',
        details: 'Service temporarily unavailable',
        httpStatus: 503,
      }),
    ]);
    // 131000: "a limited number of times" (3); outages: equal jitter from 1 s, 8 times.
    expect(retryDecision(somethingWrong, 0, 0)).toEqual({ retry: true, delayMs: 1000 });
    expect(retryDecision(somethingWrong, 3, 0)).toEqual({ retry: false, why: 'retries_exhausted' });
    expect(retryDecision(unavailable, 0, 0)).toEqual({ retry: true, delayMs: 500 });
    expect((await control.messages()).length).toBe(before);
    // The faults were one-shot: the next send goes through.
    expect(await client.send({ phone }, orderFeedback())).toEqual(accepted(phone));
  });

  it('a hanging send times out as ambiguous: the emulator did accept it', async () => {
    const phone = await newPhone();
    const impatient = clientFor(emulator.url, {}, { timeoutMs: 300 });
    try {
      await control.faults({ sends: { hang: { next: 1, ms: 60_000, accept: true } } });
      const started = Date.now();
      const error = await failure(phone, orderFeedback(), impatient);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error).toEqual({
        kind: 'retryable',
        code: 'timeout',
        reason: 'timeout',
        title: 'Request timed out',
        details: expect.any(String) as unknown,
        ambiguous: true,
      });
      // Ambiguous for real: the message exists on Meta's side, a blind resend would duplicate it.
      const chat = await control.chat(phone);
      expect(chat.filter((m) => m.direction === 'outbound')).toHaveLength(1);
    } finally {
      await impatient.close();
    }
  });
});
