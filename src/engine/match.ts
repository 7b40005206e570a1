/**
 * Reply matching: does an inbound message satisfy a group's filter?
 *
 * Normalization (both the message and the configured value, canvas/text.ts): Unicode NFKC,
 * accents folded, case folded, whitespace collapsed and trimmed. For `is`, punctuation and symbols around the
 * message are ignored as well, so "YES", " yes ", "Yes!" and "yes." all equal `is: YES`
 * (Braze documents only case-insensitivity; people type punctuation, so we accept it).
 */
import type { BodyFilter } from '../canvas/body-filter.js';
import { normalizeText, normalizeWhole } from '../canvas/text.js';
import type { ButtonFilter, InboundWhatsAppTrigger } from '../canvas/triggers.js';

export function words(text: string): string[] {
  return normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Braze regexes are case-sensitive substring searches; a leading `(?i)` makes them
 * case-insensitive and `(?-i)` at the end closes that. JavaScript has no inline flags, so
 * `(?i)` anywhere turns on the `i` flag for the whole pattern.
 */
export function compileBrazeRegex(pattern: string): RegExp | null {
  let compiled = regexCache.get(pattern);
  if (compiled !== undefined) return compiled;
  const insensitive = pattern.includes('(?i)');
  const source = pattern.replace(/\(\?-?i\)/g, '');
  try {
    compiled = new RegExp(source, insensitive ? 'iu' : 'u');
  } catch {
    compiled = null;
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(pattern, compiled);
  return compiled;
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** Word lists may be given as one string of words ("yes yep sure") or as a list. */
function wordList(value: string | string[]): string[] {
  return asList(value).flatMap((v) => words(v));
}

/** The first number in the text: "I'd say 8/10" → 8; "1,5 kg" → 1.5. */
export function firstNumber(text: string): number | undefined {
  const match = /-?\d+(?:[.,]\d+)?/.exec(text);
  if (!match) return undefined;
  return Number(match[0].replace(',', '.'));
}

export function matchesBody(filter: BodyFilter, text: string): boolean {
  if (filter.is !== undefined) {
    const message = normalizeWhole(text);
    return asList(filter.is).some((v) => normalizeWhole(v) === message);
  }
  if (filter.matches_regex !== undefined) {
    const re = compileBrazeRegex(filter.matches_regex);
    return re !== null && re.test(text);
  }
  if (filter.has_any_word !== undefined) {
    const have = new Set(words(text));
    return wordList(filter.has_any_word).some((w) => have.has(w));
  }
  if (filter.has_all_words !== undefined) {
    const have = new Set(words(text));
    return wordList(filter.has_all_words).every((w) => have.has(w));
  }
  if (filter.has_phrase !== undefined) {
    const phrase = words(filter.has_phrase).join(' ');
    return phrase !== '' && ` ${words(text).join(' ')} `.includes(` ${phrase} `);
  }
  if (filter.has_number !== undefined) {
    const n = firstNumber(text);
    if (n === undefined) return false;
    if (filter.has_number === true) return true;
    const b = filter.has_number;
    return (
      (b.gt === undefined || n > b.gt) &&
      (b.gte === undefined || n >= b.gte) &&
      (b.lt === undefined || n < b.lt) &&
      (b.lte === undefined || n <= b.lte)
    );
  }
  return false;
}

/** What we know of a tap: the button index on our message, and the author's payload. */
export interface Tap {
  button: number;
  payload?: string;
}

export function matchesButton(filter: ButtonFilter, tap: Tap | undefined): boolean {
  if (tap === undefined) return false;
  if (typeof filter === 'number') return tap.button === filter;
  if (filter.index !== undefined) return tap.button === filter.index;
  return filter.payload !== undefined && tap.payload === filter.payload;
}

/** An inbound-WhatsApp trigger against a message (and the tap, when it was one of ours). */
export function matchesInbound(
  trigger: InboundWhatsAppTrigger,
  message: { number: string; text: string },
  tap: Tap | undefined,
): boolean {
  if (trigger.number !== undefined && trigger.number !== message.number) return false;
  if (trigger.button !== undefined && !matchesButton(trigger.button, tap)) return false;
  if (trigger.body !== undefined && !matchesBody(trigger.body, message.text)) return false;
  return true;
}

/** A group with no body or button filter catches every message (Braze's "else"). */
export function isCatchAll(trigger: InboundWhatsAppTrigger): boolean {
  return trigger.body === undefined && trigger.button === undefined;
}

export { normalizeText, normalizeWhole };
