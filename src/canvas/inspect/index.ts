/**
 * `inspect(canvas, templates)`: everything wrong or risky about a valid canvas, as a list of
 * issues with paths. Used on save by the API, live by the builder, and by `riposte validate`.
 * Drafts get warnings where publishing gets errors (e.g. a template still in review).
 */
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import { templateLookup, type TemplateInfo } from '../templates.js';
import { buildGraph } from './graph.js';
import { liquidIssues } from './liquid.js';
import { limitIssues } from './limits.js';
import { replyIssues } from './replies.js';
import { structureIssues } from './structure.js';
import { templateIssues } from './templates.js';
import { windowIssues } from './window.js';

export interface InspectOptions {
  /** `publish` turns template-not-approved into an error. Default `draft`. */
  mode?: 'draft' | 'publish';
}

export function inspect(
  canvas: Canvas,
  templates: readonly TemplateInfo[],
  options: InspectOptions = {},
): CanvasIssue[] {
  const graph = buildGraph(canvas);
  const lookup = templateLookup(templates);
  const issues = [
    ...structureIssues(canvas, graph),
    ...limitIssues(canvas),
    ...templateIssues(canvas, lookup, options.mode ?? 'draft'),
    ...replyIssues(graph, lookup),
    ...windowIssues(canvas, graph),
    ...liquidIssues(canvas),
  ];
  return issues.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
