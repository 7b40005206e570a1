/**
 * A turn of the event loop: timers and I/O get their go before the caller carries on. On
 * SQLite every query resolves at once, so a loop of statements never lets them otherwise.
 */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
