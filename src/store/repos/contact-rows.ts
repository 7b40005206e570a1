/**
 * Contacts as rows and as the engine's `Contact`: mapping both ways, address checks, and
 * the lower-cased `search_text` that makes search one portable LIKE.
 */
import type { Selectable } from 'kysely';
import type { Contact, SubscriptionState } from '../../engine/types.js';
import { StoreInputError } from '../errors.js';
import { fromJson } from '../json.js';
import type { ContactNumbersTable, ContactsTable } from '../schema.js';

/** A stored contact: the engine's `Contact` plus bookkeeping the engine does not need. */
export interface ContactRecord extends Contact {
  parentUserId?: string;
  profileName?: string;
  createdAt: number;
  updatedAt: number;
}

/** Any of a person's addresses; at least one is needed to find or create them. */
export interface ContactAddress {
  externalId?: string;
  /** E.164 with '+'. */
  phone?: string;
  /** WhatsApp business-scoped user id. */
  userId?: string;
}

export type AddressField = keyof ContactAddress;

/** Address precedence when several contacts match: the stronger identity wins. */
export const ADDRESS_PRECEDENCE: readonly AddressField[] = ['externalId', 'userId', 'phone'];

export const ADDRESS_COLUMN = {
  externalId: 'external_id',
  phone: 'phone',
  userId: 'wa_user_id',
} as const satisfies Record<AddressField, keyof ContactsTable>;

const E164 = /^\+[1-9]\d{6,14}$/;

/** Keeps only the addresses given; refuses an empty set and a phone that is not E.164. */
export function checkAddress(address: ContactAddress): Partial<Record<AddressField, string>> {
  const given: Partial<Record<AddressField, string>> = {};
  for (const field of ADDRESS_PRECEDENCE) {
    const value = address[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new StoreInputError(`contact ${field} must be a non-empty string`);
    }
    given[field] = value;
  }
  if (Object.keys(given).length === 0) {
    throw new StoreInputError('a contact needs at least one of externalId, phone, userId');
  }
  if (given.phone !== undefined && !E164.test(given.phone)) {
    throw new StoreInputError(`contact phone "${given.phone}" is not E.164 (like +14155550123)`);
  }
  return given;
}

const SEARCHED_ATTRIBUTES = ['first_name', 'last_name', 'name', 'email'];

export function searchText(
  row: Pick<ContactsTable, 'external_id' | 'phone' | 'wa_user_id' | 'profile_name'>,
  attributes: Record<string, unknown>,
): string {
  const parts = [row.external_id, row.phone, row.wa_user_id, row.profile_name];
  for (const name of SEARCHED_ATTRIBUTES) {
    const value = attributes[name];
    if (typeof value === 'string') parts.push(value);
  }
  return parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join('\n')
    .toLowerCase();
}

export function toContactRecord(
  row: Selectable<ContactsTable>,
  numbers: ReadonlyArray<Selectable<ContactNumbersTable>>,
): ContactRecord {
  const subscriptions: Record<string, SubscriptionState> = {};
  const lastInboundAt: Record<string, number> = {};
  for (const n of numbers) {
    if (n.subscription !== null) subscriptions[n.number] = n.subscription;
    if (n.last_inbound_at !== null) lastInboundAt[n.number] = n.last_inbound_at;
  }
  const contact: ContactRecord = {
    id: row.id,
    attributes: fromJson<Record<string, unknown>>(row.attributes),
    subscriptions,
    lastInboundAt,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.external_id !== null) contact.externalId = row.external_id;
  if (row.phone !== null) contact.phone = row.phone;
  if (row.wa_user_id !== null) contact.userId = row.wa_user_id;
  if (row.time_zone !== null) contact.timeZone = row.time_zone;
  if (row.parent_user_id !== null) contact.parentUserId = row.parent_user_id;
  if (row.profile_name !== null) contact.profileName = row.profile_name;
  return contact;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%" (used with ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
