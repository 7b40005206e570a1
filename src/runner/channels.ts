/**
 * The business numbers this process sends from: a client per number with its pacing
 * (80 msg/s by default, shared fairly among the live workers) and per-recipient pair rate,
 * and a pause switch that channel-level errors (bad token, spam limit) flip.
 */
import type { WhatsAppClient } from '../channels/whatsapp/client.js';
import {
  PairRateLimiter,
  TokenBucket,
  type PairRateOptions,
} from '../channels/whatsapp/rate-limit.js';

export interface NumberChannel {
  id: string;
  phoneNumberId: string;
  client: WhatsAppClient;
  throughputPerSecond: number;
  bucket: TokenBucket;
  pair: PairRateLimiter;
  /** Sends are held until this time (a channel-pausing error); 0 = not paused. */
  pausedUntil: number;
  pauseReason?: string;
}

export class ChannelSet {
  private readonly numbers = new Map<string, NumberChannel>();
  private share = 1;
  private pairRate: PairRateOptions = {};
  /**
   * Sends this process has in flight at once, all numbers together. A crash makes each of
   * them ambiguous (sent or not, nobody knows), so this bounds the ambiguous sends per
   * crash. Unset, it follows the numbers' rates (see inFlightFor): as few as the rate needs.
   */
  #maxInFlight: number | undefined;

  get maxInFlight(): number {
    if (this.#maxInFlight !== undefined) return this.#maxInFlight;
    let total = 0;
    for (const n of this.numbers.values()) total += inFlightFor(n.throughputPerSecond);
    return Math.max(MIN_IN_FLIGHT, total);
  }

  set maxInFlight(value: number) {
    this.#maxInFlight = value;
  }

  add(
    id: string,
    phoneNumberId: string,
    client: WhatsAppClient,
    throughputPerSecond: number,
  ): void {
    this.numbers.set(id, {
      id,
      phoneNumberId,
      client,
      throughputPerSecond,
      bucket: bucketFor(throughputPerSecond),
      pair: new PairRateLimiter(this.pairRate),
      pausedUntil: 0,
    });
  }

  /** Per-recipient pacing (Meta: about 1 message / 6 s with small bursts); tests and load runs relax it. */
  configurePairRate(options: PairRateOptions): void {
    this.pairRate = options;
    for (const n of this.numbers.values()) n.pair = new PairRateLimiter(options);
  }

  get(id: string): NumberChannel | undefined {
    return this.numbers.get(id);
  }

  byPhoneNumberId(phoneNumberId: string): NumberChannel | undefined {
    for (const n of this.numbers.values()) if (n.phoneNumberId === phoneNumberId) return n;
    return undefined;
  }

  list(): NumberChannel[] {
    return [...this.numbers.values()];
  }

  /**
   * With N workers sending from the same numbers, each takes 1/N of every number's rate so
   * the total stays under Meta's limit.
   */
  setWorkerCount(workers: number): void {
    const share = Math.max(1, workers);
    if (share === this.share) return;
    this.share = share;
    for (const n of this.numbers.values()) n.bucket = bucketFor(n.throughputPerSecond / share);
  }

  async close(): Promise<void> {
    await Promise.all([...this.numbers.values()].map((n) => n.client.close()));
  }
}

/** The floor of the in-flight cap: webhook-free setups with one slow number still overlap sends. */
const MIN_IN_FLIGHT = 16;

/**
 * Sends a number needs in flight to keep its rate (Little's law: rate × round trip), with
 * Meta's round trip taken as 300 ms — 1,000 msg/s needs 300 in flight, 80 msg/s needs 24.
 */
export function inFlightFor(ratePerSecond: number): number {
  return Math.ceil(ratePerSecond * 0.3);
}

/**
 * Meta counts messages per second. The bucket never lets more than the rate into any
 * one-second window; its small burst (a tenth of a second's worth) only lets a sender
 * that was held up catch up a little, instead of a whole second's worth at once.
 */
function bucketFor(ratePerSecond: number): TokenBucket {
  return new TokenBucket({
    ratePerSecond,
    burst: Math.max(1, Math.ceil(ratePerSecond / 10)),
    // A millisecond to spare: the clock is read a moment before the request leaves.
    windowMs: 1001,
  });
}
