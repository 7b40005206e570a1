/** `audience_paths`: the first group whose condition holds, else everyone_else. */
import type { StepOf } from '../../canvas/schema.js';
import { evaluate, lookupIn } from '../conditions.js';
import type { Outcome, Run } from '../run.js';

export function arrive(step: StepOf<'audience_paths'>, run: Run): Outcome {
  const lookup = lookupIn(run.scope(step));
  const group = step.groups.find((g) => evaluate(g.if, lookup));
  if (group) {
    run.metric(step.id, 'group', group.id);
    return { kind: 'next', next: group.next, branch: group.id };
  }
  run.metric(step.id, 'everyone_else');
  return { kind: 'next', next: step.everyone_else, branch: 'everyone_else' };
}
