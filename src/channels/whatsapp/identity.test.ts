import { describe, expect, it } from 'vitest';
import { findContact, phoneForSend, phoneFromWire, recipientFields } from './identity.js';

describe('phoneFromWire', () => {
  it.each([
    ['16505551234', '+16505551234'],
    ['+16505551234', '+16505551234'],
    ['+1 (650) 555-1234', '+16505551234'],
    ['', undefined],
    ['abc', undefined],
  ])('%j → %j', (input, expected) => {
    expect(phoneFromWire(input)).toBe(expected);
  });
});

describe('phoneForSend', () => {
  it.each([
    ['+16505551234', '+16505551234'],
    [' +1 (650) 555-1234 ', '+16505551234'],
    ['+44.7700.900123', '+447700900123'],
    // Without "+", Meta would prepend the business number's country code: refuse.
    ['16505551234', undefined],
    ['(631) 555-1234', undefined],
    ['+123456', undefined],
    ['+1234567890123456', undefined],
    ['+1 650 CALL NOW', undefined],
  ])('%j → %j', (input, expected) => {
    expect(phoneForSend(input)).toBe(expected);
  });
});

describe('recipientFields', () => {
  it('phone → to, BSUID → recipient, both → both', () => {
    expect(recipientFields({ phone: '+16505551234' })).toEqual({
      ok: true,
      fields: { to: '+16505551234' },
    });
    expect(recipientFields({ userId: 'US.13491208655302741918' })).toEqual({
      ok: true,
      fields: { recipient: 'US.13491208655302741918' },
    });
    expect(recipientFields({ phone: '+16505551234', userId: 'US.1' })).toEqual({
      ok: true,
      fields: { to: '+16505551234', recipient: 'US.1' },
    });
  });

  it('refuses a missing or malformed recipient with a terminal invalid_recipient error', () => {
    expect(recipientFields({})).toEqual({
      ok: false,
      error: {
        kind: 'terminal',
        code: 100,
        reason: 'invalid_recipient',
        title: 'a send needs a phone or a userId',
      },
    });
    expect(recipientFields({ phone: '6505551234' })).toMatchObject({
      ok: false,
      error: { reason: 'invalid_recipient', title: expect.stringContaining('E.164') },
    });
    expect(recipientFields({ userId: 'not a bsuid' })).toMatchObject({
      ok: false,
      error: { reason: 'invalid_recipient' },
    });
  });
});

describe('findContact', () => {
  const contacts = [
    { wa_id: '447700900123', profile: { name: 'B' } },
    { user_id: 'US.7', profile: { name: 'C' } },
    { wa_id: '16505551234', profile: { name: 'A' } },
  ];

  it('matches by phone digits or by BSUID, never by position', () => {
    expect(findContact(contacts, '+16505551234', undefined)?.profile.name).toBe('A');
    expect(findContact(contacts, undefined, 'US.7')?.profile.name).toBe('C');
    expect(findContact(contacts, '+15555555555', 'US.8')).toBeUndefined();
  });
});
