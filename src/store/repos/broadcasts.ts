/**
 * Broadcast jobs (migration 009): a canvas entry or a message for everyone an audience
 * matches, walked
 * a page of contacts at a time by whichever runner gets to it. Progress is a cursor moved
 * by compare-and-set, so two processes walking the same job never both count a page, and
 * a page submitted twice (one process lost the race, or died before moving the cursor) is
 * harmless: its inbox events carry the same dedupe keys.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { PRUNE_CHUNK, type RepoContext } from '../context.js';
import { inlineLimit } from '../statements.js';
import { lockIf } from '../dialect.js';
import { StoreInputError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import { decodeCursor, encodeCursor } from '../page-cursor.js';
import type { BroadcastsTable } from '../schema.js';

export type BroadcastKind = BroadcastsTable['kind'];

export interface BroadcastJob {
  id: string;
  kind: BroadcastKind;
  /** What each person gets; its shape is the kind's (written and read by the API layer). */
  payload: Record<string, unknown>;
  /** The audience filter as the request gave it; undefined is everyone. */
  audience?: unknown;
  /** When the audience was checked: relative dates in it count from here. */
  audienceAt: number;
  /** The page cursor to carry on from (null: from the first contact). */
  cursor: string | null;
  state: BroadcastsTable['state'];
  queued: number;
  createdAt: number;
  updatedAt: number;
}

export interface NewBroadcast {
  id: string;
  kind: BroadcastKind;
  payload: Record<string, unknown>;
  audience?: unknown;
  audienceAt: number;
}

export class Broadcasts {
  constructor(private readonly ctx: RepoContext) {}

  async create(job: NewBroadcast): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.db
      .insertInto('broadcasts')
      .values({
        id: job.id,
        kind: job.kind,
        payload: toJson(job.payload),
        audience: job.audience === undefined ? null : toJson(job.audience),
        audience_at: job.audienceAt,
        cursor: null,
        state: 'running',
        queued: 0,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }

  async get(id: string): Promise<BroadcastJob | undefined> {
    const row = await this.ctx.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** How many jobs are still walking (for /metrics). */
  async countRunning(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('broadcasts')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('state', '=', sql.lit('running' as const))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Jobs still walking, oldest first. */
  async running(limit = 10): Promise<BroadcastJob[]> {
    const rows = await this.ctx.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('state', '=', sql.lit('running' as const))
      .orderBy('created_at')
      .orderBy('id')
      .limit(inlineLimit(limit))
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Jobs newest first, a page at a time: `after` is the `next` of the page before (opaque),
   * undefined on the last page. `state` keeps only running or only finished jobs.
   */
  async list(
    options: { state?: BroadcastJob['state']; limit?: number; after?: string } = {},
  ): Promise<{ jobs: BroadcastJob[]; next: string | undefined }> {
    const limit = options.limit ?? 50;
    let query = this.ctx.db
      .selectFrom('broadcasts')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (options.state !== undefined) query = query.where('state', '=', options.state);
    if (options.after !== undefined) {
      const [at, id] = parsePageCursor(options.after);
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
      );
    }
    const rows = await query.execute();
    const jobs = rows.slice(0, limit).map(fromRow);
    const last = jobs[jobs.length - 1];
    const next =
      rows.length > limit && last !== undefined
        ? encodeCursor([last.createdAt, last.id])
        : undefined;
    return { jobs, next };
  }

  /**
   * Inside a transaction: whether the job is still running, holding its row (Postgres) until
   * the transaction ends. A page queued under this hold either commits before a cancel
   * takes the row — and the cancel then withdraws it — or sees the job cancelled.
   */
  async holdRunning(id: string): Promise<boolean> {
    const row = await lockIf(
      this.ctx.caps,
      this.ctx.db.selectFrom('broadcasts').select('state').where('id', '=', id),
    ).executeTakeFirst();
    return row?.state === 'running';
  }

  /**
   * Stops a job: no further page is walked (a walker holding a page loses its
   * compare-and-set on the cursor). `from` says which states may be cancelled: a send's
   * walk ends in seconds while its messages leave for hours, so a done send can still be
   * stopped. False when the job is in none of them.
   */
  async cancel(
    id: string,
    from: ReadonlyArray<'running' | 'done'> = ['running'],
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('broadcasts')
      .set({ state: 'cancelled', updated_at: this.ctx.now() })
      .where('id', '=', id)
      .where('state', 'in', [...from])
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * The dispatch ids of the cancelled sends still stored: the dispatcher fails any of their
   * messages that reach it (a page a cancel did not get to, a send claimed at that moment
   * and given back). Few rows: jobs are pruned after their retention.
   */
  async cancelledSendDispatches(): Promise<Set<string>> {
    const rows = await this.ctx.db
      .selectFrom('broadcasts')
      .select('payload')
      .where('kind', '=', sql.lit('send' as const))
      .where('state', '=', sql.lit('cancelled' as const))
      .execute();
    const ids = new Set<string>();
    for (const row of rows) {
      const dispatchId = fromJson<Record<string, unknown>>(row.payload)?.dispatchId;
      if (typeof dispatchId === 'string' && dispatchId !== '') ids.add(dispatchId);
    }
    return ids;
  }

  /** Deletes finished jobs (done or cancelled) last updated before `before`, at most `limit`; returns how many. */
  async prune(before: number, limit = PRUNE_CHUNK): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('broadcasts')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('broadcasts')
          .select('id')
          .where('state', '!=', sql.lit('running' as const))
          .where('updated_at', '<', before)
          .orderBy('updated_at')
          .limit(inlineLimit(limit)),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Records a page handed to the inbox: the cursor moves from `from` to `to` (undefined:
   * the walk is over) and `queued` grows by `count`. False when the cursor was no longer at
   * `from` — another process recorded this page first — and nothing changed.
   */
  async advance(
    id: string,
    from: string | null,
    to: string | undefined,
    count: number,
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('broadcasts')
      .set((eb) => ({
        cursor: to ?? from,
        state: to === undefined ? 'done' : 'running',
        queued: eb('queued', '+', count),
        updated_at: this.ctx.now(),
      }))
      .where('id', '=', id)
      .where('state', '=', sql.lit('running' as const))
      .where('cursor', from === null ? 'is' : '=', from)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function parsePageCursor(text: string): [number, string] {
  const value = decodeCursor(text);
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'string'
  )
    return [value[0], value[1]];
  throw new StoreInputError(`"${text}" is not a broadcast page cursor`);
}

function fromRow(row: Selectable<BroadcastsTable>): BroadcastJob {
  const job: BroadcastJob = {
    id: row.id,
    kind: row.kind,
    payload: fromJson<Record<string, unknown>>(row.payload),
    audienceAt: Number(row.audience_at),
    cursor: row.cursor,
    state: row.state,
    queued: Number(row.queued),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.audience !== null) job.audience = fromJson<unknown>(row.audience);
  return job;
}
