/**
 * Housekeeping: the queues keep what they must and no more. Without it the inbox, the
 * outbox and finished broadcast jobs grow for ever — every reply leaves a row in each —
 * and every index over them grows with them.
 *
 * - Inbox: done events are forgotten after the dedupe retention (8 days; Meta retries a
 *   webhook for up to 7), not sooner — their keys are what makes a late retry a duplicate.
 * - Outbox: done and failed effects after 30 days; the message log keeps what was sent and
 *   its statuses. Ambiguous rows stay until someone looks at them.
 * - Broadcast jobs: finished ones after 30 days.
 * - Dashboard sessions: once expired (they are refused from then on anyway).
 * - Journeys: only when a retention is set (`JOURNEY_RETENTION_DAYS`). Ended journeys and
 *   their history are a person's timeline, which a marketer expects to keep, and canvas
 *   analytics do not need them (counters live in `metrics`). RapidPro makes the same
 *   choice per deployment.
 *
 * Deletes go in chunks (PRUNE_CHUNK rows), yielding to the event loop between them, so a
 * first run over months of rows does not stall webhooks. One process runs it: the owner of
 * partition 0.
 */
import { INBOX_DEDUPE_RETENTION_MS } from '../store/repos/inbox.js';
import type { Store } from '../store/open.js';
import { eventLoopTurn } from '../store/event-loop.js';
import { drainPages, errorText, type LoopHost } from './loop-host.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Retention {
  /** Done and failed effects. */
  outboxMs: number;
  /** Finished broadcast jobs. */
  broadcastsMs: number;
  /** Ended journeys and their history; undefined keeps them. */
  journeysMs?: number;
}

export const DEFAULT_RETENTION: Retention = { outboxMs: 30 * DAY_MS, broadcastsMs: 30 * DAY_MS };

/** How often housekeeping runs, and how long after start it first does. */
export const HOUSEKEEPING_EVERY_MS = 10 * 60 * 1000;
const FIRST_RUN_AFTER_MS = 60 * 1000;

export interface Pruned {
  inbox: number;
  outbox: number;
  broadcasts: number;
  sessions: number;
  journeys: number;
}

/** Prunes everything older than its retention at `now`; `going()` false stops between chunks. */
export async function housekeep(
  store: Store,
  now: number,
  retention: Retention,
  going: () => boolean = () => true,
): Promise<Pruned> {
  const drain = (prune: () => Promise<number>) => drainPages(prune, going);
  const inbox = await drain(() => store.inbox.prune(now - INBOX_DEDUPE_RETENTION_MS));
  const outbox = await drain(() => store.outbox.prune(now - retention.outboxMs));
  const broadcasts = await drain(() => store.broadcasts.prune(now - retention.broadcastsMs));
  // A handful a day: one statement.
  const sessions = going() ? await store.sessions.pruneExpired(now) : 0;
  let journeys = 0;
  if (retention.journeysMs !== undefined) {
    const before = now - retention.journeysMs;
    let after: string | undefined;
    while (going()) {
      const chunk = await store.journeys.pruneEnded(before, after === undefined ? {} : { after });
      journeys += chunk.pruned;
      if (chunk.next === undefined) break;
      after = chunk.next;
      await eventLoopTurn();
    }
  }
  return { inbox, outbox, broadcasts, sessions, journeys };
}

/** Runs housekeeping a minute after start and then every ten, while this process owns partition 0. */
export async function housekeepingLoop(
  store: Store,
  retention: Retention,
  host: LoopHost,
  now: () => number,
  onPruned: (pruned: Pruned) => void,
  everyMs = HOUSEKEEPING_EVERY_MS,
): Promise<void> {
  let wait = Math.min(FIRST_RUN_AFTER_MS, everyMs);
  while (host.running()) {
    await host.idle(wait, () => {});
    wait = everyMs;
    if (!host.running() || !host.ownsFirstPartition()) continue;
    try {
      const pruned = await housekeep(store, now(), retention, () => host.running());
      onPruned(pruned);
      if (Object.values(pruned).some((n) => n > 0)) host.log('housekeeping', { ...pruned });
    } catch (error) {
      host.log('housekeeping failed', { error: errorText(error) });
    }
  }
}
