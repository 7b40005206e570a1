import { describe, expect, it } from 'vitest';
import { BatchSize } from './batch-size.js';

describe('BatchSize', () => {
  it('starts at the maximum and shrinks a slow full batch to the power of two that fits 15 ms', () => {
    const size = new BatchSize(500);
    expect(size.limit).toBe(500);
    // 500 in 30 ms: 250 would fit; the largest power of two at most that is 128.
    size.adapt(500, 30);
    expect(size.limit).toBe(128);
    // 128 in 4 ms: 480 would fit.
    size.adapt(128, 4);
    expect(size.limit).toBe(256);
    // Fitting the maximum or more: the maximum itself, not a power of two.
    size.adapt(256, 5);
    expect(size.limit).toBe(500);
  });

  it('learns nothing from a batch that was neither full nor slow, and never goes below 64', () => {
    const size = new BatchSize(500);
    size.adapt(10, 1);
    expect(size.limit).toBe(500);
    size.adapt(0, 100);
    expect(size.limit).toBe(500);
    size.adapt(500, 1000);
    expect(size.limit).toBe(64);
    // A part batch that was slow still shrinks it (never below the floor).
    size.adapt(20, 50);
    expect(size.limit).toBe(64);
  });

  it('keeps a small maximum as it is', () => {
    const size = new BatchSize(10);
    size.adapt(10, 100);
    expect(size.limit).toBe(10);
  });
});
