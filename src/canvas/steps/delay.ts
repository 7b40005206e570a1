/**
 * `delay`: wait, then go on. One of:
 * - `for: 2h` — a duration (at most 30 days, as Braze);
 * - `until: { time: "09:00", days: [mon, fri] }` — the next such time of day in the
 *   person's time zone (or `zone`), optionally only on some weekdays;
 * - `until: { date: "2026-12-24T09:00" }` — a date and time (in `zone`, else the person's).
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { Duration, oneOf, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- { id: wait, type: delay, for: 2h, next: nudge }
- id: morning
  type: delay
  until: { time: "09:00", days: [mon, tue, wed, thu, fri] }
  next: nudge
- id: launch
  type: delay
  until: { date: "2026-12-24T09:00", zone: Europe/Paris }
  next: nudge
- { id: nudge, type: exit }
`;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const Until = strict(
  {
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'a time of day as HH:MM (24 h), e.g. 09:00' })
      .optional(),
    days: z.array(oneOf(WEEKDAYS, 'weekday')).min(1).optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
        message: 'an ISO date such as 2026-12-24 or 2026-12-24T09:00',
      })
      .optional(),
    /** IANA time zone; the person's own time zone when left out (then the canvas default). */
    zone: z.string().min(1).optional(),
  },
  'until field',
).superRefine((value, ctx) => {
  if ((value.time === undefined) === (value.date === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'give either time (with optional days) or date' });
  }
  if (value.days !== undefined && value.time === undefined) {
    ctx.addIssue({ code: 'custom', path: ['days'], message: '"days" goes with "time"' });
  }
});

export const DelayStep = strict(
  {
    ...stepBase,
    type: z.literal('delay'),
    for: Duration.optional(),
    until: Until.optional(),
    next,
  },
  'delay field',
).superRefine((value, ctx) => {
  if ((value.for === undefined) === (value.until === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'a delay needs either "for" (a duration) or "until"' });
  }
});
export type DelayStep = z.infer<typeof DelayStep>;
