/**
 * Structural rules: duplicate and dangling ids, unreachable steps, loops that could spin
 * without waiting.
 */
import { closest } from '../suggest.js';
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import { isWaitStep, type Graph } from './graph.js';

export function structureIssues(canvas: Canvas, graph: Graph): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  const seen = new Map<string, number>();
  canvas.steps.forEach((step, i) => {
    const first = seen.get(step.id);
    if (first !== undefined) {
      issues.push({
        severity: 'error',
        code: 'duplicate_step_id',
        path: `steps[${i}].id`,
        stepId: step.id,
        message: `step id "${step.id}" is already used by steps[${first}]`,
      });
    } else seen.set(step.id, i);
    const groups =
      step.type === 'action_paths' || step.type === 'audience_paths'
        ? step.groups
        : step.type === 'experiment_paths'
          ? step.paths
          : [];
    const ids = new Set<string>();
    groups.forEach((g, gi) => {
      if (ids.has(g.id)) {
        issues.push({
          severity: 'error',
          code: 'duplicate_group_id',
          path: `steps[${i}].${step.type === 'experiment_paths' ? 'paths' : 'groups'}[${gi}].id`,
          stepId: step.id,
          message: `"${g.id}" is used twice in this step`,
        });
      }
      ids.add(g.id);
    });
  });

  const known = [...graph.steps.keys()];
  for (const edge of graph.edges) {
    if (graph.steps.has(edge.to)) continue;
    const from = graph.steps.get(edge.from);
    const guess = closest(edge.to, known);
    issues.push({
      severity: 'error',
      code: 'dangling_next',
      path: `steps[${from?.index ?? 0}].${edge.field}`,
      stepId: edge.from,
      message: `no step "${edge.to}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
    });
  }

  const start = canvas.steps[0]?.id;
  const reached = new Set<string>();
  const stack = start === undefined ? [] : [start];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const e of graph.outgoing.get(id) ?? []) if (graph.steps.has(e.to)) stack.push(e.to);
  }
  canvas.steps.forEach((step, i) => {
    if (!reached.has(step.id) && seen.get(step.id) === i) {
      issues.push({
        severity: 'warning',
        code: 'unreachable_step',
        path: `steps[${i}]`,
        stepId: step.id,
        message: `no path leads to "${step.id}"; nobody will reach it`,
      });
    }
  });

  issues.push(...spinningLoops(graph));
  return issues;
}

/** A cycle through no Action Paths or Delay step would run without end on one input. */
function spinningLoops(graph: Graph): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    const node = graph.steps.get(id);
    if (!node || isWaitStep(node.step)) return;
    state.set(id, 'visiting');
    stack.push(id);
    for (const e of graph.outgoing.get(id) ?? []) {
      const s = state.get(e.to);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(e.to));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          issues.push({
            severity: 'error',
            code: 'loop_without_wait',
            path: `steps[${node.index}].${e.field}`,
            stepId: id,
            message: `the loop ${[...cycle, e.to].join(' → ')} has no Action Paths or Delay step; it would spin (at most the per-input step cap)`,
          });
        }
      } else if (s === undefined) visit(e.to);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of graph.steps.keys()) if (!state.has(id)) visit(id);
  return issues;
}
