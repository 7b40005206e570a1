/**
 * Resolve-or-create contacts by any of their addresses.
 *
 * 1. Find every contact holding one of the given addresses.
 * 2. None: create one with all the given addresses.
 * 3. Otherwise the contact found by the strongest address wins (externalId, then userId,
 *    then phone). Addresses it lacks are filled in; an address it holds with another value
 *    is never overwritten, and an address another contact holds is never moved. Both are
 *    reported in `conflicts` — contacts are never merged silently (their journeys and
 *    history would be mixed), the caller decides.
 *
 * The common case (a known person, nothing to fill in) is a read: a batch of 100 inbound
 * messages costs one query for the contacts and one for their per-number state (none for
 * callers that need only the ids, like ingest). Only the inputs that create or fill in a
 * contact take a transaction. New people whose addresses no other input of the batch
 * names are created together in one statement; every other write is handled one input
 * after another, so two inputs naming the same new person create it once.
 */
import type { Kysely, Selectable } from 'kysely';
import { withTransaction, type RepoContext } from '../context.js';
import { StoreNotFoundError } from '../errors.js';
import { fromJson } from '../json.js';
import type { ContactsTable, Database } from '../schema.js';
import { StatementCache, statementChunks } from '../statements.js';
import {
  addressKey,
  findAddressRows,
  findByAddresses,
  holdersOf,
  pickPrimary,
  type AddressRow,
  type Given,
} from './contact-find.js';
import { ContactNumbers } from './contact-numbers.js';
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

export interface ResolveInput {
  address: ContactAddress;
  /** WhatsApp profile name from an inbound message: stored when it changed. */
  profileName?: string;
}

type ContactRow = Selectable<ContactsTable>;

const CREATE = new StatementCache('contacts.createMany');
const CONTACT_COLUMNS = [
  'id',
  'external_id',
  'phone',
  'wa_user_id',
  'parent_user_id',
  'profile_name',
  'attributes',
  'time_zone',
  'search_text',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ContactRow>;

interface Plan<R extends AddressRow> {
  primary: R;
  patch: Partial<ContactRow>;
  conflicts: AddressConflict[];
}

/**
 * A resolved input as a row, before its per-number state is read: as first read (`R`),
 * or whole when it was created or changed.
 */
interface Resolved<R extends AddressRow> {
  row: R | ContactRow;
  created: boolean;
  conflicts: AddressConflict[];
}

/** Who each input is, without their per-number state (ingest needs only the id). */
export interface ResolvedId {
  id: string;
  created: boolean;
  conflicts: AddressConflict[];
}

export async function resolveContacts(
  ctx: RepoContext,
  inputs: readonly ResolveInput[],
): Promise<ResolveResult[]> {
  const resolved = await resolveRows(ctx, inputs, findByAddresses);
  // One query for everyone's per-number state; a contact created here has none yet.
  const known = [...new Set(resolved.filter((r) => !r.created).map((r) => r.row.id))];
  const numbers = await new ContactNumbers(ctx).rowsFor(known);
  return resolved.map(({ row, created, conflicts }) => ({
    contact: toContactRecord(row, created ? [] : (numbers.get(row.id) ?? [])),
    created,
    conflicts,
  }));
}

/** Like resolveContacts, for callers that need only who it is: one query less. */
export async function resolveContactIds(
  ctx: RepoContext,
  inputs: readonly ResolveInput[],
): Promise<ResolvedId[]> {
  const resolved = await resolveRows(ctx, inputs, findAddressRows);
  return resolved.map(({ row, created, conflicts }) => ({ id: row.id, created, conflicts }));
}

async function resolveRows<R extends AddressRow>(
  ctx: RepoContext,
  inputs: readonly ResolveInput[],
  find: (ctx: RepoContext, db: Kysely<Database>, givens: readonly Given[]) => Promise<R[]>,
): Promise<Array<Resolved<R>>> {
  const givens = inputs.map((input) => checkAddress(input.address));
  const rows = await find(ctx, ctx.db, givens);
  const results: Array<Resolved<R> | undefined> = [];
  const writes: number[] = [];
  const holding = holdersOf(rows, givens);
  givens.forEach((given, index) => {
    const plan = planFor(holding[index] ?? [], given, inputs[index]);
    if (plan !== undefined && Object.keys(plan.patch).length === 0)
      results[index] = { row: plan.primary, created: false, conflicts: plan.conflicts };
    else writes.push(index);
  });
  if (writes.length > 0) {
    await withTransaction(ctx, async (db) => {
      const tx = { ...ctx, db };
      // Creating them first changes nothing for the others: no contact and no other
      // write of the batch names any of their addresses.
      const fresh = freshInputs(writes, givens, holding).map((index) => ({
        index,
        row: newContactRow(tx, givens[index] ?? {}, inputs[index]),
      }));
      const inserted = await insertContacts(
        tx,
        fresh.map((f) => f.row),
      );
      for (const { index, row } of fresh) {
        // Not inserted: someone else created them since the read; resolved below.
        if (inserted.has(row.id)) results[index] = { row, created: true, conflicts: [] };
      }
      for (const index of writes) {
        if (results[index] !== undefined) continue;
        const given = givens[index] ?? {};
        results[index] = await resolveOne(tx, given, inputs[index]);
      }
    });
  }
  return results.map((result) => {
    if (result === undefined) throw new StoreNotFoundError('a contact was not resolved');
    return result;
  });
}

/** One input, inside a transaction: create, or fill in and report conflicts. */
async function resolveOne(
  ctx: RepoContext,
  given: Given,
  input: ResolveInput | undefined,
): Promise<Resolved<never>> {
  let plan = planFor(await findByAddresses(ctx, ctx.db, [given]), given, input);
  if (plan === undefined) {
    const row = newContactRow(ctx, given, input);
    // A concurrent resolve may have created them first (any unique address): re-read.
    const inserted = await ctx.db
      .insertInto('contacts')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) return { row, created: true, conflicts: [] };
    plan = planFor(await findByAddresses(ctx, ctx.db, [given]), given, input);
    if (plan === undefined) throw new StoreNotFoundError('contact vanished while resolving');
  }
  let row = plan.primary;
  if (Object.keys(plan.patch).length > 0) {
    row = { ...row, ...plan.patch, updated_at: ctx.now() };
    row.search_text = searchText(row, fromJson<Record<string, unknown>>(row.attributes));
    await ctx.db
      .updateTable('contacts')
      .set({ ...plan.patch, search_text: row.search_text, updated_at: row.updated_at })
      .where('id', '=', row.id)
      .execute();
  }
  return { row, created: false, conflicts: plan.conflicts };
}

/** What resolving `given` against the contacts holding its addresses would change. */
function planFor<R extends AddressRow>(
  rows: R[],
  given: Given,
  input: ResolveInput | undefined,
): Plan<R> | undefined {
  if (rows.length === 0) return undefined;
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
  const profileName = input?.profileName;
  if (profileName !== undefined && profileName !== primary.profile_name) {
    patch.profile_name = profileName;
  }
  return { primary, patch, conflicts };
}

/**
 * The writes that create a new person no other write of the batch names: no contact
 * holds any of their addresses, and no other write gives any of them.
 */
function freshInputs(
  writes: readonly number[],
  givens: readonly Given[],
  holding: readonly AddressRow[][],
): number[] {
  const keysOf = (given: Given) =>
    ADDRESS_PRECEDENCE.flatMap((field) => {
      const value = given[field];
      return value === undefined ? [] : [addressKey(field, value)];
    });
  const named = new Map<string, number>();
  for (const index of writes)
    for (const key of keysOf(givens[index] ?? {})) named.set(key, (named.get(key) ?? 0) + 1);
  return writes.filter(
    (index) =>
      (holding[index] ?? []).length === 0 &&
      keysOf(givens[index] ?? {}).every((key) => named.get(key) === 1),
  );
}

/** A new contact with the given addresses (not yet stored). */
function newContactRow(
  ctx: RepoContext,
  given: Given,
  input: ResolveInput | undefined,
): ContactRow {
  const now = ctx.now();
  const row: ContactRow = {
    id: ctx.newId(),
    external_id: given.externalId ?? null,
    phone: given.phone ?? null,
    wa_user_id: given.userId ?? null,
    parent_user_id: null,
    profile_name: input?.profileName ?? null,
    attributes: '{}',
    time_zone: null,
    search_text: '',
    created_at: now,
    updated_at: now,
  };
  row.search_text = searchText(row, {});
  return row;
}

/**
 * Inserts new contacts, skipping any whose address another transaction took meanwhile;
 * returns the ids inserted.
 */
async function insertContacts(ctx: RepoContext, rows: readonly ContactRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  const db = ctx.db;
  for (const batch of statementChunks(rows, ctx.caps, CONTACT_COLUMNS.length)) {
    const result = await CREATE.runWithRows(db, ctx.caps, batch, CONTACT_COLUMNS, () =>
      db
        .insertInto('contacts')
        .values(batch)
        .onConflict((oc) => oc.doNothing())
        .returning('id'),
    );
    for (const row of result.rows) inserted.add(row.id);
  }
  return inserted;
}
