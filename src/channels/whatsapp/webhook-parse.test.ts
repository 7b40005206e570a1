/** Envelope, statuses, value-level errors, user preferences, identities, malformed input. */
import { describe, expect, it } from 'vitest';
import { formatWebhookIssue, parseWebhook } from './webhook-parse.js';
import {
  BUSINESS,
  KERRY,
  messagesValue,
  METADATA,
  textMessage as text,
  WABA_ID,
  wrap,
} from './testdata/webhooks.js';

describe('statuses', () => {
  it('sent, with pricing, conversation, callback data and a v24 contacts block', () => {
    const { events, issues } = parseWebhook(
      wrap(
        messagesValue({
          contacts: [{ profile: { name: 'Sheena' }, wa_id: '16505551234', user_id: 'US.134' }],
          statuses: [
            {
              id: 'wamid.OUT',
              status: 'sent',
              timestamp: '1750030073',
              recipient_id: '16505551234',
              recipient_user_id: 'US.134',
              biz_opaque_callback_data: 'j1:ask',
              conversation: {
                id: 'c1',
                expiration_timestamp: '1750116473',
                origin: { type: 'utility' },
              },
              pricing: {
                billable: true,
                pricing_model: 'PMP',
                type: 'regular',
                category: 'utility',
              },
            },
          ],
        }),
      ),
    );
    expect(issues).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'status',
        business: BUSINESS,
        id: 'wamid.OUT',
        status: 'sent',
        timestampMs: 1750030073000,
        recipient: { phone: '+16505551234', userId: 'US.134', name: 'Sheena' },
        bizOpaqueCallbackData: 'j1:ask',
        conversation: { id: 'c1', expirationMs: 1750116473000, originType: 'utility' },
        pricing: { billable: true, pricingModel: 'PMP', type: 'regular', category: 'utility' },
        errors: [],
      },
    ]);
  });

  it('failed with 131047, no contacts block', () => {
    const { events } = parseWebhook(
      wrap(
        messagesValue({
          statuses: [
            {
              id: 'wamid.OUT',
              status: 'failed',
              timestamp: '1750030073',
              recipient_id: '16505551234',
              errors: [
                {
                  code: 131047,
                  title: 'Re-engagement message',
                  message: 'Re-engagement message',
                  error_data: { details: 'More than 24 hours have passed.' },
                },
              ],
            },
          ],
        }),
      ),
    );
    expect(events).toEqual([
      {
        kind: 'status',
        business: BUSINESS,
        id: 'wamid.OUT',
        status: 'failed',
        timestampMs: 1750030073000,
        recipient: { phone: '+16505551234' },
        errors: [
          {
            kind: 'terminal',
            code: 131047,
            reason: 'outside_window',
            title: 'Re-engagement message',
            details: 'More than 24 hours have passed.',
          },
        ],
      },
    ]);
  });

  it.each(['delivered', 'read', 'played'])('%s', (status) => {
    const raw = { id: 'w', status, timestamp: '1', recipient_user_id: 'US.9' };
    const { events } = parseWebhook(wrap(messagesValue({ statuses: [raw] })));
    expect(events).toMatchObject([{ kind: 'status', status, recipient: { userId: 'US.9' } }]);
  });

  it('keeps an unknown status value as an unknown event', () => {
    const raw = { id: 'w', status: 'deleted', timestamp: '1', recipient_id: '1650' };
    const { events } = parseWebhook(wrap(messagesValue({ statuses: [raw] })));
    expect(events).toMatchObject([{ kind: 'unknown', description: 'status "deleted"', raw }]);
  });
});

describe('value-level errors and user preferences', () => {
  it('each value.errors[] item is an error event', () => {
    const { events } = parseWebhook(
      wrap(messagesValue({ errors: [{ code: 131000, title: 'Something went wrong' }] })),
    );
    expect(events).toEqual([
      {
        kind: 'error',
        business: BUSINESS,
        error: {
          kind: 'retryable',
          code: 131000,
          reason: 'server_error',
          title: 'Something went wrong',
        },
      },
    ]);
  });

  it('user_preferences stop and resume, integer timestamps', () => {
    const pref = (value: string, timestamp: number) => ({
      wa_id: '16315551234',
      detail: 'User requested to stop marketing messages',
      category: 'marketing_messages',
      value,
      timestamp,
    });
    const payload = wrap(
      {
        messaging_product: 'whatsapp',
        metadata: METADATA,
        contacts: [KERRY],
        user_preferences: [pref('stop', 1731705721), pref('resume', 1731705800)],
      },
      'user_preferences',
    );
    const { events, issues } = parseWebhook(payload);
    expect(issues).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'user_preference',
        business: BUSINESS,
        user: { phone: '+16315551234', name: 'Kerry Fisher' },
        category: 'marketing_messages',
        value: 'stop',
        detail: 'User requested to stop marketing messages',
        timestampMs: 1731705721000,
      },
      expect.objectContaining({ value: 'resume', timestampMs: 1731705800000 }),
    ]);
  });
});

describe('envelope', () => {
  it('reads several entries and changes in one POST, and entry.time', () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA_ID,
          changes: [
            {
              field: 'messages',
              value: messagesValue({ messages: [text('w1', { from: '1650' })] }),
            },
            {
              field: 'messages',
              value: messagesValue({ messages: [text('w2', { from: '1650' })] }),
            },
          ],
        },
        {
          id: '999',
          time: 1751247548,
          changes: [{ field: 'account_update', value: { event: 'X' } }],
        },
      ],
    };
    const { events, issues } = parseWebhook(payload);
    expect(issues).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['message', 'message', 'unknown']);
    expect(events[2]).toEqual({
      kind: 'unknown',
      wabaId: '999',
      field: 'account_update',
      path: 'entry[1].changes[0].value',
      description: 'field "account_update"',
      raw: { event: 'X' },
    });
  });

  it('keeps unknown value keys as unknown events', () => {
    const { events } = parseWebhook(wrap(messagesValue({ message_echoes: [{ id: 'e' }] })));
    expect(events).toMatchObject([
      {
        kind: 'unknown',
        field: 'messages',
        path: 'entry[0].changes[0].value.message_echoes',
        description: 'value key "message_echoes"',
        raw: [{ id: 'e' }],
      },
    ]);
  });
});

describe('malformed payloads', () => {
  it('reports the bad message by path and keeps the good ones', () => {
    const bad = { from: '1650', id: 'w3', timestamp: '1749416383', text: { body: 'x' } };
    const { events, issues } = parseWebhook(
      wrap(
        messagesValue({
          messages: [text('w1', { from: '1650' }), text('w2', { from: '1650' }), bad],
        }),
      ),
    );
    expect(events.map((e) => (e.kind === 'message' ? e.id : e.kind))).toEqual(['w1', 'w2']);
    expect(issues.map(formatWebhookIssue)).toEqual([
      'entry[0].changes[0].value.messages[2].type: missing',
    ]);
  });

  it('reports wrong types, bad timestamps, missing sender and bad type objects', () => {
    const { events, issues } = parseWebhook(
      wrap(
        messagesValue({
          contacts: [{ wa_id: 1650 }],
          messages: [
            { ...text('w1', { from: '1650' }), timestamp: 'yesterday' },
            text('w2', {}),
            { ...text('w3', { from: '1650' }), text: { body: 42 } },
            { ...text('w4', { from: '1650' }), type: 'reaction' },
          ],
          statuses: { id: 'not a list' },
          errors: [{ title: 'no code' }],
        }),
      ),
    );
    expect(events).toEqual([]);
    expect(issues.map(formatWebhookIssue)).toEqual([
      'entry[0].changes[0].value.contacts[0].wa_id: expected string, got number',
      'entry[0].changes[0].value.messages[0].timestamp: expected a string of Unix seconds',
      'entry[0].changes[0].value.messages[1].from: missing (neither from nor from_user_id)',
      'entry[0].changes[0].value.messages[2].text.body: expected string, got number',
      'entry[0].changes[0].value.messages[3].reaction: missing',
      'entry[0].changes[0].value.statuses: expected an array',
      'entry[0].changes[0].value.errors[0].code: missing or not a number',
    ]);
  });

  it.each([
    [null, ': expected a JSON object'],
    [[], ': expected a JSON object'],
    [{ object: 'page', entry: [] }, 'object: expected "whatsapp_business_account", got "page"'],
    [{ object: 'whatsapp_business_account' }, 'entry: missing'],
    [{ object: 'whatsapp_business_account', entry: [{ changes: [] }] }, 'entry[0].id: missing'],
    [{ object: 'whatsapp_business_account', entry: [{ id: '1' }] }, 'entry[0].changes: missing'],
    [
      { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ value: {} }] }] },
      'entry[0].changes[0].field: missing',
    ],
    [wrap({ messages: [] }), 'entry[0].changes[0].value.metadata: missing'],
  ])('%j → %s', (payload, issue) => {
    const { events, issues } = parseWebhook(payload);
    expect(events).toEqual([]);
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([issue]);
  });
});
