/**
 * Token buckets for Meta's two send throttles: per business number (throughput, default 80
 * messages/s, error 130429) and per business–user pair (about one message every 6 s with a
 * burst that borrows from later, error 131056).
 */

export interface BucketSettings {
  /** Tokens the bucket holds when full (the burst). */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

const MAX_BUCKETS = 10_000;

interface BucketState {
  tokens: number;
  at: number;
}

/** Many buckets with the same settings, keyed by a string, created full on first use. */
export class TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private settings: (key: string) => BucketSettings) {}

  /** Take one token; false (and nothing taken) when the bucket is empty. */
  take(key: string, now: number): boolean {
    const { capacity, refillPerSecond } = this.settings(key);
    const state = this.buckets.get(key) ?? { tokens: capacity, at: now };
    const refilled = Math.min(
      capacity,
      state.tokens + (Math.max(0, now - state.at) / 1000) * refillPerSecond,
    );
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: now });
      return false;
    }
    this.buckets.set(key, { tokens: refilled - 1, at: now });
    if (this.buckets.size > MAX_BUCKETS) this.prune(now);
    return true;
  }

  /** A bucket that has refilled completely carries no information; drop those. */
  private prune(now: number): void {
    for (const [key, state] of this.buckets) {
      const { capacity, refillPerSecond } = this.settings(key);
      if (state.tokens + ((now - state.at) / 1000) * refillPerSecond >= capacity)
        this.buckets.delete(key);
    }
  }

  clear(): void {
    this.buckets.clear();
  }
}
