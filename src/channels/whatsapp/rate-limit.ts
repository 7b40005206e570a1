/**
 * Send pacing, pure: the clock is an argument (ms), so tests and replays are exact.
 *
 * - Per business number: Meta allows 80 messages/s by default, up to 1,000 (reference §4);
 *   over it, 130429.
 * - Per recipient ("pair rate"): about 1 message / 6 s to one person; Meta tolerates bursts
 *   up to 45 but they borrow from future quota and third parties hit 131056 at 10–30/min,
 *   so the default burst is a conservative 5. After a burst the bucket refills at the
 *   steady rate (one slot per 6 s); Meta's "after a burst of N wait N × 6 s" is the time
 *   to refill the whole burst. If Meta answers 131056 anyway, `penalize` holds the person.
 *
 * Both are the generic cell rate algorithm (GCRA): a token bucket stored as one number,
 * the "theoretical arrival time" of the next message, so a recipient costs one map entry.
 */
import { DEFAULT_THROUGHPUT_PER_SECOND } from './config.js';

/** Meta: one message every 6 seconds to the same user. */
export const PAIR_INTERVAL_MS = 6000;
/** Our default burst to one user (Meta allows up to 45 but charges it to future quota). */
export const DEFAULT_PAIR_BURST = 5;
/** Recipients remembered at most; beyond this the least recently used is forgotten. */
export const DEFAULT_MAX_TRACKED_RECIPIENTS = 100_000;

interface Gcra {
  /** Ms between messages at the steady rate. */
  intervalMs: number;
  /** How far ahead of schedule a sender may run: (burst - 1) intervals. */
  toleranceMs: number;
}

function gcra(burst: number, intervalMs: number): Gcra {
  if (!(burst >= 1) || !(intervalMs > 0)) throw new RangeError('burst ≥ 1 and interval > 0');
  return { intervalMs, toleranceMs: (burst - 1) * intervalMs };
}

/** Take one slot at `now` given the stored arrival time: the new time, or the wait. */
function admit(g: Gcra, tat: number, now: number): { tat: number; waitMs: number } {
  const start = Math.max(tat, now);
  const ahead = start - now;
  if (ahead > g.toleranceMs) return { tat, waitMs: Math.ceil(ahead - g.toleranceMs) };
  return { tat: start + g.intervalMs, waitMs: 0 };
}

export interface TokenBucketOptions {
  /** Messages per second at the steady rate (default 80). */
  ratePerSecond?: number;
  /** Messages that may go at once after an idle spell (default: one second's worth). */
  burst?: number;
  /** The window no more than the rate may fall in (default 1000 ms). */
  windowMs?: number;
}

/**
 * The per-number limiter: `take(now)` is 0 when a message may go, else ms to wait.
 *
 * Two rules at once. The GCRA spreads sends at the steady rate with a small burst after an
 * idle spell; on its own it lets burst + rate through in some one-second window. So the
 * last `rate` send times are also kept (a ring), and a send waits until the one `rate`
 * sends back is a second old: no one-second window ever holds more than the rate.
 */
export class TokenBucket {
  readonly #g: Gcra;
  #tat = -Infinity;
  /** Times of the last `window.length` sends, oldest at `#next`. */
  readonly #window: number[];
  #next = 0;
  readonly #windowMs: number;

  constructor(options: TokenBucketOptions = {}) {
    const rate = options.ratePerSecond ?? DEFAULT_THROUGHPUT_PER_SECOND;
    this.#g = gcra(options.burst ?? rate, 1000 / rate);
    this.#windowMs = options.windowMs ?? 1000;
    this.#window = new Array<number>(Math.max(1, Math.floor(rate))).fill(-Infinity);
  }

  /** Claims a slot when it returns 0; claims nothing otherwise. */
  take(now: number): number {
    const { tat, waitMs } = admit(this.#g, this.#tat, now);
    const windowWait = this.#windowWait(now, 0);
    if (waitMs > 0 || windowWait > 0) return Math.max(waitMs, windowWait);
    this.#tat = tat;
    this.#window[this.#next] = now;
    this.#next = (this.#next + 1) % this.#window.length;
    return 0;
  }

  /** How many slots `take` would grant at `now`, one after another (claims none). */
  room(now: number): number {
    const ahead = Math.max(this.#tat, now) - now;
    if (ahead > this.#g.toleranceMs) return 0;
    const paced = Math.floor((this.#g.toleranceMs - ahead) / this.#g.intervalMs) + 1;
    let room = 0;
    while (room < paced && room < this.#window.length && this.#windowWait(now, room) === 0) room++;
    return room;
  }

  /** Ms until `take` would grant a slot (0: now). Claims nothing. */
  waitMs(now: number): number {
    return Math.max(admit(this.#g, this.#tat, now).waitMs, this.#windowWait(now, 0));
  }

  /** Meta said 130429 anyway (inbound counts too): hold every send for `ms`. */
  pause(now: number, ms: number): void {
    this.#tat = Math.max(this.#tat, now + ms + this.#g.toleranceMs);
  }

  /** Wait before the (k+1)-th next send so the last second holds at most `rate` sends. */
  #windowWait(now: number, k: number): number {
    const oldest = this.#window[(this.#next + k) % this.#window.length] ?? -Infinity;
    return Math.max(0, Math.ceil(oldest + this.#windowMs - now));
  }
}

export interface PairRateOptions {
  /** Ms between messages to one recipient at the steady rate (default 6000). */
  intervalMs?: number;
  /** Messages that may go to one recipient at once (default 5). */
  burst?: number;
  /** Memory bound (default 100,000 recipients). */
  maxRecipients?: number;
}

/**
 * The per-recipient limiter. A recipient whose bucket has refilled is forgotten (it
 * behaves exactly like a new one), so memory holds only recently messaged people; a hard
 * cap evicts the least recently used beyond `maxRecipients`, which at worst lets that
 * person get one early burst.
 */
export class PairRateLimiter {
  readonly #g: Gcra;
  readonly #max: number;
  /** recipient → arrival time; Map order is least recently used first. */
  readonly #tat = new Map<string, number>();

  constructor(options: PairRateOptions = {}) {
    this.#g = gcra(options.burst ?? DEFAULT_PAIR_BURST, options.intervalMs ?? PAIR_INTERVAL_MS);
    this.#max = options.maxRecipients ?? DEFAULT_MAX_TRACKED_RECIPIENTS;
  }

  /** 0 when a message to `recipient` may go now (the slot is claimed), else ms to wait. */
  take(recipient: string, now: number): number {
    this.#forgetIdle(now);
    const { tat, waitMs } = admit(this.#g, this.#tat.get(recipient) ?? -Infinity, now);
    this.#touch(recipient, tat);
    return waitMs;
  }

  /** Meta answered 131056 for this recipient: hold sends to them for `ms`. */
  penalize(recipient: string, now: number, ms: number): void {
    const tat = Math.max(this.#tat.get(recipient) ?? -Infinity, now + ms + this.#g.toleranceMs);
    this.#touch(recipient, tat);
  }

  /** Recipients currently remembered. */
  get size(): number {
    return this.#tat.size;
  }

  #touch(recipient: string, tat: number): void {
    this.#tat.delete(recipient);
    this.#tat.set(recipient, tat);
    for (const oldest of this.#tat.keys()) {
      if (this.#tat.size <= this.#max) break;
      this.#tat.delete(oldest);
    }
  }

  /**
   * Drop recipients at the LRU end whose arrival time has passed. A few per call keeps the
   * cost constant; anyone idle is at the front soon enough.
   */
  #forgetIdle(now: number): void {
    let checked = 0;
    for (const [recipient, tat] of this.#tat) {
      if (tat > now || checked++ >= 4) break;
      this.#tat.delete(recipient);
    }
  }
}
