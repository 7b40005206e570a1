/**
 * Messages from a virtual phone to a business number, shaped as Meta's `messages` webhook
 * carries them. Every one opens or refreshes the 24 h window (a quick-reply tap included).
 *
 * ```json
 * { "from": "16505551234", "id": "wamid.…", "timestamp": "1750030073", "type": "text",
 *   "text": { "body": "hmm maybe" } }
 * ```
 * `from` is the number as digits; users with a BSUID also get `from_user_id`, and username
 * users (no number) get only `from_user_id`. `contacts[]` beside the messages carries
 * `profile.name` and `wa_id` / `user_id` to match.
 */
import { recordInbound, numberById, type EmulatorContext } from './context.js';
import { ControlError } from './control-error.js';
import { newWamid } from './ids.js';
import type { Json } from './json-fields.js';
import type { ChatMessage } from './message-log.js';
import type { BusinessNumber } from './options.js';
import { digitsOf } from './phone-numbers.js';
import { waIdOf, type VirtualPhone } from './phones.js';
import { contactOf, stringSeconds } from './webhook-payloads.js';

/** The business number an action goes to: given, else the phone's latest chat, else the first. */
export function businessFor(
  ctx: EmulatorContext,
  phone: VirtualPhone,
  phoneNumberId?: string,
): BusinessNumber {
  if (phoneNumberId !== undefined) {
    const number = numberById(ctx, phoneNumberId);
    if (!number) throw new ControlError(404, `No business number ${phoneNumberId}.`);
    return number;
  }
  const last = ctx.state.log.chat(phone.key).at(-1);
  const number = (last && numberById(ctx, last.phoneNumberId)) ?? ctx.config.numbers[0];
  if (!number) throw new ControlError(500, 'The emulator has no business number.');
  return number;
}

/** The sender fields of an inbound message, per identity mode. */
export function senderOf(phone: VirtualPhone): Json {
  const sender: Json = {};
  const waId = waIdOf(phone);
  if (waId !== undefined) sender.from = waId;
  if (phone.userId !== undefined) sender.from_user_id = phone.userId;
  return sender;
}

export interface InboundInput {
  type: string;
  /** The type's object (`{body}` for text, …). */
  object?: Json;
  /** The business message this one answers or quotes. */
  contextId?: string;
  /** Extra fields on the message (`errors` for unsupported types). */
  extra?: Json;
}

/** Record an inbound message, open the window and queue the webhook. */
export function receive(
  ctx: EmulatorContext,
  phone: VirtualPhone,
  number: BusinessNumber,
  input: InboundInput,
): ChatMessage {
  if (!phone.onWhatsApp) throw new ControlError(409, 'This phone is not on WhatsApp.');
  const now = ctx.scheduler.now();
  const id = newWamid(waIdOf(phone) ?? phone.userId ?? phone.key, ctx.random);
  const item: Json = {};
  if (input.contextId !== undefined)
    item.context = { from: digitsOf(number.displayPhoneNumber), id: input.contextId };
  Object.assign(item, senderOf(phone), { id, timestamp: stringSeconds(now), type: input.type });
  if (input.object !== undefined) item[input.type] = input.object;
  if (input.extra) Object.assign(item, input.extra);
  const message: ChatMessage = {
    id,
    direction: 'inbound',
    phoneNumberId: number.phoneNumberId,
    phoneKey: phone.key,
    at: now,
    type: input.type,
    content: item,
    status: 'received',
    statusHistory: [{ status: 'received', at: now }],
    taps: [],
  };
  if (input.contextId !== undefined) message.context = { message_id: input.contextId };
  ctx.state.log.add(message);
  recordInbound(ctx, number.phoneNumberId, phone.key);
  ctx.webhooks.enqueue({
    field: 'messages',
    wabaId: number.wabaId,
    number,
    kind: 'messages',
    item,
    contact: contactOf(phone),
  });
  return message;
}
