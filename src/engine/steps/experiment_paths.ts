/**
 * `experiment_paths`: weighted split. Deterministic and sticky without storing anything: the
 * bucket is a hash of (contact, canvas, step), so the same person always takes the same path.
 */
import type { StepOf } from '../../canvas/schema.js';
import { fnv1a } from '../hash.js';
import type { Outcome, Run } from '../run.js';

export function arrive(step: StepOf<'experiment_paths'>, run: Run): Outcome {
  const total = step.paths.reduce((sum, p) => sum + p.weight, 0);
  const point = (fnv1a(`${run.contact.id}|${run.canvas.id}|${step.id}`) / 0x1_0000_0000) * total;
  let acc = 0;
  const path =
    step.paths.find((p) => (acc += p.weight) > point) ?? step.paths[step.paths.length - 1];
  if (path === undefined) return { kind: 'next', next: undefined };
  run.metric(step.id, 'group', path.id);
  return { kind: 'next', next: path.next, branch: path.id };
}
