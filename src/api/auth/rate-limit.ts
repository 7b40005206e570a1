/**
 * Braze's REST rate limits (reference §4b), per API key, counted in memory in fixed
 * windows. Each answer carries `X-RateLimit-Limit/Remaining/Reset` (Reset in UTC epoch
 * seconds, as Braze sends it); over the limit the request is refused with 429.
 *
 * In memory means per process: with N web processes the effective limit is N times this.
 * Braze's limits protect a shared service; here they protect one installation, and a
 * client written against Braze behaves the same.
 */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/** Buckets by name; endpoints that share a Braze limit share a bucket. */
export const BRAZE_LIMITS = {
  /** `/users/track`: 3,000 requests per 3 seconds. */
  'users.track': { limit: 3000, windowMs: 3000 },
  /** Messaging endpoints to explicit recipients: 250,000 per hour, shared. */
  messaging: { limit: 250_000, windowMs: HOUR },
  /** Messaging endpoints to a whole segment or audience (broadcast): 250 per minute. */
  broadcast: { limit: 250, windowMs: MINUTE },
  /** `/subscription/status/set` (v1 and v2): 5,000 per minute. */
  'subscription.set': { limit: 5000, windowMs: MINUTE },
  /** Export and the other read endpoints: the default 250,000 per hour, shared. */
  default: { limit: 250_000, windowMs: HOUR },
  /** `/users/export/ids`: 250 per minute (Braze's current table). */
  'users.export.ids': { limit: 250, windowMs: MINUTE },
  /** `/users/delete`: 20,000 per minute. */
  'users.delete': { limit: 20_000, windowMs: MINUTE },
} as const satisfies Record<string, RateLimit>;

export type RateBucket = keyof typeof BRAZE_LIMITS;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the window ends. */
  reset: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limits: Record<string, RateLimit> = BRAZE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  take(keyId: string, bucket: string): RateDecision {
    const rule = this.limits[bucket] ?? BRAZE_LIMITS.default;
    const now = this.now();
    const start = Math.floor(now / rule.windowMs) * rule.windowMs;
    const id = `${keyId}\u0000${bucket}`;
    let window = this.windows.get(id);
    if (window === undefined || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(id, window);
      this.forgetOld(now);
    }
    const allowed = window.count < rule.limit;
    if (allowed) window.count++;
    return {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, rule.limit - window.count),
      reset: Math.ceil((start + rule.windowMs) / 1000),
    };
  }

  /** Windows of keys no longer calling are dropped now and then, so memory stays bounded. */
  private forgetOld(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [id, window] of this.windows) {
      if (now - window.start > HOUR * 2) this.windows.delete(id);
    }
  }
}
