/** Who sent a message: phone, phone + BSUID, BSUID only; number and BSUID changes. */
import { describe, expect, it } from 'vitest';
import { parseWebhook } from './webhook-parse.js';
import { BUSINESS, messagesValue, textMessage as text, wrap } from './testdata/webhooks.js';

describe('identities', () => {
  it('phone only, "+" in from normalized, contacts matched by wa_id whatever their order', () => {
    const { events } = parseWebhook(
      wrap(
        messagesValue({
          contacts: [
            { profile: { name: 'B' }, wa_id: '447700900123' },
            { profile: { name: 'A' }, wa_id: '16505551234' },
          ],
          messages: [
            text('wamid.1', { from: '+1 650-555-1234' }),
            text('wamid.2', { from: '447700900123' }),
          ],
        }),
      ),
    );
    expect(events.map((e) => (e.kind === 'message' ? e.from : undefined))).toEqual([
      { phone: '+16505551234', name: 'A' },
      { phone: '+447700900123', name: 'B' },
    ]);
  });

  it('phone and BSUID (with parent and username)', () => {
    const { events } = parseWebhook(
      wrap(
        messagesValue({
          contacts: [
            {
              profile: { name: 'Sheena', username: '@sheena' },
              wa_id: '16505551234',
              user_id: 'US.13491208655302741918',
              parent_user_id: 'US.ENT.11815799212886844830',
            },
          ],
          messages: [
            text('wamid.1', { from: '16505551234', from_user_id: 'US.13491208655302741918' }),
          ],
        }),
      ),
    );
    expect(events).toMatchObject([
      {
        from: {
          phone: '+16505551234',
          userId: 'US.13491208655302741918',
          parentUserId: 'US.ENT.11815799212886844830',
          name: 'Sheena',
          username: '@sheena',
        },
      },
    ]);
  });

  it('BSUID only: no from, no wa_id', () => {
    const { events, issues } = parseWebhook(
      wrap(
        messagesValue({
          contacts: [{ profile: { username: '@kerry' }, user_id: 'US.777' }],
          messages: [text('wamid.1', { from_user_id: 'US.777' })],
        }),
      ),
    );
    expect(issues).toEqual([]);
    expect(events).toMatchObject([{ from: { userId: 'US.777', username: '@kerry' } }]);
    expect(events[0]?.kind === 'message' && events[0].from.phone).toBe(undefined);
  });

  it('system: user_changed_number and user_changed_user_id', () => {
    const system = (s: Record<string, string>, from: Record<string, string>) => ({
      ...from,
      id: 'wamid.S',
      timestamp: '1739321024',
      type: 'system',
      system: s,
    });
    const { events, issues } = parseWebhook(
      wrap(
        messagesValue({
          messages: [
            system(
              {
                body: 'User A changed from 16505551234 to 12195555358',
                wa_id: '12195555358',
                user_id: 'US.NEW',
                previous_user_id: 'US.OLD',
                type: 'user_changed_number',
              },
              { from: '16505551234' },
            ),
            system(
              {
                body: 'id changed',
                user_id: 'US.NEW2',
                previous_user_id: 'US.OLD2',
                type: 'user_changed_user_id',
              },
              { from_user_id: 'US.OLD2' },
            ),
          ],
        }),
      ),
    );
    expect(issues).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'system',
        business: BUSINESS,
        id: 'wamid.S',
        timestampMs: 1739321024000,
        change: 'user_changed_number',
        body: 'User A changed from 16505551234 to 12195555358',
        previous: { phone: '+16505551234', userId: 'US.OLD' },
        current: { phone: '+12195555358', userId: 'US.NEW' },
      },
      expect.objectContaining({
        change: 'user_changed_user_id',
        previous: { userId: 'US.OLD2' },
        current: { userId: 'US.NEW2' },
      }),
    ]);
  });
});
