/**
 * Contacts: resolve-or-create by any address, profile updates as `ContactOp[]`, the
 * per-number window and subscription state, search, and deletion of everything of theirs.
 *
 * Resolution rules (`resolve`):
 * 1. Find every contact holding one of the given addresses.
 * 2. None: create one with all the given addresses.
 * 3. Otherwise the contact found by the strongest address wins (externalId, then userId,
 *    then phone). Addresses it lacks are filled in; an address it holds with another value
 *    is never overwritten, and an address another contact holds is never moved. Both are
 *    reported in `conflicts` — contacts are never merged silently (their journeys and
 *    history would be mixed), the caller decides.
 */
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { ContactOp } from '../../engine/types.js';
import { applyContactOps, checkContactOps } from '../contact-ops.js';
import { chunks, withTransaction, type RepoContext } from '../context.js';
import { lockIf, rowsPerStatement } from '../dialect.js';
import { StoreNotFoundError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { ContactsTable, Database } from '../schema.js';
import {
  ADDRESS_COLUMN,
  ADDRESS_PRECEDENCE,
  checkAddress,
  likePattern,
  searchText,
  toContactRecord,
  type AddressField,
  type ContactAddress,
  type ContactRecord,
} from './contact-rows.js';
import { deleteContactData } from './contact-delete.js';
import { ContactNumbers } from './contact-numbers.js';

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

export interface ContactPage {
  contacts: ContactRecord[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

type ContactRow = Selectable<ContactsTable>;

export class Contacts {
  /** Window and subscription state per business number. */
  readonly numbers: ContactNumbers;

  constructor(private readonly ctx: RepoContext) {
    this.numbers = new ContactNumbers(ctx);
  }

  /** Finds the person by any address, filling in missing ones, or creates them. */
  async resolve(
    address: ContactAddress,
    options: { profileName?: string } = {},
  ): Promise<ResolveResult> {
    const given = checkAddress(address);
    return withTransaction(this.ctx, async (db) => {
      let rows = await this.findRows(db, given);
      if (rows.length === 0) {
        const now = this.ctx.now();
        const row: ContactRow = {
          id: this.ctx.newId(),
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
        rows = await this.findRows(db, given);
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
        row = { ...primary, ...patch, updated_at: this.ctx.now() };
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

  /** The contact holding this address (the strongest address given decides). */
  async find(address: ContactAddress): Promise<ContactRecord | undefined> {
    const given = checkAddress(address);
    const rows = await this.findRows(this.ctx.db, given);
    if (rows.length === 0) return undefined;
    return this.withNumbers(pickPrimary(rows, given));
  }

  async get(id: string): Promise<ContactRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : this.withNumbers(row);
  }

  /** Many contacts in two queries per batch; missing ids are simply absent from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, ContactRecord>> {
    const out = new Map<string, ContactRecord>();
    for (const batch of chunks([...new Set(ids)], rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const rows = await this.ctx.db
        .selectFrom('contacts')
        .selectAll()
        .where('id', 'in', batch)
        .execute();
      const numbers = await this.numbers.rowsFor(batch);
      for (const row of rows) out.set(row.id, toContactRecord(row, numbers.get(row.id) ?? []));
    }
    return out;
  }

  /** Applies profile operations atomically and returns the contact after them. */
  async applyOps(id: string, ops: readonly ContactOp[]): Promise<ContactRecord> {
    checkContactOps(ops);
    return withTransaction(this.ctx, async (db) => {
      const row = await lockIf(
        this.ctx.caps,
        db.selectFrom('contacts').selectAll().where('id', '=', id),
      ).executeTakeFirst();
      if (row === undefined) throw new StoreNotFoundError(`contact "${id}" does not exist`);
      const outcome = applyContactOps(fromJson<Record<string, unknown>>(row.attributes), ops);
      const updated: ContactRow = {
        ...row,
        attributes: toJson(outcome.attributes),
        search_text: searchText(row, outcome.attributes),
        updated_at: this.ctx.now(),
      };
      await db
        .updateTable('contacts')
        .set({
          attributes: updated.attributes,
          search_text: updated.search_text,
          updated_at: updated.updated_at,
        })
        .where('id', '=', id)
        .execute();
      const numbers = new ContactNumbers({ ...this.ctx, db });
      for (const [number, state] of outcome.subscriptions) {
        await numbers.setSubscription(id, number, state);
      }
      return toContactRecord(updated, (await numbers.rowsFor([id])).get(id) ?? []);
    });
  }

  /**
   * Sets the fields that are not addresses nor attributes: time zone, WhatsApp profile
   * name, parent user id (null clears). Returns the contact after the change.
   */
  async update(
    id: string,
    patch: { timeZone?: string | null; profileName?: string | null; parentUserId?: string | null },
  ): Promise<ContactRecord> {
    return withTransaction(this.ctx, async (db) => {
      const row = await db
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) throw new StoreNotFoundError(`contact "${id}" does not exist`);
      const updated: ContactRow = { ...row, updated_at: this.ctx.now() };
      if (patch.timeZone !== undefined) updated.time_zone = patch.timeZone;
      if (patch.profileName !== undefined) updated.profile_name = patch.profileName;
      if (patch.parentUserId !== undefined) updated.parent_user_id = patch.parentUserId;
      updated.search_text = searchText(updated, fromJson<Record<string, unknown>>(row.attributes));
      await db
        .updateTable('contacts')
        .set({
          time_zone: updated.time_zone,
          profile_name: updated.profile_name,
          parent_user_id: updated.parent_user_id,
          search_text: updated.search_text,
          updated_at: updated.updated_at,
        })
        .where('id', '=', id)
        .execute();
      const numbers = await new ContactNumbers({ ...this.ctx, db }).rowsFor([id]);
      return toContactRecord(updated, numbers.get(id) ?? []);
    });
  }

  /** Text search over external id, phone, WhatsApp user id, profile name and names/email. */
  async search(text: string, page: { limit?: number; after?: string } = {}): Promise<ContactPage> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
    let query = this.ctx.db
      .selectFrom('contacts')
      .selectAll()
      .orderBy('id')
      .limit(limit + 1);
    if (text.trim() !== '') {
      query = query.where(sql<boolean>`search_text like ${likePattern(text.trim())} escape '\\'`);
    }
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    const rows = await query.execute();
    const pageRows = rows.slice(0, limit);
    const numbers = await this.numbers.rowsFor(pageRows.map((r) => r.id));
    const contacts = pageRows.map((r) => toContactRecord(r, numbers.get(r.id) ?? []));
    const last = pageRows.at(-1);
    return rows.length > limit && last !== undefined ? { contacts, next: last.id } : { contacts };
  }

  /** Deletes the contact and everything of theirs (journeys, timers, effects, logs). */
  delete(id: string): Promise<boolean> {
    return withTransaction(this.ctx, (db) => deleteContactData(db, id));
  }

  private async findRows(
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

  private async withNumbers(row: ContactRow): Promise<ContactRecord> {
    const numbers = await this.numbers.rowsFor([row.id]);
    return toContactRecord(row, numbers.get(row.id) ?? []);
  }
}

function pickPrimary(rows: ContactRow[], given: Partial<Record<AddressField, string>>): ContactRow {
  for (const field of ADDRESS_PRECEDENCE) {
    const value = given[field];
    const match = rows.find((r) => value !== undefined && r[ADDRESS_COLUMN[field]] === value);
    if (match !== undefined) return match;
  }
  // findRows only returns rows matching a given address, so this is unreachable.
  throw new StoreNotFoundError('no contact matches the given addresses');
}
