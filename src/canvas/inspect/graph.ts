/**
 * The canvas as a graph: each step's outgoing edges with the branch they belong to.
 * Inspect rules walk this instead of knowing every step type's field names.
 */
import type { Canvas, Step } from '../schema.js';

export interface Edge {
  from: string;
  to: string;
  /** Field that holds it, for issue paths: `next`, `groups[2].next`, `everyone_else`, … */
  field: string;
  /** Action Paths: the group index (or 'everyone_else'); others: the branch name. */
  branch?: number | 'everyone_else' | string;
}

export function edgesOf(step: Step): Edge[] {
  const out: Edge[] = [];
  const add = (to: string | undefined, field: string, branch?: Edge['branch']) => {
    if (to !== undefined)
      out.push({ from: step.id, to, field, ...(branch !== undefined ? { branch } : {}) });
  };
  switch (step.type) {
    case 'message':
    case 'delay':
    case 'user_update':
      add(step.next, 'next');
      break;
    case 'webhook':
      add(step.next, 'next');
      add(step.on_success, 'on_success', 'success');
      add(step.on_failure, 'on_failure', 'failure');
      break;
    case 'action_paths':
      step.groups.forEach((g, i) => add(g.next, `groups[${i}].next`, i));
      add(step.everyone_else, 'everyone_else', 'everyone_else');
      break;
    case 'audience_paths':
      step.groups.forEach((g, i) => add(g.next, `groups[${i}].next`, g.id));
      add(step.everyone_else, 'everyone_else', 'everyone_else');
      break;
    case 'experiment_paths':
      step.paths.forEach((p, i) => add(p.next, `paths[${i}].next`, p.id));
      break;
    case 'decision_split':
      add(step.yes, 'yes', 'yes');
      add(step.no, 'no', 'no');
      break;
    case 'exit':
      break;
  }
  return out;
}

export interface Graph {
  steps: Map<string, { step: Step; index: number }>;
  edges: Edge[];
  outgoing: Map<string, Edge[]>;
  incoming: Map<string, Edge[]>;
}

export function buildGraph(canvas: Canvas): Graph {
  const steps = new Map<string, { step: Step; index: number }>();
  canvas.steps.forEach((step, index) => {
    if (!steps.has(step.id)) steps.set(step.id, { step, index });
  });
  const edges = canvas.steps.flatMap(edgesOf);
  const outgoing = new Map<string, Edge[]>();
  const incoming = new Map<string, Edge[]>();
  for (const e of edges) {
    outgoing.set(e.from, [...(outgoing.get(e.from) ?? []), e]);
    incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  }
  return { steps, edges, outgoing, incoming };
}

/** Steps that make a journey wait for time or a person (loops must pass through one). */
export function isWaitStep(step: Step): boolean {
  return step.type === 'action_paths' || step.type === 'delay';
}
