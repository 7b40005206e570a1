import { describe, expect, it } from 'vitest';
import type { ChannelError } from './errors.js';
import { backoffMs, retryDecision } from './retry.js';

function err(code: ChannelError['code'], kind: ChannelError['kind'] = 'retryable'): ChannelError {
  return { kind, code, reason: 'server_error', title: 't' };
}

describe('backoffMs', () => {
  it('131056 waits 4^X seconds with no jitter at random 0', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(err(131056), a, 0))).toEqual([
      1000, 4000, 16000, 64000, 256000,
    ]);
  });

  it('131056 jitter adds at most a quarter', () => {
    expect(backoffMs(err(131056), 1, 0.999999)).toBe(5000);
    expect(backoffMs(err(131056), 1, 0.5)).toBe(4500);
  });

  it('130429 doubles from one second, half fixed and half random', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(err(130429), a, 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((a) => backoffMs(err(130429), a, 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('caps the step', () => {
    expect(backoffMs(err(130429), 20, 1)).toBe(60_000);
    expect(backoffMs(err('network'), 30, 1)).toBe(300_000);
  });

  it('app limits back off in minutes', () => {
    expect(backoffMs(err(4), 0, 1)).toBe(60_000);
    expect(backoffMs(err(80007), 1, 0)).toBe(60_000);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffMs({ ...err('http'), retryAfterMs: 7000 }, 0, 0)).toBe(7000);
  });
});

describe('retryDecision', () => {
  it('does not retry terminal or pausing errors', () => {
    expect(retryDecision(err(131047, 'terminal'), 0, 0)).toEqual({
      retry: false,
      why: 'not_retryable',
    });
    expect(retryDecision(err(190, 'pause_channel'), 0, 0)).toEqual({
      retry: false,
      why: 'not_retryable',
    });
  });

  it('retries code 1 once', () => {
    expect(retryDecision(err(1), 0, 0)).toEqual({ retry: true, delayMs: 1000 });
    expect(retryDecision(err(1), 1, 0)).toEqual({ retry: false, why: 'retries_exhausted' });
  });

  it('retries 131000 three times', () => {
    expect(retryDecision(err(131000), 2, 0).retry).toBe(true);
    expect(retryDecision(err(131000), 3, 0).retry).toBe(false);
  });

  it('retries the pair rate seven times', () => {
    expect(retryDecision(err(131056), 6, 0)).toEqual({ retry: true, delayMs: 4096_000 });
    expect(retryDecision(err(131056), 7, 0)).toEqual({ retry: false, why: 'retries_exhausted' });
  });

  it('retries timeouts eight times', () => {
    expect(retryDecision(err('timeout'), 7, 0).retry).toBe(true);
    expect(retryDecision(err('timeout'), 8, 0).retry).toBe(false);
  });
});
