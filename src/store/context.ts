/**
 * What every repository is built from: a query executor (the store's database, or one
 * open transaction), the dialect's capabilities, a clock and an id generator. The same
 * repository classes serve `store.x` and `store.transaction((tx) => tx.x)`.
 */
import type { Kysely } from 'kysely';
import type { StoreCapabilities } from './dialect.js';
import type { Database } from './schema.js';

export interface RepoContext {
  db: Kysely<Database>;
  caps: StoreCapabilities;
  now: () => number;
  newId: () => string;
}

/**
 * Runs `fn` in a transaction: the caller's if there is one (repositories used inside
 * `store.transaction`), else a new one. SQLite has one connection, so nesting a second
 * `transaction()` would wait forever for the connection this one holds.
 */
export function withTransaction<T>(
  ctx: RepoContext,
  fn: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx.db);
  return ctx.db.transaction().execute(fn);
}

/**
 * Like withTransaction, but only when `needed`: a single statement is atomic on its own,
 * and skipping BEGIN / COMMIT saves two round trips on the hot paths.
 */
export function withTransactionIf<T>(
  ctx: RepoContext,
  needed: boolean,
  fn: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return needed ? withTransaction(ctx, fn) : fn(ctx.db);
}

/** Splits rows into batches small enough for one statement. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows a prune deletes per call. Housekeeping calls again until less comes back, yielding
 * between calls: one statement over months of rows would hold the write lock (and, on
 * SQLite, the event loop) for seconds while webhooks wait.
 */
export const PRUNE_CHUNK = 1000;
