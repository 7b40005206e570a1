/**
 * Which partitions this worker works, when workers share a database through leases
 * (Postgres). Each renewal keeps our leases alive, takes free or expired partitions up to a
 * fair share, and gives back what is over it — another worker joined.
 *
 * Giving back takes two steps, because the worker that takes a partition treats whatever
 * it finds there as left by a crash: claimed events go back to the queue, and sends in
 * flight are counted ambiguous, never repeated. So a partition over our share is first no
 * longer worked (no new claims or sends in it) while its lease is still renewed. Its lease
 * is released at a later renewal, once our batch in hand has committed (SETTLE_MS) and
 * none of our events are claimed and none of our sends claimed or in flight there. A send
 * that never answers holds it at most DRAIN_MAX_MS.
 */
import type { Store } from '../store/open.js';
import { PARTITION_COUNT } from './partitions.js';

/** A partition given back is released this long after it stopped being worked, at the soonest. */
export const SETTLE_MS = 1_000;
/** …and this long after at the latest, whatever is still in hand there. */
export const DRAIN_MAX_MS = 60_000;

export interface PartitionShareDeps {
  store: Store;
  owner: string;
  now: () => number;
  leaseTtlMs: number;
  /** Partitions gained: what their previous owner left claimed or in flight is recovered. */
  takeOver(partitions: readonly number[]): Promise<void>;
}

export class PartitionShare {
  private worked: number[] = [];
  /** Partitions over our share, still leased until drained: since when. */
  private readonly draining = new Map<number, number>();
  private workerCount = 1;

  constructor(private readonly deps: PartitionShareDeps) {}

  /** The partitions to read work from (ascending). */
  get partitions(): readonly number[] {
    return this.worked;
  }

  /** Workers sharing the database at the last renewal, this one included. */
  get workers(): number {
    return this.workerCount;
  }

  /** One renewal; returns the partitions gained (already taken over). */
  async renew(): Promise<number[]> {
    const { store, owner, leaseTtlMs } = this.deps;
    const { leases } = store;
    const now = this.deps.now();
    await leases.heartbeat(owner, now, leaseTtlMs);
    await leases.renew(owner, now, leaseTtlMs);
    const owners = new Set([...(await leases.owners(now)), owner]);
    this.workerCount = owners.size;
    const fair = Math.ceil(PARTITION_COUNT / owners.size);

    // The lowest partitions we hold are worked, up to our share; the rest drain.
    const held = [...new Set([...this.worked, ...this.draining.keys()])].sort((a, b) => a - b);
    const kept = held.slice(0, fair);
    for (const p of kept) this.draining.delete(p);
    for (const p of held.slice(fair)) if (!this.draining.has(p)) this.draining.set(p, now);
    this.worked = kept;
    await this.releaseDrained(now);

    // Keep every lease we hold (draining ones too) and take free ones up to our share.
    const mine = await leases.acquire(owner, {
      total: PARTITION_COUNT,
      wanted: fair + this.draining.size,
      now,
      ttlMs: leaseTtlMs,
    });
    const ours = new Set(mine);
    // A lease lost meanwhile (this process stalled past its TTL) is no longer ours to work.
    for (const p of this.draining.keys()) if (!ours.has(p)) this.draining.delete(p);
    const gained = mine.filter((p) => !this.worked.includes(p) && !this.draining.has(p));
    if (gained.length > 0) await this.deps.takeOver(gained);
    this.worked = mine.filter((p) => !this.draining.has(p));
    return gained;
  }

  private async releaseDrained(now: number): Promise<void> {
    const settled = [...this.draining].filter(([, since]) => now - since >= SETTLE_MS);
    if (settled.length === 0) return;
    const candidates = settled.map(([p]) => p);
    const { inbox, outbox } = this.deps.store;
    const busy = new Set([
      ...(await inbox.partitionsClaimed(candidates)),
      ...(await outbox.partitionsInHand(candidates)),
    ]);
    const free = settled
      .filter(([p, since]) => !busy.has(p) || now - since >= DRAIN_MAX_MS)
      .map(([p]) => p);
    if (free.length === 0) return;
    await this.deps.store.leases.release(this.deps.owner, free);
    for (const p of free) this.draining.delete(p);
  }
}
