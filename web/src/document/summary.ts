/**
 * One line about what a step does, for its node on the graph.
 */
import type { Step } from '../../../src/canvas/schema';
import type { Condition } from '../../../src/canvas/conditions';
import { assertNever } from './outlets';

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function summarize(step: Step): string {
  switch (step.type) {
    case 'message': {
      const wa = step.whatsapp;
      if (wa.template !== undefined) return `Template ${wa.template || '(none chosen)'}`;
      if (wa.interactive !== undefined)
        return clip(
          `${wa.interactive.body} ${wa.interactive.buttons?.map((b) => `[${b.title}]`).join(' ') ?? '[list]'}`,
        );
      return wa.text ? clip(wa.text) : 'Text (empty)';
    }
    case 'action_paths':
      return `Waits ${step.window ?? '1d'}${step.ranking ? ', ranked' : ''}`;
    case 'delay':
      if (step.for !== undefined) return `Wait ${step.for}`;
      if (step.until?.date) return `Until ${step.until.date}`;
      return `Until ${step.until?.time ?? '?'}${step.until?.days ? ` on ${step.until.days.join(', ')}` : ''}`;
    case 'decision_split':
      return clip(`If ${describeCondition(step.if)}`);
    case 'audience_paths':
      return `${step.groups.length} ranked group${step.groups.length === 1 ? '' : 's'}`;
    case 'experiment_paths':
      return step.paths.map((p) => `${p.id} ${p.weight}`).join(' · ');
    case 'user_update': {
      const keys = [
        ...Object.keys(step.set ?? {}),
        ...Object.keys(step.inc ?? {}),
        ...Object.keys(step.add ?? {}),
        ...Object.keys(step.remove ?? {}),
        ...(step.unset ?? []),
      ];
      const sub = step.subscription ? [`subscription ${step.subscription.state}`] : [];
      const all = [...keys, ...sub];
      return all.length > 0 ? clip(`Update ${all.join(', ')}`) : 'Update (nothing yet)';
    }
    case 'webhook':
      return clip(`${step.request.method ?? 'POST'} ${step.request.url}`);
    case 'exit':
      return 'Journey ends';
    default:
      return assertNever(step);
  }
}

export function describeCondition(condition: Condition): string {
  if (condition.all) return condition.all.map(describeCondition).join(' and ');
  if (condition.any) return condition.any.map(describeCondition).join(' or ');
  if (condition.not) return `not (${describeCondition(condition.not)})`;
  const op = Object.entries(condition).find(([key]) => key !== 'var');
  if (!op) return condition.var ?? '?';
  return `${condition.var ?? '?'} ${op[0].replace(/_/g, ' ')} ${JSON.stringify(op[1])}`;
}
