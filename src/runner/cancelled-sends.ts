/**
 * A cancelled broadcast send's messages that have not left are withdrawn: their outbox rows
 * become failed and their message-log entries failed "cancelled".
 *
 * The cancel withdraws them a page at a time. Withdrawing a million sends in one
 * transaction held SQLite's only writer, and the event loop, for 14 seconds
 * (`npm run bench:cancel`): no webhook was acknowledged meanwhile. A page is a short
 * transaction, the event loop turns between pages, and pages go in the order the
 * dispatcher takes sends (due time, then id), so the dispatcher, which takes the front of
 * the queue, meets sends already withdrawn. The first page commits with the cancel itself.
 *
 * The dispatcher is the backstop (`CancelledDispatches`): a send of a cancelled job that
 * reaches it anyway is withdrawn instead of sent. That covers a cancel cut short by a crash
 * between pages, and on Postgres a send another worker had claimed at that moment and then
 * gave back or retried.
 */
import type { Store } from '../store/open.js';
import type { Repositories } from '../store/repositories.js';
import { drainPages } from './loop-host.js';

/** Sends withdrawn per transaction: each page holds the writer for tens of milliseconds. */
export const WITHDRAW_PAGE = 2000;

/** The error a withdrawn send's outbox row and message carry. */
export const WITHDRAWN_REASON = 'cancelled';

const SEND_KEYS = 'send:';

/** Every outbox and message-log key of a send starts with this (a cancel finds them by it). */
export function sendKeyPrefix(dispatchId: string): string {
  return `${SEND_KEYS}${dispatchId}:`;
}

/** One page, in the caller's transaction; returns how many were withdrawn. */
export async function withdrawSendPage(
  tx: Repositories,
  dispatchId: string,
  page = WITHDRAW_PAGE,
): Promise<number> {
  const keys = await tx.outbox.withdrawPending(sendKeyPrefix(dispatchId), WITHDRAWN_REASON, page);
  await tx.messages.failManyByKey(keys, WITHDRAWN_REASON);
  return keys.length;
}

/** Pages until none is left, each in its own transaction; returns how many were withdrawn. */
export async function withdrawRemainingSends(
  store: Store,
  dispatchId: string,
  page = WITHDRAW_PAGE,
): Promise<number> {
  // Until a page finds none: on Postgres a page comes up short when rows in it were
  // claimed meanwhile, with more pending after them. The event loop turns before each page,
  // so requests are read between them.
  return drainPages(() => store.transaction((tx) => withdrawSendPage(tx, dispatchId, page)));
}

/** The dispatch a one-off send's outbox key belongs to (sendKeyPrefix), if it is one. */
export function dispatchOfSendKey(key: string): string | undefined {
  if (!key.startsWith(SEND_KEYS)) return undefined;
  const end = key.indexOf(':', SEND_KEYS.length);
  return end < 0 ? undefined : key.slice(SEND_KEYS.length, end);
}

/** How long the dispatcher trusts its list of cancelled dispatches. */
const REFRESH_MS = 1000;

/**
 * Which dispatches are cancelled, for the dispatcher to check wave after wave: read again
 * at most once a second, and only while one-off sends come through. Within that second the
 * cancel's first page, the front of the queue, is already withdrawn.
 */
export class CancelledDispatches {
  private ids = new Set<string>();
  private readAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  /** The keys among these that belong to a cancelled dispatch. */
  async cancelled(keys: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    const sends = keys.filter((key) => dispatchOfSendKey(key) !== undefined);
    if (sends.length === 0) return out;
    if (this.now() - this.readAt >= REFRESH_MS) {
      this.ids = await this.store.broadcasts.cancelledSendDispatches();
      this.readAt = this.now();
    }
    for (const key of sends) if (this.ids.has(dispatchOfSendKey(key) ?? '')) out.add(key);
    return out;
  }
}
