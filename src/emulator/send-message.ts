/**
 * `POST /{PHONE_NUMBER_ID}/messages`, after authentication: check the request as Meta does,
 * apply the throttles and the 24 h window, store the message and schedule its statuses.
 *
 * Order of checks: envelope → message object (100 / 131008 / 131009) → template (132xxx) →
 * recipient (131021, 131062) → throughput (130429) → pair rate (131056) → window (131047,
 * sync only when so configured). Failures Meta reports by webhook (131026 not on WhatsApp,
 * 131047 outside the window, 131050 marketing stopped) are accepted with a wamid, then fail.
 */
import type { EmulatorContext } from './context.js';
import { hasStoppedMarketing, isWindowOpen } from './context.js';
import { scheduleLifecycle } from './delivery.js';
import { GraphError, webhookError, type WebhookErrorObject } from './errors.js';
import { newConversationId, newWamid } from './ids.js';
import { isRecord, requireRecord, type Json } from './json-fields.js';
import { parseEnvelope, type Envelope } from './message-envelope.js';
import type { ChatMessage } from './message-log.js';
import type { BusinessNumber } from './options.js';
import { digitsOf } from './phone-numbers.js';
import { waIdOf, type VirtualPhone } from './phones.js';
import { pricingFor } from './pricing.js';
import { markRead } from './mark-read.js';
import { resolveTemplateSend, type TemplateSend } from './template-send.js';
import {
  isMediaType,
  validateContacts,
  validateLocation,
  validateMedia,
  validateReaction,
  validateText,
} from './validate-content.js';
import { validateInteractive } from './validate-interactive.js';
import { WA_REACTION_MAX_AGE_MS } from './meta-limits.js';

export type SendResult = { success: true } | Json;

export function sendMessage(
  ctx: EmulatorContext,
  number: BusinessNumber,
  body: unknown,
): SendResult {
  if (!isRecord(body)) throw new GraphError(100, 'The request body must be a JSON object.');
  if (body.messaging_product === undefined)
    throw new GraphError(100, 'The parameter messaging_product is required.');
  if (body.messaging_product !== 'whatsapp')
    throw new GraphError(
      100,
      `Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`,
    );
  if (body.status !== undefined) return markRead(ctx, number, body);

  const envelope = parseEnvelope(body, number, (e164) => ctx.state.phones.find(e164) !== undefined);
  const phone = findRecipient(ctx, number, envelope);
  const now = ctx.scheduler.now();
  let template: TemplateSend | undefined;
  let content: Json;
  if (envelope.type === 'template') {
    template = resolveTemplateSend(
      ctx.state.templates,
      number.wabaId,
      requireRecord(body, 'template', ''),
    );
    content = template.content;
  } else content = validateFreeForm(ctx, envelope, body, phone, number);

  if (
    envelope.recipient.kind === 'user_id' &&
    template?.template.components.some((c) => c.buttons?.some((b) => b.type === 'OTP'))
  )
    throw new GraphError(
      131062,
      'One-tap, zero-tap and copy-code authentication templates need a phone number.',
    );
  if (!ctx.state.throughput.take(number.phoneNumberId, now)) throw new GraphError(130429);
  const pairKey = `${number.phoneNumberId}|${phone?.key ?? envelope.recipient.input}`;
  if (!ctx.state.pairs.take(pairKey, now)) throw new GraphError(131056);

  const windowOpen = phone ? isWindowOpen(ctx, number.phoneNumberId, phone.key) : false;
  if (!template && !windowOpen && ctx.config.settings.outsideWindow === 'sync')
    throw new GraphError(131047);
  const failure = plannedFailure(ctx, number, phone, template, windowOpen);

  const message = record(ctx, number, envelope, phone, content, template, windowOpen);
  scheduleLifecycle(ctx, message, failure);
  return {
    messaging_product: 'whatsapp',
    contacts: [contactJson(envelope, phone)],
    messages: [{ id: message.id, ...(template ? { message_status: 'accepted' } : {}) }],
  };
}

function validateFreeForm(
  ctx: EmulatorContext,
  envelope: Envelope,
  body: Json,
  phone: VirtualPhone | undefined,
  number: BusinessNumber,
): Json {
  const type = envelope.type;
  if (type === 'contacts') return validateContacts(body);
  const object = requireRecord(body, type, '');
  if (type === 'text') return validateText(object);
  if (type === 'interactive') return validateInteractive(object);
  if (type === 'location') return validateLocation(object);
  if (isMediaType(type))
    return validateMedia(type, object, (id) => ctx.state.media.get(id) !== undefined);
  const reaction = validateReaction(object);
  const target = ctx.state.log.get(reaction.messageId);
  if (!target || target.phoneKey !== phone?.key || target.phoneNumberId !== number.phoneNumberId)
    throw new GraphError(
      131009,
      `reaction['message_id'] (${reaction.messageId}) is not a message of this chat.`,
    );
  if (ctx.scheduler.now() - target.at > WA_REACTION_MAX_AGE_MS)
    throw new GraphError(131009, 'Reactions are only allowed on messages up to 30 days old.');
  return { message_id: reaction.messageId, ...(reaction.emoji ? { emoji: reaction.emoji } : {}) };
}

/** The phone a send goes to; undefined when nobody has that number or BSUID. */
function findRecipient(
  ctx: EmulatorContext,
  number: BusinessNumber,
  envelope: Envelope,
): VirtualPhone | undefined {
  const { recipient } = envelope;
  if (recipient.kind === 'user_id') return ctx.state.phones.find(recipient.input);
  if (digitsOf(recipient.e164) === digitsOf(number.displayPhoneNumber))
    throw new GraphError(131021);
  const existing = ctx.state.phones.find(recipient.e164);
  if (existing || ctx.config.settings.unknownRecipients !== 'create') return existing;
  return ctx.state.phones.create({ phone: recipient.e164 }, ctx.scheduler.now(), true);
}

function plannedFailure(
  ctx: EmulatorContext,
  number: BusinessNumber,
  phone: VirtualPhone | undefined,
  template: TemplateSend | undefined,
  windowOpen: boolean,
): WebhookErrorObject | undefined {
  if (!phone || !phone.onWhatsApp) return webhookError(131026);
  if (!template && !windowOpen) return webhookError(131047);
  if (
    template?.template.category === 'MARKETING' &&
    hasStoppedMarketing(ctx, number.wabaId, phone.key)
  )
    return webhookError(131050);
  return undefined;
}

function record(
  ctx: EmulatorContext,
  number: BusinessNumber,
  envelope: Envelope,
  phone: VirtualPhone | undefined,
  content: Json,
  template: TemplateSend | undefined,
  windowOpen: boolean,
): ChatMessage {
  const now = ctx.scheduler.now();
  const userKey = phone ? (waIdOf(phone) ?? phone.userId ?? '') : envelope.recipient.input;
  const message: ChatMessage = {
    id: newWamid(digitsOf(userKey) || userKey, ctx.random),
    direction: 'outbound',
    phoneNumberId: number.phoneNumberId,
    // Sends to nobody are logged under the input, so they show in the message log.
    phoneKey: phone?.key ?? `unknown:${envelope.recipient.input}`,
    at: now,
    type: envelope.type,
    content,
    status: 'accepted',
    statusHistory: [{ status: 'accepted', at: now }],
    addressedBy: envelope.recipient.kind,
    recipient:
      envelope.recipient.kind === 'phone'
        ? { waId: digitsOf(envelope.recipient.e164) }
        : { userId: envelope.recipient.input },
    pricing: pricingFor(template?.template.category, windowOpen),
    conversationId: newConversationId(ctx.random),
    taps: [],
  };
  if (envelope.context) message.context = envelope.context;
  if (envelope.callbackData !== undefined) message.callbackData = envelope.callbackData;
  if (template) message.buttonPayloads = template.buttonPayloads;
  if (envelope.type === 'reaction') {
    const target = ctx.state.log.get(String(content.message_id));
    if (target) target.reaction = typeof content.emoji === 'string' ? content.emoji : undefined;
  }
  ctx.state.log.add(message);
  return message;
}

/** `contacts[0]` of the response: `wa_id` for numbers, `user_id` (no `wa_id`) for BSUIDs. */
function contactJson(envelope: Envelope, phone: VirtualPhone | undefined): Json {
  const { recipient } = envelope;
  if (recipient.kind === 'user_id') return { input: recipient.input, user_id: recipient.input };
  return { input: recipient.input, wa_id: (phone && waIdOf(phone)) ?? digitsOf(recipient.e164) };
}
