/**
 * One inbound `value.messages[i]` → a MessageEvent, a SystemEvent (number / BSUID change),
 * or an UnknownEvent for types we do not know yet. Malformed messages become issues and
 * no event; the rest of the batch is unaffected.
 */
import type { PathSegment } from '../../canvas/issues.js';
import type {
  InboundContent,
  MessageContext,
  MessageEvent,
  Referral,
  SystemEvent,
  UserIdentity,
  WebhookEvent,
} from './events.js';
import { findContact, phoneFromWire } from './identity.js';
import {
  isRecord,
  WireContent,
  WireMessageBase,
  type WireContact,
  type WireMessageBase as WireBase,
} from './webhook-schema.js';
import { errorsOf, identity, type ChangeScope } from './webhook-scope.js';
import { defined } from './defined.js';

const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];
const isMediaType = (t: string): t is MediaType => MEDIA_TYPES.some((m) => m === t);

export function parseMessage(
  raw: unknown,
  scope: ChangeScope,
  path: PathSegment[],
): WebhookEvent | undefined {
  const base = scope.read(WireMessageBase, raw, path);
  if (base === undefined) return undefined;
  const timestampMs = Number(base.timestamp) * 1000;
  if (base.type === 'system') return parseSystem(raw, base, scope, path, timestampMs);

  const from = identityOf(base, scope.contacts);
  if (from === undefined) {
    scope.issue([...path, 'from'], 'missing (neither from nor from_user_id)');
    return undefined;
  }
  const content = parseContent(raw, base.type, scope, path);
  if (content === undefined) return undefined;
  if (content === 'not_understood') {
    return scope.unknown(path, `message type "${describeType(raw, base.type)}"`, raw);
  }
  const event: MessageEvent = {
    kind: 'message',
    business: scope.business,
    id: base.id,
    timestampMs,
    from,
    content,
    errors: errorsOf(base.errors, scope, [...path, 'errors']),
  };
  if (base.context) event.context = contextOf(base.context);
  if (base.referral) event.referral = referralOf(base.referral);
  if (base.group_id !== undefined) event.groupId = base.group_id;
  return event;
}

/** Sender identity: the message's ids, completed by the matching `contacts[]` entry. */
function identityOf(base: WireBase, contacts: readonly WireContact[]): UserIdentity | undefined {
  const phone = base.from === undefined ? undefined : phoneFromWire(base.from);
  const userId = base.from_user_id;
  if (phone === undefined && userId === undefined) return undefined;
  return identity(findContact(contacts, phone, userId), {
    phone,
    userId,
    parentUserId: base.from_parent_user_id,
  });
}

function parseContent(
  raw: unknown,
  type: string,
  scope: ChangeScope,
  path: PathSegment[],
): InboundContent | 'not_understood' | undefined {
  const at = [...path, type];
  const body = isRecord(raw) ? raw[type] : undefined;
  if (isMediaType(type)) {
    const m = scope.read(WireContent[type], body, at);
    if (m === undefined) return undefined;
    const media = defined({
      id: m.id,
      mimeType: m.mime_type,
      sha256: m.sha256,
      caption: m.caption,
      filename: m.filename,
      animated: m.animated,
      voice: m.voice,
      url: m.url,
    });
    return { type, media };
  }
  switch (type) {
    case 'text': {
      const t = scope.read(WireContent.text, body, at);
      return t && { type: 'text', body: t.body };
    }
    case 'button': {
      const b = scope.read(WireContent.button, body, at);
      return b && defined({ type: 'button' as const, payload: b.payload, text: b.text });
    }
    case 'interactive':
      return parseInteractive(body, scope, at);
    case 'location': {
      const l = scope.read(WireContent.location, body, at);
      if (l === undefined) return undefined;
      const { latitude, longitude } = l;
      return defined({
        type: 'location' as const,
        latitude,
        longitude,
        name: l.name,
        address: l.address,
        url: l.url,
      });
    }
    case 'contacts': {
      const list = scope.read(WireContent.contacts, body, at);
      return (
        list && {
          type: 'contacts',
          contacts: list.map((c) => ({
            ...defined({ formattedName: c.name?.formatted_name }),
            phones: (c.phones ?? []).map((p) =>
              defined({ phone: p.phone, waId: p.wa_id, type: p.type }),
            ),
            emails: (c.emails ?? []).map((e) => defined({ email: e.email, type: e.type })),
            raw: c,
          })),
        }
      );
    }
    case 'reaction': {
      const r = scope.read(WireContent.reaction, body, at);
      if (r === undefined) return undefined;
      // Meta omits `emoji` when the person takes their reaction back.
      const removed = r.emoji === undefined || r.emoji === '';
      return removed
        ? { type: 'reaction', messageId: r.message_id, removed }
        : { type: 'reaction', messageId: r.message_id, emoji: r.emoji, removed };
    }
    case 'order': {
      const o = scope.read(WireContent.order, body, at);
      if (o === undefined) return undefined;
      const items = o.product_items.map((i) => ({
        productRetailerId: i.product_retailer_id,
        quantity: i.quantity,
        itemPrice: i.item_price,
        currency: i.currency,
      }));
      return defined({ type: 'order' as const, catalogId: o.catalog_id, text: o.text, items });
    }
    // "unknown" is the pre-2023 name of "unsupported".
    case 'unsupported':
    case 'unknown': {
      const u = body === undefined ? {} : scope.read(WireContent.unsupported, body, at);
      return u && defined({ type: 'unsupported' as const, unsupportedType: u.type });
    }
    case 'request_welcome':
      return { type: 'request_welcome' };
    default:
      return 'not_understood';
  }
}

function parseInteractive(
  body: unknown,
  scope: ChangeScope,
  at: PathSegment[],
): InboundContent | 'not_understood' | undefined {
  const i = scope.read(WireContent.interactive, body, at);
  if (i === undefined) return undefined;
  const missing = (key: string) => {
    scope.issue([...at, key], 'missing');
    return undefined;
  };
  switch (i.type) {
    case 'button_reply':
      if (!i.button_reply) return missing('button_reply');
      return { type: 'button_reply', id: i.button_reply.id, title: i.button_reply.title };
    case 'list_reply': {
      if (!i.list_reply) return missing('list_reply');
      const { id, title, description } = i.list_reply;
      return defined({ type: 'list_reply' as const, id, title, description });
    }
    case 'nfm_reply': {
      if (!i.nfm_reply) return missing('nfm_reply');
      const { name, body: text, response_json } = i.nfm_reply;
      return defined({ type: 'nfm_reply' as const, name, body: text, responseJson: response_json });
    }
    default:
      return 'not_understood';
  }
}

/** "interactive/product" rather than just "interactive" for unknown interactive replies. */
function describeType(raw: unknown, type: string): string {
  const sub = isRecord(raw) && type === 'interactive' ? raw.interactive : undefined;
  const subType = isRecord(sub) ? sub.type : undefined;
  return typeof subType === 'string' ? `interactive/${subType}` : type;
}

function parseSystem(
  raw: unknown,
  base: WireBase,
  scope: ChangeScope,
  path: PathSegment[],
  timestampMs: number,
): SystemEvent | undefined {
  const body = isRecord(raw) ? raw.system : undefined;
  const s = scope.read(WireContent.system, body, [...path, 'system']);
  if (s === undefined) return undefined;
  const previous = defined({
    phone: base.from === undefined ? undefined : phoneFromWire(base.from),
    userId: s.previous_user_id ?? base.from_user_id,
    parentUserId: s.previous_parent_user_id ?? base.from_parent_user_id,
  });
  const current = defined({
    phone: s.wa_id === undefined ? undefined : phoneFromWire(s.wa_id),
    userId: s.user_id,
    parentUserId: s.parent_user_id,
  });
  return {
    kind: 'system',
    business: scope.business,
    id: base.id,
    timestampMs,
    change: s.type,
    ...defined({ body: s.body }),
    previous,
    current,
  };
}

function contextOf(c: NonNullable<WireBase['context']>): MessageContext {
  const referredProduct = c.referred_product && {
    catalogId: c.referred_product.catalog_id,
    productRetailerId: c.referred_product.product_retailer_id,
  };
  return defined({
    id: c.id,
    from: c.from,
    forwarded: c.forwarded,
    frequentlyForwarded: c.frequently_forwarded,
    referredProduct,
  });
}

function referralOf(r: NonNullable<WireBase['referral']>): Referral {
  return defined({
    sourceUrl: r.source_url,
    sourceId: r.source_id,
    sourceType: r.source_type,
    body: r.body,
    headline: r.headline,
    mediaType: r.media_type,
    imageUrl: r.image_url,
    videoUrl: r.video_url,
    thumbnailUrl: r.thumbnail_url,
    ctwaClid: r.ctwa_clid,
    welcomeMessageText: r.welcome_message?.text,
  });
}
