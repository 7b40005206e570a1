/**
 * A status can arrive before the send that produced it is recorded (Meta answers fast).
 * Such a status waits in the inbox a little and is tried again, then is dropped after a few
 * seconds of tries: a status for a message that was never ours (or whose record is gone)
 * must not come back for ever.
 */
import type { Store } from '../store/open.js';
import type { InboxEvent } from '../store/repos/inbox.js';

const RETRY_MS = 200;
const MAX_ATTEMPTS = 25;

export class OrphanStatuses {
  /** Tries so far of statuses whose send is not recorded yet, by inbox id. */
  private readonly tries = new Map<number, number>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly log: (message: string, fields?: Record<string, unknown>) => void,
  ) {}

  /** After a batch: `orphans` are the statuses of `batch` whose send is still unknown. */
  async handle(batch: readonly InboxEvent[], orphans: readonly InboxEvent[]): Promise<void> {
    // A status applied at last needs its count of tries no more.
    if (this.tries.size > 0) {
      const still = new Set(orphans.map((o) => o.id));
      for (const e of batch) if (!still.has(e.id)) this.tries.delete(e.id);
    }
    if (orphans.length === 0) return;
    const drop: number[] = [];
    const keep: number[] = [];
    for (const o of orphans) {
      const tries = (this.tries.get(o.id) ?? 0) + 1;
      if (tries > MAX_ATTEMPTS) {
        drop.push(o.id);
        this.tries.delete(o.id);
      } else {
        this.tries.set(o.id, tries);
        keep.push(o.id);
      }
    }
    // Put off in the inbox itself: while they wait, batches read what comes after them.
    if (keep.length > 0) await this.store.inbox.defer(keep, this.now() + RETRY_MS);
    if (drop.length > 0) {
      this.log('status for an unknown message dropped', { count: drop.length });
      await this.store.inbox.complete(drop);
    }
  }
}
