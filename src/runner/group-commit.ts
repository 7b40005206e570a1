/**
 * Group commit: many callers' items share one database transaction (one fsync). A submit
 * resolves once its items are durable. The first item of a quiet period waits at most
 * `maxDelayMs` for company; a full batch flushes at once. This is the lever for ingest
 * throughput (DESIGN.md §6: one insert per request ~3k/s, 5 ms group commit ~12k/s).
 */
import { eventLoopTurn } from '../store/event-loop.js';

export interface GroupCommitOptions {
  maxDelayMs?: number;
  maxBatch?: number;
}

interface Pending<I, R> {
  items: I[];
  resolve: (results: R[]) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<I, R> {
  private queue: Array<Pending<I, R>> = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly write: (items: I[]) => Promise<R[]>,
    options: GroupCommitOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? 2;
    this.maxBatch = options.maxBatch ?? 1000;
  }

  submit(items: I[]): Promise<R[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.queued += items.length;
      if (this.queued >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
  }

  /** Waits until everything submitted so far is written. */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.timer) {
      this.flushSoon(0);
      await this.flushing;
      await eventLoopTurn();
    }
    await this.flushing;
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // Writes run one after another: on SQLite there is one writer anyway.
      this.flushing = this.flushing.then(() => this.flush());
    }, delay);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.queued = 0;
    if (batch.length === 0) return;
    const items = batch.flatMap((p) => p.items);
    try {
      const results = await this.write(items);
      let offset = 0;
      for (const p of batch) {
        p.resolve(results.slice(offset, offset + p.items.length));
        offset += p.items.length;
      }
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
