/**
 * The inbox: inbound events made durable before the HTTP answer (WhatsApp webhooks, API
 * calls). `dedupe_key` is unique, so a redelivered webhook is recognized and dropped.
 *
 * Life of a row: pending → claimed (by a runner, with a lease) → done. Done rows lose
 * their payload but keep their dedupe key for `INBOX_DEDUPE_RETENTION_MS`, so a webhook
 * Meta retries days later is still a duplicate; `prune` deletes them after that.
 *
 * `claim_until` on a pending row means "not before": a row put off (`defer`) is skipped by
 * the readers until then, instead of being read again by every batch while it waits.
 */
import type { ExpressionBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import {
  chunks,
  PRUNE_CHUNK,
  withTransaction,
  withTransactionIf,
  type RepoContext,
} from '../context.js';
import { pickedBy, rowsPerStatement } from '../dialect.js';
import { StoreInputError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { Database, InboxTable } from '../schema.js';
import { partitionFilter } from '../partitions.js';
import { StatementCache, inlineLimit, padList, statementChunks } from '../statements.js';

const ENQUEUE = new StatementCache('inbox.enqueueMany');
const COMPLETE = new StatementCache('inbox.complete');
const PENDING = new StatementCache('inbox.pending');
const ENQUEUE_COLUMNS = [
  'dedupe_key',
  'partition',
  'contact_id',
  'kind',
  'payload',
  'received_at',
  'state',
] as const;

/** Meta retries a webhook for up to 7 days; keep dedupe keys a day longer. */
export const INBOX_DEDUPE_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;
/** A claim not completed within this time returns to pending (the runner died). */
export const INBOX_CLAIM_TTL_MS = 60_000;

export interface InboxEventInput {
  /** e.g. `wa:msg:<wamid>`, `wa:status:<wamid>:<status>`, `api:<request id>`. */
  dedupeKey: string;
  partition: number;
  contactId?: string | null;
  kind: string;
  payload: unknown;
  /** Defaults to the store clock. */
  receivedAt?: number;
}

export interface EnqueueResult {
  dedupeKey: string;
  /** The new row's id; null for a duplicate. */
  id: number | null;
  duplicate: boolean;
}

export interface InboxEvent {
  id: number;
  dedupeKey: string;
  partition: number;
  contactId: string | null;
  kind: string;
  payload: unknown;
  receivedAt: number;
}

export interface ClaimLease {
  owner: string;
  now: number;
  ttlMs?: number;
}

export class Inbox {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Stores events in ONE transaction (the group-commit path: many webhook requests share
   * it) and tells, per input in order, whether it was new or a duplicate. A key repeated
   * within the call counts once: its first occurrence is new, the rest duplicates.
   * Every event is checked first: one bad event stores nothing.
   */
  async enqueueMany(events: readonly InboxEventInput[]): Promise<EnqueueResult[]> {
    events.forEach(checkEvent);
    if (events.length === 0) return [];
    const now = this.ctx.now();
    const ids = new Map<string, number>();
    const batches = statementChunks(events, this.ctx.caps, 7);
    await withTransactionIf(this.ctx, batches.length > 1, async (db) => {
      for (const batch of batches) {
        const values = batch.map((e) => ({
          dedupe_key: e.dedupeKey,
          partition: e.partition,
          contact_id: e.contactId ?? null,
          kind: e.kind,
          payload: toJson(e.payload),
          received_at: e.receivedAt ?? now,
          state: 'pending' as const,
        }));
        const { rows } = await ENQUEUE.runWithRows(db, this.ctx.caps, values, ENQUEUE_COLUMNS, () =>
          db
            .insertInto('inbox')
            .values(values)
            .onConflict((oc) => oc.column('dedupe_key').doNothing())
            .returning(['id', 'dedupe_key']),
        );
        for (const row of rows) ids.set(row.dedupe_key, Number(row.id));
      }
    });
    const seen = new Set<string>();
    return events.map((e) => {
      const id = ids.get(e.dedupeKey);
      const isNew = id !== undefined && !seen.has(e.dedupeKey);
      seen.add(e.dedupeKey);
      return { dedupeKey: e.dedupeKey, id: isNew ? id : null, duplicate: !isNew };
    });
  }

  /**
   * Claims up to `limit` pending events of these partitions, oldest first (arrival order),
   * leasing them to `owner`. Claims whose lease expired go back to pending first. Several
   * workers on Postgres take disjoint rows (SKIP LOCKED).
   */
  async claim(
    partitions: readonly number[],
    limit: number,
    lease: ClaimLease = { owner: 'local', now: this.ctx.now() },
  ): Promise<InboxEvent[]> {
    if (partitions.length === 0 || limit <= 0) return [];
    const ttl = lease.ttlMs ?? INBOX_CLAIM_TTL_MS;
    return withTransaction(this.ctx, async (db) => {
      await db
        .updateTable('inbox')
        .set({ state: 'pending', claimed_by: null, claim_until: null })
        .where('state', '=', sql.lit('claimed' as const))
        .where('claim_until', '<', lease.now)
        .execute();
      const rows = await db
        .updateTable('inbox')
        .set({ state: 'claimed', claimed_by: lease.owner, claim_until: lease.now + ttl })
        .where(
          pickedBy(
            this.ctx.caps,
            'id',
            db
              .selectFrom('inbox')
              .select('id')
              .where('state', '=', sql.lit('pending' as const))
              .where('partition', 'in', [...partitions])
              .where(ready(lease.now))
              .orderBy('id')
              .limit(inlineLimit(limit)),
          ),
        )
        .returningAll()
        .execute();
      // RETURNING order is unspecified: restore arrival order.
      return rows.map(fromRow).sort((a, b) => a.id - b.id);
    });
  }

  /**
   * Pending events of these partitions in arrival order, without claiming them: for a
   * store with a single worker (`capabilities.multiWorker` false), where nobody else can
   * take them and completing them in the batch's commit is enough.
   */
  async pending(
    partitions: readonly number[],
    limit: number,
    now: number = this.ctx.now(),
  ): Promise<InboxEvent[]> {
    if (partitions.length === 0 || limit <= 0) return [];
    const only = partitionFilter(partitions);
    const db = this.ctx.db;
    // The work loop's read, many times a second: compiled once per limit and partition count.
    const shape = `${limit}:${only?.length ?? 'all'}`;
    const { rows } = await PENDING.run(db, this.ctx.caps, shape, [now, ...(only ?? [])], () => {
      let query = db
        .selectFrom('inbox')
        .selectAll()
        .where('state', '=', sql.lit('pending' as const))
        .where(ready(now));
      if (only !== undefined) query = query.where('partition', 'in', [...only]);
      return query.orderBy('id').limit(inlineLimit(limit));
    });
    return rows.map(fromRow);
  }

  /** Marks events processed; their dedupe keys stay until `prune`. */
  async complete(ids: readonly number[]): Promise<void> {
    const now = this.ctx.now();
    for (const batch of chunks(ids, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const db = this.ctx.db;
      await COMPLETE.runWithList(
        db,
        this.ctx.caps,
        batch,
        (list) =>
          db
            .updateTable('inbox')
            .set({
              state: 'done',
              done_at: now,
              payload: 'null',
              claimed_by: null,
              claim_until: null,
            })
            .where('id', 'in', list),
        { before: ['done', now, 'null', null, null] },
      );
    }
  }

  /**
   * Puts events off until `until`: pending (claimed ones are given back), and skipped by
   * `pending` and `claim` until then. A status that came before its send was recorded waits
   * so, rather than being read again by every batch — and filling batches — while it waits.
   */
  async defer(ids: readonly number[], until: number): Promise<void> {
    for (const batch of chunks(ids, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      await this.ctx.db
        .updateTable('inbox')
        .set({ state: 'pending', claimed_by: null, claim_until: until })
        .where('id', 'in', padList(batch))
        .where('state', 'in', [sql.lit('pending' as const), sql.lit('claimed' as const)])
        .execute();
    }
  }

  /** Returns claimed events to pending (the runner gave up on them for now). */
  async release(ids: readonly number[]): Promise<void> {
    for (const batch of chunks(ids, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      await this.ctx.db
        .updateTable('inbox')
        .set({ state: 'pending', claimed_by: null, claim_until: null })
        .where('id', 'in', padList(batch))
        .where('state', '=', sql.lit('claimed' as const))
        .execute();
    }
  }

  /** Which of these partitions have events claimed (being worked, or left by a crash). */
  async partitionsClaimed(partitions: readonly number[]): Promise<number[]> {
    if (partitions.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('inbox')
      .select('partition')
      .distinct()
      .where('state', '=', sql.lit('claimed' as const))
      .where('partition', 'in', [...partitions])
      .orderBy('partition')
      .execute();
    return rows.map((r) => r.partition);
  }

  /**
   * Gives back every claim in these partitions, whoever holds it: used when a worker starts
   * (its previous life died holding claims) or takes over partitions from a dead worker.
   */
  async releasePartitions(partitions: readonly number[]): Promise<number> {
    if (partitions.length === 0) return 0;
    const result = await this.ctx.db
      .updateTable('inbox')
      .set({ state: 'pending', claimed_by: null, claim_until: null })
      .where('state', '=', sql.lit('claimed' as const))
      .where('partition', 'in', [...partitions])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Forgets done events finished before `before` (default: the dedupe retention), the
   * oldest `limit` of them: housekeeping deletes in chunks, so no statement holds the write
   * lock (or, on SQLite, the event loop) for long.
   */
  async prune(
    before: number = this.ctx.now() - INBOX_DEDUPE_RETENTION_MS,
    limit = PRUNE_CHUNK,
  ): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('inbox')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('inbox')
          .select('id')
          .where('state', '=', sql.lit('done' as const))
          .where('done_at', '<', before)
          .orderBy('done_at')
          .limit(inlineLimit(limit)),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async get(id: number): Promise<(InboxEvent & { state: InboxTable['state'] }) | undefined> {
    const row = await this.ctx.db
      .selectFrom('inbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : { ...fromRow(row), state: row.state };
  }

  /** Events not yet done (pending or claimed): backlog for /metrics and back-pressure. */
  async backlog(): Promise<number> {
    let total = 0;
    // One literal state per query, so each count reads only its partial index.
    for (const state of ['pending', 'claimed'] as const) {
      const row = await this.ctx.db
        .selectFrom('inbox')
        .select(sql<number>`cast(count(*) as integer)`.as('n'))
        .where('state', '=', sql.lit(state))
        .executeTakeFirstOrThrow();
      total += Number(row.n);
    }
    return total;
  }
}

function checkEvent(e: InboxEventInput, index: number): void {
  if (typeof e.dedupeKey !== 'string' || e.dedupeKey === '') {
    throw new StoreInputError(`events[${index}]: dedupeKey must be a non-empty string`);
  }
  if (!Number.isInteger(e.partition) || e.partition < 0) {
    throw new StoreInputError(`events[${index}]: partition must be an integer >= 0`);
  }
  if (typeof e.kind !== 'string' || e.kind === '') {
    throw new StoreInputError(`events[${index}]: kind must be a non-empty string`);
  }
}

function fromRow(row: Selectable<InboxTable>): InboxEvent {
  return {
    id: Number(row.id),
    dedupeKey: row.dedupe_key,
    partition: row.partition,
    contactId: row.contact_id,
    kind: row.kind,
    payload: fromJson<unknown>(row.payload),
    receivedAt: row.received_at,
  };
}

/** A pending row not put off past `now` (see `defer`). */
function ready(now: number) {
  return (eb: ExpressionBuilder<Database, 'inbox'>) =>
    eb.or([eb('claim_until', 'is', null), eb('claim_until', '<=', now)]);
}
