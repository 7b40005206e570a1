/**
 * Time for the emulator. Everything that happens "later" (status webhooks, template review,
 * webhook retries, hung sends) goes through a Clock, so tests drive time with a manual
 * clock instead of sleeping. Real time is the default.
 */

export type TimerHandle = number;

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Run `fn` once, `ms` from now. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** Wall-clock time with Node timers. */
export function realClock(): Clock {
  let next = 1;
  const timers = new Map<TimerHandle, NodeJS.Timeout>();
  return {
    now: () => Date.now(),
    setTimer(ms, fn) {
      const handle = next++;
      const timer = setTimeout(
        () => {
          timers.delete(handle);
          fn();
        },
        Math.max(0, ms),
      );
      timer.unref?.();
      timers.set(handle, timer);
      return handle;
    },
    clearTimer(handle) {
      const timer = timers.get(handle);
      if (timer) clearTimeout(timer);
      timers.delete(handle);
    },
  };
}

export interface ManualClock extends Clock {
  /** Move time forward, running every timer that falls due, in due order. */
  advance(ms: number): void;
  /** Number of timers not yet run. */
  pending(): number;
}

/**
 * A clock that only moves when told to. Timers scheduled by a timer that runs during
 * `advance` run too when they fall due inside the same advance.
 */
export function createManualClock(startMs = Date.UTC(2026, 0, 15, 9, 0, 0)): ManualClock {
  let now = startMs;
  let next = 1;
  const timers = new Map<TimerHandle, { at: number; seq: number; fn: () => void }>();

  function dueTimer(until: number): [TimerHandle, { at: number; fn: () => void }] | undefined {
    let best: [TimerHandle, { at: number; seq: number; fn: () => void }] | undefined;
    for (const entry of timers) {
      const [, timer] = entry;
      if (timer.at > until) continue;
      if (!best || timer.at < best[1].at || (timer.at === best[1].at && timer.seq < best[1].seq))
        best = entry;
    }
    return best;
  }

  return {
    now: () => now,
    setTimer(ms, fn) {
      const handle = next++;
      timers.set(handle, { at: now + Math.max(0, ms), seq: handle, fn });
      return handle;
    },
    clearTimer(handle) {
      timers.delete(handle);
    },
    advance(ms) {
      const until = now + Math.max(0, ms);
      for (let due = dueTimer(until); due; due = dueTimer(until)) {
        const [handle, timer] = due;
        timers.delete(handle);
        now = Math.max(now, timer.at);
        timer.fn();
      }
      now = until;
    },
    pending: () => timers.size,
  };
}

/**
 * Timers owned by one emulator, so `close()` and `reset()` can cancel everything at once.
 */
export class Scheduler {
  private readonly handles = new Set<TimerHandle>();

  constructor(readonly clock: Clock) {}

  now(): number {
    return this.clock.now();
  }

  after(ms: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimer(ms, () => {
      this.handles.delete(handle);
      fn();
    });
    this.handles.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.clock.clearTimer(handle);
    this.handles.delete(handle);
  }

  cancelAll(): void {
    for (const handle of this.handles) this.clock.clearTimer(handle);
    this.handles.clear();
  }
}
