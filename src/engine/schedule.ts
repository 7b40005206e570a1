/**
 * When a scheduled canvas enters its audience next (pure; the runner keeps a timer for it).
 * Once: `at`. Recurring: every day / week (on `days`) / month (on `day_of_month`) at `time`
 * in `zone` (UTC by default), between `starting` and `ending` when given.
 */
import { DateTime } from 'luxon';
import type { Schedule } from '../canvas/entry.js';
import { nextTimeOfDay } from './steps/delay.js';

/** The first occurrence strictly after `after`, or undefined when there is none left. */
export function nextOccurrence(
  schedule: Schedule,
  after: number,
  defaultZone = 'UTC',
): number | undefined {
  const zone = schedule.zone ?? defaultZone;
  if (schedule.at !== undefined) {
    const at = DateTime.fromISO(schedule.at, { zone }).toMillis();
    return Number.isFinite(at) && at > after ? at : undefined;
  }
  const starting =
    schedule.starting !== undefined
      ? DateTime.fromISO(schedule.starting, { zone }).toMillis()
      : undefined;
  const ending =
    schedule.ending !== undefined
      ? DateTime.fromISO(schedule.ending, { zone }).toMillis()
      : undefined;
  const from =
    starting !== undefined && Number.isFinite(starting) && starting - 1 > after
      ? starting - 1
      : after;
  const time = schedule.time ?? '00:00';
  let next: number | undefined;
  if (schedule.every === 'month') {
    const [hour, minute] = time.split(':').map(Number);
    let local = DateTime.fromMillis(from, { zone }).set({
      day: schedule.day_of_month ?? 1,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: 0,
      millisecond: 0,
    });
    if (local.toMillis() <= from) local = local.plus({ months: 1 });
    next = local.toMillis();
  } else {
    const days = schedule.every === 'week' ? (schedule.days ?? ['mon']) : schedule.days;
    next = nextTimeOfDay(from, time, zone, days);
    if (next <= from) next = undefined;
  }
  if (next === undefined || (ending !== undefined && Number.isFinite(ending) && next > ending))
    return undefined;
  return next;
}
