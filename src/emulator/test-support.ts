/**
 * Shared test fixtures: an emulator on a manual clock with seeded randomness and templates,
 * a real webhook receiver (node:http on port 0), and helpers to call both sides.
 * Secrets here are obviously fake.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InteractiveBody, TemplateBody, TemplateComponent } from '../engine/outbound.js';
import { createManualClock, type ManualClock } from './clock.js';
import { createEmulator, type Emulator } from './emulator.js';
import { seededRandom } from './ids.js';
import type { Json } from './json-fields.js';
import type { EmulatorOptions } from './options.js';
import type { SeedTemplate } from './templates-store.js';

export const TOKEN = 'test-token-not-a-secret';
export const APP_SECRET = 'test-app-secret-not-a-secret';
export const PNID = '106540352242922';
export const WABA = '102290129340398';
export const DISPLAY_DIGITS = '15550783881';
export const USER = '+16505551234';
export const USER_DIGITS = '16505551234';

export const SEED_TEMPLATES: SeedTemplate[] = [
  {
    name: 'order_feedback',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      {
        type: 'BODY',
        text: 'Hi {{1}}, how was your order {{2}}?',
        example: { body_text: [['Ana', 'A-1042']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'YES' },
          { type: 'QUICK_REPLY', text: 'NO' },
          { type: 'QUICK_REPLY', text: 'TALK TO SUPPORT' },
        ],
      },
    ],
  },
  {
    name: 'spring_sale',
    language: 'en_US',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
      {
        type: 'BODY',
        text: 'Our spring sale starts today, {{1}}!',
        example: { body_text: [['Ana']] },
      },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      {
        type: 'BUTTONS',
        buttons: [
          {
            type: 'URL',
            text: 'Shop now',
            url: 'https://shop.example/sale/{{1}}',
            example: ['https://shop.example/sale/abc'],
          },
          { type: 'QUICK_REPLY', text: 'Stop promotions' },
        ],
      },
    ],
  },
  {
    name: 'shipping_update',
    language: 'en_US',
    category: 'UTILITY',
    parameter_format: 'named',
    components: [
      {
        type: 'HEADER',
        format: 'TEXT',
        text: 'Order {{order_id}}',
        example: { header_text_named_params: [{ param_name: 'order_id', example: 'A-1' }] },
      },
      {
        type: 'BODY',
        text: 'Hello {{first_name}}, your parcel arrives on {{day}}.',
        example: {
          body_text_named_params: [
            { param_name: 'first_name', example: 'Ana' },
            { param_name: 'day', example: 'Monday' },
          ],
        },
      },
    ],
  },
  {
    name: 'paused_promo',
    language: 'en_US',
    category: 'MARKETING',
    status: 'PAUSED',
    components: [{ type: 'BODY', text: 'A paused promotion for you today.' }],
  },
  {
    name: 'disabled_promo',
    language: 'en_US',
    category: 'MARKETING',
    status: 'DISABLED',
    components: [{ type: 'BODY', text: 'A disabled promotion for you today.' }],
  },
  {
    name: 'pending_notice',
    language: 'en_US',
    category: 'UTILITY',
    status: 'PENDING',
    components: [{ type: 'BODY', text: 'A notice still in review.' }],
  },
];

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Json;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Decide the status code of the n-th request (0-based); 200 by default. */
  respondWith(decide: (n: number) => number): void;
  /** Every `value.statuses[]` item, in arrival order. */
  statuses(): Json[];
  /** Every `value.messages[]` item, in arrival order. */
  messages(): Json[];
  /** Every change `value` of a field, in arrival order. */
  values(field: string): Json[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let decide: (n: number) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const n = requests.length;
      requests.push({ headers: req.headers, raw, body: JSON.parse(raw.toString('utf8')) as Json });
      res.statusCode = decide(n);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const values = (field: string): Json[] =>
    requests.flatMap((r) =>
      (r.body.entry as Json[]).flatMap((e) =>
        (e.changes as Json[]).filter((c) => c.field === field).map((c) => c.value as Json),
      ),
    );
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    requests,
    respondWith: (fn) => (decide = fn),
    values,
    statuses: () => values('messages').flatMap((v) => (v.statuses as Json[] | undefined) ?? []),
    messages: () => values('messages').flatMap((v) => (v.messages as Json[] | undefined) ?? []),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface TestEmulator {
  emulator: Emulator;
  clock: ManualClock;
  /** `POST /v23.0/{PNID}/messages` with the token. */
  send(body: Json): Promise<{ status: number; body: Json }>;
  graph(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: Json,
  ): Promise<{ status: number; body: Json }>;
  control(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Json,
  ): Promise<{ status: number; body: Json }>;
}

export function testEmulator(options: EmulatorOptions = {}): TestEmulator {
  const clock = createManualClock();
  const emulator = createEmulator({
    accessTokens: TOKEN,
    appSecret: APP_SECRET,
    templates: SEED_TEMPLATES,
    clock,
    random: seededRandom(42),
    ...options,
  });
  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const call = async (method: Method, url: string, payload: Json | undefined, auth: boolean) => {
    const response = await emulator.app.inject({
      method,
      url,
      ...(payload !== undefined ? { payload } : {}),
      headers: auth ? { authorization: `Bearer ${TOKEN}` } : {},
    });
    return { status: response.statusCode, body: response.json<Json>() };
  };
  return {
    emulator,
    clock,
    send: (body) =>
      call('POST', `/v23.0/${PNID}/messages`, { messaging_product: 'whatsapp', ...body }, true),
    graph: (method, url, payload) => call(method, url, payload, true),
    control: (method, url, payload) => call(method, url, payload, false),
  };
}

/** The `error` object of a Graph error body. */
export function errorOf(body: Json): Json {
  return body.error as Json;
}

/** A send of template `name` in en_US with these components (no recipient). */
export function templateSend(name: string, components: TemplateComponent[] = []): TemplateBody {
  return { type: 'template', template: { name, language: { code: 'en_US' }, components } };
}

/** order_feedback as Riposte's client sends it (no recipient): Ana, A-1042, one payload a button. */
export function orderFeedbackTemplate(
  payloads: string[] = ['fb:yes', 'fb:no', 'fb:support'],
): TemplateBody {
  return templateSend('order_feedback', [
    {
      type: 'body',
      parameters: [
        { type: 'text', text: 'Ana' },
        { type: 'text', text: 'A-1042' },
      ],
    },
    ...payloads.map((payload, index) => quickReply(index, payload)),
  ]);
}

/** A template send body for order_feedback. */
export function orderFeedback(
  to = USER,
  payloads: string[] = ['fb:yes', 'fb:no', 'fb:support'],
): Json {
  return { to, ...orderFeedbackTemplate(payloads) };
}

/**
 * spring_sale with its image header, Ana in the body and the URL button's suffix (no
 * recipient); with `stopPayload`, the quick reply at index 1 carries it.
 */
export function springSale(image: string, suffix: string, stopPayload?: string): TemplateBody {
  return templateSend('spring_sale', [
    { type: 'header', parameters: [{ type: 'image', image: { link: image } }] },
    { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
    { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: suffix }] },
    ...(stopPayload === undefined ? [] : [quickReply(1, stopPayload)]),
  ]);
}

/** shipping_update, named: the header's order_id, then the body's day before first_name. */
export function shippingUpdate(orderId: string): TemplateBody {
  return templateSend('shipping_update', [
    { type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: orderId }] },
    {
      type: 'body',
      parameters: [
        { type: 'text', parameter_name: 'day', text: 'Friday' },
        { type: 'text', parameter_name: 'first_name', text: 'Ana' },
      ],
    },
  ]);
}

/** Reply buttons under the "Your order" header, "Was it on time?" body and "Riposte" footer. */
export function onTimeQuestion(buttons: Array<{ id: string; title: string }>): InteractiveBody {
  return {
    type: 'interactive',
    interactive: {
      type: 'button',
      header: { type: 'text', text: 'Your order' },
      body: { text: 'Was it on time?' },
      footer: { text: 'Riposte' },
      action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
    },
  };
}

/** A list of two sections: am9 (9:00, "Early bird") in the morning, pm2 (14:00) after. */
export function slotList(): InteractiveBody {
  return {
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Pick a slot' },
      action: {
        button: 'Slots',
        sections: [
          { title: 'Morning', rows: [{ id: 'am9', title: '9:00', description: 'Early bird' }] },
          { title: 'Afternoon', rows: [{ id: 'pm2', title: '14:00' }] },
        ],
      },
    },
  };
}

function quickReply(index: number, payload: string): TemplateComponent {
  return {
    type: 'button',
    sub_type: 'quick_reply',
    index: String(index),
    parameters: [{ type: 'payload', payload }],
  };
}
