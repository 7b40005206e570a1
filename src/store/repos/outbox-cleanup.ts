/**
 * Clearing the outbox: housekeeping's prune of finished rows, and a cancelled broadcast's
 * sends withdrawn before they leave.
 */
import { sql } from 'kysely';
import { PRUNE_CHUNK, type RepoContext } from '../context.js';
import { StoreInputError } from '../errors.js';
import { inlineLimit } from '../statements.js';

/**
 * Deletes done and failed rows last updated before `before`, at most `limit` of them
 * (oldest first); returns how many. Ambiguous rows stay: someone has to look at them.
 */
export async function pruneOutbox(
  ctx: RepoContext,
  before: number,
  limit = PRUNE_CHUNK,
): Promise<number> {
  let deleted = 0;
  for (const state of ['done', 'failed'] as const) {
    if (deleted >= limit) break;
    const result = await ctx.db
      .deleteFrom('outbox')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('outbox')
          .select('id')
          .where('state', '=', sql.lit(state))
          .where('updated_at', '<', before)
          .orderBy('updated_at')
          .limit(inlineLimit(limit - deleted)),
      )
      .executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/**
 * Withdraws up to `limit` pending effects whose key starts with `prefix` (a cancelled
 * broadcast's sends): they become failed with `reason` and are never attempted. Rows
 * claimed or in flight are on their way and stay. The rows go in the order the dispatcher
 * takes them (due time, then id: the pending index's order), so a caller withdrawing page
 * after page stays ahead of the dispatcher. Returns the keys withdrawn.
 */
export async function withdrawPending(
  ctx: RepoContext,
  prefix: string,
  reason: string,
  limit: number,
): Promise<string[]> {
  if (prefix === '') throw new StoreInputError('withdrawPending: the key prefix must not be empty');
  if (!Number.isInteger(limit) || limit < 1)
    throw new StoreInputError(
      `withdrawPending: the limit must be a positive integer, not ${limit}`,
    );
  const rows = await ctx.db
    .updateTable('outbox')
    .set({ state: 'failed', last_error: reason, updated_at: ctx.now() })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('state', '=', sql.lit('pending' as const))
        // substr, not LIKE: a prefix may hold % or _, and both databases agree on substr.
        .where(sql`substr(${sql.ref('key')}, 1, ${prefix.length})`, '=', prefix)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(inlineLimit(limit)),
    )
    // Still pending: on Postgres a row the dispatcher claimed meanwhile is left to it.
    .where('state', '=', sql.lit('pending' as const))
    .returning('key')
    .execute();
  return rows.map((r) => r.key);
}
