/**
 * Phone numbers and BSUIDs on the wire. Inbound, Meta writes `wa_id` digits-only and
 * `from` sometimes with a "+" (reference §5.3): both become E.164 with "+". Outbound, a
 * number without "+" is refused: Meta would prepend the business number's country code
 * and could reach the wrong person (reference §2.1).
 */
import { localError, type ChannelError } from './errors.js';

/** E.164 allows at most 15 digits; the shortest real international numbers have 7. */
const E164 = /^\+\d{7,15}$/;

/** An inbound `wa_id` / `from` / `recipient_id` as E.164, or undefined when it has no digits. */
export function phoneFromWire(value: string): string | undefined {
  const digits = value.replace(/\D/g, '');
  return digits === '' ? undefined : `+${digits}`;
}

/**
 * An outbound phone as Meta should get it: "+", country code, digits. Spaces, dots,
 * hyphens and parentheses are dropped, as Meta would; anything else is refused.
 */
export function phoneForSend(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^\+[\d\s().-]+$/.test(trimmed)) return undefined;
  const phone = `+${trimmed.replace(/\D/g, '')}`;
  return E164.test(phone) ? phone : undefined;
}

/**
 * A BSUID such as "US.13491208655302741918" or a parent id "US.ENT.…": a country code and
 * a dot, then no spaces. Loose on purpose: Meta has not fixed the rest of the format.
 */
const BSUID = /^[A-Za-z]{2}\.\S{1,128}$/;

export interface Recipient {
  phone?: string;
  userId?: string;
}

/**
 * The recipient fields of a send: `to` for a phone, `recipient` for a BSUID, both when
 * both are known (Meta then uses `to`, and the BSUID is a fallback for Meta's records).
 */
export function recipientFields(
  recipient: Recipient,
): { ok: true; fields: { to?: string; recipient?: string } } | { ok: false; error: ChannelError } {
  const fields: { to?: string; recipient?: string } = {};
  if (recipient.phone !== undefined) {
    const to = phoneForSend(recipient.phone);
    if (to === undefined) {
      return {
        ok: false,
        error: localError(
          'invalid_recipient',
          'phone must be E.164 with "+" and the country code, e.g. +16505551234',
        ),
      };
    }
    fields.to = to;
  }
  if (recipient.userId !== undefined) {
    if (!BSUID.test(recipient.userId)) {
      return {
        ok: false,
        error: localError('invalid_recipient', 'userId is not a business-scoped user id (CC.…)'),
      };
    }
    fields.recipient = recipient.userId;
  }
  if (fields.to === undefined && fields.recipient === undefined) {
    return {
      ok: false,
      error: localError('invalid_recipient', 'a send needs a phone or a userId'),
    };
  }
  return { ok: true, fields };
}

/** What `contacts[]` entries and recipients share for matching. */
export interface WireIds {
  wa_id?: string | undefined;
  user_id?: string | undefined;
}

/**
 * The `contacts[]` entry describing a message's sender or a status's recipient: same
 * phone digits, or same BSUID. Meta does not promise order, so never match by position.
 */
export function findContact<C extends WireIds>(
  contacts: readonly C[],
  phone: string | undefined,
  userId: string | undefined,
): C | undefined {
  return contacts.find(
    (c) =>
      (phone !== undefined && c.wa_id !== undefined && phoneFromWire(c.wa_id) === phone) ||
      (userId !== undefined && c.user_id === userId),
  );
}
