/**
 * Template rules: every template a canvas sends must exist and be APPROVED to publish
 * (a draft may use one still in review), and its parameters must fit.
 */
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import type { TemplateInfo } from '../templates.js';

export type TemplateLookup = (
  name: string,
  language: string | undefined,
) => TemplateInfo | undefined;
export const DEFAULT_LANGUAGE = 'en_US';

export function templateIssues(
  canvas: Canvas,
  templates: TemplateLookup,
  mode: 'draft' | 'publish',
): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  canvas.steps.forEach((step, i) => {
    if (step.type !== 'message') return;
    const wa = step.whatsapp;
    const sends = [
      wa.template !== undefined
        ? {
            path: `steps[${i}].whatsapp`,
            name: wa.template,
            language: wa.language,
            body: wa.body,
            header: wa.header,
          }
        : undefined,
      typeof wa.outside_window === 'object'
        ? {
            path: `steps[${i}].whatsapp.outside_window`,
            name: wa.outside_window.template,
            language: wa.outside_window.language,
            body: wa.outside_window.body,
            header: wa.outside_window.header,
          }
        : undefined,
    ];
    for (const send of sends) {
      if (!send) continue;
      const language = send.language ?? DEFAULT_LANGUAGE;
      const info = templates(send.name, language);
      const at = { path: `${send.path}.template`, stepId: step.id };
      if (!info) {
        issues.push({
          severity: mode === 'publish' ? 'error' : 'warning',
          code: 'template_unknown',
          ...at,
          message: `template "${send.name}" (${language}) is not known; create it or sync templates from the WABA`,
        });
        continue;
      }
      if (info.status !== 'APPROVED') {
        const blocking =
          mode === 'publish' ||
          info.status === 'PAUSED' ||
          info.status === 'DISABLED' ||
          info.status === 'REJECTED';
        issues.push({
          severity: blocking ? 'error' : 'warning',
          code: 'template_not_approved',
          ...at,
          message: `template "${send.name}" (${language}) is ${info.status}; ${mode === 'publish' ? 'the canvas can be published once Meta approves it' : 'it must be APPROVED before the canvas is published'}`,
        });
      }
      const given = send.body;
      const count =
        given === undefined ? 0 : Array.isArray(given) ? given.length : Object.keys(given).length;
      if (count !== info.bodyParams.length) {
        issues.push({
          severity: 'error',
          code: 'template_params',
          path: `${send.path}.body`,
          stepId: step.id,
          message: `template "${send.name}" body takes ${info.bodyParams.length} parameter(s) (${info.bodyParams.map((p) => `{{${p}}}`).join(', ') || 'none'}); ${count} given`,
        });
      } else if (
        given !== undefined &&
        (info.parameterFormat === 'named') === Array.isArray(given)
      ) {
        issues.push({
          severity: 'error',
          code: 'template_params',
          path: `${send.path}.body`,
          stepId: step.id,
          message: `template "${send.name}" uses ${info.parameterFormat} parameters; give body as ${info.parameterFormat === 'named' ? 'a map of names' : 'a list'}`,
        });
      }
    }
  });
  return issues;
}
