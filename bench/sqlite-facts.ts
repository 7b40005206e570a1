/**
 * `npm run bench:sqlite-facts`: DESIGN.md §6's SQLite facts measured again on this machine,
 * with better-sqlite3 alone (no Riposte code), so a benchmark's figures can be read against
 * the machine the aims were set on. Three runs each, median printed:
 * - single-row transactions (WAL, synchronous=NORMAL, SQLite's own checkpoints) — §6 ~40k/s;
 * - the same with checkpoints left to another thread, as Riposte runs (no autocheckpoint);
 * - rows inserted in transactions of 100 — §6 ~90k rows/s;
 * - read-modify-write of a state row, a transaction each — §6 ~65k/s.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fmt, machine, median } from './machine.js';
import { scratchDir } from './scratch.js';

const RUNS = 3;
const PAYLOAD = 'x'.repeat(300);

function open(checkpoints: boolean): Database.Database {
  const db = new Database(join(scratchDir('rp-facts-'), 'facts.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  if (!checkpoints) db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (id integer primary key, k text unique, v text)');
  return db;
}

/** Operations per second of `body`, which performs `count` of them. */
function rate(count: number, body: () => void): number {
  const started = process.hrtime.bigint();
  body();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

function singleRow(checkpoints: boolean): number {
  const db = open(checkpoints);
  const insert = db.prepare('insert into t (k, v) values (?, ?)');
  const one = db.transaction((i: number) => insert.run(`k${i}`, PAYLOAD));
  const n = 40_000;
  const result = rate(n, () => {
    for (let i = 0; i < n; i++) one(i);
  });
  db.close();
  return result;
}

function batched(): number {
  const db = open(true);
  const insert = db.prepare('insert into t (k, v) values (?, ?)');
  const hundred = db.transaction((start: number) => {
    for (let i = start; i < start + 100; i++) insert.run(`k${i}`, PAYLOAD);
  });
  const n = 200_000;
  const result = rate(n, () => {
    for (let start = 0; start < n; start += 100) hundred(start);
  });
  db.close();
  return result;
}

function readModifyWrite(): number {
  const db = open(true);
  const insert = db.prepare('insert into t (k, v) values (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(`k${i}`, PAYLOAD);
  })();
  const read = db.prepare<[number], { v: string }>('select v from t where id = ?');
  const write = db.prepare('update t set v = ? where id = ?');
  const step = db.transaction((id: number) => {
    const row = read.get(id);
    write.run(`${row?.v.slice(1) ?? ''}y`, id);
  });
  const n = 50_000;
  const result = rate(n, () => {
    for (let i = 0; i < n; i++) step(1 + (i % 1000));
  });
  db.close();
  return result;
}

const facts: Array<[string, string, () => number]> = [
  ['single-row transactions/s', '~40,000', () => singleRow(true)],
  ['  the same, checkpoints elsewhere', '', () => singleRow(false)],
  ['rows/s in transactions of 100', '~90,000', batched],
  ['read-modify-write transactions/s', '~65,000', readModifyWrite],
];

console.log(`machine: ${machine()}`);
console.log(`better-sqlite3 alone, WAL, synchronous=NORMAL; median of ${RUNS} runs`);
console.log(`${''.padEnd(36)} ${'here'.padStart(9)}   DESIGN.md §6`);
for (const [name, design, measure] of facts) {
  const rates = Array.from({ length: RUNS }, measure);
  const reference = design === '' ? '' : `   ${design}`;
  console.log(`${name.padEnd(36)} ${fmt(median(rates)).padStart(9)}${reference}`);
}
