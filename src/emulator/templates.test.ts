import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Json } from './json-fields.js';
import type { EmulatorOptions } from './options.js';
import {
  errorOf,
  startReceiver,
  testEmulator,
  USER,
  WABA,
  type Receiver,
  type TestEmulator,
} from './test-support.js';

let receiver: Receiver;
let t: TestEmulator;
const base = `/v23.0/${WABA}/message_templates`;

function setup(options: EmulatorOptions = {}) {
  t = testEmulator({ webhookUrl: receiver.url, templateReview: { delayMs: 60_000 }, ...options });
}

beforeEach(async () => {
  receiver = await startReceiver();
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

const body = (text = 'Hi {{1}}, your table for {{2}} is ready.', example = [['Ana', 'two']]) => ({
  type: 'BODY',
  text,
  example: { body_text: example },
});

const template = (overrides: Json = {}): Json => ({
  name: 'table_ready',
  language: 'en_US',
  category: 'UTILITY',
  components: [body()],
  ...overrides,
});

const quickReplies = (labels: string[]) => labels.map((text) => ({ type: 'QUICK_REPLY', text }));

async function create(payload: Json) {
  return t.graph('POST', base, payload);
}

/** Expect a code-100 refusal; returns its error object. */
async function refused(payload: Json): Promise<Json> {
  const response = await create(payload);
  expect(response.status).toBe(400);
  const error = errorOf(response.body);
  expect(error.code).toBe(100);
  return error;
}

describe('template review', () => {
  it('a created template is PENDING, then APPROVED after the delay, with the status webhook', async () => {
    setup();
    const created = await create(template());
    expect(created).toEqual({
      status: 200,
      body: { id: expect.stringMatching(/^\d{16}$/), status: 'PENDING', category: 'UTILITY' },
    });
    const id = String(created.body.id);
    expect((await t.graph('GET', `/v23.0/${id}?fields=status`)).body).toEqual({
      status: 'PENDING',
      id,
    });
    t.clock.advance(59_999);
    await t.emulator.webhooksSettled();
    expect(receiver.requests).toHaveLength(0);
    t.clock.advance(1);
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    expect(receiver.requests[0]?.body).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          time: Math.floor(t.clock.now() / 1000),
          changes: [
            {
              value: {
                event: 'APPROVED',
                message_template_id: Number(id),
                message_template_name: 'table_ready',
                message_template_language: 'en_US',
                reason: 'NONE',
                message_template_category: 'UTILITY',
              },
              field: 'message_template_status_update',
            },
          ],
        },
      ],
    });
    expect((await t.graph('GET', `/v23.0/${id}?fields=status`)).body).toEqual({
      status: 'APPROVED',
      id,
    });
  });

  it('rejects by name rule, with the reason in the webhook and rejected_reason', async () => {
    setup({
      templateReview: {
        delayMs: 1000,
        rules: [{ name: '^promo_', outcome: 'REJECTED', reason: 'PROMOTIONAL' }],
      },
    });
    const { body: created } = await create(template({ name: 'promo_blast' }));
    t.clock.advance(1000);
    await vi.waitFor(() =>
      expect(receiver.values('message_template_status_update')).toHaveLength(1),
    );
    expect(receiver.values('message_template_status_update')[0]).toMatchObject({
      event: 'REJECTED',
      reason: 'PROMOTIONAL',
    });
    const fetched = await t.graph(
      'GET',
      `/v23.0/${String(created.id)}?fields=status,rejected_reason`,
    );
    expect(fetched.body).toEqual({
      status: 'REJECTED',
      rejected_reason: 'PROMOTIONAL',
      id: created.id,
    });
  });

  it('rejects adjacent variables as INVALID_FORMAT, as reviewers do', async () => {
    setup({ templateReview: { delayMs: 10 } });
    await create(template({ components: [body('Hello {{1}} {{2}} and welcome.', [['a', 'b']])] }));
    t.clock.advance(10);
    await vi.waitFor(() =>
      expect(receiver.values('message_template_status_update')).toHaveLength(1),
    );
    expect(receiver.values('message_template_status_update')[0]).toMatchObject({
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
    });
  });

  it('a paused template (control API) sends the webhook and refuses sends with 132015', async () => {
    setup();
    const list = await t.graph('GET', `${base}?name=order_feedback`);
    const id = String(((list.body.data as Json[])[0] as Json).id);
    const paused = await t.control('POST', `/_emulator/templates/${id}/status`, {
      status: 'PAUSED',
    });
    expect(paused.body.status).toBe('PAUSED');
    await vi.waitFor(() =>
      expect(receiver.values('message_template_status_update')).toHaveLength(1),
    );
    expect(receiver.values('message_template_status_update')[0]).toMatchObject({
      event: 'PAUSED',
      other_info: { title: 'FIRST_PAUSE' },
    });
    const send = await t.send({
      to: USER,
      type: 'template',
      template: { name: 'order_feedback', language: { code: 'en_US' } },
    });
    expect(errorOf(send.body).code).toBe(132015);
  });
});

describe('template creation checks', () => {
  beforeEach(() => setup());

  it.each([
    ['a name with capitals', { name: 'Table_Ready' }, 'lowercase'],
    ['a name with a dash', { name: 'table-ready' }, 'lowercase'],
    ['an unknown language', { language: 'xx_YY' }, 'language'],
    ['an unknown category', { category: 'PROMO' }, 'Category'],
    ['no BODY', { components: [{ type: 'FOOTER', text: 'Thanks' }] }, 'exactly one BODY'],
    ['two BODY components', { components: [body(), body()] }, 'at most one BODY'],
    [
      'variables without examples',
      { components: [{ type: 'BODY', text: 'Hi {{1}}, welcome aboard.' }] },
      'example.body_text',
    ],
    ['too few examples', { components: [body(undefined, [['Ana']])] }, 'example.body_text'],
    [
      'variables out of sequence',
      { components: [body('Hi {{1}}, table {{3}} is ready.', [['a', 'b']])] },
      'sequence',
    ],
    [
      'named variables in a positional template',
      { components: [body('Hi {{name}}, welcome.', [['a']])] },
      'positional',
    ],
    [
      '11 buttons',
      {
        components: [
          body(),
          { type: 'BUTTONS', buttons: quickReplies(Array.from({ length: 11 }, (_, i) => `B${i}`)) },
        ],
      },
      'at most 10 buttons',
    ],
    [
      'quick replies split by a URL button',
      {
        components: [
          body(),
          {
            type: 'BUTTONS',
            buttons: [
              quickReplies(['A'])[0],
              { type: 'URL', text: 'Site', url: 'https://a.example' },
              quickReplies(['B'])[0],
            ],
          },
        ],
      },
      'grouped together',
    ],
    [
      'three URL buttons',
      {
        components: [
          body(),
          {
            type: 'BUTTONS',
            buttons: [1, 2, 3].map((i) => ({
              type: 'URL',
              text: `S${i}`,
              url: 'https://a.example',
            })),
          },
        ],
      },
      'at most 2 URL',
    ],
    [
      'a URL variable not at the end',
      {
        components: [
          body(),
          {
            type: 'BUTTONS',
            buttons: [
              {
                type: 'URL',
                text: 'Go',
                url: 'https://a.example/{{1}}/x',
                example: ['https://a.example/1/x'],
              },
            ],
          },
        ],
      },
      'at its end',
    ],
    [
      'an OTP button in a marketing template',
      {
        category: 'MARKETING',
        components: [
          body(),
          { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] },
        ],
      },
      'OTP',
    ],
    [
      'a media header without an example',
      { components: [{ type: 'HEADER', format: 'IMAGE' }, body()] },
      'header_handle',
    ],
  ])('refuses %s (100)', async (_name, overrides, message) => {
    const error = await refused(template(overrides));
    expect(String(error.error_user_msg)).toContain(message);
  });

  it.each([
    [
      'a label over 25',
      { components: [body(), { type: 'BUTTONS', buttons: quickReplies(['x'.repeat(26)]) }] },
      2388040,
    ],
    ['a body over 1024', { components: [{ type: 'BODY', text: 'x'.repeat(1025) }] }, 2388040],
    [
      'a header over 60',
      { components: [{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body()] },
      2388040,
    ],
    [
      'a header with two variables',
      {
        components: [
          {
            type: 'HEADER',
            format: 'TEXT',
            text: 'A {{1}} B {{2}}',
            example: { header_text: ['a', 'b'] },
          },
          body(),
        ],
      },
      2388047,
    ],
    [
      'a footer with a variable',
      { components: [body(), { type: 'FOOTER', text: 'Bye {{1}}' }] },
      2388073,
    ],
    [
      'a body starting with a variable',
      { components: [body('{{1}}, your table is ready.', [['Ana']])] },
      2388299,
    ],
    [
      'a body ending with a variable',
      { components: [body('Your table is ready, {{1}}', [['Ana']])] },
      2388299,
    ],
    [
      'more variables than words',
      { components: [body('Hi {{1}} {{2}}, {{3}} and {{4}} ok', [['a', 'b', 'c', 'd']])] },
      2388293,
    ],
  ])('refuses %s with subcode %i', async (_name, overrides, subcode) => {
    const error = await refused(template(overrides));
    expect(error).toMatchObject({
      message: 'Invalid parameter',
      error_subcode: subcode,
      error_user_title: expect.any(String),
    });
  });

  it('refuses the same name and language twice (2388024), allows another language', async () => {
    expect((await create(template())).status).toBe(200);
    expect((await refused(template())).error_subcode).toBe(2388024);
    expect((await create(template({ language: 'pt_BR' }))).status).toBe(200);
  });

  it('accepts a named template with named examples, and all the button kinds', async () => {
    const response = await create({
      name: 'rich_one',
      language: 'en',
      category: 'MARKETING',
      parameter_format: 'named',
      components: [
        {
          type: 'HEADER',
          format: 'TEXT',
          text: 'Hi {{first_name}}',
          example: { header_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] },
        },
        {
          type: 'BODY',
          text: 'Your code {{code}} works today.',
          example: { body_text_named_params: [{ param_name: 'code', example: 'X1' }] },
        },
        { type: 'FOOTER', text: 'Terms apply' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Yes' },
            { type: 'QUICK_REPLY', text: 'No' },
            {
              type: 'URL',
              text: 'Shop',
              url: 'https://a.example/{{1}}',
              example: ['https://a.example/x'],
            },
            { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550001111' },
            { type: 'COPY_CODE', example: 'SAVE10' },
          ],
        },
      ],
    });
    expect(response.status).toBe(200);
  });
});

describe('listing, fetching, editing and deleting', () => {
  beforeEach(() => setup());

  it('lists newest first with limit and cursors, and filters', async () => {
    const all = await t.graph('GET', `${base}?fields=name,status&summary=total_count`);
    const names = (all.body.data as Json[]).map((d) => d.name);
    expect(names).toEqual([
      'pending_notice',
      'disabled_promo',
      'paused_promo',
      'shipping_update',
      'spring_sale',
      'order_feedback',
    ]);
    expect(all.body.summary).toEqual({ total_count: 6 });
    expect((all.body.data as Json[])[0]).toEqual({
      name: 'pending_notice',
      status: 'PENDING',
      id: expect.any(String),
    });

    const first = await t.graph('GET', `${base}?fields=name&limit=4`);
    expect((first.body.data as Json[]).map((d) => d.name)).toEqual(names.slice(0, 4));
    const paging = first.body.paging as Json;
    expect(paging.next).toEqual(expect.stringContaining('after='));
    expect(paging.previous).toBeUndefined();
    const after = (paging.cursors as Json).after;
    const second = await t.graph('GET', `${base}?fields=name&limit=4&after=${String(after)}`);
    expect((second.body.data as Json[]).map((d) => d.name)).toEqual(names.slice(4));
    expect((second.body.paging as Json).next).toBeUndefined();
    expect((second.body.paging as Json).previous).toEqual(expect.stringContaining('before='));

    const approved = await t.graph('GET', `${base}?fields=name&status=APPROVED`);
    expect((approved.body.data as Json[]).map((d) => d.name)).toEqual([
      'shipping_update',
      'spring_sale',
      'order_feedback',
    ]);
    const marketing = await t.graph('GET', `${base}?fields=name&category=MARKETING`);
    expect((marketing.body.data as Json[]).map((d) => d.name)).toEqual([
      'disabled_promo',
      'paused_promo',
      'spring_sale',
    ]);
    const byName = await t.graph('GET', `${base}?fields=name&name=promo&language=en_US`);
    expect((byName.body.data as Json[]).map((d) => d.name)).toEqual([
      'disabled_promo',
      'paused_promo',
    ]);
  });

  it('edits an approved template (components replaced, re-reviewed); not its category', async () => {
    const list = await t.graph('GET', `${base}?name=order_feedback`);
    const id = String(((list.body.data as Json[])[0] as Json).id);
    const changed = await t.graph('POST', `/v23.0/${id}`, { category: 'MARKETING' });
    expect(errorOf(changed.body).code).toBe(100);
    const edited = await t.graph('POST', `/v23.0/${id}`, {
      components: [{ type: 'BODY', text: 'How was your order today?' }],
    });
    expect(edited.body).toEqual({ success: true });
    expect((await t.graph('GET', `/v23.0/${id}?fields=status`)).body.status).toBe('PENDING');
    t.clock.advance(60_000);
    const after = await t.graph('GET', `/v23.0/${id}`);
    expect(after.body).toMatchObject({
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'How was your order today?' }],
    });
  });

  it('refuses to edit a template in review', async () => {
    const list = await t.graph('GET', `${base}?name=pending_notice`);
    const id = String(((list.body.data as Json[])[0] as Json).id);
    expect(
      errorOf((await t.graph('POST', `/v23.0/${id}`, { components: [body()] })).body).code,
    ).toBe(100);
  });

  it('deletes by name (every language) or by hsm_id; an approved name stays blocked (2388023)', async () => {
    await create(template({ name: 'to_delete' }));
    const other = await create(template({ name: 'to_delete', language: 'es' }));
    t.clock.advance(60_000);
    const one = await t.graph('DELETE', `${base}?name=to_delete&hsm_id=${String(other.body.id)}`);
    expect(one.body).toEqual({ success: true });
    expect(
      ((await t.graph('GET', `${base}?name=to_delete`)).body.data as Json[]).map((d) => d.language),
    ).toEqual(['en_US']);
    expect((await t.graph('DELETE', `${base}?name=to_delete`)).body).toEqual({ success: true });
    expect((await t.graph('GET', `${base}?name=to_delete`)).body.data).toEqual([]);
    expect((await refused(template({ name: 'to_delete' }))).error_subcode).toBe(2388023);
    expect(errorOf((await t.graph('DELETE', `${base}?name=disabled_promo`)).body).code).toBe(100);
  });

  it('answers an unknown WABA with 100 / subcode 33', async () => {
    const response = await t.graph('GET', '/v23.0/123/message_templates');
    expect(errorOf(response.body)).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
