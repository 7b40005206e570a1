/**
 * A webhook POST body (already signature-checked) → normalized events plus issues.
 *
 * Never throws. Whatever is malformed becomes an issue with its path and reason
 * (`entry[0].changes[0].value.messages[2].type: missing`) and the valid parts still come
 * through: a batch of 1,000 updates must not be lost over one bad item. Whatever is
 * well-formed but unknown (new fields, new message types) becomes an `unknown` event.
 */
import type { PathSegment } from '../../canvas/issues.js';
import { fromWebhookError } from './errors.js';
import type { BusinessNumberRef, DeliveryStatus, WebhookEvent, WebhookIssue } from './events.js';
import { findContact, phoneFromWire } from './identity.js';
import { parseMessage } from './webhook-messages.js';
import {
  isRecord,
  WireContact,
  WireMetadata,
  WireStatus,
  WireUserPreference,
} from './webhook-schema.js';
import { ChangeScope, errorsOf, identity, IssueSink, unknownEvent } from './webhook-scope.js';
import { defined } from './defined.js';
import { parseTemplateChange, TEMPLATE_FIELDS } from './webhook-templates.js';

export interface ParsedWebhook {
  events: WebhookEvent[];
  issues: WebhookIssue[];
}

/** `path: message`, one line, for logs and API answers. */
export function formatWebhookIssue(issue: WebhookIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

export function parseWebhook(payload: unknown): ParsedWebhook {
  const sink = new IssueSink();
  const events: WebhookEvent[] = [];
  if (!isRecord(payload)) {
    sink.issue([], 'expected a JSON object');
    return { events, issues: sink.issues };
  }
  if (payload.object !== 'whatsapp_business_account') {
    const got = payload.object === undefined ? 'nothing' : JSON.stringify(payload.object);
    sink.issue(['object'], `expected "whatsapp_business_account", got ${got}`);
    return { events, issues: sink.issues };
  }
  const entries = arrayAt(payload, 'entry', [], sink, true) ?? [];
  entries.forEach((entry, e) => {
    const path: PathSegment[] = ['entry', e];
    if (!isRecord(entry)) return sink.issue(path, 'expected an object');
    const wabaId = entry.id;
    if (typeof wabaId !== 'string' || wabaId === '') {
      return sink.issue([...path, 'id'], wabaId === undefined ? 'missing' : 'expected a string');
    }
    const time = typeof entry.time === 'number' ? entry.time * 1000 : undefined;
    const changes = arrayAt(entry, 'changes', path, sink, true) ?? [];
    changes.forEach((change, c) => {
      const at = [...path, 'changes', c];
      if (!isRecord(change)) return sink.issue(at, 'expected an object');
      if (typeof change.field !== 'string') return sink.issue([...at, 'field'], 'missing');
      if (!isRecord(change.value)) return sink.issue([...at, 'value'], 'expected an object');
      events.push(...parseChange(wabaId, time, change.field, change.value, [...at, 'value'], sink));
    });
  });
  return { events, issues: sink.issues };
}

function parseChange(
  wabaId: string,
  timeMs: number | undefined,
  field: string,
  value: Record<string, unknown>,
  path: PathSegment[],
  sink: IssueSink,
): WebhookEvent[] {
  if (TEMPLATE_FIELDS.has(field))
    return parseTemplateChange(wabaId, timeMs, field, value, path, sink);
  if (field !== 'messages' && field !== 'user_preferences') {
    return [unknownEvent({ wabaId, field, path, description: `field "${field}"`, raw: value })];
  }
  const metadata = sink.read(WireMetadata, value.metadata, [...path, 'metadata']);
  if (metadata === undefined) return [];
  const business: BusinessNumberRef = {
    wabaId,
    phoneNumberId: metadata.phone_number_id,
    displayPhoneNumber: metadata.display_phone_number,
  };
  const contacts = (arrayAt(value, 'contacts', path, sink) ?? []).flatMap((c, i) => {
    const contact = sink.read(WireContact, c, [...path, 'contacts', i]);
    return contact ? [contact] : [];
  });
  const scope = new ChangeScope(sink, business, contacts);
  const lists = field === 'messages' ? MESSAGES_LISTS : PREFERENCES_LISTS;
  const events: WebhookEvent[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const at = [...path, key];
    if (SHARED_KEYS.has(key)) continue;
    if (!lists.has(key)) {
      events.push(scope.unknown(at, `value key "${key}"`, raw, field));
      continue;
    }
    arrayAt(value, key, path, sink)?.forEach((item, i) => {
      const event = parseItem(key, item, scope, [...at, i]);
      if (event) events.push(event);
    });
  }
  return events;
}

/** Keys read above for every value, emitting nothing themselves. */
const SHARED_KEYS = new Set(['messaging_product', 'metadata', 'contacts']);
/** The item lists each field's value may hold; any other key is kept as unknown. */
const MESSAGES_LISTS = new Set(['messages', 'statuses', 'errors']);
const PREFERENCES_LISTS = new Set(['user_preferences']);

function parseItem(
  key: string,
  item: unknown,
  scope: ChangeScope,
  path: PathSegment[],
): WebhookEvent | undefined {
  switch (key) {
    case 'messages':
      return parseMessage(item, scope, path);
    case 'statuses':
      return parseStatus(item, scope, path);
    case 'errors': {
      const error = fromWebhookError(item);
      if (error) return { kind: 'error', business: scope.business, error };
      scope.issue([...path, 'code'], 'missing or not a number');
      return undefined;
    }
    case 'user_preferences':
      return parsePreference(item, scope, path);
    default:
      return undefined; // not reached: the caller passes only the listed keys
  }
}

const STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>([
  'sent',
  'delivered',
  'read',
  'failed',
  'played',
]);
const isDeliveryStatus = (s: string): s is DeliveryStatus => STATUSES.has(s);

function parseStatus(
  raw: unknown,
  scope: ChangeScope,
  path: PathSegment[],
): WebhookEvent | undefined {
  const s = scope.read(WireStatus, raw, path);
  if (s === undefined) return undefined;
  const status = s.status;
  if (!isDeliveryStatus(status)) return scope.unknown(path, `status "${status}"`, raw);
  const phone = s.recipient_id === undefined ? undefined : phoneFromWire(s.recipient_id);
  const userId = s.recipient_user_id;
  if (phone === undefined && userId === undefined) {
    scope.issue([...path, 'recipient_id'], 'missing (neither recipient_id nor recipient_user_id)');
    return undefined;
  }
  const recipient = identity(findContact(scope.contacts, phone, userId), {
    phone,
    userId,
    parentUserId: s.recipient_parent_user_id,
  });
  const c = s.conversation;
  const p = s.pricing;
  return {
    kind: 'status',
    business: scope.business,
    id: s.id,
    status,
    timestampMs: Number(s.timestamp) * 1000,
    recipient,
    ...defined({
      bizOpaqueCallbackData: s.biz_opaque_callback_data,
      conversation:
        c &&
        defined({
          id: c.id,
          expirationMs:
            c.expiration_timestamp === undefined
              ? undefined
              : Number(c.expiration_timestamp) * 1000,
          originType: c.origin?.type,
        }),
      pricing:
        p &&
        defined({
          billable: p.billable,
          pricingModel: p.pricing_model,
          type: p.type,
          category: p.category,
        }),
    }),
    errors: errorsOf(s.errors, scope, [...path, 'errors']),
  };
}

function parsePreference(
  raw: unknown,
  scope: ChangeScope,
  path: PathSegment[],
): WebhookEvent | undefined {
  const u = scope.read(WireUserPreference, raw, path);
  if (u === undefined) return undefined;
  const phone = u.wa_id === undefined ? undefined : phoneFromWire(u.wa_id);
  if (phone === undefined && u.user_id === undefined) {
    scope.issue([...path, 'wa_id'], 'missing (neither wa_id nor user_id)');
    return undefined;
  }
  return {
    kind: 'user_preference',
    business: scope.business,
    user: identity(findContact(scope.contacts, phone, u.user_id), {
      phone,
      userId: u.user_id,
      parentUserId: u.parent_user_id,
    }),
    category: u.category,
    value: u.value,
    ...defined({ detail: u.detail }),
    timestampMs: Number(u.timestamp) * 1000,
  };
}

/** `container[key]` as an array; absent is an issue only when `required`. */
function arrayAt(
  container: Record<string, unknown>,
  key: string,
  path: readonly PathSegment[],
  sink: IssueSink,
  required = false,
): unknown[] | undefined {
  const value = container[key];
  if (value === undefined) {
    if (required) sink.issue([...path, key], 'missing');
    return undefined;
  }
  if (!Array.isArray(value)) {
    sink.issue([...path, key], 'expected an array');
    return undefined;
  }
  return value;
}
