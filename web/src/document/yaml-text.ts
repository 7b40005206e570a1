/**
 * The canvas as YAML text and back. Text goes through the same validator as the API and
 * the CLI, so a YAML edit either yields a valid document or a list of issues with line and
 * column, and the document in the builder is left as it was.
 */
import { stringify } from 'yaml';
import type { Canvas } from '../../../src/canvas/schema';
import type { CanvasIssue } from '../../../src/canvas/issues';
import { validateCanvasText } from '../../../src/canvas/validate';

export function toYaml(doc: Canvas): string {
  // lineWidth 0: never fold long Liquid strings, which would make diffs noisy.
  return stringify(doc, { lineWidth: 0 });
}

export type YamlResult = { ok: true; doc: Canvas } | { ok: false; issues: CanvasIssue[] };

export function fromYaml(text: string): YamlResult {
  const result = validateCanvasText(text);
  return result.ok ? { ok: true, doc: result.canvas } : { ok: false, issues: result.issues };
}
