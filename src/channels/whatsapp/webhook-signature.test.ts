import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.js';
import { signBody, verifyHandshake, verifySignature } from './webhook-signature.js';

const SECRET = new Secret('app-secret');

// As Meta sends it: compact, non-ASCII escaped (a thumbs-up reaction and an "é").
const RAW =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":' +
  '{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",' +
  '"phone_number_id":"106540352242922"},"messages":[{"from":"16505551234","id":"wamid.X",' +
  '"timestamp":"1749416383","type":"text","text":{"body":"Merci \\u00e9 \\ud83d\\udc4d"}}]},' +
  '"field":"messages"}]}]}';

describe('signBody', () => {
  it('is sha256= and the hex HMAC of the raw bytes', () => {
    const hex = createHmac('sha256', 'app-secret').update(RAW).digest('hex');
    expect(signBody(RAW, SECRET)).toBe(`sha256=${hex}`);
    expect(signBody(Buffer.from(RAW), 'app-secret')).toBe(`sha256=${hex}`);
  });
});

describe('verifySignature', () => {
  const header = signBody(RAW, SECRET);

  it('accepts the signature of the exact raw bytes (string or Buffer)', () => {
    expect(verifySignature(RAW, header, SECRET)).toEqual({ ok: true });
    expect(verifySignature(Buffer.from(RAW, 'utf8'), header, SECRET)).toEqual({ ok: true });
  });

  it('accepts an upper-case hex digest', () => {
    expect(verifySignature(RAW, `sha256=${header.slice(7).toUpperCase()}`, SECRET)).toEqual({
      ok: true,
    });
  });

  it('rejects a tampered body', () => {
    const tampered = RAW.replace('Merci', 'merci');
    expect(verifySignature(tampered, header, SECRET)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects the wrong secret', () => {
    expect(verifySignature(RAW, header, 'other-secret')).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects re-serialized JSON, which no longer has the same bytes', () => {
    const reserialized = JSON.stringify(JSON.parse(RAW));
    expect(reserialized).toContain('é 👍'); // the escapes are gone
    expect(verifySignature(reserialized, header, SECRET)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const pretty = JSON.stringify(JSON.parse(RAW), null, 2);
    expect(verifySignature(pretty, header, SECRET)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('reports a missing header', () => {
    expect(verifySignature(RAW, undefined, SECRET)).toEqual({
      ok: false,
      reason: 'missing_header',
    });
    expect(verifySignature(RAW, '', SECRET)).toEqual({ ok: false, reason: 'missing_header' });
    expect(verifySignature(RAW, [], SECRET)).toEqual({ ok: false, reason: 'missing_header' });
  });

  it.each([
    ['sha1 prefix', `sha1=${header.slice(7)}`],
    ['no prefix', header.slice(7)],
    ['short digest', header.slice(0, -2)],
    ['long digest', `${header}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('reports a malformed header (%s)', (_, value) => {
    expect(verifySignature(RAW, value, SECRET)).toEqual({
      ok: false,
      reason: 'malformed_header',
    });
  });

  it('accepts a repeated header when one value is valid', () => {
    expect(verifySignature(RAW, ['sha256=' + '0'.repeat(64), header], SECRET)).toEqual({
      ok: true,
    });
  });
});

describe('verifyHandshake', () => {
  const token = new Secret('my-verify-token');

  it('returns the challenge for subscribe with the right token', () => {
    const query = {
      'hub.mode': 'subscribe',
      'hub.verify_token': 'my-verify-token',
      'hub.challenge': '1158201444',
    };
    expect(verifyHandshake(query, token)).toEqual({ ok: true, challenge: '1158201444' });
  });

  it('reads URLSearchParams too', () => {
    const query = new URLSearchParams(
      'hub.mode=subscribe&hub.challenge=abc&hub.verify_token=my-verify-token',
    );
    expect(verifyHandshake(query, token)).toEqual({ ok: true, challenge: 'abc' });
  });

  it.each([
    [
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'my-verify-token', 'hub.challenge': 'c' },
      'wrong_mode',
    ],
    [{ 'hub.verify_token': 'my-verify-token', 'hub.challenge': 'c' }, 'wrong_mode'],
    [{ 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-token' }, 'missing_challenge'],
    [{ 'hub.mode': 'subscribe', 'hub.challenge': 'c' }, 'missing_token'],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify-tokeN', 'hub.challenge': 'c' },
      'wrong_token',
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'my-verify', 'hub.challenge': 'c' },
      'wrong_token',
    ],
    [
      { 'hub.mode': 'subscribe', 'hub.verify_token': ['x', 'y'], 'hub.challenge': 'c' },
      'wrong_token',
    ],
  ] as const)('refuses %j (%s)', (query, reason) => {
    expect(verifyHandshake(query, token)).toEqual({ ok: false, reason });
  });
});
