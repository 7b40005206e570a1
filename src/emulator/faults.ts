/**
 * Fault injection, switchable at run time (`GET|PUT /_emulator/faults`): the things that go
 * wrong with the real Meta, on demand. A fault with `next: N` hits the next N occasions; one
 * with `rate: r` hits each occasion with probability r (from the emulator's random source).
 */
import { z } from 'zod';
import type { Random } from './ids.js';

const occasional = {
  /** Probability per occasion, 0 to 1. */
  rate: z.number().min(0).max(1).default(0),
  /** Hit the next N occasions, whatever the rate. */
  next: z.number().int().min(0).default(0),
};

export const FaultSettingsSchema = z.strictObject({
  webhooks: z
    .strictObject({
      /** Deliver each webhook POST `copies` times in all (1 = no duplicates). */
      duplicate: z
        .strictObject({
          copies: z.number().int().min(1).max(10).default(1),
          rate: z.number().min(0).max(1).default(1),
        })
        .prefault({}),
      /** Shuffle the updates gathered in a batch before sending them. */
      reorder: z.boolean().default(false),
      /** Hold every POST this long (emulator clock) before sending it. */
      delayMs: z.number().int().min(0).default(0),
      /** Count delivery attempts as failed without contacting the receiver (then retry). */
      fail: z.strictObject(occasional).prefault({}),
    })
    .prefault({}),
  sends: z
    .strictObject({
      /** Answer `POST …/messages` with a server error instead of sending. */
      serverError: z
        .strictObject({
          ...occasional,
          /** 131000 → HTTP 500, 131016 or 2 → HTTP 503. */
          code: z.union([z.literal(131000), z.literal(131016), z.literal(2)]).default(131000),
        })
        .prefault({}),
      /** Hold the answer to `POST …/messages` (a client timeout). */
      hang: z
        .strictObject({
          ...occasional,
          /** How long to hold it (emulator clock). */
          ms: z.number().int().min(0).default(60_000),
          /** Process the send anyway (an ambiguous send), or drop it and answer 503. */
          accept: z.boolean().default(true),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type FaultSettings = z.output<typeof FaultSettingsSchema>;
export type FaultInput = z.input<typeof FaultSettingsSchema>;

export const NO_FAULTS: FaultSettings = FaultSettingsSchema.parse({});

type Occasional = { rate: number; next: number };

export class Faults {
  private current: FaultSettings;

  constructor(
    private readonly random: Random,
    private readonly initial: FaultInput = {},
  ) {
    this.current = FaultSettingsSchema.parse(initial);
  }

  get settings(): FaultSettings {
    return this.current;
  }

  /** Replace all settings (missing fields fall back to "no fault"). Throws a ZodError. */
  replace(input: unknown): FaultSettings {
    this.current = FaultSettingsSchema.parse(input);
    return this.current;
  }

  reset(): void {
    this.current = FaultSettingsSchema.parse(this.initial);
  }

  /** Whether this occasion is hit; consumes one `next`. */
  hit(fault: Occasional): boolean {
    if (fault.next > 0) {
      fault.next -= 1;
      return true;
    }
    return fault.rate > 0 && this.random() < fault.rate;
  }

  /** How many copies of a webhook POST to send. */
  copies(): number {
    const { copies, rate } = this.current.webhooks.duplicate;
    return copies > 1 && this.random() < rate ? copies : 1;
  }
}
