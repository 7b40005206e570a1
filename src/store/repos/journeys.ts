/**
 * Journeys: one person's run through one canvas version. The full engine `Journey` is the
 * `state` JSON; the columns beside it (status, step, branch) exist to be indexed.
 *
 * `row_version` is an optimistic-concurrency counter: a write may name the version it read
 * (`expectedVersion`), and loses with a StoreConflictError if someone wrote since — a
 * worker whose partition lease expired cannot overwrite the new owner's progress.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Journey, JourneyStatus } from '../../engine/types.js';
import {
  chunks,
  PRUNE_CHUNK,
  withTransaction,
  withTransactionIf,
  type RepoContext,
} from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { fromJson } from '../json.js';
import { StoreConflictError } from '../errors.js';
import type { Database } from '../schema.js';
import {
  StatementCache,
  inlineLimit,
  rowParameters,
  padList,
  statementChunks,
  valuesList,
} from '../statements.js';
import { RECORD_COLUMNS, cursor, fromRow, parseCursor, toRow } from './journey-rows.js';

const REPLACE = new StatementCache('journeys.replace');
const INSERT = new StatementCache('journeys.insertNew');
const UPDATE = new StatementCache('journeys.update');
const LOAD_LIVE = new StatementCache('journeys.loadLive');
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

export interface JourneyRecord {
  journey: Journey;
  /** Branch taken out of the last step (group id, yes / no …), for "who went where". */
  branch: string | null;
  rowVersion: number;
}

export interface JourneyWrite {
  journey: Journey;
  branch?: string | null;
  /** The row version this write is based on (0 for a new journey); omit to write anyway. */
  expectedVersion?: number;
  /**
   * The step and status the row holds now, when known. A write that keeps both leaves the
   * two indexes over them alone: SQLite rewrites an index whenever its columns are SET,
   * even to the same value, and those two index pages were a ninth of what a reply wrote.
   */
  stored?: { stepId: string | null; status: JourneyStatus };
}

export interface JourneyPage {
  journeys: JourneyRecord[];
  next?: string;
}

export interface StepCount {
  stepId: string | null;
  status: JourneyStatus;
  count: number;
}

const COLUMNS_PER_ROW = 12;
/** Values per row of an update's VALUES list (status and step included). */
const UPDATE_COLUMNS = 8;

export class Journeys {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Writes journeys, a few hundred per statement. Returns each journey's new row version.
   * With `expectedVersion`, a row changed (or deleted) since it was read is not written and
   * the whole call fails (the caller's transaction rolls back):
   * - a new journey (expected 0) is inserted unless its id exists;
   * - an existing one is updated where its row is still at the expected version. An
   *   update cannot bring back a journey deleted meanwhile (a contact erased), as an
   *   upsert would, and its new version is known (expected + 1), so nothing is read back:
   *   RETURNING and the check that the rows still exist cost a fifth of a timer expiry.
   * Without `expectedVersion` the journey is written anyway (inserted or replaced).
   */
  async upsertMany(writes: readonly JourneyWrite[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    if (writes.length === 0) return versions;
    // One write per journey (the last one wins): a statement may not touch a row twice.
    const latest = [...new Map(writes.map((w) => [w.journey.id, w])).values()];
    const unconditional = latest.filter((w) => w.expectedVersion === undefined);
    const created = latest.filter((w) => w.expectedVersion === 0);
    const updated = latest.filter((w) => (w.expectedVersion ?? 0) > 0);
    const replaced = statementChunks(unconditional, this.ctx.caps, COLUMNS_PER_ROW);
    // A checked write may fail after writing part of its rows: it needs a transaction to
    // roll them back. A lone unconditional statement is atomic by itself.
    const single = created.length + updated.length === 0 && replaced.length <= 1;
    await withTransactionIf(this.ctx, !single, async (db) => {
      for (const batch of replaced) {
        for (const row of await this.replace(db, batch)) versions.set(row.id, row.row_version);
      }
      for (const batch of statementChunks(created, this.ctx.caps, COLUMNS_PER_ROW)) {
        if ((await this.insertNew(db, batch)) !== batch.length) throw await lost(db, batch);
        for (const w of batch) versions.set(w.journey.id, 1);
      }
      const inPlace = updated.filter(keepsIndexedColumns);
      const moved = updated.filter((w) => !keepsIndexedColumns(w));
      for (const [group, indexed] of [
        [moved, true],
        [inPlace, false],
      ] as const) {
        for (const batch of statementChunks(group, this.ctx.caps, UPDATE_COLUMNS)) {
          if ((await this.update(db, batch, indexed)) !== batch.length) throw await lost(db, batch);
          for (const w of batch) versions.set(w.journey.id, (w.expectedVersion ?? 0) + 1);
        }
      }
    });
    return versions;
  }

  /** Inserts or replaces journeys whatever their rows hold; returns the new versions. */
  private async replace(db: Kysely<Database>, batch: readonly JourneyWrite[]) {
    const rows = batch.map(toRow);
    const parameters = [...rowParameters(rows, JOURNEY_COLUMNS), 1];
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
    const { rows: written } = await REPLACE.run(
      db,
      this.ctx.caps,
      String(rows.length),
      parameters,
      build,
    );
    return written;
  }

  /** Inserts new journeys, skipping ids that exist; returns how many were inserted. */
  private async insertNew(db: Kysely<Database>, batch: readonly JourneyWrite[]) {
    const rows = batch.map(toRow);
    const build = () =>
      db
        .insertInto('journeys')
        .values(rows)
        .onConflict((oc) => oc.column('id').doNothing());
    const { numAffectedRows } = await INSERT.run(
      db,
      this.ctx.caps,
      String(rows.length),
      rowParameters(rows, JOURNEY_COLUMNS),
      build,
    );
    return Number(numAffectedRows ?? 0n);
  }

  /**
   * Updates journeys whose rows are still at their expected version, from one VALUES list;
   * returns how many were. `indexed` false leaves status and step alone (keepsIndexedColumns).
   */
  private async update(db: Kysely<Database>, batch: readonly JourneyWrite[], indexed: boolean) {
    const { json, bigint } = this.ctx.caps.castTypes;
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
    const { numAffectedRows } = await UPDATE.run(
      db,
      this.ctx.caps,
      shape,
      [1, ...rows.flat()],
      build,
    );
    return Number(numAffectedRows ?? 0n);
  }

  async get(id: string): Promise<JourneyRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('journeys')
      .select(RECORD_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** The hot path: live (not ended) journeys of many contacts, one query per batch. */
  loadLiveByContacts(contactIds: readonly string[]): Promise<JourneyRecord[]> {
    return this.loadLive('contact_id', contactIds);
  }

  /** These journeys, if still live (a timer's journey may have ended since it was set). */
  loadLiveByIds(ids: readonly string[]): Promise<JourneyRecord[]> {
    return this.loadLive('id', ids);
  }

  /** Live journeys whose `column` is one of `values`, oldest entry first. */
  private async loadLive(
    column: 'id' | 'contact_id',
    values: readonly string[],
  ): Promise<JourneyRecord[]> {
    const out: JourneyRecord[] = [];
    const db = this.ctx.db;
    for (const batch of chunks([...new Set(values)], rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const list = padList(batch);
      const shape = `${column}:${list.length}`;
      const { rows } = await LOAD_LIVE.run(db, this.ctx.caps, shape, list, () =>
        db
          .selectFrom('journeys')
          .select(RECORD_COLUMNS)
          .where(column, 'in', list)
          .where('status', 'in', [sql.lit('active' as const), sql.lit('waiting' as const)])
          .orderBy('entered_at')
          .orderBy('id'),
      );
      for (const row of rows) out.push(fromRow(row));
    }
    return out;
  }

  /** All journeys of one contact (ended ones too), newest first: the timeline. */
  async listByContact(contactId: string, limit = 100): Promise<JourneyRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('journeys')
      .select(RECORD_COLUMNS)
      .where('contact_id', '=', contactId)
      .orderBy('entered_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Journeys of a canvas, optionally at one step and status, paged by id (keyset paging:
   * reading a million waiting journeys page by page never holds them all in memory).
   */
  async listByCanvas(
    canvasId: string,
    filter: { stepId?: string; status?: JourneyStatus; after?: string; limit?: number } = {},
  ): Promise<JourneyPage> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    // Keyset paging in the order of the (canvas, step, status, id) index: each page is an
    // index range read that stops after `limit` rows, however deep into a million it is.
    let query = this.ctx.db
      .selectFrom('journeys')
      .select([...RECORD_COLUMNS, 'step_id', 'status', 'id'])
      .where('canvas_id', '=', canvasId)
      .orderBy('step_id')
      .orderBy('status')
      .orderBy('id')
      .limit(limit + 1);
    const { stepId, status } = filter;
    const after = filter.after === undefined ? undefined : parseCursor(filter.after);
    // Each shape is written so SQLite reads one index range in order (checked with EXPLAIN
    // QUERY PLAN): an equality on `status` without `step_id` would make it sort a whole
    // step's journeys for every page, so that filter goes through CASE, which no planner
    // uses as an index bound.
    if (stepId !== undefined) query = query.where('step_id', '=', stepId);
    if (stepId !== undefined && status !== undefined) {
      query = query.where('status', '=', status);
      if (after !== undefined) query = query.where('id', '>', after[2]);
    } else if (stepId !== undefined) {
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('status', 'id'), '>', eb.tuple(after[1], after[2])),
        );
      }
    } else {
      if (status !== undefined) {
        query = query.where((eb) =>
          eb(eb.case().when('status', '=', status).then(1).else(0).end(), '=', 1),
        );
      }
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('step_id', 'status', 'id'), '>', eb.tuple(after[0], after[1], after[2])),
        );
      }
    }
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const journeys = page.map(fromRow);
    return rows.length > limit && last !== undefined
      ? { journeys, next: cursor(last) }
      : { journeys };
  }

  /**
   * Every journey of a canvas (optionally one step / status), page by page: an export or
   * a mass cancel walks a million journeys holding one page in memory.
   */
  async *pages(
    canvasId: string,
    filter: { stepId?: string; status?: JourneyStatus; pageSize?: number } = {},
  ): AsyncGenerator<JourneyRecord[]> {
    let after: string | undefined;
    do {
      const page = await this.listByCanvas(canvasId, {
        ...filter,
        after,
        limit: filter.pageSize ?? 500,
      });
      if (page.journeys.length > 0) yield page.journeys;
      after = page.next;
    } while (after !== undefined);
  }

  /** Journeys per step and status of a canvas (optionally one version). */
  async countByStep(canvasId: string, version?: number): Promise<StepCount[]> {
    let query = this.ctx.db
      .selectFrom('journeys')
      .select(['step_id', 'status', sql<number>`cast(count(*) as integer)`.as('count')])
      .where('canvas_id', '=', canvasId);
    if (version !== undefined) query = query.where('version', '=', version);
    const rows = await query
      .groupBy(['step_id', 'status'])
      .orderBy('step_id')
      .orderBy('status')
      .execute();
    return rows.map((r) => ({
      stepId: r.step_id === '' ? null : r.step_id,
      status: r.status,
      count: Number(r.count),
    }));
  }

  /**
   * Deletes journeys that ended before `before` (retention), with their history: history
   * is found by journey (migration 008), so rows left behind would reach no one, not even
   * an erasure.
   *
   * No index finds ended journeys by age (one would cost every journey's end a write), so
   * this walks the table in id order, `limit` rows a call from `after`. Journey ids are
   * time-ordered, so the walk stops (`next` undefined) at the first chunk in which every
   * journey entered at or after `before`: none after it can have ended before.
   */
  async pruneEnded(
    before: number,
    options: { after?: string; limit?: number } = {},
  ): Promise<{ pruned: number; next: string | undefined }> {
    const limit = options.limit ?? PRUNE_CHUNK;
    return withTransaction(this.ctx, async (db) => {
      let chunk = db
        .selectFrom('journeys')
        .select(['id', 'status', 'ended_at', 'entered_at'])
        .orderBy('id')
        .limit(inlineLimit(limit));
      if (options.after !== undefined) chunk = chunk.where('id', '>', options.after);
      const rows = await chunk.execute();
      const old = rows
        .filter((r) => r.status === 'ended' && r.ended_at !== null && Number(r.ended_at) < before)
        .map((r) => r.id);
      for (const ids of chunks(old, rowsPerStatement(this.ctx.caps, 1, 500))) {
        await db.deleteFrom('journey_history').where('journey_id', 'in', ids).execute();
        await db.deleteFrom('journeys').where('id', 'in', ids).execute();
      }
      const last = rows[rows.length - 1];
      const more = rows.length === limit && rows.some((r) => Number(r.entered_at) < before);
      return { pruned: old.length, next: more && last !== undefined ? last.id : undefined };
    });
  }
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
