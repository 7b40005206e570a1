/**
 * What a user does on a virtual phone, besides tapping (tap.ts): type, send media or a
 * location or something WhatsApp cannot forward, react / un-react, open the chat (read),
 * stop / resume marketing messages, change number, come online.
 */
import { numberById, setMarketingStopped, type EmulatorContext } from './context.js';
import { deliverWaiting, readChat } from './delivery.js';
import { webhookError } from './errors.js';
import { newWamid } from './ids.js';
import { ControlError } from './control-error.js';
import { businessFor, receive } from './inbound.js';
import type { Json } from './json-fields.js';
import { placeholderBytes } from './media-store.js';
import { extensionOf } from './media-routes.js';
import type { ChatMessage } from './message-log.js';
import { WA_REACTION_MAX_AGE_MS } from './meta-limits.js';
import { digitsOf, isE164 } from './phone-numbers.js';
import { waIdOf, type VirtualPhone } from './phones.js';
import { contactOf } from './webhook-payloads.js';

export type UserMessage =
  | { type: 'text'; text: string }
  | {
      type: 'image' | 'video' | 'audio' | 'document' | 'sticker';
      caption?: string;
      filename?: string;
      mime_type?: string;
      /** The file, base64; a small placeholder of the right kind when left out. */
      data_base64?: string;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'unsupported'; unsupported_type?: string };

const DEFAULT_MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/pdf',
  sticker: 'image/webp',
};

/** The user sends something; `replyTo` quotes a business message. */
export function sendFromPhone(
  ctx: EmulatorContext,
  phone: VirtualPhone,
  message: UserMessage,
  business?: string,
  replyTo?: string,
): ChatMessage {
  const number = businessFor(ctx, phone, business);
  const base = replyTo !== undefined ? { contextId: replyTo } : {};
  switch (message.type) {
    case 'text':
      return receive(ctx, phone, number, { ...base, type: 'text', object: { body: message.text } });
    case 'location': {
      const { type: _type, ...location } = message;
      return receive(ctx, phone, number, { ...base, type: 'location', object: location });
    }
    case 'unsupported':
      return receive(ctx, phone, number, {
        ...base,
        type: 'unsupported',
        object: { type: message.unsupported_type ?? 'poll_creation' },
        extra: { errors: [webhookError(131051, 'Message type is currently not supported.')] },
      });
    default: {
      const mimeType =
        message.mime_type ?? DEFAULT_MIME[message.type] ?? 'application/octet-stream';
      const bytes =
        message.data_base64 !== undefined
          ? Buffer.from(message.data_base64, 'base64')
          : placeholderBytes(mimeType);
      const media = ctx.state.media.add(bytes, mimeType, ctx.scheduler.now(), message.filename);
      const object: Json = {};
      if (message.caption !== undefined && message.type !== 'audio' && message.type !== 'sticker')
        object.caption = message.caption;
      if (message.type === 'document')
        object.filename = message.filename ?? `document.${extensionOf(mimeType)}`;
      Object.assign(object, { mime_type: mimeType, sha256: media.sha256, id: media.id });
      if (message.type === 'audio') object.voice = true;
      if (message.type === 'sticker') object.animated = false;
      return receive(ctx, phone, number, { ...base, type: message.type, object });
    }
  }
}

/** React to a business message; no emoji removes the reaction (the key is then omitted). */
export function react(
  ctx: EmulatorContext,
  phone: VirtualPhone,
  messageId: string,
  emoji: string | undefined,
): ChatMessage {
  const target = ctx.state.log.get(messageId);
  if (!target || target.phoneKey !== phone.key || target.direction !== 'outbound')
    throw new ControlError(404, `No business message ${messageId} in this phone's chats.`);
  if (ctx.scheduler.now() - target.at > WA_REACTION_MAX_AGE_MS)
    throw new ControlError(409, 'WhatsApp only takes reactions to messages up to 30 days old.');
  const number = businessFor(ctx, phone, target.phoneNumberId);
  const reaction: Json = { message_id: messageId };
  if (emoji !== undefined && emoji !== '') reaction.emoji = emoji;
  target.reaction = emoji || undefined;
  return receive(ctx, phone, number, { type: 'reaction', object: reaction });
}

/** The user opens the chat: business messages in it become read. */
export function openChat(ctx: EmulatorContext, phone: VirtualPhone, business?: string): void {
  const number = businessFor(ctx, phone, business);
  readChat(ctx, phone, number.phoneNumberId);
}

/**
 * Stop or resume marketing messages from the business (its WABA). Sends `user_preferences`:
 * `{wa_id, user_id?, detail, category: "marketing_messages", value, timestamp: <int>}`.
 */
export function setMarketing(
  ctx: EmulatorContext,
  phone: VirtualPhone,
  value: 'stop' | 'resume',
  business?: string,
): void {
  const number = businessFor(ctx, phone, business);
  setMarketingStopped(ctx, number.wabaId, phone.key, value === 'stop');
  const preference: Json = {};
  const waId = waIdOf(phone);
  if (waId !== undefined) preference.wa_id = waId;
  if (phone.userId !== undefined) preference.user_id = phone.userId;
  Object.assign(preference, {
    detail: `User requested to ${value} marketing messages`,
    category: 'marketing_messages',
    value,
    timestamp: Math.floor(ctx.scheduler.now() / 1000),
  });
  ctx.webhooks.enqueue({
    field: 'user_preferences',
    wabaId: number.wabaId,
    number,
    item: preference,
    contact: contactOf(phone),
  });
}

/**
 * The user moves to a new number. Each business the user has a chat with gets a `system`
 * message (no `contacts`): `{body: "<name> changed from <old> to <new>", wa_id: <new>,
 * type: "user_changed_number"}`, sent from the old number.
 */
export function changeNumber(ctx: EmulatorContext, phone: VirtualPhone, newPhone: string): void {
  if (phone.phone === undefined) throw new ControlError(409, 'This user has no phone number.');
  if (!isE164(newPhone)) throw new ControlError(400, `${newPhone} is not an E.164 number.`);
  if (ctx.state.phones.find(newPhone)) throw new ControlError(409, `${newPhone} is taken.`);
  const oldDigits = digitsOf(phone.phone);
  const newDigits = digitsOf(newPhone);
  const businesses = new Set(ctx.state.log.chat(phone.key).map((m) => m.phoneNumberId));
  for (const id of businesses) {
    const number = numberById(ctx, id);
    if (!number) continue;
    const now = ctx.scheduler.now();
    const item: Json = {
      from: oldDigits,
      id: newWamid(oldDigits, ctx.random),
      timestamp: String(Math.floor(now / 1000)),
      system: {
        body: `${phone.name} changed from ${oldDigits} to ${newDigits}`,
        wa_id: newDigits,
        type: 'user_changed_number',
      },
      type: 'system',
    };
    ctx.webhooks.enqueue({
      field: 'messages',
      wabaId: number.wabaId,
      number,
      kind: 'messages',
      item,
    });
    ctx.state.log.add({
      id: String(item.id),
      direction: 'inbound',
      phoneNumberId: id,
      phoneKey: phone.key,
      at: now,
      type: 'system',
      content: item,
      status: 'received',
      statusHistory: [{ status: 'received', at: now }],
      taps: [],
    });
  }
  phone.phone = newPhone;
}

/** The phone comes online or goes offline; waiting messages are delivered on return. */
export function setOnline(ctx: EmulatorContext, phone: VirtualPhone, online: boolean): void {
  const wasOffline = !phone.online;
  phone.online = online;
  if (online && wasOffline) deliverWaiting(ctx, phone);
}
