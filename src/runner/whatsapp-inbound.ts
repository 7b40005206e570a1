/**
 * From WhatsApp's normalized webhook events (channels/whatsapp) to what Riposte stores:
 * inbox items for people's messages, statuses and marketing preferences, and direct
 * template-library updates. Unknown events are counted, never dropped silently.
 */
import type { MessageEvent, WebhookEvent } from '../channels/whatsapp/events.js';
import { phoneFromWire } from '../channels/whatsapp/identity.js';
import type { InboundKind, InboundMessage } from '../engine/types.js';
import type { IngestItem } from './ingest.js';

export interface TemplateUpdate {
  wabaId: string;
  templateId: string;
  name: string;
  language: string;
  status?: string;
  category?: string;
  quality?: string;
  reason?: string | null;
}

export interface WhatsAppIntake {
  items: IngestItem[];
  templates: TemplateUpdate[];
  /** Events we keep count of but do not act on (unknown fields, value-level errors). */
  ignored: Array<{ kind: string; description: string }>;
}

/** `numberOf` maps Meta's phone_number_id to our business number alias (unknown: undefined). */
export function intakeOf(
  events: readonly WebhookEvent[],
  numberOf: (phoneNumberId: string) => string | undefined,
): WhatsAppIntake {
  const intake: WhatsAppIntake = { items: [], templates: [], ignored: [] };
  for (const event of events) {
    switch (event.kind) {
      case 'message': {
        const number = numberOf(event.business.phoneNumberId);
        if (number === undefined) {
          intake.ignored.push({
            kind: 'message',
            description: `unknown phone_number_id ${event.business.phoneNumberId}`,
          });
          break;
        }
        const address = addressOf(event.from);
        if (!address) break;
        intake.items.push({
          dedupeKey: `wa:msg:${event.id}`,
          payload: {
            kind: 'wa.message',
            message: toInbound(event, number),
            ...(event.from.name !== undefined ? { profileName: event.from.name } : {}),
          },
          address,
          ...(event.from.name !== undefined ? { profileName: event.from.name } : {}),
          receivedAt: event.timestampMs,
        });
        break;
      }
      case 'status': {
        const number = numberOf(event.business.phoneNumberId) ?? event.business.phoneNumberId;
        const error = event.errors[0];
        intake.items.push({
          dedupeKey: `wa:status:${event.id}:${event.status}`,
          routingKey: event.id,
          payload: {
            kind: 'wa.status',
            wamid: event.id,
            status: event.status,
            at: event.timestampMs,
            number,
            ...(error && typeof error.code === 'number'
              ? { errorCode: error.code, errorReason: error.reason }
              : {}),
            ...(event.bizOpaqueCallbackData !== undefined
              ? { callbackData: event.bizOpaqueCallbackData }
              : {}),
          },
        });
        break;
      }
      case 'user_preference': {
        const number = numberOf(event.business.phoneNumberId);
        const address = addressOf(event.user);
        if (number === undefined || !address || event.category !== 'marketing_messages') break;
        intake.items.push({
          dedupeKey: `wa:pref:${event.business.phoneNumberId}:${address.phone ?? address.userId ?? ''}:${event.timestampMs}:${event.value}`,
          payload: { kind: 'wa.preference', number, value: event.value, at: event.timestampMs },
          address,
          receivedAt: event.timestampMs,
        });
        break;
      }
      case 'template_status':
        intake.templates.push({
          wabaId: event.wabaId,
          templateId: event.templateId,
          name: event.name,
          language: event.language.replace('-', '_'),
          status: event.event,
          reason: event.reason,
          ...(event.category !== undefined ? { category: event.category } : {}),
        });
        break;
      case 'template_quality':
        intake.templates.push({
          wabaId: event.wabaId,
          templateId: event.templateId,
          name: event.name,
          language: event.language.replace('-', '_'),
          quality: event.newScore,
        });
        break;
      case 'template_category':
        intake.templates.push({
          wabaId: event.wabaId,
          templateId: event.templateId,
          name: event.name,
          language: event.language.replace('-', '_'),
          category: event.newCategory,
        });
        break;
      case 'system': {
        // The person is found by who they were; their new number or user id is recorded.
        const address = addressOf(event.previous);
        const phone = event.change === 'user_changed_number' ? event.current.phone : undefined;
        const userId = event.current.userId;
        if (!address || (phone === undefined && userId === undefined)) {
          intake.ignored.push({ kind: 'system', description: event.change });
          break;
        }
        intake.items.push({
          dedupeKey: `wa:msg:${event.id}`,
          payload: {
            kind: 'wa.identity',
            at: event.timestampMs,
            ...(phone !== undefined ? { phone } : {}),
            ...(userId !== undefined ? { userId } : {}),
          },
          address,
          receivedAt: event.timestampMs,
        });
        break;
      }
      case 'error':
        intake.ignored.push({
          kind: 'error',
          description: `${event.error.code} ${event.error.title}`,
        });
        break;
      case 'unknown': {
        intake.ignored.push({
          kind: 'unknown',
          description: `${event.field}: ${event.description}`,
        });
        // A person's message of a type we do not know still opens the 24 h window, is
        // logged, and makes the person known: keep it as an "other" message.
        const item = unknownMessage(event, numberOf);
        if (item) intake.items.push(item);
        break;
      }
    }
  }
  return intake;
}

function unknownMessage(
  event: Extract<WebhookEvent, { kind: 'unknown' }>,
  numberOf: (phoneNumberId: string) => string | undefined,
): IngestItem | undefined {
  const raw = event.raw;
  if (event.field !== 'messages' || !event.business || raw === null || typeof raw !== 'object')
    return undefined;
  const fields = raw as Record<string, unknown>;
  const id = typeof fields.id === 'string' ? fields.id : undefined;
  const phone = typeof fields.from === 'string' ? phoneFromWire(fields.from) : undefined;
  const userId = typeof fields.from_user_id === 'string' ? fields.from_user_id : undefined;
  const number = numberOf(event.business.phoneNumberId);
  const address = addressOf({
    ...(phone !== undefined ? { phone } : {}),
    ...(userId !== undefined ? { userId } : {}),
  });
  if (id === undefined || number === undefined || !address) return undefined;
  const seconds = Number(fields.timestamp);
  const at = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.now();
  return {
    dedupeKey: `wa:msg:${id}`,
    payload: { kind: 'wa.message', message: { id, number, kind: 'other', text: '', at } },
    address,
    receivedAt: at,
  };
}

function addressOf(identity: {
  phone?: string;
  userId?: string;
}): { phone?: string; userId?: string } | undefined {
  if (identity.phone === undefined && identity.userId === undefined) return undefined;
  return {
    ...(identity.phone !== undefined ? { phone: identity.phone } : {}),
    ...(identity.userId !== undefined ? { userId: identity.userId } : {}),
  };
}

/** The engine's view of a message: what the person "said", and the tap's payload. */
export function toInbound(event: MessageEvent, number: string): InboundMessage {
  const c = event.content;
  let kind: InboundKind = 'other';
  let text = '';
  let payload: string | undefined;
  let extra: Partial<InboundMessage> = {};
  switch (c.type) {
    case 'text':
      kind = 'text';
      text = c.body;
      break;
    case 'button':
      kind = 'button';
      text = c.text;
      payload = c.payload;
      break;
    case 'button_reply':
      kind = 'interactive_button';
      text = c.title;
      payload = c.id;
      break;
    case 'list_reply':
      kind = 'interactive_list';
      text = c.title;
      payload = c.id;
      break;
    case 'nfm_reply':
      kind = 'flow';
      text = c.body ?? '';
      extra = { flowResponse: c.responseJson };
      break;
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      kind = 'media';
      text = c.media.caption ?? '';
      extra = { mediaUrls: [c.media.url ?? `media:${c.media.id}`] };
      break;
    case 'location':
      kind = 'location';
      text = c.name ?? c.address ?? `${c.latitude},${c.longitude}`;
      break;
    case 'contacts':
      kind = 'contacts';
      text = c.contacts.map((x) => x.formattedName ?? '').join(', ');
      break;
    case 'order':
      kind = 'order';
      text = c.text ?? '';
      extra = {
        catalogId: c.catalogId,
        ...(c.items[0] ? { productId: c.items[0].productRetailerId } : {}),
      };
      break;
    case 'reaction':
      kind = 'reaction';
      text = c.emoji ?? '';
      break;
    case 'unsupported':
    case 'request_welcome':
      kind = 'other';
      break;
  }
  return {
    id: event.id,
    number,
    kind,
    text,
    at: event.timestampMs,
    ...(payload !== undefined ? { payload } : {}),
    ...(event.context?.id !== undefined ? { contextId: event.context.id } : {}),
    ...(event.from.name !== undefined ? { profileName: event.from.name } : {}),
    ...extra,
  };
}
