/**
 * `user_update`: profile changes, applied to the journey's view of the person at once (so a
 * following message can use them) and emitted for the host to store. String values are
 * Liquid; a value that fails to render aborts the whole update (nothing half-applied).
 */
import type { StepOf } from '../../canvas/schema.js';
import { applyContactOps } from '../contact-ops.js';
import type { Outcome, Run } from '../run.js';
import type { ContactOp } from '../types.js';

type UserUpdateStep = StepOf<'user_update'>;

export function arrive(step: UserUpdateStep, run: Run): Outcome {
  const ops = buildOps(step, run);
  if (ops === undefined) {
    run.metric(step.id, 'aborted');
    return { kind: 'next', next: step.next };
  }
  run.contact = applyContactOps(run.contact, ops);
  run.emit({ type: 'update_contact', stepId: step.id, ops });
  run.metric(step.id, 'updated');
  return { kind: 'next', next: step.next };
}

function buildOps(step: UserUpdateStep, run: Run): ContactOp[] | undefined {
  const scope = run.scope(step);
  const ops: ContactOp[] = [];
  let failed = false;
  const renderValue = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const text = run.render(step, value, scope);
      if (text === undefined) failed = true;
      return text;
    }
    if (Array.isArray(value)) return value.map(renderValue);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v)]));
    }
    return value;
  };
  for (const [attribute, value] of Object.entries(step.set ?? {}))
    ops.push({ op: 'set', attribute, value: renderValue(value) });
  for (const [attribute, by] of Object.entries(step.inc ?? {}))
    ops.push({ op: 'inc', attribute, by });
  for (const [attribute, values] of Object.entries(step.add ?? {}))
    ops.push({ op: 'add', attribute, values });
  for (const [attribute, values] of Object.entries(step.remove ?? {}))
    ops.push({ op: 'remove', attribute, values });
  for (const attribute of step.unset ?? []) ops.push({ op: 'unset', attribute });
  if (step.subscription)
    ops.push({
      op: 'subscription',
      number: run.number(step.subscription.number),
      state: step.subscription.state,
    });
  return failed ? undefined : ops;
}
