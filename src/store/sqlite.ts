/**
 * The embedded default: one SQLite file through better-sqlite3. WAL lets readers run
 * beside the writer; `synchronous=NORMAL` (default) skips the fsync per commit and can
 * lose the last commits on power loss but never corrupts; FULL fsyncs every commit.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDatabase, SqliteStatement } from 'kysely';
import type { DialectAdapter, OpenedDatabase } from './dialect.js';
import type { Database } from './schema.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { lruGet } from './lru.js';
import { arrayRows, noteSchemaChange } from './sqlite-rows.js';

export const sqliteAdapter: DialectAdapter = {
  capabilities: {
    dialect: 'sqlite',
    skipLocked: false,
    rowLocks: false,
    multiWorker: false,
    // SQLITE_MAX_VARIABLE_NUMBER is 32766 since 3.32.
    maxParameters: 32_766,
    castTypes: { json: 'text', bigint: 'integer' },
    keepsStatements: true,
  },
  columns: {
    json: 'text',
    bigint: 'integer',
    // AUTOINCREMENT: ids are never reused, so arrival order survives deletes.
    autoId: (table) => table.addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement()),
  },
};

export interface SqliteOptions {
  path: string;
  synchronous?: 'NORMAL' | 'FULL';
  busyTimeoutMs?: number;
}

/** Prepared statements kept per SQL text; kysely prepares on every query otherwise. */
const STATEMENT_CACHE_SIZE = 500;

export function openSqlite(options: SqliteOptions): OpenedDatabase {
  const memory = options.path === ':memory:';
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  const raw = new BetterSqlite3(options.path);
  if (!memory) raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  raw.pragma('foreign_keys = ON');
  // Temp b-trees (sorts, IN lists) in memory: they are small and the disk is slower.
  raw.pragma('temp_store = MEMORY');
  // 64 MB of page cache instead of 2 MB: the hot indexes of a million waiting journeys
  // and timers stay in memory instead of being re-read page by page.
  raw.pragma('cache_size = -65536');
  // Checkpoints run in a worker thread (sqlite-checkpointer.ts); this is the safety net.
  const checkpointer = memory ? undefined : startCheckpointer(options.path);
  if (checkpointer) raw.pragma('wal_autocheckpoint = 20000');

  const cache = new Map<string, SqliteStatement>();
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare(sql) {
      noteSchemaChange(sql);
      return lruGet(cache, sql, STATEMENT_CACHE_SIZE, () => arrayRows(raw.prepare(sql)));
    },
  };
  // Kysely's SQLite driver holds one connection behind an async mutex: a transaction owns
  // the connection until it ends, so concurrent transactions queue instead of interleaving.
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(database) });
  return { db, ...(checkpointer ? { close: () => checkpointer.stop() } : {}) };
}

/**
 * Transactions start with BEGIN IMMEDIATE: the write lock is taken up front, where
 * busy_timeout applies, instead of failing with SQLITE_BUSY when a transaction that began
 * by reading tries to write while another process (a CLI, a second server) holds the lock.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SqliteDatabase) {
    super({ database });
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.database });
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
