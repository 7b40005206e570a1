import { describe, expect, it } from 'vitest';
import { PairRateLimiter, TokenBucket } from './rate-limit.js';

/** take() n times at one instant; returns the waits. */
function burst(take: () => number, n: number): number[] {
  return Array.from({ length: n }, take);
}

describe('TokenBucket', () => {
  it('lets 80 go at once by default, then holds the 81st until that second is over', () => {
    const bucket = new TokenBucket();
    const waits = burst(() => bucket.take(1000), 81);
    expect(waits.slice(0, 80).every((w) => w === 0)).toBe(true);
    expect(waits[80]).toBe(1000);
    expect(bucket.take(1999)).toBe(1);
    expect(bucket.take(2000)).toBe(0);
  });

  it('a refused take claims nothing', () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(1000);
    expect(bucket.take(400)).toBe(600);
    expect(bucket.take(1000)).toBe(0);
    expect(bucket.take(1000)).toBe(1000);
  });

  it('sustains the configured rate', () => {
    const bucket = new TokenBucket({ ratePerSecond: 1000, burst: 1 });
    let sent = 0;
    for (let t = 0; t < 1000; t += 0.5) if (bucket.take(t) === 0) sent++;
    expect(sent).toBe(1000);
  });

  it('refills after an idle spell up to the burst only', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 });
    expect(burst(() => bucket.take(0), 4)).toEqual([0, 0, 0, 100]);
    expect(burst(() => bucket.take(60_000), 4)).toEqual([0, 0, 0, 100]);
  });

  it('tells how many slots are free, and how long until the next, without taking any', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 });
    expect(bucket.room(0)).toBe(3);
    expect(bucket.waitMs(0)).toBe(0);
    expect(burst(() => bucket.take(0), 2)).toEqual([0, 0]);
    expect(bucket.room(0)).toBe(1);
    expect(bucket.take(0)).toBe(0);
    expect(bucket.room(0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(100);
    expect(bucket.room(250)).toBe(2);
    expect(bucket.waitMs(250)).toBe(0);
    // Asking changed nothing: the same takes are granted as before.
    expect(burst(() => bucket.take(250), 3)).toEqual([0, 0, 50]);
  });

  it('never lets more than the rate through in any one-second window, even after a burst', () => {
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 10 });
    const sent: number[] = [];
    // A sender that asks every millisecond for 5 s, stalling now and then (a busy loop).
    for (let t = 0; t < 5000; t++) {
      if (t % 700 > 550) continue;
      while (bucket.take(t) === 0) sent.push(t);
    }
    let worst = 0;
    for (let i = 0, j = 0; i < sent.length; i++) {
      while ((sent[i] ?? 0) - (sent[j] ?? 0) >= 1000) j++;
      worst = Math.max(worst, i - j + 1);
    }
    expect(worst).toBe(100);
    // A wider window holds the rate over that window.
    const wide = new TokenBucket({ ratePerSecond: 10, burst: 10, windowMs: 1500 });
    expect(burst(() => wide.take(0), 11).filter((w) => w === 0)).toHaveLength(10);
    expect(wide.take(1000)).toBe(500);
    expect(wide.take(1500)).toBe(0);
    // …and still sends near the rate overall: the stalls (a fifth of the time) cost some
    // sends, the burst catches part of them up.
    expect(sent.length).toBeGreaterThanOrEqual(450);
  });

  it('pause holds every send', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3 });
    bucket.pause(0, 2000);
    expect(bucket.take(0)).toBe(2000);
    expect(bucket.take(1500)).toBe(500);
    expect(bucket.take(2000)).toBe(0);
  });

  it('does not credit a clock that goes backwards', () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 });
    expect(bucket.take(10_000)).toBe(0);
    expect(bucket.take(5_000)).toBe(6000);
  });
});

describe('PairRateLimiter', () => {
  it('allows a burst of 5 to one person, then one per 6 s', () => {
    const pair = new PairRateLimiter();
    expect(burst(() => pair.take('+16505551234', 0), 6)).toEqual([0, 0, 0, 0, 0, 6000]);
    expect(pair.take('+16505551234', 5999)).toBe(1);
    expect(pair.take('+16505551234', 6000)).toBe(0);
    expect(pair.take('+16505551234', 6000)).toBe(6000);
    // Steady state: one every 6 s; the burst comes back only after an idle 30 s.
    expect(pair.take('+16505551234', 12_000)).toBe(0);
    expect(burst(() => pair.take('+16505551234', 48_000), 6)).toEqual([0, 0, 0, 0, 0, 6000]);
  });

  it('keeps recipients independent', () => {
    const pair = new PairRateLimiter({ burst: 1 });
    expect(pair.take('a', 0)).toBe(0);
    expect(pair.take('b', 0)).toBe(0);
    expect(pair.take('a', 0)).toBe(6000);
  });

  it('takes a configurable burst and interval', () => {
    const pair = new PairRateLimiter({ burst: 45, intervalMs: 6000 });
    const waits = burst(() => pair.take('a', 0), 46);
    expect(waits.filter((w) => w === 0)).toHaveLength(45);
    expect(waits[45]).toBe(6000);
  });

  it('penalize holds one recipient after a 131056', () => {
    const pair = new PairRateLimiter();
    pair.penalize('a', 0, 4000);
    expect(pair.take('a', 0)).toBe(4000);
    expect(pair.take('a', 4000)).toBe(0);
    expect(pair.take('b', 0)).toBe(0);
  });

  it('forgets recipients once their bucket has refilled', () => {
    const pair = new PairRateLimiter({ burst: 2 });
    pair.take('a', 0);
    pair.take('b', 0);
    expect(pair.size).toBe(2);
    // a and b refill by 6 s; taking for c then sweeps them.
    pair.take('c', 6000);
    expect(pair.size).toBe(1);
    // A forgotten recipient gets a fresh burst, exactly as if it had been remembered.
    expect(burst(() => pair.take('a', 6000), 3)).toEqual([0, 0, 6000]);
  });

  it('caps memory, evicting the least recently used', () => {
    const pair = new PairRateLimiter({ burst: 1, maxRecipients: 3 });
    for (const r of ['a', 'b', 'c', 'd']) pair.take(r, 0);
    expect(pair.size).toBe(3);
    // 'a' was evicted: it is treated as new. 'd' is remembered.
    expect(pair.take('d', 0)).toBe(6000);
    expect(pair.take('a', 0)).toBe(0);
  });

  it('rejects a nonsensical config', () => {
    expect(() => new PairRateLimiter({ burst: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});
