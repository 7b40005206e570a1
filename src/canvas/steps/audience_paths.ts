/**
 * `audience_paths`: ranked groups; the person takes the first group whose condition holds,
 * else `everyone_else` (Braze: at most 8 groups plus Everybody Else).
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { AUDIENCE_PATHS_MAX_GROUPS } from '../limits.js';
import { Condition } from '../conditions.js';
import { Id, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: segment
  type: audience_paths
  groups:
    - { id: gold, if: { var: user.tier, equals: gold }, next: gold_offer }
    - { id: lapsed, if: { var: user.days_since_order, gt: 90 }, next: winback }
  everyone_else: standard
- { id: gold_offer, type: exit }
- { id: winback, type: exit }
- { id: standard, type: exit }
`;

const AudienceGroup = strict(
  { id: Id, name: z.string().max(120).optional(), if: Condition, next },
  'group field',
);

export const AudiencePathsStep = strict(
  {
    ...stepBase,
    type: z.literal('audience_paths'),
    groups: z
      .array(AudienceGroup)
      .min(1)
      .max(AUDIENCE_PATHS_MAX_GROUPS, {
        message: `at most ${AUDIENCE_PATHS_MAX_GROUPS} groups (Braze's limit)`,
      }),
    everyone_else: Id.optional(),
  },
  'audience_paths field',
);
export type AudiencePathsStep = z.infer<typeof AudiencePathsStep>;
