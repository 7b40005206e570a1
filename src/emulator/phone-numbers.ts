/**
 * Phone-number handling as Meta does it on `to`: `+`, spaces, hyphens and parentheses are
 * accepted; a number without `+` may get the business number's country code prepended.
 */
import { parsePhoneNumberFromString, isValidPhoneNumber } from 'libphonenumber-js';

/** E.164 as stored for virtual phones: `+` and 7 to 15 digits, no leading zero. */
const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Digits only: the form of `wa_id`, `from`, `recipient_id` and `display_phone_number` in webhooks. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** The country calling code of an E.164-ish number (`+1 555-078-3881` → `1`). */
export function callingCodeOf(number: string): string | undefined {
  return parsePhoneNumberFromString('+' + digitsOf(number))?.countryCallingCode;
}

/** ISO country of a number, for the BSUID prefix; `US` when unknown (555 test numbers). */
export function countryOf(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  return parsed?.country ?? parsed?.getPossibleCountries()[0] ?? 'US';
}

/**
 * Turn a `to` value into E.164, or undefined when it cannot be a phone number.
 *
 * Meta documents that a number without `+` gets the business number's country code
 * prepended (sent from India, `(631) 555-1234` goes to `+916315551234`), yet numbers sent as
 * bare international digits (`16505551234`) are delivered as such in practice. Our reading:
 * digits that already form a valid international number (or a known virtual phone) are kept;
 * otherwise the business country code is prepended when that yields a valid number; failing
 * both, the digits are taken as international if their length is possible.
 */
export function normalizeTo(
  raw: string,
  businessNumber: string,
  isKnown: (e164: string) => boolean,
): string | undefined {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s\-().]+$/.test(trimmed)) return undefined;
  const digits = digitsOf(trimmed);
  if (digits.length < 5 || digits.length > 15) return undefined;
  const international = '+' + digits;
  if (trimmed.startsWith('+')) return isE164(international) ? international : undefined;
  if (isKnown(international) || isValidPhoneNumber(international)) return international;
  const code = callingCodeOf(businessNumber);
  if (code) {
    const local = '+' + code + digits.replace(/^0+/, '');
    if (isKnown(local) || isValidPhoneNumber(local)) return local;
  }
  const possible = parsePhoneNumberFromString(international)?.isPossible() ?? false;
  return possible && isE164(international) ? international : undefined;
}

/** A BSUID (`US.13491208655302741918`, or a parent `US.ENT.…`). */
export function isBsuid(value: string): boolean {
  return /^[A-Z]{2}\.(ENT\.)?[0-9A-Za-z]{6,64}$/.test(value);
}
