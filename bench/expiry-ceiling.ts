/**
 * The same-run ceiling for timer expiries (`bench:journeys`): the reads and writes Riposte
 * makes per expired window, in bare better-sqlite3 on a copy of the same database, with no
 * engine, no query builder and no JSON parsed. Batches of 500, one transaction each, as the
 * runner's: read the due timers, their journeys, their contacts and per-number state; end
 * each journey (its state rewritten as a string of the same size), add its history row,
 * delete its timer; count the batch's exits in one metrics upsert.
 *
 * What is left between this and Riposte is what Riposte adds to the rows: the engine's
 * step, the journey's JSON, and the statements built through Kysely.
 */
import Database from 'better-sqlite3';

const BATCH = 500;

export interface CeilingResult {
  expired: number;
  seconds: number;
  cpuPerExpiryUs: number;
}

export function bareExpiries(file: string, canvasId: string, exitStep: string): CeilingResult {
  const db = new Database(file);
  // As src/store/sqlite.ts opens it.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // Riposte checkpoints from a thread of its own and lets the WAL grow this far meanwhile.
  db.pragma('wal_autocheckpoint = 20000');
  const list = `(${Array.from({ length: BATCH }, () => '?').join(', ')})`;
  const due = db.prepare(
    'select key, journey_id, contact_id from timers where due_at <= ? order by due_at, key limit 500',
  );
  const journeys = db.prepare(`select id, state, row_version from journeys where id in ${list}`);
  const contacts = db.prepare(`select * from contacts where id in ${list}`);
  const numbers = db.prepare(`select * from contact_numbers where contact_id in ${list}`);
  const end = db.prepare(
    `update journeys set status = 'ended', step_id = ?, state = ?, updated_at = ?, ended_at = ?,
       row_version = row_version + 1 where id = ? and row_version = ?`,
  );
  const history = db.prepare(
    'insert into journey_history (journey_id, contact_id, canvas_id, step_id, branch, at) values (?, ?, ?, ?, null, ?)',
  );
  const deleteTimer = db.prepare('delete from timers where key = ?');
  const count = db.prepare(
    `insert into metrics (canvas_id, version, step_id, metric, label, hour, count)
       values (?, 1, ?, 'exited', '', ?, ?)
       on conflict (canvas_id, version, step_id, metric, label, hour)
       do update set count = metrics.count + excluded.count`,
  );
  const pad = (ids: string[]) => [...ids, ...Array<string>(BATCH - ids.length).fill('')];
  const batch = db.transaction((now: number) => {
    const timers = due.all(now) as Array<{ key: string; journey_id: string; contact_id: string }>;
    if (timers.length === 0) return 0;
    const rows = journeys.all(pad(timers.map((t) => t.journey_id))) as Array<{
      id: string;
      state: string;
      row_version: number;
    }>;
    const people = pad(timers.map((t) => t.contact_id));
    contacts.all(people);
    numbers.all(people);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const timer of timers) {
      const row = byId.get(timer.journey_id);
      if (row === undefined) continue;
      end.run(
        exitStep,
        row.state.replace('"waiting"', '"ended"'),
        now,
        now,
        row.id,
        row.row_version,
      );
      history.run(row.id, timer.contact_id, canvasId, exitStep, now);
      deleteTimer.run(timer.key);
    }
    count.run(canvasId, exitStep, Math.floor(now / 3_600_000) * 3_600_000, timers.length);
    return timers.length;
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let expired = 0;
  for (;;) {
    const n = batch(Date.now());
    if (n === 0) break;
    expired += n;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { expired, seconds, cpuPerExpiryUs: (cpu.user + cpu.system) / Math.max(1, expired) };
}
