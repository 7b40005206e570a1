/**
 * The analytics date range: a preset relative to now (recomputed at every poll, so "last
 * 24 h" keeps moving) or fixed calendar days.
 */
export type RangePreset = 'all' | '24h' | '7d' | '30d' | 'custom';

export interface DateRange {
  preset: RangePreset;
  /** Custom range: `YYYY-MM-DD`, inclusive, local time. */
  fromDay?: string;
  toDay?: string;
}

const HOUR = 3_600_000;
const PRESET_MS: Record<'24h' | '7d' | '30d', number> = {
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

/** `from` / `to` in ms for the API; undefined ends are left to the server (all time, now). */
export function rangeQuery(range: DateRange, now: number): { from?: number; to?: number } {
  if (range.preset === 'all') return {};
  if (range.preset !== 'custom') return { from: now - PRESET_MS[range.preset] };
  const from = range.fromDay ? new Date(`${range.fromDay}T00:00:00`).getTime() : undefined;
  const to = range.toDay ? new Date(`${range.toDay}T23:59:59.999`).getTime() : undefined;
  return {
    ...(from !== undefined && Number.isFinite(from) ? { from } : {}),
    ...(to !== undefined && Number.isFinite(to) ? { to } : {}),
  };
}
