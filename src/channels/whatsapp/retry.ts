/**
 * When to retry a retryable ChannelError, and after how long. Pure: the caller passes the
 * attempt number and a random number in [0, 1), so schedules are testable and replayable.
 *
 * Jitter spreads retries of a burst of failed sends so that they do not hit Meta again in
 * the same millisecond; it only ever lengthens Meta's own recommended waits.
 */
import type { ChannelError } from './errors.js';

export interface Schedule {
  /** Retries allowed after the first failure. */
  maxRetries: number;
  /** Wait before the first retry; doubles each time (except the pair rate, see below). */
  baseMs: number;
  capMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Throughput (130429): short waits; the per-number token bucket does the real pacing. */
const THROUGHPUT: Schedule = { maxRetries: 8, baseMs: SECOND, capMs: MINUTE };
/** App / WABA limits (4, 80007, 133016) are counted per hour: back off in minutes. */
const APP_LIMIT: Schedule = { maxRetries: 6, baseMs: MINUTE, capMs: 60 * MINUTE };
/** Pair rate (131056): Meta says 4^X seconds; 7 retries reach ~68 min, then give up. */
const PAIR_RATE: Schedule = { maxRetries: 7, baseMs: SECOND, capMs: 4096 * SECOND };
/** Maintenance (131057) lasts up to about a minute (throughput upgrade). */
const MAINTENANCE: Schedule = { maxRetries: 6, baseMs: 10 * SECOND, capMs: 2 * MINUTE };
/** Code 1: "maybe, once". */
const UNKNOWN_ONCE: Schedule = { maxRetries: 1, baseMs: 2 * SECOND, capMs: 2 * SECOND };
/** 131000: "a limited number of times". */
const SOMETHING_WENT_WRONG: Schedule = { maxRetries: 3, baseMs: 2 * SECOND, capMs: MINUTE };
/** Outages, 5xx, network errors and timeouts. */
const TRANSIENT: Schedule = { maxRetries: 8, baseMs: SECOND, capMs: 5 * MINUTE };

export function scheduleFor(error: ChannelError): Schedule {
  switch (error.code) {
    case 130429:
      return THROUGHPUT;
    case 4:
    case 80007:
    case 133016:
      return APP_LIMIT;
    case 131056:
      return PAIR_RATE;
    case 131057:
      return MAINTENANCE;
    case 1:
      return UNKNOWN_ONCE;
    case 131000:
      return SOMETHING_WENT_WRONG;
    default:
      return TRANSIENT;
  }
}

export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; why: 'not_retryable' | 'retries_exhausted' };

/**
 * @param attempt retries already made for this send: 0 after the first failure.
 * @param random a number in [0, 1) from the caller's seeded source.
 */
export function retryDecision(error: ChannelError, attempt: number, random: number): RetryDecision {
  if (error.kind !== 'retryable') return { retry: false, why: 'not_retryable' };
  if (attempt >= scheduleFor(error).maxRetries) return { retry: false, why: 'retries_exhausted' };
  return { retry: true, delayMs: backoffMs(error, attempt, random) };
}

/** The wait before retry number `attempt + 1`, in whole milliseconds. */
export function backoffMs(error: ChannelError, attempt: number, random: number): number {
  const schedule = scheduleFor(error);
  const r = Math.min(Math.max(random, 0), 1);
  let delay: number;
  if (error.code === 131056) {
    // Meta: retry after 4^X seconds. Jitter adds up to a quarter, never less than Meta asks.
    const exact = Math.min(schedule.baseMs * 4 ** attempt, schedule.capMs);
    delay = exact * (1 + r / 4);
  } else {
    // "Equal jitter": half the exponential step is fixed, half is random.
    const step = Math.min(schedule.baseMs * 2 ** attempt, schedule.capMs);
    delay = step / 2 + (step / 2) * r;
  }
  return Math.round(Math.max(delay, error.retryAfterMs ?? 0));
}
