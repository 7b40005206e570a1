/**
 * What a freshly added step looks like. Each default is small and (except an Action Paths
 * step, which needs its groups from the author) already valid, so a new node shows no
 * schema marker until the author changes something.
 */
import type { Step, StepType } from '../../../src/canvas/schema';
import { STEP_TYPES } from '../../../src/canvas/steps/registry';
import { assertNever } from './outlets';

export const STEP_LABELS: Record<StepType, string> = {
  message: 'Message',
  action_paths: 'Action Paths',
  delay: 'Delay',
  decision_split: 'Decision Split',
  audience_paths: 'Audience Paths',
  experiment_paths: 'Experiment Paths',
  user_update: 'User Update',
  webhook: 'Webhook',
  exit: 'Exit',
};

export const STEP_HINTS: Record<StepType, string> = {
  message: 'Send a template, text or buttons',
  action_paths: 'Wait for a reply, branch on it',
  delay: 'Wait for a time',
  decision_split: 'Yes / no on a condition',
  audience_paths: 'Ranked groups by condition',
  experiment_paths: 'Split by weight',
  user_update: 'Change the profile',
  webhook: 'Call an HTTP endpoint',
  exit: 'End the journey',
};

export { STEP_TYPES };

/** `message_1`, `message_2`, …: the smallest free number, so ids are predictable in tests. */
export function nextStepId(taken: Iterable<string>, type: StepType): string {
  const used = new Set(taken);
  let n = 1;
  while (used.has(`${type}_${n}`)) n++;
  return `${type}_${n}`;
}

export function newStep(type: StepType, id: string): Step {
  switch (type) {
    case 'message':
      return { id, type, whatsapp: { text: 'Hello!' } };
    case 'action_paths':
      // Empty on purpose: "One group per quick reply" and "Add catch-all" fill it in.
      return { id, type, window: '24h', groups: [] };
    case 'delay':
      return { id, type, for: '1h' };
    case 'decision_split':
      return { id, type, if: { var: 'user.tier', equals: 'gold' } };
    case 'audience_paths':
      return { id, type, groups: [{ id: 'group_1', if: { var: 'user.tier', equals: 'gold' } }] };
    case 'experiment_paths':
      return {
        id,
        type,
        paths: [
          { id: 'a', weight: 50 },
          { id: 'b', weight: 50 },
        ],
      };
    case 'user_update':
      return { id, type, set: {} };
    case 'webhook':
      return { id, type, request: { method: 'POST', url: 'https://example.com/hook' } };
    case 'exit':
      return { id, type };
    default:
      return assertNever(type);
  }
}
