import { describe, expect, it } from 'vitest';
import type { Store } from '../store/open.js';
import { CancelledDispatches } from './cancelled-sends.js';

describe('CancelledDispatches', () => {
  it('asks the store at most once a second, and only for the keys of one-off sends', async () => {
    let now = 0;
    let cancelled = new Set(['spring']);
    let reads = 0;
    const store = {
      broadcasts: {
        cancelledSendDispatches: () => {
          reads++;
          return Promise.resolve(new Set(cancelled));
        },
      },
    } as unknown as Store;
    const check = new CancelledDispatches(store, () => now);

    // Canvas sends' keys are not a dispatch's: nothing to ask.
    expect(await check.cancelled(['01JB7ZK3:1:ask', '01JB7ZK4:2:ask'])).toEqual(new Set());
    expect(reads).toBe(0);

    const keys = ['send:spring:c1', 'send:summer:c2', '01JB7ZK3:1:ask'];
    expect(await check.cancelled(keys)).toEqual(new Set(['send:spring:c1']));
    expect(reads).toBe(1);
    // Summer is cancelled now; within the second the list is not read again.
    cancelled = new Set(['spring', 'summer']);
    now = 999;
    expect(await check.cancelled(keys)).toEqual(new Set(['send:spring:c1']));
    expect(reads).toBe(1);
    now = 1000;
    expect(await check.cancelled(keys)).toEqual(new Set(['send:spring:c1', 'send:summer:c2']));
    expect(reads).toBe(2);
  });
});
