/**
 * Normalized WhatsApp webhook events: what `parseWebhook` turns Meta's payloads into.
 * camelCase, timestamps in ms, phones in E.164 with "+", errors as ChannelError, and the
 * business number each event belongs to. Types only.
 */
import type { ChannelError } from './errors.js';

/** The business number a `messages` / `user_preferences` change belongs to. */
export interface BusinessNumberRef {
  /** `entry[].id`. */
  wabaId: string;
  /** `metadata.phone_number_id`: route on this. */
  phoneNumberId: string;
  /** `metadata.display_phone_number`, as Meta writes it (digits, no "+"). */
  displayPhoneNumber: string;
}

/**
 * Who a person is. Since 2026 a person may have a business-scoped user id (BSUID) and no
 * phone at all (username users), so either may be missing, never both.
 */
export interface UserIdentity {
  /** E.164 with "+", from `wa_id` / `from` / `recipient_id`. */
  phone?: string;
  /** BSUID, e.g. "US.13491208655302741918". */
  userId?: string;
  /** Parent BSUID, for businesses enrolled in parent ids. */
  parentUserId?: string;
  /** Profile name from `contacts[]`, when Meta sent one. */
  name?: string;
  /** WhatsApp username from `contacts[].profile.username` (2026). */
  username?: string;
}

/** Where a person came from when they tapped a Click-to-WhatsApp ad or post. */
export interface Referral {
  sourceUrl?: string;
  sourceId?: string;
  sourceType?: string;
  body?: string;
  headline?: string;
  mediaType?: string;
  imageUrl?: string;
  videoUrl?: string;
  thumbnailUrl?: string;
  ctwaClid?: string;
  welcomeMessageText?: string;
}

export interface MessageContext {
  /** wamid of the message replied to / tapped (a template for `button`). */
  id?: string;
  /** For `button`: the business number that sent the template. */
  from?: string;
  forwarded?: boolean;
  frequentlyForwarded?: boolean;
  referredProduct?: { catalogId: string; productRetailerId: string };
}

export interface InboundMedia {
  /** Fetch with `GET /{id}`, then the returned URL (5-minute expiry). */
  id: string;
  mimeType?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  animated?: boolean;
  voice?: boolean;
  url?: string;
}

export interface SharedContact {
  formattedName?: string;
  phones: Array<{ phone?: string; waId?: string; type?: string }>;
  emails: Array<{ email?: string; type?: string }>;
  /** The whole object as Meta sent it (addresses, org, urls, birthday, vcard…). */
  raw: Readonly<Record<string, unknown>>;
}

export interface OrderItem {
  productRetailerId: string;
  quantity: number;
  itemPrice: number;
  currency: string;
}

/** What an inbound message says, by Meta's `type` (interactive replies are split out). */
export type InboundContent =
  | { type: 'text'; body: string }
  /** A tap on a template QUICK_REPLY button. `payload` is what we set at send time. */
  | { type: 'button'; payload?: string; text: string }
  | { type: 'button_reply'; id: string; title: string }
  | { type: 'list_reply'; id: string; title: string; description?: string }
  | { type: 'nfm_reply'; name?: string; body?: string; responseJson: string }
  | { type: 'image' | 'audio' | 'video' | 'document' | 'sticker'; media: InboundMedia }
  | {
      type: 'location';
      latitude: number;
      longitude: number;
      name?: string;
      address?: string;
      url?: string;
    }
  | { type: 'contacts'; contacts: SharedContact[] }
  /** `emoji` absent means the person removed their reaction. */
  | { type: 'reaction'; messageId: string; emoji?: string; removed: boolean }
  | { type: 'order'; catalogId: string; text?: string; items: OrderItem[] }
  /** Polls, edits, view-once media…: Meta says what in `unsupportedType` and `errors`. */
  | { type: 'unsupported'; unsupportedType?: string }
  /** The person opened the chat for the first time (welcome-message feature). */
  | { type: 'request_welcome' };

export type InboundContentType = InboundContent['type'];

export interface MessageEvent {
  kind: 'message';
  business: BusinessNumberRef;
  /** wamid: the dedupe key and the id to mark as read. */
  id: string;
  timestampMs: number;
  from: UserIdentity;
  content: InboundContent;
  context?: MessageContext;
  referral?: Referral;
  /** Group chats only. */
  groupId?: string;
  /** e.g. 131051 on `unsupported`, 131060 on a coexistence number's first message. */
  errors: ChannelError[];
}

/** A person's phone number or BSUID changed (`system` message; no contacts block). */
export interface SystemEvent {
  kind: 'system';
  business: BusinessNumberRef;
  id: string;
  timestampMs: number;
  change: 'user_changed_number' | 'user_changed_user_id' | (string & {});
  body?: string;
  /** Identity before the change (`from`, `from_user_id`, `system.previous_*`). */
  previous: UserIdentity;
  /** Identity after it (`system.wa_id`, `system.user_id`, `system.parent_user_id`). */
  current: UserIdentity;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

export interface StatusEvent {
  kind: 'status';
  business: BusinessNumberRef;
  /** wamid of the message we sent. Dedupe by (id, status). */
  id: string;
  status: DeliveryStatus;
  timestampMs: number;
  recipient: UserIdentity;
  /** Echo of what we set at send time: the journey correlation key. */
  bizOpaqueCallbackData?: string;
  conversation?: { id?: string; expirationMs?: number; originType?: string };
  pricing?: { billable?: boolean; pricingModel?: string; type?: string; category?: string };
  /** Set on `failed`: 131047 outside window, 131026 undeliverable, 131050 opt-out… */
  errors: ChannelError[];
}

/** An out-of-band error in `value.errors[]`, not tied to one message. */
export interface ErrorEvent {
  kind: 'error';
  business: BusinessNumberRef;
  error: ChannelError;
}

/** The person stopped or resumed marketing messages in the WhatsApp client. */
export interface UserPreferenceEvent {
  kind: 'user_preference';
  business: BusinessNumberRef;
  user: UserIdentity;
  /** "marketing_messages" today. */
  category: string;
  value: 'stop' | 'resume';
  detail?: string;
  timestampMs: number;
}

interface TemplateRef {
  wabaId: string;
  /** As a string, like the REST API (the webhook sends an integer). */
  templateId: string;
  name: string;
  /** As Meta sends it, e.g. "en-US" here while the REST API says "en_US". */
  language: string;
  /** `entry[].time`, when present. */
  timestampMs?: number;
}

export interface TemplateStatusEvent extends TemplateRef {
  kind: 'template_status';
  /** APPROVED, REJECTED, PAUSED, DISABLED, … as sent. */
  event: string;
  /** ABUSIVE_CONTENT, INCORRECT_CATEGORY, …, NONE; null when scheduled for deletion. */
  reason: string | null;
  category?: string;
  /** FIRST_PAUSE, SECOND_PAUSE, RATE_LIMITING_PAUSE, UNPAUSE, DISABLED. */
  otherInfo?: { title?: string; description?: string };
  rejectionInfo?: { reason?: string; recommendation?: string };
  disableDate?: string;
}

export interface TemplateQualityEvent extends TemplateRef {
  kind: 'template_quality';
  previousScore?: string;
  /** GREEN, YELLOW, RED, UNKNOWN. */
  newScore: string;
}

export interface TemplateCategoryEvent extends TemplateRef {
  kind: 'template_category';
  previousCategory?: string;
  newCategory: string;
  /** Impending change notices: the category it will become, and when. */
  correctCategory?: string;
  categoryUpdateMs?: number;
}

/** Anything we do not understand, kept whole so nothing Meta sends is silently lost. */
export interface UnknownEvent {
  kind: 'unknown';
  wabaId: string;
  business?: BusinessNumberRef;
  /** The change's `field`, e.g. "account_update". */
  field: string;
  /** Where in the payload, e.g. `entry[0].changes[1].value`. */
  path: string;
  /** Why it is unknown, e.g. `message type "poll"`. */
  description: string;
  raw: unknown;
}

export type WebhookEvent =
  | MessageEvent
  | SystemEvent
  | StatusEvent
  | ErrorEvent
  | UserPreferenceEvent
  | TemplateStatusEvent
  | TemplateQualityEvent
  | TemplateCategoryEvent
  | UnknownEvent;

/** A malformed part of a payload: `entry[0].changes[0].value.messages[2].type: missing`. */
export interface WebhookIssue {
  path: string;
  message: string;
}
