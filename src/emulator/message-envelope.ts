/**
 * The common part of a send: who to (`to` or, since 2026, `recipient` = a BSUID; `to` wins
 * when both are given), which type (default `text`, as Meta defaults it), an optional quoted
 * message (`context.message_id`) and `biz_opaque_callback_data` (≤512, echoed in statuses).
 */
import { WA_CALLBACK_DATA_MAX } from '../canvas/limits.js';
import { GraphError } from './errors.js';
import { checkMax, optionalRecord, optionalString, type Json } from './json-fields.js';
import type { BusinessNumber } from './options.js';
import { isBsuid, normalizeTo } from './phone-numbers.js';

export const MESSAGE_TYPES = [
  'text',
  'template',
  'interactive',
  'reaction',
  'image',
  'document',
  'video',
  'audio',
  'sticker',
  'location',
  'contacts',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export type Recipient =
  { kind: 'phone'; input: string; e164: string } | { kind: 'user_id'; input: string };

export interface Envelope {
  recipient: Recipient;
  type: MessageType;
  context?: { message_id: string };
  callbackData?: string;
}

function isMessageType(value: string): value is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(value);
}

export function parseEnvelope(
  body: Json,
  number: BusinessNumber,
  isKnown: (e164: string) => boolean,
): Envelope {
  const recipientType = optionalString(body, 'recipient_type', '');
  if (recipientType !== undefined && recipientType !== 'individual')
    throw new GraphError(
      100,
      `Param recipient_type must be "individual" (group messaging is not emulated) - got "${recipientType}".`,
    );
  const type = optionalString(body, 'type', '') ?? 'text';
  if (!isMessageType(type))
    throw new GraphError(131051, `Message type "${type}" is not supported.`);
  const envelope: Envelope = { recipient: parseRecipient(body, number, isKnown), type };
  const context = optionalRecord(body, 'context', '');
  if (context) {
    // Unsure: Meta's answer to a context id it does not know. We accept the send; the
    // phone shows no quote, which is what users report seeing.
    const id = optionalString(context, 'message_id', 'context');
    if (id === undefined)
      throw new GraphError(131008, "The parameter context['message_id'] is required.");
    envelope.context = { message_id: id };
  }
  const callbackData = optionalString(body, 'biz_opaque_callback_data', '');
  if (callbackData !== undefined) {
    checkMax(callbackData, WA_CALLBACK_DATA_MAX, 'biz_opaque_callback_data');
    envelope.callbackData = callbackData;
  }
  return envelope;
}

function parseRecipient(
  body: Json,
  number: BusinessNumber,
  isKnown: (e164: string) => boolean,
): Recipient {
  const to = optionalString(body, 'to', '');
  const recipient = optionalString(body, 'recipient', '');
  if (to !== undefined && to !== '') {
    const e164 = normalizeTo(to, number.displayPhoneNumber, isKnown);
    if (!e164) throw new GraphError(100, `Param to ("${to}") is not a valid phone number.`);
    return { kind: 'phone', input: to, e164 };
  }
  if (recipient !== undefined && recipient !== '') {
    if (!isBsuid(recipient))
      throw new GraphError(
        100,
        `Param recipient ("${recipient}") is not a business-scoped user ID.`,
      );
    return { kind: 'user_id', input: recipient };
  }
  throw new GraphError(131008, 'The parameter to is required.');
}
