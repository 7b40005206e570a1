/**
 * Postgres through a `pg` Pool: the scale-out database (several workers, SKIP LOCKED
 * claims). Type parsers make rows look like SQLite's: int8 as numbers (epoch ms fits in
 * 2^53), jsonb as text (decoded by the repositories, one code path for both databases).
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DialectAdapter, OpenedDatabase } from './dialect.js';
import type { Database } from './schema.js';

export const postgresAdapter: DialectAdapter = {
  capabilities: {
    dialect: 'postgres',
    skipLocked: true,
    rowLocks: true,
    multiWorker: true,
    maxParameters: 65_535,
    castTypes: { json: 'jsonb', bigint: 'bigint' },
    keepsStatements: false,
  },
  columns: {
    json: 'jsonb',
    bigint: 'bigint',
    autoId: (table) =>
      table.addColumn('id', 'bigint', (col) => col.primaryKey().generatedByDefaultAsIdentity()),
  },
};

const INT8 = 20;
const NUMERIC = 1700;
const JSON_OID = 114;
const JSONB = 3802;

function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return Number;
  if (oid === JSON_OID || oid === JSONB) return (value: string) => value;
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid);
}

export interface PostgresOptions {
  connectionString: string;
  poolSize?: number;
}

export function openPostgres(options: PostgresOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types: { getTypeParser } as pg.CustomTypesConfig,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db };
}
