import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Json } from './json-fields.js';
import {
  errorOf,
  orderFeedback,
  PNID,
  testEmulator,
  USER,
  type TestEmulator,
} from './test-support.js';

let t: TestEmulator;

beforeEach(async () => {
  t = testEmulator();
  await t.control('POST', '/_emulator/phones', { phone: USER });
  await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
});

afterEach(async () => {
  await t.emulator.close();
});

/** Expect Meta's sync envelope with this code; returns error_data.details. */
function expectError(response: { status: number; body: Json }, code: number, status = 400): string {
  expect(response.status).toBe(status);
  const error = errorOf(response.body);
  expect(error).toMatchObject({ code, type: 'OAuthException' });
  expect(error.message).toMatch(new RegExp(`^\\(#${code}\\) `));
  expect(error.fbtrace_id).toEqual(expect.any(String));
  const data = error.error_data as Json;
  expect(data.messaging_product).toBe('whatsapp');
  return String(data.details);
}

const buttons = (n: number, title = (i: number) => `Option ${i}`) =>
  Array.from({ length: n }, (_, i) => ({
    type: 'reply',
    reply: { id: `id${i}`, title: title(i) },
  }));

const interactiveButtons = (action: Json, body = 'Pick one') => ({
  to: USER,
  type: 'interactive',
  interactive: { type: 'button', body: { text: body }, action },
});

const list = (sections: Json[], extra: Json = {}) => ({
  to: USER,
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: 'Pick' },
    action: { button: 'Choose', sections },
    ...extra,
  },
});

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));

describe('authentication', () => {
  it('refuses a missing token with 401 and code 190, without error_data', async () => {
    const response = await t.emulator.app.inject({
      method: 'POST',
      url: `/v23.0/${PNID}/messages`,
      payload: { messaging_product: 'whatsapp', to: USER, text: { body: 'hi' } },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: {
        message: 'An access token is required to request this resource.',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: expect.any(String),
      },
    });
  });

  it.each(['/v23.0/102290129340398/message_templates', `/v23.0/${PNID}`])(
    'refuses a wrong token on GET %s',
    async (url) => {
      const response = await t.emulator.app.inject({
        method: 'GET',
        url,
        headers: { authorization: 'Bearer not-the-token' },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        error: { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' },
      });
    },
  );
});

describe('envelope checks', () => {
  it('an unknown phone number id is code 100, subcode 33', async () => {
    const response = await t.graph('POST', '/v23.0/999/messages', {
      messaging_product: 'whatsapp',
    });
    expect(response.status).toBe(400);
    expect(errorOf(response.body)).toMatchObject({
      code: 100,
      error_subcode: 33,
      type: 'GraphMethodException',
    });
  });

  it('messaging_product is required (100)', async () => {
    const response = await t.graph('POST', `/v23.0/${PNID}/messages`, {
      to: USER,
      text: { body: 'x' },
    });
    expect(expectError(response, 100)).toBe('The parameter messaging_product is required.');
  });

  it('a missing recipient is 131008', async () => {
    expect(expectError(await t.send({ text: { body: 'x' } }), 131008)).toBe(
      'The parameter to is required.',
    );
  });

  it("a missing text['body'] is 131008 naming the field", async () => {
    expect(expectError(await t.send({ to: USER, type: 'text', text: {} }), 131008)).toBe(
      "The parameter text['body'] is required.",
    );
  });

  it('an unknown message type is 131051', async () => {
    expectError(await t.send({ to: USER, type: 'poll', poll: {} }), 131051);
  });

  it('a text body over 4096 characters is 100', async () => {
    const details = expectError(await t.send({ to: USER, text: { body: 'x'.repeat(4097) } }), 100);
    expect(details).toBe("Param text['body'] must be at most 4096 characters long.");
  });

  it('biz_opaque_callback_data over 512 characters is 100', async () => {
    const body = { to: USER, text: { body: 'x' }, biz_opaque_callback_data: 'c'.repeat(513) };
    expect(expectError(await t.send(body), 100)).toContain('biz_opaque_callback_data');
  });

  it('sending to the business number itself is 131021', async () => {
    expectError(await t.send({ to: '+15550783881', text: { body: 'me' } }), 131021);
  });
});

describe('interactive limits (131009, details naming the field)', () => {
  it.each([
    ['no buttons', { buttons: [] }, 'Invalid buttons count'],
    ['4 buttons', { buttons: buttons(4) }, 'Max allowed buttons: 3'],
    [
      'a title over 20',
      { buttons: buttons(1, () => 'x'.repeat(21)) },
      "['reply']['title'] is too long",
    ],
    ['duplicate titles', { buttons: buttons(2, () => 'Same') }, 'Duplicate button title'],
    [
      'duplicate ids',
      {
        buttons: [
          { type: 'reply', reply: { id: 'a', title: 'A' } },
          { type: 'reply', reply: { id: 'a', title: 'B' } },
        ],
      },
      'Duplicate button id',
    ],
    [
      'an id over 256',
      { buttons: [{ type: 'reply', reply: { id: 'i'.repeat(257), title: 'A' } }] },
      "['reply']['id'] is too long",
    ],
  ])('reply buttons: %s', async (_name, action, details) => {
    expect(expectError(await t.send(interactiveButtons(action)), 131009)).toContain(details);
  });

  it('a reply-buttons body over 1024 is 100', async () => {
    const details = expectError(
      await t.send(interactiveButtons({ buttons: buttons(1) }, 'b'.repeat(1025))),
      100,
    );
    expect(details).toBe("Param interactive['body']['text'] must be at most 1024 characters long.");
  });

  it('a header over 60 is 100', async () => {
    const body = interactiveButtons({ buttons: buttons(1) });
    (body.interactive as Json).header = { type: 'text', text: 'h'.repeat(61) };
    expect(expectError(await t.send(body), 100)).toContain("interactive['header']['text']");
  });

  it('a missing action is 131008', async () => {
    const response = await t.send({
      to: USER,
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'x' } },
    });
    expect(expectError(response, 131008)).toBe("The parameter interactive['action'] is required.");
  });

  it.each([
    [
      '11 sections',
      Array.from({ length: 11 }, (_, i) => ({
        title: `S${i}`,
        rows: [{ id: `r${i}`, title: 'R' }],
      })),
      'Max allowed sections: 10',
    ],
    [
      '11 rows in all',
      [
        { title: 'A', rows: rows(6) },
        { title: 'B', rows: rows(5).map((r) => ({ ...r, id: `b${r.id}` })) },
      ],
      'Total row count exceed max allowed count: 10',
    ],
    [
      'a row title over 24',
      [{ rows: [{ id: 'r', title: 't'.repeat(25) }] }],
      "['rows'][0]['title'] is too long",
    ],
    [
      'a description over 72',
      [{ rows: [{ id: 'r', title: 't', description: 'd'.repeat(73) }] }],
      "['description'] is too long",
    ],
    [
      'a row id over 200',
      [{ rows: [{ id: 'i'.repeat(201), title: 't' }] }],
      "['rows'][0]['id'] is too long",
    ],
    [
      'duplicate row ids',
      [
        {
          rows: [
            { id: 'r', title: 'a' },
            { id: 'r', title: 'b' },
          ],
        },
      ],
      'Duplicate row id',
    ],
    [
      'a section title over 24',
      [{ title: 's'.repeat(25), rows: rows(1) }],
      "['sections'][0]['title'] is too long",
    ],
  ])('lists: %s', async (_name, sections, details) => {
    expect(expectError(await t.send(list(sections)), 131009)).toContain(details);
  });

  it('a list with two sections needs section titles (131008)', async () => {
    const response = await t.send(list([{ rows: rows(1) }, { rows: [{ id: 'x', title: 'X' }] }]));
    expect(expectError(response, 131008)).toContain("['sections'][0]['title']");
  });

  it('a list button label over 20 is 131009', async () => {
    const body = list([{ rows: rows(1) }]);
    ((body.interactive as Json).action as Json).button = 'b'.repeat(21);
    expect(expectError(await t.send(body), 131009)).toContain("['action']['button']");
  });
});

describe('templates at send time', () => {
  const template = (name: string, components: Json[] = [], code = 'en_US') => ({
    to: USER,
    type: 'template',
    template: { name, language: { code }, components },
  });

  it('an unknown template is 132001', async () => {
    expect(expectError(await t.send(template('nope')), 132001)).toBe(
      'template name (nope) does not exist in en_US',
    );
  });

  it('a template in another language is 132001', async () => {
    expectError(await t.send(template('order_feedback', [], 'pt_BR')), 132001);
  });

  it('a template not yet approved is 132001', async () => {
    expect(expectError(await t.send(template('pending_notice')), 132001)).toContain('not approved');
  });

  it('a paused template is 132015, a disabled one 132016', async () => {
    expectError(await t.send(template('paused_promo')), 132015);
    expectError(await t.send(template('disabled_promo')), 132016);
  });

  it('too few body parameters is 132000 with Meta’s wording', async () => {
    const response = await t.send(
      template('order_feedback', [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }]),
    );
    expect(expectError(response, 132000)).toBe(
      'body: number of localizable_params (1) does not match the expected number of params (2)',
    );
  });

  it('text where the header is IMAGE is 132012', async () => {
    const response = await t.send(
      template('spring_sale', [
        { type: 'header', parameters: [{ type: 'text', text: 'not an image' }] },
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] },
      ]),
    );
    expect(expectError(response, 132012)).toBe(
      'header: Format mismatch, expected IMAGE, received TEXT',
    );
  });

  it('a missing image header is 132012 "received UNKNOWN"', async () => {
    const response = await t.send(
      template('spring_sale', [
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] },
      ]),
    );
    expect(expectError(response, 132012)).toBe(
      'header: Format mismatch, expected IMAGE, received UNKNOWN',
    );
  });

  it('a URL button with a variable needs its suffix (132000)', async () => {
    const response = await t.send(
      template('spring_sale', [
        {
          type: 'header',
          parameters: [{ type: 'image', image: { link: 'https://cdn.example/a.jpg' } }],
        },
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
      ]),
    );
    expect(expectError(response, 132000)).toContain('button at index 0');
  });

  it('a named parameter that is not in the template is 132000', async () => {
    const response = await t.send(
      template('shipping_update', [
        { type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: 'A' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', parameter_name: 'first_name', text: 'Ana' },
            { type: 'text', parameter_name: 'weekday', text: 'Friday' },
          ],
        },
      ]),
    );
    expect(expectError(response, 132000)).toContain('parameter_name (weekday)');
  });

  it('a parameter with a new line is 132018', async () => {
    const response = await t.send(
      template('order_feedback', [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Ana\nSilva' },
            { type: 'text', text: 'A' },
          ],
        },
      ]),
    );
    expectError(response, 132018);
  });

  it('a quick-reply button sent as url is 132012', async () => {
    const body = orderFeedback();
    const components = (body.template as Json).components as Json[];
    components[1] = {
      type: 'button',
      sub_type: 'url',
      index: '0',
      parameters: [{ type: 'text', text: 'x' }],
    };
    expect(expectError(await t.send(body), 132012)).toContain('expected QUICK_REPLY');
  });
});
