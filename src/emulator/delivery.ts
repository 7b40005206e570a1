/**
 * What happens to an accepted outbound message: `sent` → `delivered` → `read` status
 * webhooks (or one `failed`), on the emulator clock, following Meta's rules:
 * - statuses only move forward; `failed` is terminal;
 * - `delivered` waits for the phone to be online;
 * - read at once on delivery: the `delivered` webhook is skipped;
 * - users with read receipts off never produce `read`;
 * - reactions produce `sent` only;
 * - pricing (and, for v23-and-below payloads, conversation) rides on `sent` and on the first
 *   of `delivered` / `read`; `failed` carries `errors` and neither.
 */
import { contactOf, stringSeconds } from './webhook-payloads.js';
import { numberById, type EmulatorContext } from './context.js';
import type { WebhookErrorObject } from './errors.js';
import type { Json } from './json-fields.js';
import type { ChatMessage, OutboundStatus } from './message-log.js';
import { carriesConversation, majorVersion } from './pricing.js';
import { waIdOf, type VirtualPhone } from './phones.js';

const RANK: Record<OutboundStatus, number> = {
  accepted: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function scheduleLifecycle(
  ctx: EmulatorContext,
  message: ChatMessage,
  failure?: WebhookErrorObject,
): void {
  const delivery = ctx.config.settings.delivery;
  if (failure) {
    ctx.scheduler.after(delivery.sentAfterMs, () => fail(ctx, message, failure));
    return;
  }
  ctx.scheduler.after(delivery.sentAfterMs, () => advance(ctx, message, 'sent'));
  if (message.type === 'reaction') return;
  ctx.scheduler.after(delivery.deliveredAfterMs, () => advance(ctx, message, 'delivered'));
  ctx.scheduler.after(delivery.readAfterMs, () => {
    const phone = ctx.state.phones.find(message.phoneKey);
    if (phone?.autoRead) advance(ctx, message, 'read');
  });
}

/** Move a message forward to `target` if it can go there now. */
export function advance(
  ctx: EmulatorContext,
  message: ChatMessage,
  target: 'sent' | 'delivered' | 'read',
): void {
  if (message.status === 'failed' || message.status === 'received') return;
  if (RANK[message.status] >= RANK[target]) return;
  const phone = ctx.state.phones.find(message.phoneKey);
  if (!phone) return;
  if (message.status === 'accepted') setStatus(ctx, message, phone, 'sent', true);
  if (target === 'sent' || message.type === 'reaction' || !phone.online) return;
  if (target === 'delivered') {
    setStatus(ctx, message, phone, 'delivered', true);
    return;
  }
  if (!phone.readReceipts) {
    // WhatsApp never tells the business; the phone still shows it read.
    if (message.status === 'sent') setStatus(ctx, message, phone, 'delivered', true);
    setStatus(ctx, message, phone, 'read', false);
    return;
  }
  setStatus(ctx, message, phone, 'read', true);
}

export function fail(ctx: EmulatorContext, message: ChatMessage, error: WebhookErrorObject): void {
  if (message.status !== 'accepted') return;
  message.errors = [error];
  const phone = ctx.state.phones.find(message.phoneKey);
  setStatus(ctx, message, phone, 'failed', true);
}

/** The phone came online: deliver what waits, and read it later if the user reads. */
export function deliverWaiting(ctx: EmulatorContext, phone: VirtualPhone): void {
  const { deliveredAfterMs, readAfterMs } = ctx.config.settings.delivery;
  for (const message of ctx.state.log.chat(phone.key)) {
    if (message.direction !== 'outbound' || message.status !== 'sent') continue;
    advance(ctx, message, 'delivered');
    if (phone.autoRead)
      ctx.scheduler.after(Math.max(0, readAfterMs - deliveredAfterMs), () =>
        advance(ctx, message, 'read'),
      );
  }
}

/** The user opens the chat with a business number: everything in it is read. */
export function readChat(ctx: EmulatorContext, phone: VirtualPhone, phoneNumberId: string): void {
  for (const message of ctx.state.log.chat(phone.key, phoneNumberId))
    if (message.direction === 'outbound') advance(ctx, message, 'read');
}

function setStatus(
  ctx: EmulatorContext,
  message: ChatMessage,
  phone: VirtualPhone | undefined,
  status: OutboundStatus,
  notify: boolean,
): void {
  const now = ctx.scheduler.now();
  message.status = status;
  message.statusHistory.push({ status, at: now });
  if (!notify) return;
  const number = numberById(ctx, message.phoneNumberId);
  if (!number) return;
  const priced =
    status === 'sent' || ((status === 'delivered' || status === 'read') && !message.pricedFinal);
  if (status === 'delivered' || status === 'read') message.pricedFinal = true;
  const item = statusItem(ctx, message, phone, status, now, priced);
  const withContact =
    status !== 'failed' && phone && majorVersion(ctx.config.webhooks.apiVersion) >= 24;
  ctx.webhooks.enqueue({
    field: 'messages',
    wabaId: number.wabaId,
    number,
    kind: 'statuses',
    item,
    ...(withContact ? { contact: contactOf(phone) } : {}),
  });
}

function statusItem(
  ctx: EmulatorContext,
  message: ChatMessage,
  phone: VirtualPhone | undefined,
  status: OutboundStatus,
  at: number,
  priced: boolean,
): Json {
  const item: Json = { id: message.id, status, timestamp: stringSeconds(at) };
  const waId = phone ? waIdOf(phone) : message.recipient?.waId;
  const userId = phone ? phone.userId : message.recipient?.userId;
  if (waId !== undefined) item.recipient_id = waId;
  // Failed statuses omit recipient_user_id when the message was addressed to a number.
  if (userId !== undefined && (status !== 'failed' || message.addressedBy === 'user_id'))
    item.recipient_user_id = userId;
  if (status === 'failed') {
    item.errors = message.errors ?? [];
  } else if (priced && message.pricing) {
    if (carriesConversation(ctx.config.webhooks.apiVersion)) {
      const conversation: Json = { id: message.conversationId ?? message.id };
      if (status === 'sent') conversation.expiration_timestamp = stringSeconds(at + DAY_MS);
      conversation.origin = { type: message.pricing.category };
      item.conversation = conversation;
    }
    item.pricing = { ...message.pricing };
  }
  if (message.callbackData !== undefined) item.biz_opaque_callback_data = message.callbackData;
  return item;
}
