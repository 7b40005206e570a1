/**
 * What the runner lends the loops that only one process runs at a time (broadcast walks,
 * housekeeping): whether it is still running, whether it owns partition 0 (alone, always;
 * with workers, whoever holds that lease), a wakeable sleep and its log.
 */
import { eventLoopTurn } from '../store/event-loop.js';

export interface LoopHost {
  running(): boolean;
  ownsFirstPartition(): boolean;
  /** Sleeps up to `ms`; `setWake` receives a function that ends the sleep early. */
  idle(ms: number, setWake: (wake: (() => void) | null) => void): Promise<void>;
  log(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Runs `page` (a transaction over a page of a backlog: a prune, a withdrawal) until one
 * handles nothing or `going()` turns false, with a turn of the event loop before each;
 * returns how many were handled in all.
 */
export async function drainPages(
  page: () => Promise<number>,
  going: () => boolean = () => true,
): Promise<number> {
  let total = 0;
  while (going()) {
    await eventLoopTurn();
    const n = await page();
    total += n;
    if (n === 0) break;
  }
  return total;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
