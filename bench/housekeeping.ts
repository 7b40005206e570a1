/**
 * `npm run bench:housekeeping`: pruning on SQLite. Done inbox events past the dedupe window
 * and done outbox rows past 30 days (BENCH_ROWS of each, default 300,000, as webhooks and
 * sends leave them), pruned by housekeeping in chunks of PRUNE_CHUNK with a yield between
 * them — how fast rows go, and the longest the event loop was held meanwhile (a webhook
 * arriving then waits that long). Baseline in the same run, on a copy of the same data: one
 * DELETE per table, as the repos did before housekeeping chunked them.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_RETENTION, housekeep } from '../src/runner/housekeeping.js';
import { PRUNE_CHUNK } from '../src/store/context.js';
import { openStore, type Store } from '../src/store/open.js';
import { INBOX_DEDUPE_RETENTION_MS } from '../src/store/repos/inbox.js';
import { fmt, machine } from './machine.js';
import { scratchDir } from './scratch.js';
import { contactId } from './seed-data.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 300_000);
const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
const old = now - 40 * DAY;

/** ROWS done inbox events and ROWS done outbox rows, all past retention, plus a day of fresh ones. */
async function fill(store: Store): Promise<void> {
  const chunk = 2000;
  for (let start = 0; start < ROWS; start += chunk) {
    const inbox = [];
    const outbox = [];
    for (let i = start; i < Math.min(ROWS, start + chunk); i++) {
      const at = i < ROWS * 0.9 ? old + i : now - DAY + i;
      inbox.push({
        dedupe_key: `wa:msg:wamid.${i}`,
        partition: i % 64,
        contact_id: contactId(i % 10_000),
        kind: 'wa.message',
        payload: 'null',
        received_at: at,
        state: 'done' as const,
        done_at: at,
      });
      outbox.push({
        key: `j${i}:send:1`,
        journey_id: `j${i}`,
        contact_id: contactId(i % 10_000),
        partition: i % 64,
        kind: 'send_whatsapp',
        number: 'main',
        payload: '{"to":{"phone":"+15550000000"},"body":{"type":"text","text":{"body":"Thanks!"}}}',
        state: 'done' as const,
        attempts: 1,
        next_attempt_at: at,
        result: '{"wamid":"wamid.x"}',
        created_at: at,
        updated_at: at,
      });
    }
    await store.db.insertInto('inbox').values(inbox).execute();
    await store.db.insertInto('outbox').values(outbox).execute();
  }
}

/**
 * Runs `prune` with a 1 ms interval ticking beside it: the longest gap between ticks is the
 * longest the event loop was held (a statement runs synchronously in better-sqlite3).
 */
async function timed(prune: () => Promise<number>) {
  let last = performance.now();
  let maxHoldMs = 0;
  const tick = setInterval(() => {
    const t = performance.now();
    maxHoldMs = Math.max(maxHoldMs, t - last);
    last = t;
  }, 1);
  const started = performance.now();
  const rows = await prune();
  const seconds = (performance.now() - started) / 1000;
  // Let the tick after the last statement land, so a hold at the very end counts too.
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(tick);
  return { rows, seconds, maxHoldMs };
}

const dir = scratchDir('rp-housekeeping-');
const file = join(dir, 'riposte.db');
let store = await openStore({ url: `sqlite:${file}` });
await fill(store);
await store.close();
copyFileSync(file, join(dir, 'copy.db'));

store = await openStore({ url: `sqlite:${file}` });
const chunked = await timed(async () => {
  const pruned = await housekeep(store, now, DEFAULT_RETENTION);
  return pruned.inbox + pruned.outbox;
});
await store.close();

const copy = await openStore({ url: `sqlite:${join(dir, 'copy.db')}` });
const whole = await timed(async () => {
  const inbox = await copy.db
    .deleteFrom('inbox')
    .where('state', '=', sql.lit('done'))
    .where('done_at', '<', now - INBOX_DEDUPE_RETENTION_MS)
    .executeTakeFirst();
  let outbox = 0n;
  for (const state of ['done', 'failed'] as const) {
    const result = await copy.db
      .deleteFrom('outbox')
      .where('state', '=', sql.lit(state))
      .where('updated_at', '<', now - DEFAULT_RETENTION.outboxMs)
      .executeTakeFirst();
    outbox += result.numDeletedRows;
  }
  return Number(inbox.numDeletedRows + outbox);
});
await copy.close();

console.log(`machine: ${machine()}`);
console.log(
  `${fmt(ROWS)} done inbox events and ${fmt(ROWS)} done outbox rows, 90% past retention; SQLite`,
);
const line = (name: string, r: typeof chunked) =>
  `${name}: ${fmt(r.rows)} rows in ${r.seconds.toFixed(1)} s = ${fmt(r.rows / r.seconds)} rows/s, event loop held at most ${r.maxHoldMs.toFixed(0)} ms`;
console.log(line(`housekeeping, chunks of ${fmt(PRUNE_CHUNK)}`, chunked));
console.log(line('baseline: one DELETE per table and state', whole));
