/**
 * Crash recovery of the outbox (see outbox.ts for the states): what a dead dispatcher left
 * claimed or in flight goes back to pending, or — for a WhatsApp send that may have left —
 * becomes ambiguous.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { withTransaction, type RepoContext } from '../context.js';
import type { Database } from '../schema.js';
import { fromRow, type OutboxItem } from './outbox-rows.js';

export interface RecoverOptions {
  /** This process, restarted. */
  owner?: string;
  now: number;
  /** Partitions whose owner is gone. */
  partitions?: readonly number[];
}

/**
 * After a crash: rows of `owner` (this process, restarted), of these `partitions` (their
 * owner is gone), or whose lease expired. Claimed rows were never sent and go back to
 * pending; in-flight webhook calls go back to pending too (at least once); in-flight
 * WhatsApp sends may have been sent and become `ambiguous`, returned so they can be
 * counted and reported, never repeated.
 */
export async function recoverInFlight(
  ctx: RepoContext,
  options: RecoverOptions,
): Promise<OutboxItem[]> {
  const partitions = options.partitions;
  const stale = (eb: ExpressionBuilder<Database, 'outbox'>) => {
    const conditions = [eb('lease_until', '<', options.now)];
    if (options.owner !== undefined) conditions.push(eb('lease_owner', '=', options.owner));
    if (partitions !== undefined && partitions.length > 0)
      conditions.push(eb('partition', 'in', [...partitions]));
    return eb.or(conditions);
  };
  return withTransaction(ctx, async (db) => {
    await db
      .updateTable('outbox')
      .set({ state: 'pending', lease_owner: null, lease_until: null, updated_at: options.now })
      .where('state', '=', sql.lit('claimed' as const))
      .where(stale)
      .execute();
    // Webhook calls are at-least-once: one in flight at a crash is simply made again.
    await db
      .updateTable('outbox')
      .set({
        state: 'pending',
        lease_owner: null,
        lease_until: null,
        next_attempt_at: options.now,
        updated_at: options.now,
      })
      .where('state', '=', sql.lit('in_flight' as const))
      .where('kind', '=', 'call_webhook')
      .where(stale)
      .execute();
    const rows = await db
      .updateTable('outbox')
      .set({ state: 'ambiguous', updated_at: options.now })
      .where('state', '=', sql.lit('in_flight' as const))
      .where(stale)
      .returningAll()
      .execute();
    return rows.map(fromRow).sort((a, b) => a.id - b.id);
  });
}

/**
 * Which of `partitions` have effects a dispatcher holds (claimed, or in flight): a worker
 * giving partitions back to share the work waits until its own are settled, so the worker
 * taking them over finds nothing to count as ambiguous. Reads only the two partial indexes
 * of those states.
 */
export async function partitionsInHand(
  ctx: RepoContext,
  partitions: readonly number[],
): Promise<number[]> {
  if (partitions.length === 0) return [];
  const found = new Set<number>();
  for (const state of ['claimed', 'in_flight'] as const) {
    const rows = await ctx.db
      .selectFrom('outbox')
      .select('partition')
      .distinct()
      .where('state', '=', sql.lit(state))
      .where('partition', 'in', [...partitions])
      .execute();
    for (const row of rows) found.add(row.partition);
  }
  return [...found].sort((a, b) => a - b);
}
