import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { arrayRows, noteSchemaChange } from './sqlite-rows.js';

function database() {
  const db = new BetterSqlite3(':memory:');
  db.exec(`create table t (id integer primary key, name text, data blob, n real, note text)`);
  db.prepare('insert into t (name, data, n, note) values (?, ?, ?, ?)').run(
    'ana',
    Buffer.from([1, 2]),
    1.5,
    null,
  );
  db.prepare('insert into t (name, data, n, note) values (?, ?, ?, ?)').run('bo', null, 2, 'x');
  return db;
}

describe('arrayRows', () => {
  it('reads the same rows as better-sqlite3 objects, every value type', () => {
    const db = database();
    const sql = 'select * from t where id >= ? order by id';
    expect(arrayRows(db.prepare(sql)).all([1])).toEqual(db.prepare(sql).all(1));
    expect(arrayRows(db.prepare(sql)).all([1])).toEqual([
      { id: 1, name: 'ana', data: Buffer.from([1, 2]), n: 1.5, note: null },
      { id: 2, name: 'bo', data: null, n: 2, note: 'x' },
    ]);
    expect(arrayRows(db.prepare(sql)).all([9])).toEqual([]);
    expect([...arrayRows(db.prepare(sql)).iterate([2])]).toEqual([
      { id: 2, name: 'bo', data: null, n: 2, note: 'x' },
    ]);
  });

  it('keeps the last of two columns of one name, as better-sqlite3 does', () => {
    const db = database();
    const sql = 'select name as v, note as v from t order by id';
    expect(arrayRows(db.prepare(sql)).all([])).toEqual(db.prepare(sql).all());
    expect(arrayRows(db.prepare(sql)).all([])).toEqual([{ v: null }, { v: 'x' }]);
  });

  it('returns what RETURNING gives, and leaves plain writes alone', () => {
    const db = database();
    const insert = arrayRows(db.prepare('insert into t (name) values (?) returning id, name'));
    expect(insert.all(['cy'])).toEqual([{ id: 3, name: 'cy' }]);
    const update = arrayRows(db.prepare('update t set note = ? where id = ?'));
    expect(update.reader).toBe(false);
    expect(update.run(['y', 3])).toEqual({ changes: 1, lastInsertRowid: expect.any(Number) });
  });

  it('reads the columns again once the schema changed under a kept select *', () => {
    const db = database();
    const select = arrayRows(db.prepare('select * from t where id = ?'));
    expect(Object.keys(select.all([1])[0] as object)).toEqual(['id', 'name', 'data', 'n', 'note']);
    noteSchemaChange('select 1');
    noteSchemaChange('insert into t (name) values (1)');
    expect(Object.keys(select.all([1])[0] as object)).toHaveLength(5);
    const ddl = '\n  ALTER TABLE t ADD COLUMN extra text';
    noteSchemaChange(ddl);
    db.exec(ddl);
    expect(select.all([1])).toEqual([
      { id: 1, name: 'ana', data: Buffer.from([1, 2]), n: 1.5, note: null, extra: null },
    ]);
  });
});
