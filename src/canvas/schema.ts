/**
 * The canvas document: one zod schema gives the runtime validator, the TypeScript type and
 * the JSON Schema used by the API and OpenAPI. See docs/canvas-format.md.
 */
import { z } from 'zod';
import { CANVAS_MAX_STEPS } from './limits.js';
import { Entry } from './entry.js';
import { Trigger } from './triggers.js';
import { Id, strict } from './schema-kit.js';
import { STEP_SCHEMAS } from './steps/registry.js';

export const SPEC_VERSION = 1;

export const Step = z.discriminatedUnion('type', STEP_SCHEMAS);
export type Step = z.infer<typeof Step>;
export type StepType = Step['type'];
export type StepOf<T extends StepType> = Extract<Step, { type: T }>;

const Settings = strict(
  {
    /** Default business number (subscription group id) for message steps. */
    number: Id.optional(),
    /** Time zone for people without one (IANA). */
    time_zone: z.string().optional(),
  },
  'settings field',
);

/** Layout for the visual builder, keyed by step id; the engine never reads it. */
const Ui = z
  .object({
    positions: z.record(z.string(), z.object({ x: z.number(), y: z.number() })).optional(),
  })
  .passthrough();

export const Canvas = strict(
  {
    specVersion: z.literal(SPEC_VERSION, { message: `specVersion must be ${SPEC_VERSION}` }),
    id: Id,
    name: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    tags: z.array(z.string()).optional(),
    entry: Entry,
    /** Exception events (Braze's exit criteria): when one happens, the journey ends. */
    exit_criteria: z.array(Trigger).optional(),
    settings: Settings.optional(),
    steps: z
      .array(Step)
      .min(1, { message: 'a canvas needs at least one step' })
      .max(CANVAS_MAX_STEPS, { message: `at most ${CANVAS_MAX_STEPS} steps (Braze's limit)` }),
    ui: Ui.optional(),
  },
  'canvas field',
);
export type Canvas = z.infer<typeof Canvas>;
