/**
 * A canvas document as it arrives (JSON, or YAML text with `Content-Type: application/yaml`)
 * and as the dashboard gets it back (`CanvasDetail`): the draft, its YAML and its issues.
 */
import { stringify } from 'yaml';
import type { CanvasIssue } from '../../canvas/issues.js';
import { inspect } from '../../canvas/inspect/index.js';
import type { Canvas } from '../../canvas/schema.js';
import { validateCanvas, validateCanvasText } from '../../canvas/validate.js';
import type { CanvasRecord } from '../../store/repos/canvases.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

export interface ParsedDocument {
  canvas: Canvas;
  /** The text as sent, kept so a YAML round trip keeps its comments. */
  source: string | null;
}

/** A shape error is a 422 `invalid_canvas` with every issue; meaning is checked by inspect. */
export function parseDocument(body: unknown): ParsedDocument {
  if (body === undefined || body === null || body === '')
    throw new ApiError(422, 'invalid_canvas', 'send a canvas document (JSON or YAML)', {
      issues: [],
    });
  const text = typeof body === 'string' ? body : undefined;
  const result = text !== undefined ? validateCanvasText(text) : validateCanvas(body);
  if (!result.ok) {
    const [first] = result.issues;
    throw new ApiError(
      422,
      'invalid_canvas',
      first ? `${first.path === '' ? '' : `${first.path}: `}${first.message}` : 'invalid canvas',
      { ...(first?.path ? { field: first.path } : {}), issues: result.issues },
    );
  }
  return { canvas: result.canvas, source: text ?? null };
}

export async function templatesFor(deps: ApiDeps) {
  return (await deps.runner.catalog.templates()).list;
}

export async function issuesOf(
  deps: ApiDeps,
  draft: unknown,
  mode: 'draft' | 'publish',
): Promise<CanvasIssue[]> {
  const parsed = validateCanvas(draft);
  if (!parsed.ok) return parsed.issues;
  return inspect(parsed.canvas, await templatesFor(deps), { mode });
}

export function yamlOf(document: unknown): string {
  return stringify(document, { lineWidth: 0 });
}

export async function canvasDetail(deps: ApiDeps, record: CanvasRecord) {
  return {
    id: record.id,
    name: record.name,
    status: record.status,
    liveVersion: record.liveVersion,
    draft: record.draft,
    yaml: record.draftSource ?? yamlOf(record.draft),
    issues: await issuesOf(deps, record.draft, 'draft'),
    updatedAt: record.updatedAt,
  };
}
