/**
 * `experiment_paths`: split people across paths by weight. The choice is deterministic and
 * sticky: the same person always takes the same path of the same step (a hash of the
 * person, canvas and step), so re-entries and replays agree.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { EXPERIMENT_PATHS_MAX_PATHS } from '../limits.js';
import { Id, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: ab
  type: experiment_paths
  paths:
    - { id: short, weight: 45, next: short_copy }
    - { id: long, weight: 45, next: long_copy }
    - { id: control, weight: 10 }
- { id: short_copy, type: exit }
- { id: long_copy, type: exit }
`;

const ExperimentPath = strict(
  { id: Id, name: z.string().max(120).optional(), weight: z.number().positive(), next },
  'path field',
);

export const ExperimentPathsStep = strict(
  {
    ...stepBase,
    type: z.literal('experiment_paths'),
    paths: z
      .array(ExperimentPath)
      .min(2, { message: 'an experiment needs at least 2 paths' })
      .max(EXPERIMENT_PATHS_MAX_PATHS, { message: `at most ${EXPERIMENT_PATHS_MAX_PATHS} paths` }),
  },
  'experiment_paths field',
);
export type ExperimentPathsStep = z.infer<typeof ExperimentPathsStep>;
