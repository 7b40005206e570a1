/**
 * A cancelled broadcast send's messages that have not left are withdrawn: their outbox rows
 * become failed and their message-log entries failed "cancelled", a page at a time.
 *
 * Withdrawing a million sends in one transaction held SQLite's only writer, and the event
 * loop, for 14 seconds (`npm run bench:cancel`): no webhook was acknowledged meanwhile. A
 * page is a short transaction, the event loop turns between pages, and pages go in the
 * order the dispatcher takes sends (due time, then id), so the dispatcher, which takes the
 * front of the queue, only ever meets sends already withdrawn. The first page commits with
 * the cancel itself. A process that dies between pages leaves the rest pending; on start
 * the runner finishes the withdrawal of every cancelled send before it dispatches anything
 * (`withdrawCancelledSends`).
 */
import type { Store } from '../store/open.js';
import type { Repositories } from '../store/repositories.js';

/** Sends withdrawn per transaction: each page holds the writer for tens of milliseconds. */
export const WITHDRAW_PAGE = 2000;

const REASON = 'cancelled';

/** Every outbox and message-log key of a send starts with this (a cancel finds them by it). */
export function sendKeyPrefix(dispatchId: string): string {
  return `send:${dispatchId}:`;
}

/** One page, in the caller's transaction; returns how many were withdrawn. */
export async function withdrawSendPage(
  tx: Repositories,
  dispatchId: string,
  page = WITHDRAW_PAGE,
): Promise<number> {
  const keys = await tx.outbox.withdrawPending(sendKeyPrefix(dispatchId), REASON, page);
  await tx.messages.failManyByKey(keys, REASON);
  return keys.length;
}

/** Pages until none is left, each in its own transaction; returns how many were withdrawn. */
export async function withdrawRemainingSends(
  store: Store,
  dispatchId: string,
  page = WITHDRAW_PAGE,
): Promise<number> {
  let withdrawn = 0;
  for (;;) {
    // Statements are synchronous and awaits between them only microtasks: without a turn
    // of the event loop before each page, no request would be read until the last one.
    await new Promise((resolve) => setImmediate(resolve));
    const n = await store.transaction((tx) => withdrawSendPage(tx, dispatchId, page));
    withdrawn += n;
    if (n < page) return withdrawn;
  }
}

/**
 * Finishes the withdrawal of every cancelled send still stored (jobs are pruned after
 * their retention): what a cancel interrupted by a crash left pending. Returns how many.
 */
export async function withdrawCancelledSends(store: Store, page = WITHDRAW_PAGE): Promise<number> {
  let withdrawn = 0;
  let after: string | undefined;
  do {
    const { jobs, next } = await store.broadcasts.list({
      state: 'cancelled',
      limit: 100,
      ...(after !== undefined ? { after } : {}),
    });
    for (const job of jobs) {
      const dispatchId = job.payload.dispatchId;
      if (job.kind === 'send' && typeof dispatchId === 'string' && dispatchId !== '')
        withdrawn += await withdrawRemainingSends(store, dispatchId, page);
    }
    after = next;
  } while (after !== undefined);
  return withdrawn;
}
