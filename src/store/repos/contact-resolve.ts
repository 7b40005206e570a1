/**
 * Resolve-or-create a contact by any of their addresses.
 *
 * 1. Find every contact holding one of the given addresses.
 * 2. None: create one with all the given addresses.
 * 3. Otherwise the contact found by the strongest address wins (externalId, then userId,
 *    then phone). Addresses it lacks are filled in; an address it holds with another value
 *    is never overwritten, and an address another contact holds is never moved. Both are
 *    reported in `conflicts` — contacts are never merged silently (their journeys and
 *    history would be mixed), the caller decides.
 */
import type { Kysely, Selectable } from 'kysely';
import { withTransaction, type RepoContext } from '../context.js';
import { StoreNotFoundError } from '../errors.js';
import { fromJson } from '../json.js';
import type { ContactsTable, Database } from '../schema.js';
import {
  ADDRESS_COLUMN,
  ADDRESS_PRECEDENCE,
  checkAddress,
  searchText,
  toContactRecord,
  type AddressField,
  type ContactAddress,
  type ContactRecord,
} from './contact-rows.js';

export interface AddressConflict {
  field: AddressField;
  value: string;
  /** `differs`: the contact has another value; `held`: another contact has this one. */
  reason: 'differs' | 'held';
  otherContactId?: string;
}

export interface ResolveResult {
  contact: ContactRecord;
  created: boolean;
  conflicts: AddressConflict[];
}

type ContactRow = Selectable<ContactsTable>;

export async function resolveContact(
  ctx: RepoContext,
  address: ContactAddress,
  options: { profileName?: string },
): Promise<ResolveResult> {
  const given = checkAddress(address);
  return withTransaction(ctx, async (db) => {
    let rows = await findByAddress(db, given);
    if (rows.length === 0) {
      const now = ctx.now();
      const row: ContactRow = {
        id: ctx.newId(),
        external_id: given.externalId ?? null,
        phone: given.phone ?? null,
        wa_user_id: given.userId ?? null,
        parent_user_id: null,
        profile_name: options.profileName ?? null,
        attributes: '{}',
        time_zone: null,
        search_text: '',
        created_at: now,
        updated_at: now,
      };
      row.search_text = searchText(row, {});
      // A concurrent resolve may have created them first (any unique address): re-read.
      const inserted = await db
        .insertInto('contacts')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted !== undefined)
        return { contact: toContactRecord(row, []), created: true, conflicts: [] };
      rows = await findByAddress(db, given);
    }
    const primary = pickPrimary(rows, given);
    const conflicts: AddressConflict[] = [];
    const patch: Partial<ContactRow> = {};
    for (const field of ADDRESS_PRECEDENCE) {
      const value = given[field];
      if (value === undefined) continue;
      const column = ADDRESS_COLUMN[field];
      const current = primary[column];
      if (current === value) continue;
      if (current !== null) {
        conflicts.push({ field, value, reason: 'differs' });
        continue;
      }
      const holder = rows.find((r) => r[column] === value);
      if (holder !== undefined) {
        conflicts.push({ field, value, reason: 'held', otherContactId: holder.id });
        continue;
      }
      patch[column] = value;
    }
    if (options.profileName !== undefined && options.profileName !== primary.profile_name) {
      patch.profile_name = options.profileName;
    }
    let row = primary;
    if (Object.keys(patch).length > 0) {
      row = { ...primary, ...patch, updated_at: ctx.now() };
      row.search_text = searchText(row, fromJson<Record<string, unknown>>(row.attributes));
      await db
        .updateTable('contacts')
        .set({ ...patch, search_text: row.search_text, updated_at: row.updated_at })
        .where('id', '=', row.id)
        .execute();
    }
    const numbers = await db
      .selectFrom('contact_numbers')
      .selectAll()
      .where('contact_id', '=', row.id)
      .execute();
    return { contact: toContactRecord(row, numbers), created: false, conflicts };
  });
}

export async function findByAddress(
  db: Kysely<Database>,
  given: Partial<Record<AddressField, string>>,
): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where((eb) =>
      eb.or(
        ADDRESS_PRECEDENCE.flatMap((field) => {
          const value = given[field];
          return value === undefined ? [] : [eb(ADDRESS_COLUMN[field], '=', value)];
        }),
      ),
    )
    .execute();
}

export function pickPrimary(
  rows: ContactRow[],
  given: Partial<Record<AddressField, string>>,
): ContactRow {
  for (const field of ADDRESS_PRECEDENCE) {
    const value = given[field];
    const match = rows.find((r) => value !== undefined && r[ADDRESS_COLUMN[field]] === value);
    if (match !== undefined) return match;
  }
  // findRows only returns rows matching a given address, so this is unreachable.
  throw new StoreNotFoundError('no contact matches the given addresses');
}
