/**
 * Timers: wake a waiting journey at a time (window end, delay end). A claim does not
 * delete: it pushes `due_at` forward by a lease, so a runner that dies mid-way gets its
 * timers fired again (at least once; the engine ignores a key it no longer waits on).
 * The runner deletes fired timers in the transaction that commits the journey's step.
 */
import type { Selectable } from 'kysely';
import { chunks, withTransaction, withTransactionIf, type RepoContext } from '../context.js';
import { pickedBy, rowsPerStatement } from '../dialect.js';
import type { TimersTable } from '../schema.js';
import { partitionFilter } from '../partitions.js';
import { StatementCache, inlineLimit, padList, statementChunks } from '../statements.js';

const UPSERT = new StatementCache('timers.upsertMany');
const DELETE = new StatementCache('timers.deleteMany');
const UPSERT_COLUMNS = [
  'key',
  'journey_id',
  'contact_id',
  'partition',
  'due_at',
  'fire_at',
  'kind',
  'attempts',
] as const;

/** A claimed timer not deleted within this time fires again. */
export const TIMER_CLAIM_TTL_MS = 60_000;

export interface TimerInput {
  /** `${journeyId}:${visit}` from the engine's set_timer effect. */
  key: string;
  journeyId: string;
  contactId: string;
  partition: number;
  dueAt: number;
  kind: string;
}

export interface DueTimer extends TimerInput {
  /** How many times it was claimed, this claim included. */
  attempts: number;
}

export class Timers {
  constructor(private readonly ctx: RepoContext) {}

  /** Sets timers; an existing key is moved to the new time. One statement per batch. */
  async upsertMany(timers: readonly TimerInput[]): Promise<void> {
    const latest = [...new Map(timers.map((t) => [t.key, t])).values()];
    const batches = statementChunks(latest, this.ctx.caps, 8);
    await withTransactionIf(this.ctx, batches.length > 1, async (db) => {
      for (const batch of batches) {
        const values = batch.map((t) => ({
          key: t.key,
          journey_id: t.journeyId,
          contact_id: t.contactId,
          partition: t.partition,
          due_at: t.dueAt,
          fire_at: t.dueAt,
          kind: t.kind,
          attempts: 0,
        }));
        await UPSERT.runWithRows(db, this.ctx.caps, values, UPSERT_COLUMNS, () =>
          db
            .insertInto('timers')
            .values(values)
            .onConflict((oc) =>
              oc.column('key').doUpdateSet((eb) => ({
                journey_id: eb.ref('excluded.journey_id'),
                contact_id: eb.ref('excluded.contact_id'),
                partition: eb.ref('excluded.partition'),
                due_at: eb.ref('excluded.due_at'),
                fire_at: eb.ref('excluded.fire_at'),
                kind: eb.ref('excluded.kind'),
                attempts: eb.ref('excluded.attempts'),
              })),
            ),
        );
      }
    });
  }

  async deleteMany(keys: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const batch of chunks(keys, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const db = this.ctx.db;
      const { numAffectedRows } = await DELETE.runWithList(db, this.ctx.caps, batch, (list) =>
        db.deleteFrom('timers').where('key', 'in', list),
      );
      deleted += Number(numAffectedRows ?? 0n);
    }
    return deleted;
  }

  /** Deletes every timer of these journeys (a journey ended or was cancelled). */
  async deleteByJourneys(journeyIds: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const batch of chunks(journeyIds, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const result = await this.ctx.db
        .deleteFrom('timers')
        .where('journey_id', 'in', padList(batch))
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    return deleted;
  }

  /**
   * Claims up to `limit` timers due at `now` in these partitions, earliest first, and
   * leases them for `ttlMs`. One statement: the index on (due_at, partition) is walked
   * in time order and the walk stops after `limit` matching rows.
   */
  async claimDue(
    now: number,
    partitions: readonly number[],
    limit: number,
    ttlMs = TIMER_CLAIM_TTL_MS,
  ): Promise<DueTimer[]> {
    if (partitions.length === 0 || limit <= 0) return [];
    const rows = await withTransaction(this.ctx, (db) =>
      db
        .updateTable('timers')
        .set((eb) => ({ due_at: now + ttlMs, attempts: eb('attempts', '+', 1) }))
        .where(
          pickedBy(
            this.ctx.caps,
            'key',
            db
              .selectFrom('timers')
              .select('key')
              .where('due_at', '<=', now)
              .where('partition', 'in', [...partitions])
              .orderBy('due_at')
              .orderBy('key')
              .limit(inlineLimit(limit)),
          ),
        )
        .returningAll()
        .execute(),
    );
    return rows
      .map(fromRow)
      .sort((a, b) => a.dueAt - b.dueAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Timers due at `now`, earliest first, without claiming them (single-worker stores). */
  async due(now: number, partitions: readonly number[], limit: number): Promise<DueTimer[]> {
    if (partitions.length === 0 || limit <= 0) return [];
    const only = partitionFilter(partitions);
    let query = this.ctx.db.selectFrom('timers').selectAll().where('due_at', '<=', now);
    if (only !== undefined) query = query.where('partition', 'in', [...only]);
    const rows = await query
      // The (due_at, key, partition) index gives this order without a sort; key order is
      // journey-creation order, so a batch touches neighbouring rows (migration 007).
      .orderBy('due_at')
      .orderBy('key')
      .limit(inlineLimit(limit))
      .execute();
    return rows.map(fromRow);
  }

  async get(key: string): Promise<DueTimer | undefined> {
    const row = await this.ctx.db
      .selectFrom('timers')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** When the next timer of these partitions is due (how long a runner may sleep). */
  async nextDueAt(partitions: readonly number[]): Promise<number | undefined> {
    if (partitions.length === 0) return undefined;
    const only = partitionFilter(partitions);
    let query = this.ctx.db.selectFrom('timers').select('due_at');
    if (only !== undefined) query = query.where('partition', 'in', [...only]);
    const row = await query.orderBy('due_at').limit(inlineLimit(1)).executeTakeFirst();
    return row?.due_at;
  }
}

function fromRow(row: Selectable<TimersTable>): DueTimer {
  return {
    key: row.key,
    journeyId: row.journey_id,
    contactId: row.contact_id,
    partition: row.partition,
    dueAt: row.fire_at,
    kind: row.kind,
    attempts: row.attempts,
  };
}
