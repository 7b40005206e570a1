/**
 * Partition leases: which worker owns which partitions of the work (inbox, timers,
 * outbox are partitioned by contact). A worker holds a partition until its lease expires;
 * another worker may then take it. On Postgres several workers share the partitions;
 * on SQLite the single process simply takes them all — same code, same table.
 */

import { withTransaction, type RepoContext } from '../context.js';
import { inlineLimit } from '../statements.js';
import { pickedBy } from '../dialect.js';
import { StoreInputError } from '../errors.js';

export interface LeaseRequest {
  /** Partitions in the system: 0 … total - 1. */
  total: number;
  /** How many this owner wants to hold (extra ones it holds are given back). */
  wanted: number;
  now: number;
  ttlMs: number;
}

export interface LeaseRow {
  partition: number;
  owner: string | null;
  leaseUntil: number;
}

/** Presence slots live above every partition number; at most this many live workers. */
export const PRESENCE_BASE = 1_000_000;
const PRESENCE_SLOTS = 256;

export class Leases {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Renews this owner's partitions and takes free or expired ones up to `wanted`, in one
   * transaction. Concurrent owners take disjoint partitions (row locks, SKIP LOCKED).
   * Returns the partitions held, ascending.
   */
  async acquire(owner: string, request: LeaseRequest): Promise<number[]> {
    const { total, wanted, now, ttlMs } = request;
    if (!Number.isInteger(total) || total < 1 || !Number.isInteger(wanted) || wanted < 0) {
      throw new StoreInputError('lease total must be an integer >= 1 and wanted an integer >= 0');
    }
    const until = now + ttlMs;
    return withTransaction(this.ctx, async (db) => {
      await db
        .insertInto('partition_leases')
        .values(
          Array.from({ length: total }, (_, partition) => ({
            partition,
            owner: null,
            lease_until: 0,
          })),
        )
        .onConflict((oc) => oc.column('partition').doNothing())
        .execute();
      const held = await db
        .updateTable('partition_leases')
        .set({ lease_until: until })
        .where('owner', '=', owner)
        .where('partition', '<', total)
        .returning('partition')
        .execute();
      let mine = held.map((r) => r.partition).sort((a, b) => a - b);
      if (mine.length > wanted) {
        const extra = mine.slice(wanted);
        await db
          .updateTable('partition_leases')
          .set({ owner: null, lease_until: 0 })
          .where('owner', '=', owner)
          .where('partition', 'in', extra)
          .execute();
        mine = mine.slice(0, wanted);
      }
      const need = wanted - mine.length;
      if (need > 0) {
        const taken = await db
          .updateTable('partition_leases')
          .set({ owner, lease_until: until })
          .where(
            pickedBy(
              this.ctx.caps,
              'partition',
              db
                .selectFrom('partition_leases')
                .select('partition')
                .where('partition', '<', total)
                .where((w) => w.or([w('owner', 'is', null), w('lease_until', '<', now)]))
                .orderBy('partition')
                .limit(inlineLimit(need)),
            ),
          )
          .returning('partition')
          .execute();
        mine = [...mine, ...taken.map((r) => r.partition)].sort((a, b) => a - b);
      }
      return mine;
    });
  }

  /** Extends this owner's leases; returns the partitions it still holds. */
  async renew(owner: string, now: number, ttlMs: number): Promise<number[]> {
    const rows = await this.ctx.db
      .updateTable('partition_leases')
      .set({ lease_until: now + ttlMs })
      .where('owner', '=', owner)
      .returning('partition')
      .execute();
    return rows.map((r) => r.partition).sort((a, b) => a - b);
  }

  /** Gives partitions back (all of the owner's by default), e.g. on shutdown. */
  async release(owner: string, partitions?: readonly number[]): Promise<void> {
    let query = this.ctx.db
      .updateTable('partition_leases')
      .set({ owner: null, lease_until: 0 })
      .where('owner', '=', owner);
    if (partitions !== undefined) {
      if (partitions.length === 0) return;
      query = query.where('partition', 'in', [...partitions]);
    }
    await query.execute();
  }

  async list(): Promise<LeaseRow[]> {
    const rows = await this.ctx.db
      .selectFrom('partition_leases')
      .selectAll()
      .orderBy('partition')
      .execute();
    return rows.map((r) => ({ partition: r.partition, owner: r.owner, leaseUntil: r.lease_until }));
  }

  /**
   * Says this worker is alive, even while it holds no partition, so the others count it
   * and give up their share: presence is a lease on one slot numbered from
   * `PRESENCE_BASE`, beyond any partition. Renews its slot or takes a free or expired one.
   */
  async heartbeat(owner: string, now: number, ttlMs: number): Promise<boolean> {
    const until = now + ttlMs;
    return withTransaction(this.ctx, async (db) => {
      const mine = await db
        .updateTable('partition_leases')
        .set({ lease_until: until })
        .where('owner', '=', owner)
        .where('partition', '>=', PRESENCE_BASE)
        .returning('partition')
        .execute();
      if (mine.length > 0) return true;
      await db
        .insertInto('partition_leases')
        .values(
          Array.from({ length: PRESENCE_SLOTS }, (_, i) => ({
            partition: PRESENCE_BASE + i,
            owner: null,
            lease_until: 0,
          })),
        )
        .onConflict((oc) => oc.column('partition').doNothing())
        .execute();
      const taken = await db
        .updateTable('partition_leases')
        .set({ owner, lease_until: until })
        .where(
          pickedBy(
            this.ctx.caps,
            'partition',
            db
              .selectFrom('partition_leases')
              .select('partition')
              .where('partition', '>=', PRESENCE_BASE)
              .where((w) => w.or([w('owner', 'is', null), w('lease_until', '<', now)]))
              .orderBy('partition')
              .limit(inlineLimit(1)),
          ),
        )
        .returning('partition')
        .execute();
      return taken.length > 0;
    });
  }

  /** Live owners (unexpired leases), for sizing `wanted` = ceil(total / owners). */
  async owners(now: number): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('partition_leases')
      .select('owner')
      .distinct()
      .where('owner', 'is not', null)
      .where('lease_until', '>=', now)
      .orderBy('owner')
      .execute();
    return rows.flatMap((r) => (r.owner === null ? [] : [r.owner]));
  }
}
