/**
 * The outbox: effects to perform (WhatsApp sends, webhook calls), written in the same
 * transaction as the journey step that produced them. `key` is the effect's idempotency
 * key, so re-running a step cannot queue a send twice.
 *
 * States: pending → in_flight (claimed with an owner and a lease) → done | failed, or back
 * to pending by `retry`. A crash between the request and its record leaves a row
 * in_flight; `recoverInFlight` marks it `ambiguous` — it may or may not have been sent,
 * and a send is never blindly repeated. The dispatcher decides per kind what to do next.
 */
import { sql } from 'kysely';
import { PRUNE_CHUNK, withTransactionIf, type RepoContext } from '../context.js';
import { StoreInputError } from '../errors.js';
import { toJson } from '../json.js';
import type { OutboxState } from '../schema.js';
import { StatementCache, padList, statementChunks, valuesList } from '../statements.js';
import { pruneOutbox, withdrawPending } from './outbox-cleanup.js';
import { claimDue, readDue, type OutboxClaim, type OutboxLook } from './outbox-due.js';
import { partitionsInHand, recoverInFlight, type RecoverOptions } from './outbox-recovery.js';
import { fromRow, type OutboxItem } from './outbox-rows.js';

export type { OutboxItem } from './outbox-rows.js';
export type { OutboxClaim } from './outbox-due.js';

const INSERT = new StatementCache('outbox.insertMany');
const FINISH = new StatementCache('outbox.finishMany');
const START = new StatementCache('outbox.startMany');
const INSERT_COLUMNS = [
  'key',
  'journey_id',
  'contact_id',
  'partition',
  'kind',
  'number',
  'payload',
  'state',
  'attempts',
  'next_attempt_at',
  'created_at',
  'updated_at',
] as const;

/**
 * States an outcome may be recorded from: a late answer also settles an ambiguous row, and
 * a lone dispatcher (see `due`) settles rows it read without claiming them.
 */
const FINISH_FROM: OutboxState[] = ['pending', 'claimed', 'in_flight', 'ambiguous'];

export const OUTBOX_STATES: readonly OutboxState[] = [
  'pending',
  'claimed',
  'in_flight',
  'done',
  'failed',
  'ambiguous',
];

export interface OutboxInput {
  key: string;
  journeyId?: string | null;
  contactId?: string | null;
  partition: number;
  /** 'send_whatsapp' | 'call_webhook' | … */
  kind: string;
  /** Business number alias (sends are paced per number). */
  number?: string | null;
  payload: unknown;
  /** Not before this time (default: now). */
  notBefore?: number;
}

export class Outbox {
  constructor(private readonly ctx: RepoContext) {}

  /** Queues effects; a key already queued is reported as a duplicate and left as it is. */
  async insertMany(
    items: readonly OutboxInput[],
  ): Promise<Array<{ key: string; id: number | null; duplicate: boolean }>> {
    items.forEach((item, i) => {
      if (item.key === '') throw new StoreInputError(`effects[${i}]: key must not be empty`);
    });
    const now = this.ctx.now();
    const ids = new Map<string, number>();
    const batches = statementChunks(items, this.ctx.caps, 12);
    await withTransactionIf(this.ctx, batches.length > 1, async (db) => {
      for (const batch of batches) {
        const values = batch.map((item) => ({
          key: item.key,
          journey_id: item.journeyId ?? null,
          contact_id: item.contactId ?? null,
          partition: item.partition,
          kind: item.kind,
          number: item.number ?? null,
          payload: toJson(item.payload),
          state: 'pending' as const,
          attempts: 0,
          next_attempt_at: item.notBefore ?? now,
          created_at: now,
          updated_at: now,
        }));
        const { rows } = await INSERT.runWithRows(db, this.ctx.caps, values, INSERT_COLUMNS, () =>
          db
            .insertInto('outbox')
            .values(values)
            .onConflict((oc) => oc.column('key').doNothing())
            .returning(['id', 'key']),
        );
        for (const row of rows) ids.set(row.key, Number(row.id));
      }
    });
    const seen = new Set<string>();
    return items.map((item) => {
      const id = ids.get(item.key);
      const isNew = id !== undefined && !seen.has(item.key);
      seen.add(item.key);
      return { key: item.key, id: isNew ? id : null, duplicate: !isNew };
    });
  }

  /**
   * Claims due pending effects for `owner` with a lease (outbox-due.ts). Claimed is not yet
   * in flight: `start` marks each one just before its request leaves, so a crash leaves
   * ambiguous only the requests that were really on the wire; the rest return to pending.
   */
  claim(claim: OutboxClaim): Promise<OutboxItem[]> {
    return claimDue(this.ctx, claim);
  }

  /**
   * Due pending effects, in claim order, read without claiming them (outbox-due.ts): for a
   * dispatcher that is alone on its database (SQLite), where nobody else could take them.
   * It saves a write and a commit per look; `startMany(ids, 'pending')` then marks them in
   * flight.
   */
  due(claim: OutboxLook): Promise<OutboxItem[]> {
    return readDue(this.ctx, claim);
  }

  /**
   * Several requests are about to leave together (one statement); returns the ids started.
   * Rows come from a claim, or straight from pending for a lone dispatcher (`due`).
   */
  async startMany(
    ids: readonly number[],
    from: 'claimed' | 'pending' = 'claimed',
  ): Promise<number[]> {
    if (ids.length === 0) return [];
    const db = this.ctx.db;
    const now = this.ctx.now();
    const list = padList(ids);
    const shape = `${from}:${list.length}`;
    const { rows } = await START.run(db, this.ctx.caps, shape, ['in_flight', now, ...list], () =>
      db
        .updateTable('outbox')
        .set({ state: 'in_flight', updated_at: now })
        .where('id', 'in', list)
        .where('state', '=', sql.lit(from))
        .returning('id'),
    );
    return rows.map((r) => Number(r.id));
  }

  /** Gives claimed rows back untouched (not attempted): they are picked up again later. */
  async unclaim(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db
      .updateTable('outbox')
      .set((eb) => ({
        state: 'pending',
        lease_owner: null,
        lease_until: null,
        attempts: eb('attempts', '-', 1),
        updated_at: this.ctx.now(),
      }))
      .where('id', 'in', padList(ids))
      .where('state', '=', sql.lit('claimed' as const))
      .execute();
  }

  /** The request for this effect is about to leave: from here on a crash makes it ambiguous. */
  async start(id: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('outbox')
      .set({ state: 'in_flight', updated_at: this.ctx.now() })
      .where('id', '=', id)
      .where('state', '=', sql.lit('claimed' as const))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records success. Accepted from in_flight and from ambiguous (a late answer settles the
   * doubt); returns false if the row was in another state (e.g. already done).
   */
  async complete(id: number, result: unknown): Promise<boolean> {
    return (await this.finishMany('done', [{ id, result }])).length > 0;
  }

  /**
   * Records many successes (a dispatcher's wave), like `complete` for each. Returns the ids
   * recorded. Use inside a transaction for one commit.
   */
  completeMany(items: ReadonlyArray<{ id: number; result: unknown }>): Promise<number[]> {
    return this.finishMany('done', items);
  }

  /** Records a terminal failure (the effect will not be tried again). */
  async fail(id: number, error: string, result: unknown = null): Promise<boolean> {
    return (await this.finishMany('failed', [{ id, result, error }])).length > 0;
  }

  /** Schedules another attempt at `at` (a retryable error). */
  async retry(id: number, at: number, error: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('outbox')
      .set({
        state: 'pending',
        next_attempt_at: at,
        last_error: error,
        lease_owner: null,
        lease_until: null,
        updated_at: this.ctx.now(),
      })
      .where('id', '=', id)
      .where('state', 'in', FINISH_FROM)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** After a crash: in-flight and claimed rows go back or become ambiguous (outbox-recovery.ts). */
  recoverInFlight(options: RecoverOptions): Promise<OutboxItem[]> {
    return recoverInFlight(this.ctx, options);
  }

  /** Which of these partitions have effects claimed or in flight (outbox-recovery.ts). */
  partitionsInHand(partitions: readonly number[]): Promise<number[]> {
    return partitionsInHand(this.ctx, partitions);
  }

  async get(id: number): Promise<OutboxItem | undefined> {
    const row = await this.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async getByKey(key: string): Promise<OutboxItem | undefined> {
    const row = await this.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** Rows in one state, oldest first, paged by id (e.g. the ambiguous sends to review). */
  async listByState(
    state: OutboxState,
    page: { after?: number; limit?: number } = {},
  ): Promise<OutboxItem[]> {
    if (!OUTBOX_STATES.includes(state)) throw new StoreInputError(`unknown outbox state ${state}`);
    let query = this.ctx.db
      .selectFrom('outbox')
      .selectAll()
      // A literal, so SQLite can use the state's partial index.
      .where('state', '=', sql.lit(state))
      .orderBy('id')
      .limit(Math.min(Math.max(page.limit ?? 100, 1), 1000));
    if (page.after !== undefined) query = query.where('id', '>', page.after);
    return (await query.execute()).map(fromRow);
  }

  /** Rows per state, every state present (0 when none). */
  countByState(): Promise<Record<OutboxState, number>> {
    return this.countIn(OUTBOX_STATES);
  }

  /**
   * Rows in each of these states. One count per state, each reading only that state's
   * partial index: the cost follows the rows in the states asked for, so a caller that
   * runs often (the /metrics scrape) leaves out `done`, a month of every send.
   */
  async countIn<S extends OutboxState>(states: readonly S[]): Promise<Record<S, number>> {
    const counts = {} as Record<S, number>;
    for (const state of states) {
      const row = await this.ctx.db
        .selectFrom('outbox')
        .select(sql<number>`cast(count(*) as integer)`.as('n'))
        .where('state', '=', sql.lit(state))
        .executeTakeFirstOrThrow();
      counts[state] = Number(row.n);
    }
    return counts;
  }

  /** Deletes done and failed rows past retention, in chunks (outbox-cleanup.ts). */
  prune(before: number, limit = PRUNE_CHUNK): Promise<number> {
    return pruneOutbox(this.ctx, before, limit);
  }

  /** Withdraws a page of a cancelled broadcast's pending sends (outbox-cleanup.ts). */
  withdrawPending(prefix: string, reason: string, limit: number): Promise<string[]> {
    return withdrawPending(this.ctx, prefix, reason, limit);
  }

  /**
   * The answer to a request could not be read (a timeout, a dropped connection): it may or
   * may not have taken effect, so the row is parked as ambiguous instead of retried.
   */
  async markAmbiguous(id: number, error: string): Promise<boolean> {
    const updated = await this.ctx.db
      .updateTable('outbox')
      .set({
        state: 'ambiguous',
        last_error: error,
        lease_owner: null,
        lease_until: null,
        updated_at: this.ctx.now(),
      })
      .where('id', '=', id)
      .where('state', '=', sql.lit('in_flight' as const))
      .executeTakeFirst();
    return updated.numUpdatedRows > 0n;
  }

  /**
   * Ends rows as done or failed: one statement for a wave of outcomes, each row with its
   * own result, joined from a VALUES list. Returns the ids ended.
   */
  private async finishMany(
    state: 'done' | 'failed',
    items: ReadonlyArray<{ id: number; result: unknown; error?: string }>,
  ): Promise<number[]> {
    const ended: number[] = [];
    const now = this.ctx.now();
    const db = this.ctx.db;
    const { json, bigint } = this.ctx.caps.castTypes;
    const latest = [...new Map(items.map((item) => [item.id, item])).values()];
    for (const batch of statementChunks(latest, this.ctx.caps, 3)) {
      const rows = batch.map((item) => [item.id, toJson(item.result), item.error ?? null]);
      const parameters = [state, null, null, now, ...rows.flat(), ...FINISH_FROM];
      const build = () =>
        db
          .updateTable('outbox')
          .from(valuesList(rows, 'v'))
          .set({
            state,
            result: sql<string>`cast(${sql.ref('v.column2')} as ${sql.raw(json)})`,
            last_error: sql.ref<string | null>('v.column3'),
            lease_owner: null,
            lease_until: null,
            updated_at: now,
          })
          .where(
            sql<boolean>`${sql.ref('outbox.id')} = cast(${sql.ref('v.column1')} as ${sql.raw(bigint)})`,
          )
          .where('outbox.state', 'in', FINISH_FROM)
          .returning('outbox.id');
      const { rows: done } = await FINISH.run(
        db,
        this.ctx.caps,
        String(rows.length),
        parameters,
        build,
      );
      // In the order asked, whatever order the database returned them in.
      const returned = new Set(done.map((row) => Number(row.id)));
      for (const item of batch) if (returned.has(item.id)) ended.push(item.id);
    }
    return ended;
  }
}
