/**
 * The conversation-test file format (`*.test.yaml` beside a canvas). A test is a person, a
 * sequence of things they do on a virtual clock, and what should have happened after each:
 *
 *   canvas: canvas.yaml               # or canvases: [a.yaml, b.yaml]
 *   templates: templates.yaml
 *   start: 2026-01-05T09:00:00Z
 *   contact: { phone: "+15551234567", attributes: { first_name: Ana } }
 *   tests:
 *     - name: tapping NO gets an apology
 *       steps:
 *         - enter: { context: { order_id: A-1 } }
 *         - expect: { sent: [{ template: order_feedback, body: [Ana, A-1] }], at: answer }
 *         - wait: 3h
 *         - tap: NO
 *         - expect: { took: answer.no, sent: [{ text: "Sorry …" }], contact: { last_feedback: "no" } }
 *
 * Each `expect` looks at what happened since the previous one (sent, path, webhooks, errors)
 * and at the state now (at, ended, contact, subscription).
 */
import { z } from 'zod';
import { Duration, Id, oneOf, strict } from '../canvas/schema-kit.js';

const Json: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(Json),
    z.record(z.string(), Json),
  ]),
);

export const ContactSpec = strict(
  {
    external_id: z.string().optional(),
    phone: z.string().optional(),
    user_id: z.string().optional(),
    time_zone: z.string().optional(),
    attributes: z.record(z.string(), Json).optional(),
    subscriptions: z
      .record(z.string(), oneOf(['subscribed', 'unsubscribed'] as const, 'subscription state'))
      .optional(),
  },
  'contact field',
);
export type ContactSpec = z.infer<typeof ContactSpec>;

/** A message we expect to have been sent; only the keys given are compared. */
export const SentSpec = strict(
  {
    canvas: Id.optional(),
    step: Id.optional(),
    template: z.string().optional(),
    language: z.string().optional(),
    header: z.array(z.string()).optional(),
    body: z.union([z.array(z.string()), z.record(z.string(), z.string())]).optional(),
    text: z.string().optional(),
    interactive: z.string().optional(),
    buttons: z.array(z.string()).optional(),
    reply_to: z.string().optional(),
  },
  'sent message field',
);
export type SentSpec = z.infer<typeof SentSpec>;

export const WebhookSpec = strict(
  {
    method: z.string().optional(),
    url: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: Json.optional(),
  },
  'webhook field',
);
export type WebhookSpec = z.infer<typeof WebhookSpec>;

export const ExpectSpec = strict(
  {
    sent: z.array(SentSpec).optional(),
    /** Steps taken since the last expect, in order, as `step` or `step.branch`. */
    path: z.array(z.string()).optional(),
    /** One step (or `step.branch`) that must be among those taken since the last expect. */
    took: z.string().optional(),
    webhooks: z.array(WebhookSpec).optional(),
    /** Coded run-time errors since the last expect (e.g. liquid_missing_variable). */
    errors: z.array(z.string()).optional(),
    /** Where the journey waits now (step id); with several canvases, `canvas/step`. */
    at: z.string().optional(),
    ended: z.boolean().optional(),
    exit_reason: z.string().optional(),
    contact: z.record(z.string(), Json).optional(),
    subscription: z.record(z.string(), z.string()).optional(),
    /** Entry refused with this reason (reentry_not_allowed, audience, …). */
    refused: z.string().optional(),
    /** The last input was ignored by the journey for this reason (stale_message, …). */
    ignored: z.string().optional(),
    /** Analytics counters recorded since the last expect, as `step:metric` or `step:metric:label`. */
    metrics: z.array(z.string()).optional(),
  },
  'expectation',
);
export type ExpectSpec = z.infer<typeof ExpectSpec>;

const TapSpec = z.union([
  z.string(),
  z.number().int().min(0),
  strict(
    {
      button: z.union([z.string(), z.number().int().min(0)]),
      /** Which message: `last` (default), `first`, or the 1-based number among messages with buttons. */
      message: z
        .union([oneOf(['last', 'first'] as const, 'message'), z.number().int().positive()])
        .optional(),
      canvas: Id.optional(),
    },
    'tap field',
  ),
]);
export type TapSpec = z.infer<typeof TapSpec>;

export const InputSpec = strict(
  {
    enter: strict(
      { canvas: Id.optional(), context: z.record(z.string(), Json).optional() },
      'enter field',
    ).optional(),
    tap: TapSpec.optional(),
    type: z.string().optional(),
    event: strict(
      { name: z.string(), properties: z.record(z.string(), Json).optional() },
      'event field',
    ).optional(),
    wait: Duration.optional(),
    /** How the next webhook calls answer: success (default) or failure. */
    webhooks_respond: oneOf(['success', 'failure'] as const, 'webhook response').optional(),
    /** The person's own changes outside the canvas (e.g. an API update). */
    set_contact: z.record(z.string(), Json).optional(),
    expect: ExpectSpec.optional(),
  },
  'test step',
).superRefine((value, ctx) => {
  const present = Object.keys(value).filter((k) => value[k as keyof typeof value] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message: `a test step does one thing (enter, tap, type, event, wait, webhooks_respond, set_contact or expect); this one has ${present.join(', ') || 'nothing'}`,
    });
  }
});
export type InputSpec = z.infer<typeof InputSpec>;

export const TestCase = strict(
  {
    name: z.string().min(1),
    /** Replaces the file's contact for this test. */
    contact: ContactSpec.optional(),
    start: z.string().optional(),
    steps: z.array(InputSpec).min(1),
  },
  'test field',
);
export type TestCase = z.infer<typeof TestCase>;

/** A canvas or templates list: a path relative to the test file, or written inline. */
const FileOrInline = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const TestFile = strict(
  {
    canvas: FileOrInline.optional(),
    canvases: z.array(FileOrInline).min(1).optional(),
    templates: z.union([z.string(), z.array(z.unknown())]).optional(),
    start: z.string().optional(),
    number: z.string().optional(),
    contact: ContactSpec.optional(),
    tests: z.array(TestCase).min(1),
  },
  'test file field',
).refine((f) => (f.canvas === undefined) !== (f.canvases === undefined), {
  message: 'give either canvas (one file) or canvases (a list)',
});
export type TestFile = z.infer<typeof TestFile>;
