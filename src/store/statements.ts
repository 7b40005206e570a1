/**
 * Compiled statements reused across calls. Kysely builds and compiles a query tree on
 * every call; for a 500-row insert that is ~10 ms, three times the time SQLite needs to
 * run it. The SQL of a hot-path statement depends only on its shape (dialect, row count,
 * list lengths), so it is compiled once per shape and run again with fresh parameters.
 *
 * The caller lists the parameters in the order the SQL uses them. On every compile the
 * list is checked against Kysely's own, so a mismatch fails loudly (in tests) instead of
 * binding a value to the wrong column.
 */
import {
  CompiledQuery,
  sql,
  type Compilable,
  type Kysely,
  type QueryResult,
  type RawBuilder,
} from 'kysely';
import { chunks } from './context.js';
import { rowsPerStatement, type StoreCapabilities } from './dialect.js';
import { lruGet } from './lru.js';
import type { Database } from './schema.js';

/** Shapes kept per statement family; beyond this the least recently used is dropped. */
const SHAPES_PER_STATEMENT = 64;

export class StatementCache {
  private readonly compiled = new Map<string, string>();

  constructor(private readonly name: string) {}

  async run<O>(
    db: Kysely<Database>,
    caps: StoreCapabilities,
    shape: string,
    parameters: unknown[],
    build: () => Compilable<O>,
  ): Promise<QueryResult<O>> {
    const sql = lruGet(this.compiled, `${caps.dialect}:${shape}`, SHAPES_PER_STATEMENT, () => {
      const query = build().compile();
      const expected = query.parameters;
      if (
        expected.length !== parameters.length ||
        expected.some((p, i) => !Object.is(p, parameters[i]))
      ) {
        throw new Error(
          `statement ${this.name} (${shape}): parameters are not in the order of the compiled SQL`,
        );
      }
      return query.sql;
    });
    return db.executeQuery<O>(CompiledQuery.raw(sql, parameters));
  }

  /**
   * `run` for a statement over an IN list: the list is padded (padList), so the statement
   * has a shape per power of two, named `shape` and the padded length. `before` are the
   * parameters the SQL binds ahead of the list.
   */
  runWithList<T, O>(
    db: Kysely<Database>,
    caps: StoreCapabilities,
    values: readonly T[],
    build: (list: T[]) => Compilable<O>,
    { shape = '', before = [] }: { shape?: string; before?: readonly unknown[] } = {},
  ): Promise<QueryResult<O>> {
    const list = padList(values);
    return this.run(db, caps, `${shape}${list.length}`, [...before, ...list], () => build(list));
  }

  /**
   * `run` for a multi-row statement (an insert of `rows`, cut by statementChunks): its
   * shape is the row count, its parameters the rows' values column by column
   * (rowParameters). `after` are the parameters the SQL binds after the rows.
   */
  runWithRows<R, O>(
    db: Kysely<Database>,
    caps: StoreCapabilities,
    rows: readonly R[],
    columns: ReadonlyArray<keyof R>,
    build: () => Compilable<O>,
    { after = [] }: { after?: readonly unknown[] } = {},
  ): Promise<QueryResult<O>> {
    const parameters = [...rowParameters(rows, columns), ...after];
    return this.run(db, caps, String(rows.length), parameters, build);
  }
}

/** Flattens rows into one parameter list, columns in the given order. */
export function rowParameters<R>(rows: readonly R[], columns: ReadonlyArray<keyof R>): unknown[] {
  const out: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) for (const column of columns) out[i++] = row[column];
  return out;
}

/**
 * An IN list padded to the next power of two by repeating its last value: the same rows
 * match (IN ignores duplicates), and a statement whose list length varies with the batch
 * has a handful of shapes instead of one per length, so it stays compiled (here and in
 * SQLite's prepared-statement cache) rather than being rebuilt for each new length.
 */
export function padList<T>(values: readonly T[]): T[] {
  const out = [...values];
  const last = out[out.length - 1];
  if (last === undefined) return out;
  let size = 1;
  while (size < out.length) size *= 2;
  while (out.length < size) out.push(last);
  return out;
}

/**
 * Splits the rows of a multi-row statement (an insert, a VALUES list) into batches small
 * enough for one statement (`columns` values a row). Where statements are kept prepared
 * (SQLite), the batches' sizes are powers of two, largest first: 37 rows are 32 + 4 + 1.
 * Such a statement's SQL depends on its row count, and batches of every count made a
 * statement of each: compiled by Kysely and prepared by SQLite anew (144 µs for a 40-row
 * insert), pushing others out of both caches. At 500 replies/s that was a thousand
 * statements. With powers of two each has at most ten shapes, all kept, for a statement or
 * two more a batch. On Postgres every statement is a round trip, so a batch stays whole.
 * (A statement reading by an IN list pads its list instead: padList.)
 */
export function statementChunks<T>(
  items: readonly T[],
  caps: StoreCapabilities,
  columns: number,
): T[][] {
  const size = rowsPerStatement(caps, columns);
  if (!caps.keepsStatements) return chunks(items, size);
  let largest = 1;
  while (largest * 2 <= size) largest *= 2;
  const out: T[][] = [];
  for (let i = 0; i < items.length;) {
    let n = largest;
    while (n > items.length - i) n /= 2;
    out.push(items.slice(i, i + n));
    i += n;
  }
  return out;
}

/**
 * `(values (…), (…)) as <alias>`: rows to join an UPDATE against (UPDATE … FROM), one
 * statement for many rows each with values of its own. The columns are column1, column2, …
 * on both databases; Postgres types them as text, so a statement casts what it reads from
 * them (castTypes).
 */
export function valuesList(rows: ReadonlyArray<readonly unknown[]>, alias: string) {
  const values = sql.join(rows.map((row) => sql`(${sql.join(row)})`));
  return sql<Record<string, unknown>>`(values ${values})`.as(alias);
}

/**
 * A LIMIT written into the SQL rather than bound. SQLite (3.46 and later) looks at a bound
 * LIMIT while planning, and from then on every new binding of it makes the statement be
 * parsed and planned again before it runs: 15–30 µs a run, five times what the queue reads
 * that the runner repeats hundreds of times a second cost otherwise. Each limit value is
 * then a statement of its own; the callers' limits come from a handful of batch sizes.
 */
export function inlineLimit(limit: number): RawBuilder<number> {
  return sql.lit(Math.max(0, Math.trunc(limit)));
}
