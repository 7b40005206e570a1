/**
 * `user_update`: change the person's profile. String values are Liquid, so a reply can be
 * saved (`last_reply: "{{ whats_app.inbound_message_body }}"`). Operations apply in the
 * order set, inc, add, remove, unset, subscription.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { Id, oneOf, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: save
  type: user_update
  set:
    last_feedback: "no"
    last_reply: "{{ whats_app.inbound_message_body }}"
  inc: { feedback_count: 1 }
  add: { tags: [feedback_given] }
  remove: { tags: [feedback_pending] }
  unset: [feedback_due]
  next: stop
- id: stop
  type: user_update
  subscription: { state: unsubscribed }
`;

const AttributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/, {
  message: 'attribute names start with a letter or "_" (at most 255 characters)',
});

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

export const UserUpdateStep = strict(
  {
    ...stepBase,
    type: z.literal('user_update'),
    set: z.record(AttributeName, Json).optional(),
    inc: z.record(AttributeName, z.number()).optional(),
    add: z.record(AttributeName, z.array(z.union([z.string(), z.number()])).min(1)).optional(),
    remove: z.record(AttributeName, z.array(z.union([z.string(), z.number()])).min(1)).optional(),
    unset: z.array(AttributeName).min(1).optional(),
    /** WhatsApp subscription state on a business number (the canvas default when left out). */
    subscription: strict(
      {
        state: oneOf(['subscribed', 'unsubscribed'] as const, 'subscription state'),
        number: Id.optional(),
      },
      'subscription field',
    ).optional(),
    next,
  },
  'user_update field',
).superRefine((value, ctx) => {
  const ops = ['set', 'inc', 'add', 'remove', 'unset', 'subscription'] as const;
  if (!ops.some((op) => value[op] !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: `a user update needs at least one of: ${ops.join(', ')}`,
    });
  }
});
export type UserUpdateStep = z.infer<typeof UserUpdateStep>;
