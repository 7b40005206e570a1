/**
 * `action_paths`: hold the person and route them by what they do next (Braze semantics).
 *
 * - `window` (default 1 day, at most 31 days) is how long the step listens.
 * - `ranking: false` (default): the first qualifying action advances the person at once down
 *   that group; later actions do not switch paths.
 * - `ranking: true`: everyone is held until the window ends and takes the highest-ranked
 *   (first listed) group they qualified for.
 * - Nobody qualifying → `everyone_else` at window end (the journey ends if it is left out).
 * - `exit: true` on a group: those people leave the canvas at the end of the window.
 * - A group whose inbound_whatsapp trigger has no body / button filter is the catch-all.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { Trigger } from '../triggers.js';
import { Duration, Id, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: answer
  type: action_paths
  window: 24h
  groups:
    - { id: yes, name: "Yes", when: { inbound_whatsapp: { button: 0 } }, next: thanks }
    - { id: no, name: "No", when: { inbound_whatsapp: { body: { is: "NO" } } }, next: sorry }
    - { id: bought, when: { event: { name: purchase, where: { total: { gt: 0 } } } }, exit: true }
    - { id: other, name: "Anything else", when: { inbound_whatsapp: {} }, next: fallback }
  everyone_else: reminder
`;

export const ActionGroup = strict(
  {
    id: Id,
    name: z.string().max(120).optional(),
    when: Trigger,
    next,
    /** Braze's "I want this group to exit the Canvas": leave at the end of the window. */
    exit: z.boolean().optional(),
  },
  'group field',
);
export type ActionGroup = z.infer<typeof ActionGroup>;

export const ActionPathsStep = strict(
  {
    ...stepBase,
    type: z.literal('action_paths'),
    window: Duration.optional(),
    ranking: z.boolean().optional(),
    groups: z.array(ActionGroup).min(1),
    everyone_else: Id.optional(),
  },
  'action_paths field',
);
export type ActionPathsStep = z.infer<typeof ActionPathsStep>;
