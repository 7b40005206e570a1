import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './schema.js';
import { inlineLimit, padList } from './statements.js';

describe('padList', () => {
  it('pads to the next power of two with the last value, keeping the values', () => {
    expect(padList([])).toEqual([]);
    expect(padList(['a'])).toEqual(['a']);
    expect(padList(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(padList([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(padList(Array.from({ length: 33 }, (_, i) => i))).toHaveLength(64);
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
