/** WhatsAppClient sends against a real local HTTP server speaking Meta's wire format. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { OutboundBody } from '../../engine/outbound.js';
import { WhatsAppClient } from './client.js';
import {
  useGraphServer,
  graphError,
  sent,
  testConfig,
  TOKEN,
  type RecordedRequest,
} from './testdata/graph-server.js';

const graph = useGraphServer();

const PHONE = { phone: '+16505551234' };

/** Send `body`, answer with Meta's success, return what the server received. */
async function sendAndCapture(body: OutboundBody, to = PHONE): Promise<RecordedRequest> {
  graph.server.reply(sent('wamid.OUT'));
  const result = await graph.client.send(to, body);
  expect(result).toMatchObject({ ok: true, wamid: 'wamid.OUT' });
  expect(graph.server.requests).toHaveLength(1);
  const [request] = graph.server.requests;
  if (!request) throw new Error('no request');
  return request;
}

describe('send: the request on the wire', () => {
  it('a template with header, body, quick-reply payloads and a URL suffix', async () => {
    const body: OutboundBody = {
      type: 'template',
      template: {
        name: 'order_feedback',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Ana' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: 'A-1042' },
            ],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '0',
            parameters: [{ type: 'payload', payload: 'j1:ask:0' }],
          },
          {
            type: 'button',
            sub_type: 'url',
            index: '3',
            parameters: [{ type: 'text', text: 'orders/A-1042' }],
          },
        ],
      },
      biz_opaque_callback_data: 'j1:ask',
    };
    graph.server.reply(sent('wamid.T', '+16505551234', { message_status: 'accepted' }));
    const result = await graph.client.send(PHONE, body);
    expect(result).toEqual({
      ok: true,
      wamid: 'wamid.T',
      waId: '16505551234',
      messageStatus: 'accepted',
    });
    const [request] = graph.server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v23.0/106540352242922/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      ...body,
    });
  });

  it('text with a link preview, as a contextual reply, with callback data', async () => {
    const request = await sendAndCapture({
      type: 'text',
      text: { body: 'Sorry to hear that https://help.example', preview_url: true },
      context: { message_id: 'wamid.IN' },
      biz_opaque_callback_data: 'j1:sorry',
    });
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'text',
      text: { body: 'Sorry to hear that https://help.example', preview_url: true },
      context: { message_id: 'wamid.IN' },
      biz_opaque_callback_data: 'j1:sorry',
    });
  });

  it('reply buttons', async () => {
    const interactive = {
      type: 'button' as const,
      header: { type: 'text' as const, text: 'Order A-1042' },
      body: { text: 'What can we help with?' },
      footer: { text: 'Riposte' },
      action: {
        buttons: [
          { type: 'reply' as const, reply: { id: 'order', title: 'My order' } },
          { type: 'reply' as const, reply: { id: 'human', title: 'Talk to us' } },
        ],
      },
    };
    const request = await sendAndCapture({ type: 'interactive', interactive });
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+16505551234',
      type: 'interactive',
      interactive,
    });
  });

  it('a list', async () => {
    const interactive = {
      type: 'list' as const,
      body: { text: 'Pick a size' },
      action: {
        button: 'Sizes',
        sections: [{ title: 'Shoes', rows: [{ id: 's41', title: 'EU 41', description: 'Small' }] }],
      },
    };
    const request = await sendAndCapture({ type: 'interactive', interactive });
    expect(request.body).toMatchObject({ type: 'interactive', interactive });
  });

  it('a BSUID goes in "recipient", and the answer carries user_id', async () => {
    graph.server.reply({
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }],
        messages: [{ id: 'wamid.B' }],
      },
    });
    const result = await graph.client.send(
      { userId: 'US.13491208655302741918' },
      { type: 'text', text: { body: 'hi' } },
    );
    expect(result).toEqual({ ok: true, wamid: 'wamid.B', userId: 'US.13491208655302741918' });
    expect(graph.server.requests[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.13491208655302741918',
      type: 'text',
      text: { body: 'hi' },
    });
  });

  it('keeps a base path and api version from the config', async () => {
    const config = { ...testConfig(`${graph.server.url}/graph/`), apiVersion: 'v24.0' };
    const other = new WhatsAppClient(config);
    graph.server.reply(sent('wamid.P'));
    await other.send(PHONE, { type: 'text', text: { body: 'hi' } });
    await other.close();
    expect(graph.server.requests[0]?.path).toBe('/graph/v24.0/106540352242922/messages');
  });
});

describe('send: refused before any request', () => {
  it('a body over Meta’s limits', async () => {
    const result = await graph.client.send(PHONE, {
      type: 'text',
      text: { body: 'x'.repeat(4097) },
    });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'terminal',
        code: 100,
        reason: 'invalid_message',
        title: 'text.body: 4097 characters; at most 4096',
        details: 'text.body: 4097 characters; at most 4096',
      },
    });
    expect(graph.server.requests).toEqual([]);
  });

  it('a phone without "+" (Meta would prepend the business country code)', async () => {
    const result = await graph.client.send(
      { phone: '6505551234' },
      { type: 'text', text: { body: 'hi' } },
    );
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid_recipient' } });
    expect(graph.server.requests).toEqual([]);
  });
});

describe('markRead', () => {
  it('posts status read, with the typing indicator when asked', async () => {
    graph.server.reply({ body: { success: true } }, { body: { success: true } });
    expect(await graph.client.markRead('wamid.IN')).toEqual({ ok: true, value: true });
    expect(await graph.client.markRead('wamid.IN2', { typing: true })).toEqual({
      ok: true,
      value: true,
    });
    expect(graph.server.requests.map((r) => [r.path, r.body])).toEqual([
      [
        '/v23.0/106540352242922/messages',
        { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN' },
      ],
      [
        '/v23.0/106540352242922/messages',
        {
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: 'wamid.IN2',
          typing_indicator: { type: 'text' },
        },
      ],
    ]);
  });

  it('a 200 without success:true is an unexpected answer', async () => {
    graph.server.reply({ body: { success: false } });
    expect(await graph.client.markRead('wamid.IN')).toMatchObject({
      ok: false,
      error: { reason: 'unexpected_response' },
    });
  });
});

describe('the token', () => {
  it('never appears in errors or in the client’s printed form', async () => {
    graph.server.reply({
      status: 401,
      body: graphError(190, `Invalid OAuth access token - ${TOKEN}`),
    });
    const result = await graph.client.send(PHONE, { type: 'text', text: { body: 'hi' } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(result).toMatchObject({
      ok: false,
      error: { title: 'Invalid OAuth access token - [redacted]' },
    });
    expect(inspect(graph.client, { depth: 10 })).not.toContain(TOKEN);
    expect(JSON.stringify(graph.client)).not.toContain(TOKEN);
  });
});
