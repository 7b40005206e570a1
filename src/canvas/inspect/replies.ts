/**
 * Rules for the heart of the seed story: an Action Paths step after a message with buttons
 * should have a group for every button, `is` values that match a button label, and a
 * catch-all for free text.
 */
import type { StepOf } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import type { TemplateInfo } from '../templates.js';
import { closest } from '../suggest.js';
import { normalizeWhole } from '../text.js';
import { isWaitStep, type Graph } from './graph.js';
import { DEFAULT_LANGUAGE, type TemplateLookup } from './templates.js';

/** Message steps that run just before an Action Paths step (no wait in between). */
export function precedingMessages(graph: Graph, stepId: string): Array<StepOf<'message'>> {
  const found: Array<StepOf<'message'>> = [];
  const seen = new Set<string>();
  const stack = [stepId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const edge of graph.incoming.get(id) ?? []) {
      if (seen.has(edge.from)) continue;
      seen.add(edge.from);
      const node = graph.steps.get(edge.from)?.step;
      if (!node || isWaitStep(node)) continue;
      if (node.type === 'message') found.push(node);
      else stack.push(node.id);
    }
  }
  return found;
}

/** Button labels a message step shows (template quick replies, reply buttons, list rows). */
export function buttonLabels(
  step: StepOf<'message'>,
  templates: TemplateLookup,
): string[] | undefined {
  const wa = step.whatsapp;
  if (wa.template !== undefined) {
    const info: TemplateInfo | undefined = templates(wa.template, wa.language ?? DEFAULT_LANGUAGE);
    if (!info) return undefined;
    return info.buttons.filter((b) => b.type === 'QUICK_REPLY').map((b) => b.text);
  }
  if (wa.interactive?.buttons) return wa.interactive.buttons.map((b) => b.title);
  if (wa.interactive?.list)
    return wa.interactive.list.sections.flatMap((s) => s.rows.map((r) => r.title));
  return [];
}

export function replyIssues(graph: Graph, templates: TemplateLookup): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  for (const { step, index } of graph.steps.values()) {
    if (step.type !== 'action_paths') continue;
    for (const message of precedingMessages(graph, step.id)) {
      const labels = buttonLabels(message, templates);
      if (labels === undefined || labels.length === 0) continue;
      issues.push(...coverage(step, index, message.id, labels));
    }
  }
  return issues;
}

function coverage(
  step: StepOf<'action_paths'>,
  index: number,
  messageId: string,
  labels: string[],
): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  const covered = new Set<number>();
  let catchAll = false;
  step.groups.forEach((group, gi) => {
    const trigger = group.when.inbound_whatsapp;
    if (!trigger) return;
    if (trigger.body === undefined && trigger.button === undefined) catchAll = true;
    const button = trigger.button;
    if (typeof button === 'number') covered.add(button);
    else if (button?.index !== undefined) covered.add(button.index);
    if (typeof button === 'number' && button >= labels.length) {
      issues.push({
        severity: 'error',
        code: 'button_out_of_range',
        path: `steps[${index}].groups[${gi}].when.inbound_whatsapp.button`,
        stepId: step.id,
        message: `"${messageId}" has ${labels.length} button(s) (0 to ${labels.length - 1}); there is no button ${button}`,
      });
    }
    const is = trigger.body?.is;
    if (is === undefined) return;
    const values = Array.isArray(is) ? is : [is];
    let matchedAny = false;
    for (const value of values) {
      const hit = labels.findIndex((l) => normalizeWhole(l) === normalizeWhole(value));
      if (hit >= 0) {
        covered.add(hit);
        matchedAny = true;
      }
    }
    if (!matchedAny) {
      const guess = closest(values[0] ?? '', labels);
      issues.push({
        severity: 'warning',
        code: 'body_matches_no_button',
        path: `steps[${index}].groups[${gi}].when.inbound_whatsapp.body.is`,
        stepId: step.id,
        message: `${values.map((v) => `"${v}"`).join(', ')} matches none of the buttons of "${messageId}" (${labels.join(', ')})${guess ? `; did you mean "${guess}"?` : '; only typed text will match'}`,
      });
    }
  });
  const missing = labels.map((l, i) => [l, i] as const).filter(([, i]) => !covered.has(i));
  if (missing.length > 0) {
    issues.push({
      severity: 'warning',
      code: 'button_not_covered',
      path: `steps[${index}].groups`,
      stepId: step.id,
      message: `no group for button${missing.length > 1 ? 's' : ''} ${missing.map(([l, i]) => `${i} "${l}"`).join(', ')} of "${messageId}"; ${catchAll ? 'taps on it go to the catch-all' : 'taps on it are ignored'}`,
    });
  }
  if (!catchAll) {
    issues.push({
      severity: 'warning',
      code: 'no_catch_all',
      path: `steps[${index}].groups`,
      stepId: step.id,
      message: `no catch-all group after the quick replies of "${messageId}": typed text that matches no group is ignored; add a group with when: { inbound_whatsapp: {} }`,
    });
  }
  return issues;
}
