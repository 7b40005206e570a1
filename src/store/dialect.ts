/**
 * What differs between the databases, in one place. Core store code asks the adapter for
 * a column type or a capability; it never asks "is this SQLite?" (kysely's own model:
 * `supportsReturning` on the adapter, not dialect checks in the query code).
 */
import { sql } from 'kysely';
import type {
  ColumnDataType,
  CreateTableBuilder,
  Expression,
  Kysely,
  RawBuilder,
  SqlBool,
} from 'kysely';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface StoreCapabilities {
  dialect: DialectName;
  /** `FOR UPDATE SKIP LOCKED`: concurrent claimers take disjoint rows without waiting. */
  skipLocked: boolean;
  /** Row locks (`FOR UPDATE`). Without them the single writer already serializes writes. */
  rowLocks: boolean;
  /** Several worker processes may share this database (partition leases then matter). */
  multiWorker: boolean;
  /** Bound parameters allowed in one statement; batches are cut below it. */
  maxParameters: number;
  /**
   * The type names a bound value is cast to where the database cannot tell its type from
   * a column: the rows of a VALUES list, which Postgres types as text. On SQLite the casts
   * are no-ops for the values the store binds (text stays text, numbers stay integers).
   */
  castTypes: { json: string; bigint: string };
  /**
   * Statements are prepared once and kept by their SQL text (SQLite), so a statement should
   * come in few shapes (statementChunks). Postgres plans each query as it comes, where one
   * statement per batch saves round trips instead.
   */
  keepsStatements: boolean;
}

/** Column types that are spelled differently; everything else is portable SQL. */
export interface ColumnTypes {
  /** JSON documents: `text` or `jsonb`. */
  json: ColumnDataType;
  /** Epoch milliseconds and other integers that outgrow 32 bits. */
  bigint: ColumnDataType;
  /** Adds an auto-increment integer primary key column named `id`. */
  autoId<T extends string>(table: CreateTableBuilder<T>): CreateTableBuilder<T, 'id'>;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  /** Extra clean-up after the database is destroyed (e.g. the checkpoint thread). */
  close?: () => Promise<void>;
}

export interface DialectAdapter {
  capabilities: StoreCapabilities;
  columns: ColumnTypes;
}

/**
 * `column IN (pick)` for a claim: a statement that picks rows and updates them. Where rows
 * can be locked the pick takes `FOR UPDATE SKIP LOCKED` and is written `= ANY(ARRAY(pick))`,
 * which Postgres evaluates once. As an IN subquery the planner may run it again for each row
 * it scans, and every run skips the rows this same statement has just updated and locks the
 * next ones: a claim of one then took every pending row (a multi-owner test saw it under
 * load).
 */
export function pickedBy<Q extends Expression<unknown> & { forUpdate(): Q; skipLocked(): Q }>(
  caps: StoreCapabilities,
  column: string,
  pick: Q,
): RawBuilder<SqlBool> {
  return caps.skipLocked
    ? sql<SqlBool>`${sql.ref(column)} = any(array(${pick.forUpdate().skipLocked()}))`
    : sql<SqlBool>`${sql.ref(column)} in (${pick})`;
}

/** `SELECT … FOR UPDATE` where rows can be locked (read-modify-write under concurrency). */
export function lockIf<Q extends { forUpdate(): Q }>(caps: StoreCapabilities, query: Q): Q {
  return caps.rowLocks ? query.forUpdate() : query;
}

/** Rows per multi-row statement for a table with `columns` bound values per row. */
export function rowsPerStatement(caps: StoreCapabilities, columns: number, cap = 500): number {
  return Math.max(1, Math.min(cap, Math.floor(caps.maxParameters / columns)));
}
