/**
 * Opening the store from the one database setting, and running migrations.
 *
 *   const store = await openStore({ url: process.env.DATABASE_URL ?? 'sqlite:./data/riposte.db' });
 *   await store.transaction(async (tx) => { await tx.journeys.upsertMany(…); await tx.outbox.insertMany(…); });
 *   await store.close();
 */
import { Migrator, type Kysely } from 'kysely';
import type { RepoContext } from './context.js';
import type { DialectAdapter, OpenedDatabase, StoreCapabilities } from './dialect.js';
import { StoreError } from './errors.js';
import { newId } from './ids.js';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import { openPostgres, postgresAdapter } from './postgres.js';
import { createRepositories, type Repositories } from './repositories.js';
import type { Database } from './schema.js';
import { openSqlite, sqliteAdapter } from './sqlite.js';
import { parseStoreUrl, redact } from './url.js';

export interface StoreOptions {
  /** `sqlite:./data/riposte.db`, `sqlite::memory:`, `postgres://…` or `postgresql://…`. */
  url: string;
  /** Run pending migrations on open (default true). */
  migrate?: boolean;
  /** SQLite: `NORMAL` (default; fast, may lose the last commits on power loss) or `FULL`. */
  synchronous?: 'NORMAL' | 'FULL';
  /** SQLite: how long a writer waits for a lock held by another process (default 5 s). */
  busyTimeoutMs?: number;
  /** Postgres: connections in the pool (default 10). */
  poolSize?: number;
  /** The clock for created_at / updated_at stamps (tests pass a fixed one). */
  now?: () => number;
  /** Name of the setting the url came from, for error messages (default DATABASE_URL). */
  setting?: string;
}

export interface Store extends Repositories {
  readonly capabilities: StoreCapabilities;
  /**
   * Runs `fn` in one transaction with repositories bound to it: everything commits
   * together or nothing does (the error is rethrown after rollback). On SQLite the
   * single connection serializes transactions: a second one waits for the first.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** The query builder, for what no repository covers (tests, one-off scripts). */
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const { adapter, opened } = connect(options);
  try {
    if (options.migrate !== false) await runMigrations(opened.db, adapter, options.url);
  } catch (error) {
    await opened.db.destroy();
    await opened.close?.();
    throw error;
  }
  const base: Omit<RepoContext, 'db'> = {
    caps: adapter.capabilities,
    now: options.now ?? Date.now,
    newId: () => newId(),
  };
  const repositories = createRepositories({ ...base, db: opened.db });
  let closed = false;
  return {
    ...repositories,
    capabilities: adapter.capabilities,
    db: opened.db,
    transaction: (fn) =>
      opened.db.transaction().execute((trx) => fn(createRepositories({ ...base, db: trx }))),
    close: async () => {
      if (closed) return;
      closed = true;
      await opened.db.destroy();
      await opened.close?.();
    },
  };
}

/** Brings a database up to date (the `riposte migrate` command); returns what ran. */
export async function migrate(url: string, setting = 'DATABASE_URL'): Promise<string[]> {
  const { adapter, opened } = connect({ url, setting });
  try {
    return await runMigrations(opened.db, adapter, url);
  } finally {
    await opened.db.destroy();
    await opened.close?.();
  }
}

/** Every migration this build knows, in order. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);

function connect(options: StoreOptions): { adapter: DialectAdapter; opened: OpenedDatabase } {
  const target = parseStoreUrl(options.url, options.setting);
  switch (target.dialect) {
    case 'sqlite': {
      const sqliteOptions = {
        path: target.path,
        synchronous: options.synchronous ?? target.synchronous,
        busyTimeoutMs: options.busyTimeoutMs,
      };
      return { adapter: sqliteAdapter, opened: openSqlite(sqliteOptions) };
    }
    case 'postgres':
      return {
        adapter: postgresAdapter,
        opened: openPostgres({
          connectionString: target.connectionString,
          poolSize: options.poolSize,
        }),
      };
  }
}

async function runMigrations(
  db: Kysely<Database>,
  adapter: DialectAdapter,
  url: string,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(adapter.columns),
    migrationTableName: 'store_migrations',
    migrationLockTableName: 'store_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = redact(error instanceof Error ? error.message : String(error));
    const message =
      failed === undefined
        ? `could not migrate the database at ${redact(url)}: ${reason}`
        : `database migration ${failed} failed on ${redact(url)}: ${reason}`;
    throw new StoreError('STORE_MIGRATION_FAILED', message, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
