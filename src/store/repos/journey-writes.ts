/**
 * Writing journeys (`Journeys.upsertMany`): new ones inserted, existing ones updated where
 * their row is still at the version they were read at, and the rest replaced. A checked
 * write that did not write every row fails with StoreConflictError naming the journeys.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { JourneyStatus } from '../../engine/types.js';
import { withTransactionIf, type RepoContext } from '../context.js';
import { StoreConflictError } from '../errors.js';
import { fromJson } from '../json.js';
import type { Database } from '../schema.js';
import { StatementCache, statementChunks, valuesList } from '../statements.js';
import { toRow } from './journey-rows.js';
import type { JourneyWrite } from './journeys.js';

const REPLACE = new StatementCache('journeys.replace');
const INSERT = new StatementCache('journeys.insertNew');
const UPDATE = new StatementCache('journeys.update');
const JOURNEY_COLUMNS = [
  'id',
  'canvas_id',
  'version',
  'contact_id',
  'status',
  'step_id',
  'branch',
  'state',
  'entered_at',
  'updated_at',
  'ended_at',
  'row_version',
] as const;

const COLUMNS_PER_ROW = JOURNEY_COLUMNS.length;
/** Values per row of an update's VALUES list (status and step included). */
const UPDATE_COLUMNS = 8;

/**
 * Writes journeys, a few hundred per statement. Returns each journey's new row version.
 * With `expectedVersion`, a row changed (or deleted) since it was read is not written and
 * the whole call fails (the caller's transaction rolls back):
 * - a new journey (expected 0) is inserted unless its id exists;
 * - an existing one is updated where its row is still at the expected version. An
 *   update cannot bring back a journey deleted meanwhile (a contact erased), as an
 *   upsert would, and its new version is known (expected + 1), so nothing is read back:
 *   RETURNING and the check that the rows still exist cost a tenth of a timer expiry.
 * Without `expectedVersion` the journey is written anyway (inserted or replaced).
 */
export async function writeJourneys(
  ctx: RepoContext,
  writes: readonly JourneyWrite[],
): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  if (writes.length === 0) return versions;
  // One write per journey (the last one wins): a statement may not touch a row twice.
  const latest = [...new Map(writes.map((w) => [w.journey.id, w])).values()];
  const unconditional = latest.filter((w) => w.expectedVersion === undefined);
  const created = latest.filter((w) => w.expectedVersion === 0);
  const updated = latest.filter((w) => (w.expectedVersion ?? 0) > 0);
  const replaced = statementChunks(unconditional, ctx.caps, COLUMNS_PER_ROW);
  // A checked write may fail after writing part of its rows: it needs a transaction to
  // roll them back. A lone unconditional statement is atomic by itself.
  const single = created.length + updated.length === 0 && replaced.length <= 1;
  await withTransactionIf(ctx, !single, async (db) => {
    for (const batch of replaced) {
      for (const row of await replace(ctx, db, batch)) versions.set(row.id, row.row_version);
    }
    for (const batch of statementChunks(created, ctx.caps, COLUMNS_PER_ROW)) {
      if ((await insertNew(ctx, db, batch)) !== batch.length) throw await lost(db, batch);
      for (const w of batch) versions.set(w.journey.id, 1);
    }
    const inPlace = updated.filter(keepsIndexedColumns);
    const moved = updated.filter((w) => !keepsIndexedColumns(w));
    for (const [group, indexed] of [
      [moved, true],
      [inPlace, false],
    ] as const) {
      for (const batch of statementChunks(group, ctx.caps, UPDATE_COLUMNS)) {
        if ((await update(ctx, db, batch, indexed)) !== batch.length) throw await lost(db, batch);
        for (const w of batch) versions.set(w.journey.id, (w.expectedVersion ?? 0) + 1);
      }
    }
  });
  return versions;
}

/** Inserts or replaces journeys whatever their rows hold; returns the new versions. */
async function replace(ctx: RepoContext, db: Kysely<Database>, batch: readonly JourneyWrite[]) {
  const rows = batch.map(toRow);
  const build = () =>
    db
      .insertInto('journeys')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          step_id: eb.ref('excluded.step_id'),
          branch: eb.ref('excluded.branch'),
          state: eb.ref('excluded.state'),
          updated_at: eb.ref('excluded.updated_at'),
          ended_at: eb.ref('excluded.ended_at'),
          row_version: eb(eb.ref('journeys.row_version'), '+', 1),
        })),
      )
      .returning(['id', 'row_version']);
  // The 1 is the `row_version + 1` of the update.
  const { rows: written } = await REPLACE.runWithRows(db, ctx.caps, rows, JOURNEY_COLUMNS, build, {
    after: [1],
  });
  return written;
}

/** Inserts new journeys, skipping ids that exist; returns how many were inserted. */
async function insertNew(ctx: RepoContext, db: Kysely<Database>, batch: readonly JourneyWrite[]) {
  const rows = batch.map(toRow);
  const build = () =>
    db
      .insertInto('journeys')
      .values(rows)
      .onConflict((oc) => oc.column('id').doNothing());
  const { numAffectedRows } = await INSERT.runWithRows(db, ctx.caps, rows, JOURNEY_COLUMNS, build);
  return Number(numAffectedRows ?? 0n);
}

/**
 * Updates journeys whose rows are still at their expected version, from one VALUES list;
 * returns how many were. `indexed` false leaves status and step alone (keepsIndexedColumns).
 */
async function update(
  ctx: RepoContext,
  db: Kysely<Database>,
  batch: readonly JourneyWrite[],
  indexed: boolean,
) {
  const { json, bigint } = ctx.caps.castTypes;
  const rows = batch.map((write) => {
    const r = toRow(write);
    const rest = [r.branch, r.state, r.updated_at, r.ended_at, r.row_version - 1, r.id];
    return indexed ? [r.status, r.step_id, ...rest] : rest;
  });
  const build = () => {
    const column = <T>(n: number) => sql.ref<T>(`v.column${n + (indexed ? 2 : 0)}`);
    return db
      .updateTable('journeys')
      .from(valuesList(rows, 'v'))
      .set((eb) => ({
        ...(indexed
          ? {
              status: sql.ref<JourneyStatus>('v.column1'),
              step_id: sql.ref<string>('v.column2'),
            }
          : {}),
        branch: column<string | null>(1),
        state: sql<string>`cast(${column(2)} as ${sql.raw(json)})`,
        updated_at: sql<number>`cast(${column(3)} as ${sql.raw(bigint)})`,
        ended_at: sql<number | null>`cast(${column(4)} as ${sql.raw(bigint)})`,
        row_version: eb(eb.ref('journeys.row_version'), '+', 1),
      }))
      .where(sql<boolean>`${sql.ref('journeys.row_version')} = cast(${column(5)} as integer)`)
      .where(sql<boolean>`${sql.ref('journeys.id')} = ${column(6)}`);
  };
  const shape = `${indexed ? 'moved' : 'in-place'}:${rows.length}`;
  const { numAffectedRows } = await UPDATE.run(db, ctx.caps, shape, [1, ...rows.flat()], build);
  return Number(numAffectedRows ?? 0n);
}

/** A checked write to a stored row whose step and status stay as they are. */
function keepsIndexedColumns(write: JourneyWrite): boolean {
  const stored = write.stored;
  return (
    stored !== undefined &&
    (write.expectedVersion ?? 0) > 0 &&
    stored.status === write.journey.status &&
    stored.stepId === write.journey.stepId
  );
}

/**
 * The error for a checked write that did not write every row: names the journeys deleted
 * since they were read, else the ones another writer moved on. Read after the statement,
 * so a row we wrote is at its expected version + 1 with our journey in it (compared as data:
 * Postgres hands jsonb back reformatted); one that another writer took to the same version
 * with the same journey cannot be told apart, and then the whole batch is named.
 */
async function lost(db: Kysely<Database>, batch: readonly JourneyWrite[]) {
  const ids = batch.map((w) => w.journey.id);
  const rows = await db
    .selectFrom('journeys')
    .select(['id', 'row_version', 'state'])
    .where('id', 'in', ids)
    .execute();
  const found = new Map(rows.map((r) => [r.id, r]));
  const gone = ids.filter((id) => !found.has(id));
  if (gone.length > 0 && batch.some((w) => (w.expectedVersion ?? 0) > 0)) {
    return new StoreConflictError(
      `journeys deleted since they were read: ${gone.slice(0, 5).join(', ')}`,
    );
  }
  const changed = batch
    .filter((w) => {
      const row = found.get(w.journey.id);
      return (
        row === undefined ||
        row.row_version !== (w.expectedVersion ?? 0) + 1 ||
        !isDeepStrictEqual(fromJson(row.state), fromJson(toRow(w).state))
      );
    })
    .map((w) => w.journey.id);
  return new StoreConflictError(
    `journeys changed since they were read: ${(changed.length > 0 ? changed : ids).slice(0, 5).join(', ')}`,
  );
}
