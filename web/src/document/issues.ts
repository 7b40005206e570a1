/**
 * Issues of the document being edited, computed in the browser on every change with the
 * same `validateCanvas` and `inspect` the API runs on save and publish.
 */
import type { Canvas } from '../../../src/canvas/schema';
import { hasErrors, type CanvasIssue } from '../../../src/canvas/issues';
import { validateCanvas } from '../../../src/canvas/validate';
import { inspect } from '../../../src/canvas/inspect/index';
import type { TemplateInfo } from '../../../src/canvas/templates';

export interface CanvasCheck {
  issues: CanvasIssue[];
  /** Errors that stop publishing (inspect in `publish` mode, or any shape error). */
  blocking: CanvasIssue[];
  /** Issues by the step they belong to; document-wide issues under ''. */
  byStep: Map<string, CanvasIssue[]>;
}

export function checkCanvas(doc: Canvas, templates: readonly TemplateInfo[]): CanvasCheck {
  const valid = validateCanvas(doc);
  // Publish mode: the builder's markers are about what stops a launch, which is what the
  // author needs to see; drafts still save with them.
  const issues = valid.ok ? inspect(valid.canvas, templates, { mode: 'publish' }) : valid.issues;
  const byStep = new Map<string, CanvasIssue[]>();
  for (const issue of issues) {
    const key = issue.stepId ?? '';
    byStep.set(key, [...(byStep.get(key) ?? []), issue]);
  }
  return { issues, blocking: issues.filter((i) => i.severity === 'error'), byStep };
}

export { hasErrors };
