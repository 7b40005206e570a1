/**
 * Writing a contact's profile: `ContactOp[]` (the engine's update_contact effect and the
 * API), the fields beside the attributes, and the engine's whole `Contact` snapshot.
 * Each is one transaction that reads the row (locked where rows can be locked), changes
 * it in memory and writes it back with its search text.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Contact, ContactOp } from '../../engine/types.js';
import { applyContactOps, checkContactOps } from '../contact-ops.js';
import { chunks, withTransaction, type RepoContext } from '../context.js';
import { lockIf, rowsPerStatement } from '../dialect.js';
import { StoreNotFoundError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { ContactsTable, Database } from '../schema.js';
import { StatementCache, statementChunks, valuesList } from '../statements.js';
import { ContactNumbers } from './contact-numbers.js';
import { searchText, toContactRecord, type ContactRecord } from './contact-rows.js';

type ContactRow = Selectable<ContactsTable>;

const SAVE_ATTRIBUTES = new StatementCache('contacts.applyOpsMany');
const READ_FOR_OPS = new StatementCache('contacts.applyOpsMany.read');

export interface ProfilePatch {
  timeZone?: string | null;
  profileName?: string | null;
  parentUserId?: string | null;
  /** WhatsApp told us the person changed number or user id (a `system` message). */
  phone?: string;
  userId?: string;
}

export async function applyOps(
  ctx: RepoContext,
  id: string,
  ops: readonly ContactOp[],
): Promise<ContactRecord> {
  checkContactOps(ops);
  return edit(ctx, id, async (row, numbers) => {
    const outcome = applyContactOps(fromJson<Record<string, unknown>>(row.attributes), ops);
    for (const [number, state] of outcome.subscriptions) {
      await numbers.setSubscription(id, number, state);
    }
    return { ...row, attributes: toJson(outcome.attributes) };
  });
}

/**
 * `applyOps` for many contacts at once (a runner batch): one read for all of them, the
 * operations applied in memory, and one update per contact through a statement compiled
 * once. Nothing is read back. Call it inside the batch's transaction.
 */
export async function applyOpsMany(
  ctx: RepoContext,
  changes: ReadonlyMap<string, readonly ContactOp[]>,
): Promise<void> {
  if (changes.size === 0) return;
  for (const ops of changes.values()) checkContactOps(ops);
  await withTransaction(ctx, async (db) => {
    const rows = new Map<string, ContactRow>();
    for (const batch of chunks([...changes.keys()], rowsPerStatement(ctx.caps, 1, 500))) {
      const { rows: found } = await READ_FOR_OPS.runWithList(db, ctx.caps, batch, (list) =>
        lockIf(ctx.caps, db.selectFrom('contacts').selectAll().where('id', 'in', list)),
      );
      for (const row of found) rows.set(row.id, row);
    }
    const numbers = new ContactNumbers({ ...ctx, db });
    const now = ctx.now();
    const saves: Array<[id: string, attributes: string, search: string]> = [];
    for (const [id, ops] of changes) {
      const row = rows.get(id);
      if (row === undefined) throw new StoreNotFoundError(`contact "${id}" does not exist`);
      const outcome = applyContactOps(fromJson<Record<string, unknown>>(row.attributes), ops);
      for (const [number, state] of outcome.subscriptions)
        await numbers.setSubscription(id, number, state);
      saves.push([id, toJson(outcome.attributes), searchText(row, outcome.attributes)]);
    }
    // One statement for the batch, each contact's new attributes joined from a VALUES list.
    const { json } = ctx.caps.castTypes;
    for (const batch of statementChunks(saves, ctx.caps, 3)) {
      await SAVE_ATTRIBUTES.run(db, ctx.caps, String(batch.length), [now, ...batch.flat()], () =>
        db
          .updateTable('contacts')
          .from(valuesList(batch, 'v'))
          .set({
            attributes: sql<string>`cast(${sql.ref('v.column2')} as ${sql.raw(json)})`,
            search_text: sql.ref<string>('v.column3'),
            updated_at: now,
          })
          .where(sql<boolean>`${sql.ref('contacts.id')} = ${sql.ref('v.column1')}`),
      );
    }
  });
}

export function updateProfile(
  ctx: RepoContext,
  id: string,
  patch: ProfilePatch,
): Promise<ContactRecord> {
  return edit(ctx, id, (row) => {
    const next = { ...row };
    if (patch.timeZone !== undefined) next.time_zone = patch.timeZone;
    if (patch.profileName !== undefined) next.profile_name = patch.profileName;
    if (patch.parentUserId !== undefined) next.parent_user_id = patch.parentUserId;
    if (patch.phone !== undefined) next.phone = patch.phone;
    if (patch.userId !== undefined) next.wa_user_id = patch.userId;
    return Promise.resolve(next);
  });
}

/**
 * Stores the engine's snapshot (`StepResult.contact`): attributes, time zone, the
 * subscription per number (numbers missing from the snapshot become unknown) and the
 * window per number (forward only). Addresses are left alone: `resolve` owns them.
 */
export function saveSnapshot(ctx: RepoContext, contact: Contact): Promise<ContactRecord> {
  return edit(ctx, contact.id, async (row, numbers) => {
    const current = (await numbers.rowsFor([contact.id])).get(contact.id) ?? [];
    for (const stored of current) {
      if (stored.subscription !== null && !(stored.number in contact.subscriptions)) {
        await numbers.setSubscription(contact.id, stored.number, null);
      }
    }
    for (const [number, state] of Object.entries(contact.subscriptions)) {
      if (!current.some((n) => n.number === number && n.subscription === state)) {
        await numbers.setSubscription(contact.id, number, state);
      }
    }
    await numbers.setLastInbound(
      Object.entries(contact.lastInboundAt).map(([number, at]) => ({
        contactId: contact.id,
        number,
        at,
      })),
    );
    return { ...row, attributes: toJson(contact.attributes), time_zone: contact.timeZone ?? null };
  });
}

async function edit(
  ctx: RepoContext,
  id: string,
  change: (row: ContactRow, numbers: ContactNumbers) => Promise<ContactRow>,
): Promise<ContactRecord> {
  return withTransaction(ctx, async (db: Kysely<Database>) => {
    const row = await lockIf(
      ctx.caps,
      db.selectFrom('contacts').selectAll().where('id', '=', id),
    ).executeTakeFirst();
    if (row === undefined) throw new StoreNotFoundError(`contact "${id}" does not exist`);
    // Bound to this transaction: the store's own executor would wait for this very
    // connection on SQLite.
    const numbers = new ContactNumbers({ ...ctx, db });
    const changed = await change(row, numbers);
    const updated: ContactRow = {
      ...changed,
      search_text: searchText(changed, fromJson<Record<string, unknown>>(changed.attributes)),
      updated_at: ctx.now(),
    };
    await db
      .updateTable('contacts')
      .set({
        attributes: updated.attributes,
        time_zone: updated.time_zone,
        profile_name: updated.profile_name,
        parent_user_id: updated.parent_user_id,
        phone: updated.phone,
        wa_user_id: updated.wa_user_id,
        search_text: updated.search_text,
        updated_at: updated.updated_at,
      })
      .where('id', '=', id)
      .execute();
    return toContactRecord(updated, (await numbers.rowsFor([id])).get(id) ?? []);
  });
}
