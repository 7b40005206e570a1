/** Inbound message types (reference §6), one documented payload shape each. */
import { describe, expect, it } from 'vitest';
import type { InboundContent, MessageEvent } from './events.js';
import { parseWebhook } from './webhook-parse.js';
import { BUSINESS, KERRY, messagesValue, wrap } from './testdata/webhooks.js';

const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';

/** Parse one message from Kerry; expect exactly one message event and no issues. */
function one(message: Record<string, unknown>): MessageEvent {
  const payload = wrap(
    messagesValue({
      contacts: [KERRY],
      messages: [{ from: '16315551234', id: WAMID, timestamp: '1749416383', ...message }],
    }),
  );
  const { events, issues } = parseWebhook(payload);
  expect(issues).toEqual([]);
  expect(events).toHaveLength(1);
  const [event] = events;
  if (event?.kind !== 'message') throw new Error(`expected a message, got ${event?.kind}`);
  return event;
}

const content = (message: Record<string, unknown>): InboundContent => one(message).content;

describe('text', () => {
  it('normalizes the whole event', () => {
    expect(one({ type: 'text', text: { body: 'hmm maybe' } })).toEqual({
      kind: 'message',
      business: BUSINESS,
      id: WAMID,
      timestampMs: 1749416383000,
      from: { phone: '+16315551234', name: 'Kerry Fisher' },
      content: { type: 'text', body: 'hmm maybe' },
      errors: [],
    });
  });

  it('keeps forwarding flags and a referred product', () => {
    const event = one({
      type: 'text',
      text: { body: 'Is this in stock?' },
      context: {
        from: '15550783881',
        id: 'wamid.ctx',
        forwarded: true,
        referred_product: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' },
      },
    });
    expect(event.context).toEqual({
      from: '15550783881',
      id: 'wamid.ctx',
      forwarded: true,
      referredProduct: { catalogId: '194836987003835', productRetailerId: 'di9ozbzfi4' },
    });
  });

  it('attaches a Click-to-WhatsApp referral', () => {
    const event = one({
      type: 'text',
      text: { body: 'Hi! I saw your ad' },
      referral: {
        source_url: 'https://fb.me/3cr4Wqqkv',
        source_id: '120226305854810726',
        source_type: 'ad',
        body: 'Summer sale',
        headline: 'Shoes',
        media_type: 'image',
        image_url: 'https://scontent.xx.fbcdn.net/x.jpg',
        ctwa_clid: 'Afc3nYt4TTydumlFFsatFz8',
        welcome_message: { text: 'Hi there!' },
      },
    });
    expect(event.referral).toEqual({
      sourceUrl: 'https://fb.me/3cr4Wqqkv',
      sourceId: '120226305854810726',
      sourceType: 'ad',
      body: 'Summer sale',
      headline: 'Shoes',
      mediaType: 'image',
      imageUrl: 'https://scontent.xx.fbcdn.net/x.jpg',
      ctwaClid: 'Afc3nYt4TTydumlFFsatFz8',
      welcomeMessageText: 'Hi there!',
    });
  });
});

describe('button (template quick reply)', () => {
  it('keeps payload, label and the tapped template wamid', () => {
    const event = one({
      type: 'button',
      context: { from: '15550783881', id: 'wamid.TEMPLATE' },
      button: { payload: 'j1:ask:1', text: 'NO' },
    });
    expect(event.content).toEqual({ type: 'button', payload: 'j1:ask:1', text: 'NO' });
    expect(event.context).toEqual({ from: '15550783881', id: 'wamid.TEMPLATE' });
  });

  it('leaves payload out when Meta sent none', () => {
    expect(content({ type: 'button', button: { text: 'YES' } })).toEqual({
      type: 'button',
      text: 'YES',
    });
  });
});

describe('interactive', () => {
  it('button_reply', () => {
    expect(
      content({
        type: 'interactive',
        context: { from: '15550783881', id: 'wamid.I' },
        interactive: { type: 'button_reply', button_reply: { id: 'order', title: 'My order' } },
      }),
    ).toEqual({ type: 'button_reply', id: 'order', title: 'My order' });
  });

  it('list_reply', () => {
    expect(
      content({
        type: 'interactive',
        interactive: {
          type: 'list_reply',
          list_reply: { id: 's41', title: 'EU 41', description: 'Runs small' },
        },
      }),
    ).toEqual({ type: 'list_reply', id: 's41', title: 'EU 41', description: 'Runs small' });
  });

  it('nfm_reply (Flows)', () => {
    expect(
      content({
        type: 'interactive',
        interactive: {
          type: 'nfm_reply',
          nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"t"}' },
        },
      }),
    ).toEqual({
      type: 'nfm_reply',
      name: 'flow',
      body: 'Sent',
      responseJson: '{"flow_token":"t"}',
    });
  });
});

describe('media', () => {
  it.each([
    [
      'image',
      { id: '1003383421387256', mime_type: 'image/jpeg', sha256: 'abc=', caption: 'Look' },
      { id: '1003383421387256', mimeType: 'image/jpeg', sha256: 'abc=', caption: 'Look' },
    ],
    [
      'audio',
      { id: 'a1', mime_type: 'audio/ogg; codecs=opus', sha256: 's', voice: true },
      { id: 'a1', mimeType: 'audio/ogg; codecs=opus', sha256: 's', voice: true },
    ],
    ['video', { id: 'v1', mime_type: 'video/mp4' }, { id: 'v1', mimeType: 'video/mp4' }],
    [
      'document',
      { id: 'd1', mime_type: 'application/pdf', filename: 'invoice.pdf' },
      { id: 'd1', mimeType: 'application/pdf', filename: 'invoice.pdf' },
    ],
    [
      'sticker',
      { id: 's1', mime_type: 'image/webp', animated: false, url: 'https://lookaside/x' },
      { id: 's1', mimeType: 'image/webp', animated: false, url: 'https://lookaside/x' },
    ],
  ])('%s', (type, wire, media) => {
    expect(content({ type, [type]: wire })).toEqual({ type, media });
  });
});

describe('other types', () => {
  it('location', () => {
    expect(
      content({
        type: 'location',
        location: { latitude: 37.48, longitude: -122.15, name: 'Philz', address: '1 Hacker Way' },
      }),
    ).toEqual({
      type: 'location',
      latitude: 37.48,
      longitude: -122.15,
      name: 'Philz',
      address: '1 Hacker Way',
    });
  });

  it('contacts', () => {
    const shared = {
      name: { formatted_name: 'Barbara Johnson', first_name: 'Barbara' },
      phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' }],
      emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
      org: { company: 'Example' },
    };
    expect(content({ type: 'contacts', contacts: [shared] })).toEqual({
      type: 'contacts',
      contacts: [
        {
          formattedName: 'Barbara Johnson',
          phones: [{ phone: '+1 (940) 555-1234', waId: '19405551234', type: 'HOME' }],
          emails: [{ email: 'bjohnson@example.com', type: 'WORK' }],
          raw: shared,
        },
      ],
    });
  });

  it('reaction and its removal (emoji omitted)', () => {
    expect(
      content({ type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '\uD83D\uDC4D' } }),
    ).toEqual({ type: 'reaction', messageId: 'wamid.OUT', emoji: '👍', removed: false });
    expect(content({ type: 'reaction', reaction: { message_id: 'wamid.OUT' } })).toEqual({
      type: 'reaction',
      messageId: 'wamid.OUT',
      removed: true,
    });
  });

  it('order', () => {
    expect(
      content({
        type: 'order',
        order: {
          catalog_id: '194836987003835',
          text: 'Thanks',
          product_items: [
            { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
          ],
        },
      }),
    ).toEqual({
      type: 'order',
      catalogId: '194836987003835',
      text: 'Thanks',
      items: [{ productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD' }],
    });
  });

  it('unsupported, with its 131051 error', () => {
    const event = one({
      type: 'unsupported',
      unsupported: { type: 'poll_creation' },
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
    });
    expect(event.content).toEqual({ type: 'unsupported', unsupportedType: 'poll_creation' });
    expect(event.errors).toEqual([
      {
        kind: 'terminal',
        code: 131051,
        reason: 'unsupported_message_type',
        title: 'Message type unknown',
        details: 'Message type is currently not supported.',
      },
    ]);
  });

  it('the older "unknown" type is unsupported too', () => {
    expect(content({ type: 'unknown', errors: [{ code: 131060, title: 'x' }] })).toEqual({
      type: 'unsupported',
    });
  });

  it('request_welcome', () => {
    expect(content({ type: 'request_welcome' })).toEqual({ type: 'request_welcome' });
  });
});

describe('unknown message types', () => {
  it.each([
    [{ type: 'poll', poll: { question: '?' } }, 'message type "poll"'],
    [
      { type: 'interactive', interactive: { type: 'product', product: {} } },
      'message type "interactive/product"',
    ],
  ])('%j becomes an unknown event', (message, description) => {
    const raw = { from: '16315551234', id: WAMID, timestamp: '1749416383', ...message };
    const { events, issues } = parseWebhook(wrap(messagesValue({ messages: [raw] })));
    expect(issues).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'unknown',
        wabaId: BUSINESS.wabaId,
        business: BUSINESS,
        field: 'messages',
        path: 'entry[0].changes[0].value.messages[0]',
        description,
        raw,
      },
    ]);
  });
});
