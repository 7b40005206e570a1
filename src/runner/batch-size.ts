/**
 * How many inputs the runner takes per batch. A batch holds the event loop while SQLite
 * commits it (better-sqlite3 is synchronous), and meanwhile no send leaves and no webhook
 * is answered. Batches are sized to take about TARGET_MS, so the dispatcher gets its turn
 * often enough to keep a number's rate and replies are not held behind a long batch. 15 ms
 * against 40 ms, back to back in bench:turnaround: p99 at 500 replies/s 202 ms against 283,
 * at 750/s 310 ms against 403, with expiries per second unchanged (they stay per-row bound).
 */
const TARGET_MS = 15;
/** The smallest batch: commits cost too. */
const MIN_BATCH = 64;

export class BatchSize {
  private current: number;

  constructor(private readonly max: number) {
    this.current = max;
  }

  get limit(): number {
    return this.current;
  }

  /** A batch of `size` inputs took `elapsedMs`: the next limit. */
  adapt(size: number, elapsedMs: number): void {
    // A batch that was not full and quick says nothing about how many more would fit.
    if (size === 0 || elapsedMs <= 0) return;
    if (size < this.current && elapsedMs <= TARGET_MS) return;
    const fitting = Math.round((size * TARGET_MS) / elapsedMs);
    // Powers of two only (and the maximum): full batches then come in a few sizes, and the
    // statements sized by them stay compiled and prepared instead of one per size.
    let limit = Math.min(MIN_BATCH, this.max);
    while (limit * 2 <= Math.min(fitting, this.max)) limit *= 2;
    this.current = fitting >= this.max ? this.max : limit;
  }
}
