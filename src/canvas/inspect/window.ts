/**
 * The 24 h customer-service window as logic: a free-form (text or interactive) message may
 * only be sent within 24 h of the person's last message. This rule computes, for every step,
 * the window time guaranteed left on every path that reaches it, and flags free-form
 * messages that some path reaches with none left and no `outside_window` policy.
 *
 * What opens the window: an inbound-WhatsApp entry, or an Action Paths group with an
 * inbound-WhatsApp trigger. What uses it up: delays (their duration; an "until" delay
 * uses all of it) and Action Paths event groups or everyone-else (up to the whole window).
 */
import { ACTION_PATHS_DEFAULT_WINDOW_MS, CUSTOMER_SERVICE_WINDOW_MS } from '../limits.js';
import { parseDuration } from '../duration.js';
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import type { Graph } from './graph.js';

export function windowLeft(canvas: Canvas, graph: Graph): Map<string, number> {
  const left = new Map<string, number>();
  const start = canvas.steps[0]?.id;
  if (start === undefined) return left;
  const entryOpens = canvas.entry.type === 'inbound_whatsapp';
  const queue: Array<[string, number]> = [[start, entryOpens ? CUSTOMER_SERVICE_WINDOW_MS : 0]];
  // Values only shrink and are bounded below by 0, so this settles.
  while (queue.length > 0) {
    const [id, remaining] = queue.shift() as [string, number];
    const known = left.get(id);
    if (known !== undefined && known <= remaining) continue;
    left.set(id, remaining);
    const node = graph.steps.get(id)?.step;
    if (!node) continue;
    for (const edge of graph.outgoing.get(id) ?? []) {
      let after = remaining;
      if (node.type === 'delay') {
        after = node.for !== undefined ? remaining - (parseDuration(node.for) ?? 0) : 0;
      } else if (node.type === 'action_paths') {
        const group = typeof edge.branch === 'number' ? node.groups[edge.branch] : undefined;
        const window =
          node.window === undefined
            ? ACTION_PATHS_DEFAULT_WINDOW_MS
            : (parseDuration(node.window) ?? ACTION_PATHS_DEFAULT_WINDOW_MS);
        after =
          group?.when.inbound_whatsapp !== undefined
            ? CUSTOMER_SERVICE_WINDOW_MS
            : remaining - window;
      }
      queue.push([edge.to, Math.max(0, after)]);
    }
  }
  return left;
}

export function windowIssues(canvas: Canvas, graph: Graph): CanvasIssue[] {
  const left = windowLeft(canvas, graph);
  const issues: CanvasIssue[] = [];
  canvas.steps.forEach((step, i) => {
    if (step.type !== 'message' || step.whatsapp.template !== undefined) return;
    if (step.whatsapp.outside_window !== undefined) return;
    const remaining = left.get(step.id);
    if (remaining === undefined || remaining > 0) return;
    issues.push({
      severity: 'warning',
      code: 'outside_window',
      path: `steps[${i}].whatsapp`,
      stepId: step.id,
      message:
        'this free-form message can run outside the 24 h window (no reply from the person just before it); it will be skipped there — send a template, or set outside_window: exit or a fallback template',
    });
  });
  return issues;
}
