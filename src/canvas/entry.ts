/**
 * How people enter a canvas, and who may enter again.
 *
 *   entry: { type: api }                                          # /canvas/trigger/send
 *   entry: { type: event, event: { name: order_delivered } }
 *   entry: { type: inbound_whatsapp, inbound_whatsapp: { body: { is: JOIN } } }
 *   entry: { type: schedule, schedule: { every: day, time: "09:00" }, audience: {...} }
 *
 * Entry controls (Braze): `reentry` false (default) = once ever; true = again after the
 * previous journey ended; a duration = again once that long has passed since the last entry.
 * `max_entries` caps lifetime entries per person. `audience` is checked before entry.
 */
import { z } from 'zod';
import { Condition } from './conditions.js';
import { EventTrigger, InboundWhatsAppTrigger } from './triggers.js';
import { Duration, oneOf, strict } from './schema-kit.js';
import { WEEKDAYS } from './steps/delay.js';

const controls = {
  audience: Condition.optional(),
  reentry: z.union([z.boolean(), Duration]).optional(),
  max_entries: z.number().int().positive().optional(),
};

const Schedule = strict(
  {
    /** Once at this ISO time (UTC unless it carries an offset). */
    at: z.string().datetime({ offset: true, local: true }).optional(),
    every: oneOf(['day', 'week', 'month'] as const, 'schedule period').optional(),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'HH:MM, e.g. 09:00' })
      .optional(),
    days: z.array(oneOf(WEEKDAYS, 'weekday')).min(1).optional(),
    day_of_month: z.number().int().min(1).max(28).optional(),
    /** Braze's "send in users' local time": each person enters at `time` in their zone. */
    local_time: z.boolean().optional(),
    zone: z.string().optional(),
    starting: z.string().optional(),
    ending: z.string().optional(),
  },
  'schedule field',
).superRefine((s, ctx) => {
  if ((s.at === undefined) === (s.every === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a schedule is either once ("at") or recurring ("every" with "time")',
    });
  }
  if (s.every !== undefined && s.time === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['time'],
      message: 'a recurring schedule needs a time of day',
    });
  }
});
export type Schedule = z.infer<typeof Schedule>;

export const ENTRY_TYPES = ['api', 'event', 'inbound_whatsapp', 'schedule'] as const;

export const Entry = z.discriminatedUnion('type', [
  strict({ type: z.literal('api'), ...controls }, 'entry field'),
  strict({ type: z.literal('event'), event: EventTrigger, ...controls }, 'entry field'),
  strict(
    {
      type: z.literal('inbound_whatsapp'),
      inbound_whatsapp: InboundWhatsAppTrigger.optional(),
      ...controls,
    },
    'entry field',
  ),
  strict({ type: z.literal('schedule'), schedule: Schedule, ...controls }, 'entry field'),
]);
export type Entry = z.infer<typeof Entry>;
