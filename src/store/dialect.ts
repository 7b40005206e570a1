/**
 * What differs between the databases, in one place. Core store code asks the adapter for
 * a column type or a capability; it never asks "is this SQLite?" (kysely's own model:
 * `supportsReturning` on the adapter, not dialect checks in the query code).
 */
import type { ColumnDataType, CreateTableBuilder, Kysely } from 'kysely';
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

/** `SELECT … FOR UPDATE SKIP LOCKED` where the database has it, a plain select otherwise. */
export function skipLockedIf<Q extends { forUpdate(): Q; skipLocked(): Q }>(
  caps: StoreCapabilities,
  query: Q,
): Q {
  return caps.skipLocked ? query.forUpdate().skipLocked() : query;
}

/** `SELECT … FOR UPDATE` where rows can be locked (read-modify-write under concurrency). */
export function lockIf<Q extends { forUpdate(): Q }>(caps: StoreCapabilities, query: Q): Q {
  return caps.rowLocks ? query.forUpdate() : query;
}

/** Rows per multi-row statement for a table with `columns` bound values per row. */
export function rowsPerStatement(caps: StoreCapabilities, columns: number, cap = 500): number {
  return Math.max(1, Math.min(cap, Math.floor(caps.maxParameters / columns)));
}
