/** Rules on durations and entry that the schema cannot express alone. */
import { ACTION_PATHS_MAX_WINDOW_MS, DELAY_MAX_MS } from '../limits.js';
import { formatDuration, parseDuration } from '../duration.js';
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';

export function limitIssues(canvas: Canvas): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  canvas.steps.forEach((step, i) => {
    if (step.type === 'action_paths' && step.window !== undefined) {
      const ms = parseDuration(step.window) ?? 0;
      if (ms > ACTION_PATHS_MAX_WINDOW_MS) {
        issues.push({
          severity: 'error',
          code: 'window_too_long',
          path: `steps[${i}].window`,
          stepId: step.id,
          message: `the evaluation window is ${formatDuration(ms)}; Action Paths allows at most 31 days`,
        });
      } else if (ms <= 0) {
        issues.push({
          severity: 'error',
          code: 'window_too_short',
          path: `steps[${i}].window`,
          stepId: step.id,
          message: 'the evaluation window must be longer than zero',
        });
      }
    }
    if (
      step.type === 'delay' &&
      step.for !== undefined &&
      (parseDuration(step.for) ?? 0) > DELAY_MAX_MS
    ) {
      issues.push({
        severity: 'error',
        code: 'delay_too_long',
        path: `steps[${i}].for`,
        stepId: step.id,
        message: `a delay waits at most 30 days (Braze's limit); this one is ${formatDuration(parseDuration(step.for) ?? 0)}`,
      });
    }
  });
  if (
    canvas.entry.type === 'inbound_whatsapp' &&
    canvas.entry.inbound_whatsapp?.body === undefined
  ) {
    issues.push({
      severity: 'warning',
      code: 'entry_catches_all',
      path: 'entry.inbound_whatsapp',
      message:
        'without a body filter this canvas is entered by every inbound WhatsApp message, including replies other canvases handle',
    });
  }
  return issues;
}
