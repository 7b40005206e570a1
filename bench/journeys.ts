/**
 * `npm run bench:journeys`: a million people waiting in Action Paths on SQLite — the
 * runner's resident memory while they wait (it must not hold them), the database size,
 * and timer expiries per second when every window closes at the same moment (each expiry
 * takes everyone-else and ends the journey: a real engine step and commit).
 * BENCH_JOURNEYS changes the count. The ceiling, in the same run, is the same reads and
 * writes in bare SQLite on a copy of the database (expiry-ceiling.ts).
 */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { validateCanvas } from '../src/canvas/validate.js';
import { ChannelSet } from '../src/runner/channels.js';
import { Runner } from '../src/runner/runner.js';
import { openStore } from '../src/store/open.js';
import { fmt, machine } from './machine.js';
import { bareExpiries } from './expiry-ceiling.js';
import { scratchDir } from './scratch.js';
import { profiled } from './profile.js';
import { insertContacts, insertWaitingJourneys } from './seed-data.js';

const COUNT = Number(process.env.BENCH_JOURNEYS ?? 1_000_000);
const CANVAS = {
  specVersion: 1,
  id: 'waiting',
  name: 'Waiting',
  entry: { type: 'api' },
  steps: [
    {
      id: 'answer',
      type: 'action_paths',
      window: '1d',
      groups: [{ id: 'reply', when: { inbound_whatsapp: {} } }],
      everyone_else: 'silent',
    },
    { id: 'silent', type: 'exit' },
  ],
};

const parsed = validateCanvas(CANVAS);
if (!parsed.ok) throw new Error('canvas invalid');
const dir = scratchDir('rp-journeys-');
const file = join(dir, 'riposte.db');
const store = await openStore({ url: `sqlite:${file}` });
await store.canvases.create(CANVAS.id, { name: CANVAS.name, draft: CANVAS });
await store.canvases.publish(CANVAS.id, CANVAS);

const now = Date.now();
const t0 = Date.now();
await insertContacts(store, COUNT, now);
await insertWaitingJourneys(store, parsed.canvas, COUNT, now, now + 60 * 60 * 1000);
const created = (Date.now() - t0) / 1000;
const size = () =>
  statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

// A fresh runner over the populated database: what does it hold while people wait?
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const runner = new Runner({ store, channels: new ChannelSet(), defaultNumber: 'main' });
await runner.start();
await new Promise((r) => setTimeout(r, 3000));
global.gc?.();
const rssWaiting = process.memoryUsage().rss;

// Every window closes now.
await runner.stop();
await store.db
  .updateTable('timers')
  .set({ due_at: Date.now() - 1 })
  .execute();
// The same-run ceiling first, on a copy of the database as it is now (all windows due).
await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
const copy = join(dir, 'ceiling.db');
copyFileSync(file, copy);
const ceiling = bareExpiries(copy, CANVAS.id, 'silent');
rmSync(copy, { force: true });
rmSync(`${copy}-wal`, { force: true });
rmSync(`${copy}-shm`, { force: true });
if (ceiling.expired !== COUNT) throw new Error(`the ceiling ended ${ceiling.expired} of ${COUNT}`);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const started = Date.now();
// CPU time per expiry (all threads of the process): steadier than the rate on a VM whose
// CPU is sometimes taken by its neighbours.
const cpuBefore = process.cpuUsage();
await profiled('expiries', async () => {
  await runner.start();
  for (;;) {
    const left = await store.db
      .selectFrom('timers')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .executeTakeFirst();
    if (Number(left?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
});
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);
await runner.stop();
const ended = await store.db
  .selectFrom('journeys')
  .select(({ fn }) => fn.countAll<number>().as('n'))
  .where('status', '=', 'ended')
  .executeTakeFirst();

console.log(`machine: ${machine()}`);
console.log(
  `${fmt(COUNT)} people waiting in Action Paths (created in ${created.toFixed(0)} s), SQLite`,
);
console.log(
  `resident memory: ${fmt(rssBefore / 2 ** 20)} MB before the runner, ${fmt(rssWaiting / 2 ** 20)} MB with the runner running while they wait (aim < 300 MB)`,
);
console.log(`database size: ${fmt(size() / 2 ** 20)} MB`);
console.log(
  `all windows closing at once: ${fmt(Number(ended?.n ?? 0))} journeys ended in ${seconds.toFixed(1)} s = ${fmt(COUNT / seconds)} timer expiries/s (aim ≥ 20,000), ${fmt((cpu.user + cpu.system) / COUNT)} µs of CPU each, peak memory ${fmt(peak / 2 ** 20)} MB`,
);
const rate = COUNT / seconds;
const ceilingRate = ceiling.expired / ceiling.seconds;
console.log(
  `ceiling: the same reads and writes in bare SQLite: ${fmt(ceilingRate)} expiries/s, ${fmt(ceiling.cpuPerExpiryUs)} µs of CPU each; Riposte at ${((rate / ceilingRate) * 100).toFixed(0)}% of it`,
);
await store.close();
