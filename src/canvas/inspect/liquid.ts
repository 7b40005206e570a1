/**
 * Liquid rules: syntax errors (with the field) and variables whose root is unknown
 * (`{{ usr.first_name }}`), with a did-you-mean.
 */
import type { Canvas } from '../schema.js';
import type { CanvasIssue } from '../issues.js';
import { analyzeLiquid } from '../liquid-syntax.js';
import { didYouMean } from '../suggest.js';

export const LIQUID_ROOTS = [
  'user',
  'context',
  'canvas_entry_properties',
  'api_trigger_properties',
  'event_properties',
  'whats_app',
  'canvas',
  'step',
  'campaign',
  'user_id',
  'phone_number',
];

/** Every string in a step, with its path (Liquid may appear in any of them). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value))
    for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value))
      yield* strings(v, /^[A-Za-z_][\w]*$/.test(k) ? `${path}.${k}` : `${path}["${k}"]`);
  }
}

const NOT_LIQUID = new Set([
  'id',
  'type',
  'next',
  'yes',
  'no',
  'everyone_else',
  'on_success',
  'on_failure',
  'name',
  'window',
  'for',
  'template',
  'language',
  'number',
  'var',
]);

export function liquidIssues(canvas: Canvas): CanvasIssue[] {
  const issues: CanvasIssue[] = [];
  canvas.steps.forEach((step, i) => {
    for (const [path, text] of strings(step, `steps[${i}]`)) {
      const field = path.split('.').pop() ?? '';
      if (NOT_LIQUID.has(field)) continue;
      const result = analyzeLiquid(text);
      if (!result.ok) {
        issues.push({
          severity: 'error',
          code: 'liquid_syntax',
          path,
          stepId: step.id,
          message: `Liquid: ${result.message}`,
        });
        continue;
      }
      for (const variable of result.variables) {
        const root = variable[0] ?? '';
        if (LIQUID_ROOTS.includes(root)) continue;
        // Loop variables and assigns are locals; only flag names that look like a misspelt root.
        const hint = didYouMean(root, LIQUID_ROOTS);
        if (hint === '' && !text.includes(`{{ ${root}`) && !text.includes(`{{${root}`)) continue;
        issues.push({
          severity: 'warning',
          code: 'liquid_unknown_variable',
          path,
          stepId: step.id,
          message: `unknown variable "${variable.join('.')}"${hint}; known roots: ${LIQUID_ROOTS.join(', ')}`,
        });
      }
    }
  });
  return issues;
}
