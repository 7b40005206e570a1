import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { postgresAdapter } from './postgres.js';
import type { Database } from './schema.js';
import { sqliteAdapter } from './sqlite.js';
import { inlineLimit, padList, statementChunks } from './statements.js';

describe('padList', () => {
  it('pads to the next power of two with the last value, keeping the values', () => {
    expect(padList([])).toEqual([]);
    expect(padList(['a'])).toEqual(['a']);
    expect(padList(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(padList([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(padList(Array.from({ length: 33 }, (_, i) => i))).toHaveLength(64);
  });
});

describe('statementChunks', () => {
  // SQLite's capabilities keep statements; rows of `columns` values, at most 500 a statement.
  const sqlite = sqliteAdapter.capabilities;
  const sizes = (n: number, columns: number, caps = sqlite) =>
    statementChunks(
      Array.from({ length: n }, (_, i) => i),
      caps,
      columns,
    ).map((c) => c.length);

  it('cuts powers of two, largest first, none over the size, every row once in order', () => {
    expect(sizes(0, 1)).toEqual([]);
    expect(sizes(1, 1)).toEqual([1]);
    expect(sizes(37, 1)).toEqual([32, 4, 1]);
    expect(sizes(64, 1)).toEqual([64]);
    expect(sizes(500, 1)).toEqual([256, 128, 64, 32, 16, 4]);
    // 32,766 parameters / 100 columns = 327 rows at most: pieces of 256 and less.
    expect(sizes(1000, 100)).toEqual([256, 256, 256, 128, 64, 32, 8]);
    expect(sizes(5, 1, { ...sqlite, maxParameters: 1 })).toEqual([1, 1, 1, 1, 1]);
    const rows = Array.from({ length: 77 }, (_, i) => `r${i}`);
    expect(statementChunks(rows, sqlite, 1).flat()).toEqual(rows);
  });

  it('has at most one shape per power of two, whatever the batch sizes', () => {
    const shapes = new Set<number>();
    for (let n = 1; n <= 600; n++) for (const size of sizes(n, 1)) shapes.add(size);
    expect([...shapes].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
  });

  it('keeps a batch whole where every statement is a round trip (Postgres)', () => {
    expect(sizes(37, 1, postgresAdapter.capabilities)).toEqual([37]);
    expect(sizes(1200, 1, postgresAdapter.capabilities)).toEqual([500, 500, 200]);
  });
});

describe('inlineLimit', () => {
  // Compiled only, never run: what matters is the SQL text SQLite would be given.
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new SqliteIntrospector(k),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });

  it('writes the limit into the SQL, a whole number, instead of binding it', () => {
    const query = db
      .selectFrom('inbox')
      .select('id')
      .where('partition', '=', 3)
      .limit(inlineLimit(64.9))
      .compile();
    expect(query.sql).toBe('select "id" from "inbox" where "partition" = ? limit 64');
    expect(query.parameters).toEqual([3]);
    expect(db.selectFrom('inbox').select('id').limit(inlineLimit(-2)).compile().sql).toBe(
      'select "id" from "inbox" limit 0',
    );
  });
});
