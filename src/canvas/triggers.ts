/**
 * What a person does that a canvas listens for: an inbound WhatsApp message (optionally
 * filtered by its text or by the button tapped) or a custom event. Used by Action Paths
 * groups, event and inbound entries, and exit criteria.
 */
import { z } from 'zod';
import { BodyFilter } from './body-filter.js';
import { PropertyFilters } from './conditions.js';
import { Id, strict } from './schema-kit.js';

/** A tapped button: by its 0-based index on the template / interactive message, or by payload. */
export const ButtonFilter = z.union([
  z.number().int().min(0).max(9),
  strict(
    { index: z.number().int().min(0).max(9).optional(), payload: z.string().min(1).optional() },
    'button filter',
  ).refine((b) => (b.index === undefined) !== (b.payload === undefined), {
    message: 'give either index or payload',
  }),
]);
export type ButtonFilter = z.infer<typeof ButtonFilter>;

export const InboundWhatsAppTrigger = strict(
  {
    /** The business number (subscription group) the message must come to; any when left out. */
    number: Id.optional(),
    body: BodyFilter.optional(),
    button: ButtonFilter.optional(),
  },
  'inbound_whatsapp filter',
);
export type InboundWhatsAppTrigger = z.infer<typeof InboundWhatsAppTrigger>;

export const EventTrigger = strict(
  {
    name: z.string().min(1),
    where: PropertyFilters.optional(),
  },
  'event filter',
);
export type EventTrigger = z.infer<typeof EventTrigger>;

export const TRIGGERS = ['inbound_whatsapp', 'event'] as const;

export const Trigger = strict(
  {
    inbound_whatsapp: InboundWhatsAppTrigger.optional(),
    event: EventTrigger.optional(),
  },
  'trigger',
).superRefine((value, ctx) => {
  const present = TRIGGERS.filter((k) => value[k] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        present.length === 0
          ? `needs one trigger: ${TRIGGERS.join(', ')}`
          : `has ${present.length} triggers; a group listens for one`,
    });
  }
});
export type Trigger = z.infer<typeof Trigger>;
