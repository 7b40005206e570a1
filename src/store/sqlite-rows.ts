/**
 * Rows read as arrays and made into objects here. better-sqlite3 builds each row object
 * in C++, one property set at a time, and that is most of what a read costs: measured on a
 * Riposte database, 500 contacts by id took 7 µs a row as objects against 0.8 µs to find
 * them, and 5 µs as arrays turned into objects in JavaScript by a function made for the
 * statement (rowMaker). A timer expiry reads a contact, a timer and a journey.
 *
 * Column names are kept per statement: `columns()` costs 20 µs a call. A `select *` may
 * name other columns once the schema changes (SQLite prepares the statement again), so a
 * statement that creates, alters or drops anything makes every statement read its names
 * again.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

let schemaGeneration = 0;

/** Call for every statement prepared: DDL makes the kept column names stale. */
export function noteSchemaChange(sql: string): void {
  // This runs for every statement: only one that starts with white space, a, c or d (any
  // case) can be DDL, and the first character is cheaper to look at than the regex.
  const code = sql.charCodeAt(0);
  const lower = code | 0x20;
  if (code > 0x20 && lower !== 0x61 && lower !== 0x63 && lower !== 0x64) return;
  if (/^\s*(create|alter|drop)\b/i.test(sql)) schemaGeneration++;
}

/**
 * The statement as Kysely's SQLite driver uses it, rows read as arrays. A statement that
 * writes without RETURNING is left as it is.
 */
export function arrayRows(stmt: BetterSqlite3.Statement): SqliteStatement {
  if (!stmt.reader) return stmt;
  let make: RowMaker | undefined;
  let generation = -1;
  const maker = (): RowMaker => {
    if (make === undefined || generation !== schemaGeneration) {
      make = rowMaker(stmt.columns().map((c) => c.name));
      generation = schemaGeneration;
    }
    return make;
  };
  stmt.raw(true);
  return {
    reader: true,
    all(parameters) {
      const rows = stmt.all(parameters) as unknown[];
      if (rows.length === 0) return rows;
      const toObject = maker();
      for (let i = 0; i < rows.length; i++) rows[i] = toObject(rows[i] as unknown[]);
      return rows;
    },
    run: (parameters) => stmt.run(parameters),
    *iterate(parameters) {
      const toObject = maker();
      for (const values of stmt.iterate(parameters)) yield toObject(values as unknown[]);
    },
  };
}

type RowMaker = (values: unknown[]) => Record<string, unknown>;

/**
 * A function that makes a row object from its values with one object literal, the column
 * names written in as string literals (JSON.stringify quotes them): every row gets the same
 * hidden class at once. Setting the properties in a loop instead cost ten times as much
 * (0.4 against 0.03 µs a row of 11 columns), its keyed stores being megamorphic. As in
 * better-sqlite3's own objects, a later column of the same name wins, and one named
 * __proto__ sets the prototype.
 */
function rowMaker(names: readonly string[]): RowMaker {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: values[${i}]`);
  return new Function('values', `return { ${fields.join(', ')} };`) as RowMaker;
}
