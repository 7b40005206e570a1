/**
 * Phone numbers as Braze reads them (reference §2d): E.164 is expected, anything else is
 * read as a US number. A number must have a possible length for its country; the number
 * plan itself is not checked (555 test numbers stay usable, as the emulator's are).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

export function toE164(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const parsed = parsePhoneNumberFromString(text, 'US');
  if (parsed === undefined || !parsed.isPossible()) return undefined;
  return parsed.number;
}
