/** `decision_split`: yes or no on a condition, evaluated on arrival. */
import type { StepOf } from '../../canvas/schema.js';
import { evaluate, lookupIn } from '../conditions.js';
import type { Outcome, Run } from '../run.js';

export function arrive(step: StepOf<'decision_split'>, run: Run): Outcome {
  const yes = evaluate(step.if, lookupIn(run.scope(step)));
  run.metric(step.id, 'group', yes ? 'yes' : 'no');
  return { kind: 'next', next: yes ? step.yes : step.no, branch: yes ? 'yes' : 'no' };
}
