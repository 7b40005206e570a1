/**
 * What a page of a broadcast job queues, by kind (the runner walks the pages,
 * src/runner/broadcasts.ts): `enter` hands each person an `api.enter` inbox event for the
 * canvas, `send` puts the message in the outbox. Payloads are written by the routes that
 * create the jobs (canvas-trigger.ts, messages-send.ts).
 */
import type { BroadcastHandler } from '../../runner/broadcasts.js';
import type { Ingest } from '../../runner/ingest.js';
import type { Store } from '../../store/open.js';
import { queueMessagesIn, type MessageSpec } from './message-queue.js';

/** An `enter` job's payload. */
export interface EntrySpec {
  canvasId: string;
  context: Record<string, unknown>;
}

export function broadcastHandler(
  store: Store,
  ingest: () => Ingest,
  now: () => number,
): BroadcastHandler {
  return async (job, people) => {
    if (job.kind === 'send') {
      // Queued under a hold on the job, so a cancel either withdraws this page or stops it.
      return store.transaction(async (tx) =>
        (await tx.broadcasts.holdRunning(job.id))
          ? queueMessagesIn(tx, now(), job.payload as unknown as MessageSpec, people)
          : 0,
      );
    }
    const entry = job.payload as unknown as EntrySpec;
    await ingest().submit(
      people.map((contact) => ({
        // The dispatch id is the job's: the key the request-time walk used.
        dedupeKey: `api:enter:${job.id}:${contact.id}`,
        contactId: contact.id,
        payload: {
          kind: 'api.enter' as const,
          canvasId: entry.canvasId,
          context: entry.context,
          dispatchId: job.id,
        },
      })),
    );
    return people.length;
  };
}
