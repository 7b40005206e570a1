/**
 * `delay`: wait a duration, until a time of day in the person's time zone, or until a date.
 * A date already past moves the person on at once.
 */
import { DateTime } from 'luxon';
import { parseDuration } from '../../canvas/duration.js';
import type { StepOf } from '../../canvas/schema.js';
import { WEEKDAYS } from '../../canvas/steps/delay.js';
import type { Ignored, Outcome, Run, Wake } from '../run.js';

type DelayStep = StepOf<'delay'>;

export function arrive(step: DelayStep, run: Run): Outcome {
  const until = dueAt(step, run);
  if (until <= run.now) return { kind: 'next', next: step.next };
  run.emit({ type: 'set_timer', key: run.arrivalKey(), at: until });
  return { kind: 'wait', wait: { kind: 'delay', step: step.id, visit: run.journey.visit, until } };
}

export function resume(step: DelayStep, run: Run, wake: Wake): Outcome | Ignored {
  const wait = run.journey.wait;
  if (wake.type !== 'timer_fired' || wait?.kind !== 'delay')
    return { kind: 'ignored', reason: 'waiting_for_delay' };
  if (wake.key !== run.arrivalKey(wait.visit)) return { kind: 'ignored', reason: 'stale_timer' };
  return { kind: 'next', next: step.next };
}

export function dueAt(step: DelayStep, run: Run): number {
  if (step.for !== undefined) return run.now + (parseDuration(step.for) ?? 0);
  const until = step.until;
  if (until === undefined) return run.now;
  let zone = run.timeZone(until.zone);
  if (!DateTime.fromMillis(0, { zone }).isValid) {
    run.error(step.id, 'bad_date', `unknown time zone "${zone}"; using UTC`);
    zone = 'UTC';
  }
  if (until.date !== undefined) {
    const at = DateTime.fromISO(until.date, { zone });
    if (!at.isValid) {
      run.error(step.id, 'bad_date', `"${until.date}" is not a date`);
      return run.now;
    }
    return at.toMillis();
  }
  return nextTimeOfDay(run.now, until.time ?? '00:00', zone, until.days);
}

/** The first moment after `now` that is `time` in `zone`, on one of `days` if given. */
export function nextTimeOfDay(
  now: number,
  time: string,
  zone: string,
  days?: readonly string[],
): number {
  const [hour, minute] = time.split(':').map(Number);
  const local = DateTime.fromMillis(now, { zone });
  for (let offset = 0; offset <= 7; offset++) {
    const candidate = local
      .plus({ days: offset })
      .set({ hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 });
    if (candidate.toMillis() <= now) continue;
    if (days !== undefined && !days.includes(WEEKDAYS[candidate.weekday - 1] ?? '')) continue;
    return candidate.toMillis();
  }
  return now;
}
