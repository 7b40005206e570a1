import { describe, expect, it } from 'vitest';
import { createManualClock, Scheduler } from './clock.js';
import { TokenBuckets } from './rate-limit.js';

describe('createManualClock', () => {
  it('runs due timers in time order, including ones scheduled while advancing', () => {
    const clock = createManualClock(0);
    const ran: string[] = [];
    clock.setTimer(200, () => ran.push('b'));
    clock.setTimer(100, () => {
      ran.push('a');
      clock.setTimer(50, () => ran.push('a+50'));
    });
    clock.setTimer(500, () => ran.push('late'));
    clock.advance(300);
    expect(ran).toEqual(['a', 'a+50', 'b']);
    expect(clock.now()).toBe(300);
    expect(clock.pending()).toBe(1);
  });

  it('a scheduler cancels everything it started', () => {
    const clock = createManualClock(0);
    const scheduler = new Scheduler(clock);
    let ran = false;
    scheduler.after(10, () => (ran = true));
    scheduler.cancelAll();
    clock.advance(100);
    expect(ran).toBe(false);
  });
});

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate', () => {
    const buckets = new TokenBuckets(() => ({ capacity: 2, refillPerSecond: 0.5 }));
    expect([buckets.take('k', 0), buckets.take('k', 0), buckets.take('k', 0)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(buckets.take('k', 1999)).toBe(false);
    expect(buckets.take('k', 2000)).toBe(true);
    expect(buckets.take('other', 2000)).toBe(true);
  });
});
