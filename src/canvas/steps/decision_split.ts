/**
 * `decision_split`: a yes / no branch on a condition, evaluated on arrival.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { Condition } from '../conditions.js';
import { Id, strict } from '../schema-kit.js';
import { stepBase } from './common.js';

export const example = `
- id: vip
  type: decision_split
  if: { any: [ { var: user.tier, equals: gold }, { var: user.orders, gte: 10 } ] }
  yes: vip_thanks
  no: thanks
- { id: vip_thanks, type: exit }
- { id: thanks, type: exit }
`;

export const DecisionSplitStep = strict(
  {
    ...stepBase,
    type: z.literal('decision_split'),
    if: Condition,
    yes: Id.optional(),
    no: Id.optional(),
  },
  'decision_split field',
);
export type DecisionSplitStep = z.infer<typeof DecisionSplitStep>;
