/**
 * `npm run bench:cancel`: cancelling a broadcast send whose messages are still queued, on
 * SQLite — how long the withdrawal takes, and how long a small write that arrives meanwhile
 * (a webhook's group commit) waits for the database. Measured the way the cancel works
 * (the first page with the cancel, then a page per transaction: runner/cancelled-sends.ts)
 * and, as the same-run baseline, the way it worked before: every send in one transaction.
 * BENCH_SENDS changes the count (default 200,000).
 */
import { join } from 'node:path';
import { queueMessagesIn, type MessageSpec } from '../src/api/braze/message-queue.js';
import { withdrawRemainingSends, withdrawSendPage } from '../src/runner/cancelled-sends.js';
import type { ContactRecord } from '../src/store/repos/contact-rows.js';
import { openStore, type Store } from '../src/store/open.js';
import { fmt, machine } from './machine.js';
import { percentile } from './net.js';
import { scratchDir } from './scratch.js';

const SENDS = Number(process.env.BENCH_SENDS ?? 200_000);
const store = await openStore({ url: `sqlite:${join(scratchDir('rp-cancel-'), 'riposte.db')}` });

/** Queues `SENDS` sends of a dispatch, 2,000 people a transaction, as a broadcast's pages do. */
async function queue(dispatchId: string): Promise<void> {
  const now = Date.now();
  const spec: MessageSpec = {
    dispatchId,
    number: 'main',
    subscriptionState: 'all',
    message: {
      body: { type: 'text', text: { body: 'Spring sale' } },
      buttons: [],
      preview: 'Spring sale',
    },
  };
  for (let i = 0; i < SENDS; i += 2000) {
    const people: ContactRecord[] = Array.from({ length: Math.min(2000, SENDS - i) }, (_, k) => ({
      id: `c${i + k}`,
      phone: '+15550000000',
      attributes: {},
      subscriptions: {},
      lastInboundAt: {},
      createdAt: now,
      updatedAt: now,
    }));
    await store.transaction((tx) => queueMessagesIn(tx, now, spec, people));
  }
}

/**
 * Runs `cancel` while a small write is due every 2 ms (a metric increment, as small as a
 * webhook's commit), and returns how long the cancel took and how late those writes were
 * done: from when each was due (a timer, as a request's arrival is an event) to its commit,
 * so a blocked event loop counts as much as a held database.
 */
async function measured(cancel: () => Promise<number>) {
  const waits: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const asked = performance.now();
      await new Promise((r) => setTimeout(r, 2));
      await store.transaction((tx) =>
        tx.metrics.incrementMany([
          { canvasId: 'probe', version: 1, stepId: 'probe', metric: 'probe', at: Date.now() },
        ]),
      );
      waits.push(performance.now() - asked - 2);
    }
  })();
  const started = performance.now();
  const withdrawn = await cancel();
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await probe;
  waits.sort((a, b) => a - b);
  return { withdrawn, seconds, p50: percentile(waits, 50), max: waits[waits.length - 1] ?? 0 };
}

/** Before: the cancel withdrew everything in the transaction that stopped the job. */
const oneTransaction = (s: Store, dispatchId: string) =>
  s.transaction((tx) => withdrawSendPage(tx, dispatchId, SENDS + 1));

/** Now: the first page with the cancel, the rest a page per transaction. */
async function paged(s: Store, dispatchId: string): Promise<number> {
  const first = await s.transaction((tx) => withdrawSendPage(tx, dispatchId));
  return first + (await withdrawRemainingSends(s, dispatchId));
}

await queue('before');
await queue('now');
const before = await measured(() => oneTransaction(store, 'before'));
const now = await measured(() => paged(store, 'now'));
await store.close();

const line = (name: string, r: typeof before) =>
  `${name.padEnd(36)} ${fmt(r.withdrawn)} withdrawn in ${r.seconds.toFixed(1)} s; a small write due meanwhile was late p50 ${fmt(r.p50)} ms, at most ${fmt(r.max)} ms`;
console.log(`machine: ${machine()}`);
console.log(`cancelling a send of ${fmt(SENDS)} queued messages, SQLite`);
console.log(line('baseline: one transaction', before));
console.log(line('Riposte: a page per transaction', now));
