/**
 * What the runner lends the loops that only one process runs at a time (broadcast walks,
 * housekeeping): whether it is still running, whether it owns partition 0 (alone, always;
 * with workers, whoever holds that lease), a wakeable sleep and its log.
 */
export interface LoopHost {
  running(): boolean;
  ownsFirstPartition(): boolean;
  /** Sleeps up to `ms`; `setWake` receives a function that ends the sleep early. */
  idle(ms: number, setWake: (wake: (() => void) | null) => void): Promise<void>;
  log(message: string, fields?: Record<string, unknown>): void;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
