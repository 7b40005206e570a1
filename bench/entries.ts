/**
 * `npm run bench:entries`: entering a million people into a canvas on SQLite, the way a
 * broadcast does (a job the runner walks, a page of contacts at a time into the inbox, and
 * enters each), and the pacing of the sends that follow: the first step sends a template to each
 * person through a number limited to 500 messages/s; the send rate is sampled per second
 * against the limit. BENCH_CONTACTS changes the count (default 20,000; a million takes about
 * four minutes here: BENCH_CONTACTS=1000000). It stops 10 s after the last entry: sends are
 * measured while they overlap entering, not until all have gone (that is count / 500 s).
 */
import { join } from 'node:path';
import { createRiposte, EMULATED_NUMBER } from '../src/server/riposte.js';
import { startFakeGraph } from './fake-graph.js';
import { fmt, machine } from './machine.js';
import { profiled } from './profile.js';
import { scratchDir } from './scratch.js';
import { insertContacts } from './seed-data.js';

const COUNT = Number(process.env.BENCH_CONTACTS ?? 20_000);
const RATE = 500;
const CANVAS = {
  specVersion: 1,
  id: 'launch',
  name: 'Launch',
  entry: { type: 'api' },
  settings: { number: 'main' },
  steps: [
    {
      id: 'announce',
      type: 'message',
      whatsapp: { template: 'launch_news', body: ["{{ user.first_name | default: 'there' }}"] },
    },
  ],
};

const graph = await startFakeGraph();
const riposte = await createRiposte({
  databaseUrl: `sqlite:${join(scratchDir('rp-entries-'), 'riposte.db')}`,
  numbers: [{ ...EMULATED_NUMBER, graphBaseUrl: graph.url, throughputPerSecond: RATE }],
});
riposte.channels.configurePairRate({ intervalMs: 1, burst: 1000 });
await riposte.store.templates.upsertMany([
  {
    wabaId: EMULATED_NUMBER.wabaId,
    name: 'launch_news',
    language: 'en_US',
    id: '1',
    status: 'APPROVED',
    category: 'UTILITY',
    parameterFormat: 'POSITIONAL',
    components: [{ type: 'BODY', text: 'Hi {{1}}, it is here.' }],
    qualityScore: null,
    rejectedReason: null,
  },
]);
await riposte.store.canvases.create(CANVAS.id, { name: CANVAS.name, draft: CANVAS });
await riposte.store.canvases.publish(CANVAS.id, CANVAS);
await insertContacts(riposte.store, COUNT, Date.now());

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
// When each request leaves Riposte for Graph (what its pacing decides), beside when it
// arrives at the stand-in (what Meta would count; it runs in a process of its own).
const departures: number[] = [];
const channel = riposte.channels.get('main');
if (channel) {
  const send = channel.client.send.bind(channel.client);
  channel.client.send = (to, body) => {
    departures.push(Date.now());
    return send(to, body);
  };
}
await riposte.start();
const started = Date.now();
// The broadcast, as /canvas/trigger/send makes one: a job the runner walks page by page.
await riposte.store.broadcasts.create({
  id: 'bench',
  kind: 'enter',
  payload: { canvasId: CANVAS.id, context: {} },
  audienceAt: started,
});
riposte.runner.notify();
let queued = 0;
// The measured phase that BENCH_PROFILE records: entering everyone, sends going meanwhile.
await profiled('entries', async () => {
  for (;;) {
    if ((await riposte.store.broadcasts.get('bench'))?.state === 'done') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  queued = (Date.now() - started) / 1000;
  for (;;) {
    if ((await riposte.store.inbox.backlog()) === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
});
const entered = (Date.now() - started) / 1000;
// Then sending alone, for a while.
await new Promise((r) => setTimeout(r, 10_000));
clearInterval(sampler);
// Pacing, over the seconds the number was busy (the first and last, partial, left out).
const { arrivals, total: sent } = await graph.arrivals();
const departed = pacing(departures);
const arrived = pacing(arrivals.map((a) => a.at));

/** Sends per whole second, their mean and error against the limit, and the worst sliding second. */
function pacing(times: number[]) {
  const perSecond = new Map<number, number>();
  for (const t of times)
    perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
  const busy = [...perSecond.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(1, -1)
    .map(([, n]) => n);
  const mean = busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length);
  const error = busy.reduce((a, n) => a + Math.abs(n - RATE) / RATE, 0) / Math.max(1, busy.length);
  const sorted = [...times].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j++;
    worst = Math.max(worst, i - j + 1);
  }
  return { seconds: busy.length, mean, error, worst };
}

const line = (name: string, p: ReturnType<typeof pacing>) =>
  `${name}: mean ${p.mean.toFixed(0)}/s over ${p.seconds} s, mean pacing error ${(p.error * 100).toFixed(1)}%, worst sliding second ${p.worst} (${Math.max(0, p.worst - RATE)} over the limit)`;

console.log(`machine: ${machine()}`);
console.log(
  `${fmt(COUNT)} people entered in ${entered.toFixed(0)} s (${fmt(COUNT / entered)} entries/s; all queued in ${queued.toFixed(0)} s), peak resident memory ${fmt(peak / 2 ** 20)} MB`,
);
console.log(`sends at a ${RATE}/s limit, ${fmt(sent)} sent so far`);
console.log(`  ${line('leaving Riposte', departed)}`);
console.log(`  ${line('arriving at the stand-in', arrived)}`);
await riposte.stop();
await graph.close();
