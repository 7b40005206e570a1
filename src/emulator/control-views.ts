/**
 * JSON views of the emulator's state for the control API (snake_case, like the Graph side).
 */
import { hasStoppedMarketing, isWindowOpen, type EmulatorContext } from './context.js';
import type { Json } from './json-fields.js';
import type { ChatMessage } from './message-log.js';
import { waIdOf, type VirtualPhone } from './phones.js';

export function phoneView(ctx: EmulatorContext, phone: VirtualPhone): Json {
  const view: Json = { key: phone.key, identity: phone.identity };
  if (phone.phone !== undefined) {
    view.phone = phone.phone;
    view.wa_id = waIdOf(phone);
  }
  if (phone.userId !== undefined) view.user_id = phone.userId;
  if (phone.username !== undefined) view.username = phone.username;
  Object.assign(view, {
    name: phone.name,
    on_whatsapp: phone.onWhatsApp,
    online: phone.online,
    auto_read: phone.autoRead,
    read_receipts: phone.readReceipts,
    // Per business number: is the 24 h window open, has marketing been stopped.
    businesses: ctx.config.numbers.map((n) => ({
      phone_number_id: n.phoneNumberId,
      window_open: isWindowOpen(ctx, n.phoneNumberId, phone.key),
      marketing_stopped: hasStoppedMarketing(ctx, n.wabaId, phone.key),
    })),
  });
  return view;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function messageView(message: ChatMessage): Json {
  const view: Json = {
    id: message.id,
    direction: message.direction,
    phone_number_id: message.phoneNumberId,
    phone_key: message.phoneKey,
    at: iso(message.at),
    type: message.type,
    content: message.content,
    status: message.status,
    status_history: message.statusHistory.map((s) => ({ status: s.status, at: iso(s.at) })),
  };
  if (message.errors) view.errors = message.errors;
  if (message.context) view.context = message.context;
  if (message.callbackData !== undefined) view.biz_opaque_callback_data = message.callbackData;
  if (message.pricing) view.pricing = message.pricing;
  if (message.reaction !== undefined) view.reaction = message.reaction;
  if (message.taps.length > 0) {
    view.taps = message.taps.map(({ messageId, at, ...t }) => ({
      ...t,
      message_id: messageId,
      at: iso(at),
    }));
    const last = message.taps[message.taps.length - 1];
    if (last)
      view.tapped = { index: last.index, title: last.title, payload: last.payload, id: last.id };
  }
  return view;
}
