/**
 * Webhook authenticity (reference §5): the GET verification handshake, and the
 * `X-Hub-Signature-256: sha256=<hex>` HMAC over the exact raw request bytes.
 *
 * The HMAC must be computed on the bytes as received: Meta sends compact JSON with
 * non-ASCII escaped (`\uD83D\uDC4D`), so parsing and re-serializing changes the bytes and
 * the signature. The API layer must hand over the raw body, not `JSON.stringify(parsed)`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Secret } from './secret.js';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

type Key = Secret | string;

const reveal = (key: Key): string => (typeof key === 'string' ? key : key.reveal());

function hmac(raw: Uint8Array | string, secret: Key): Buffer {
  return createHmac('sha256', typeof secret === 'string' ? secret : secret.hmacKey())
    .update(raw)
    .digest();
}

/** `sha256=<hex>` for a body, as Meta computes it (for tests and the emulator). */
export function signBody(raw: Uint8Array | string, appSecret: Key): string {
  return `sha256=${hmac(raw, appSecret).toString('hex')}`;
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing_header' | 'malformed_header' | 'mismatch' };

/**
 * Check a POST's signature. `header` is the X-Hub-Signature-256 value as the HTTP layer
 * gives it (possibly an array when repeated, in which case any one valid value passes —
 * none can be forged without the secret).
 */
export function verifySignature(
  raw: Uint8Array | string,
  header: string | readonly string[] | undefined,
  appSecret: Key,
): SignatureCheck {
  const values = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  if (values.length === 0 || values.every((v) => v.trim() === '')) {
    return { ok: false, reason: 'missing_header' };
  }
  const expected = hmac(raw, appSecret);
  let wellFormed = false;
  for (const value of values) {
    const match = /^sha256=([0-9a-f]{64})$/i.exec(value.trim());
    if (!match?.[1]) continue;
    wellFormed = true;
    // Both sides are 32 bytes here, as timingSafeEqual requires; a wrong length never
    // reaches it (the pattern above rejects it as malformed).
    if (timingSafeEqual(Buffer.from(match[1], 'hex'), expected)) return { ok: true };
  }
  return { ok: false, reason: wellFormed ? 'mismatch' : 'malformed_header' };
}

export type HandshakeResult =
  | { ok: true; challenge: string }
  | { ok: false; reason: 'wrong_mode' | 'missing_challenge' | 'missing_token' | 'wrong_token' };

type Query = URLSearchParams | Readonly<Record<string, unknown>>;

function param(query: Query, name: string): string | undefined {
  const value = query instanceof URLSearchParams ? query.get(name) : query[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/**
 * The GET `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` Meta sends when the
 * callback URL is saved. Answer 200 with the challenge as the raw body when ok; any
 * non-200 otherwise (403 is customary).
 */
export function verifyHandshake(query: Query, verifyToken: Key): HandshakeResult {
  if (param(query, 'hub.mode') !== 'subscribe') return { ok: false, reason: 'wrong_mode' };
  const challenge = param(query, 'hub.challenge');
  if (challenge === undefined || challenge === '') {
    return { ok: false, reason: 'missing_challenge' };
  }
  const given = param(query, 'hub.verify_token');
  if (given === undefined || given === '') return { ok: false, reason: 'missing_token' };
  // Compare digests so the comparison is constant-time whatever the lengths.
  const same = timingSafeEqual(hmac(given, 'verify'), hmac(reveal(verifyToken), 'verify'));
  return same ? { ok: true, challenge } : { ok: false, reason: 'wrong_token' };
}
