/**
 * Webhook payloads in Meta's shape. Updates are queued one by one and grouped into a POST
 * here: one `entry` per WABA, one `change` per (field, phone number, kind), so a batch of
 * statuses for one number arrives as one `value.statuses[]`, as Meta batches them.
 *
 * ```json
 * { "object": "whatsapp_business_account",
 *   "entry": [{ "id": "<WABA>", "changes": [{ "value": { "messaging_product": "whatsapp",
 *     "metadata": { "display_phone_number": "15550783881", "phone_number_id": "106540352242922" },
 *     "statuses": [ … ] }, "field": "messages" }] }] }
 * ```
 */
import type { Json } from './json-fields.js';
import type { BusinessNumber } from './options.js';
import { digitsOf } from './phone-numbers.js';
import { waIdOf, type VirtualPhone } from './phones.js';

export type WebhookUpdate =
  | {
      field: 'messages';
      wabaId: string;
      number: BusinessNumber;
      kind: 'messages' | 'statuses';
      item: Json;
      /** The `contacts[]` entry that goes with the item, if any. */
      contact?: Json;
    }
  | { field: 'user_preferences'; wabaId: string; number: BusinessNumber; item: Json; contact: Json }
  | { field: 'message_template_status_update'; wabaId: string; value: Json; time: number };

/** `metadata` of a messages-field value: the display number as digits. */
export function metadataOf(number: BusinessNumber): Json {
  return {
    display_phone_number: digitsOf(number.displayPhoneNumber),
    phone_number_id: number.phoneNumberId,
  };
}

/** A `contacts[]` entry per identity mode: `wa_id` only with a number, `user_id` with a BSUID. */
export function contactOf(phone: VirtualPhone): Json {
  const profile: Json = { name: phone.name };
  if (phone.username !== undefined) profile.username = phone.username;
  const contact: Json = { profile };
  const waId = waIdOf(phone);
  if (waId !== undefined) contact.wa_id = waId;
  if (phone.userId !== undefined) contact.user_id = phone.userId;
  return contact;
}

/** Seconds since the epoch as a string, the form of message and status timestamps. */
export const stringSeconds = (ms: number): string => String(Math.floor(ms / 1000));

interface ChangeGroup {
  key: string;
  field: string;
  number?: BusinessNumber;
  kind?: string;
  items: Json[];
  contacts: Json[];
  value?: Json;
}

/** Group updates (already in sending order) into one webhook body. */
export function buildPayload(updates: WebhookUpdate[]): Json {
  const entries = new Map<string, { time?: number; groups: Map<string, ChangeGroup> }>();
  let templateSeq = 0;
  for (const update of updates) {
    const entry = entries.get(update.wabaId) ?? { groups: new Map<string, ChangeGroup>() };
    entries.set(update.wabaId, entry);
    if (update.field === 'message_template_status_update') {
      entry.time = Math.max(entry.time ?? 0, update.time);
      const key = `template:${templateSeq++}`;
      entry.groups.set(key, {
        key,
        field: update.field,
        items: [],
        contacts: [],
        value: update.value,
      });
      continue;
    }
    const kind = update.field === 'messages' ? update.kind : 'user_preferences';
    const key = `${update.field}:${update.number.phoneNumberId}:${kind}`;
    const group = entry.groups.get(key) ?? {
      key,
      field: update.field,
      number: update.number,
      kind,
      items: [],
      contacts: [],
    };
    entry.groups.set(key, group);
    group.items.push(update.item);
    const contact = update.contact;
    if (contact && !group.contacts.some((c) => sameContact(c, contact)))
      group.contacts.push(contact);
  }
  return {
    object: 'whatsapp_business_account',
    entry: [...entries].map(([id, entry]) => ({
      id,
      ...(entry.time !== undefined ? { time: entry.time } : {}),
      changes: [...entry.groups.values()].map((group) => ({
        value: group.value ?? messagesValue(group),
        field: group.field,
      })),
    })),
  };
}

function messagesValue(group: ChangeGroup): Json {
  const value: Json = { messaging_product: 'whatsapp' };
  if (group.number) value.metadata = metadataOf(group.number);
  if (group.contacts.length > 0) value.contacts = group.contacts;
  value[group.kind ?? 'messages'] = group.items;
  return value;
}

function sameContact(a: Json, b: Json): boolean {
  return a.wa_id === b.wa_id && a.user_id === b.user_id;
}
