/** `exit`: the journey ends here. */
import type { StepOf } from '../../canvas/schema.js';
import type { Outcome, Run } from '../run.js';

export function arrive(step: StepOf<'exit'>, run: Run): Outcome {
  run.metric(step.id, 'exited');
  return { kind: 'end', reason: 'exit_step' };
}
