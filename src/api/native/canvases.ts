/**
 * Canvases in the native API (docs/native-api.md): list, create and save drafts (JSON or
 * YAML; saved with inspect's warnings and errors, refused only for a shape error), and
 * validate as for publishing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Canvas } from '../../canvas/schema.js';
import { CANVAS_STEP } from '../analytics.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { canvasDetail, issuesOf, parseDocument } from './canvas-body.js';

export const CanvasParams = z.strictObject({ id: z.string().min(1) });
const YAML_TYPES = ['application/yaml', 'text/yaml'];

export function canvasRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    { method: 'GET', url: '/api/v1/canvases', summary: 'List canvases', access: 'native' },
    async () => {
      const records = await deps.store.canvases.list();
      const canvases = [];
      for (const c of records) {
        const entries = await deps.store.metrics.totals(c.id, {
          stepId: CANVAS_STEP,
          metric: 'entered',
        });
        canvases.push({
          id: c.id,
          name: c.name,
          status: c.status,
          liveVersion: c.liveVersion,
          entries: entries.reduce((n, t) => n + t.count, 0),
          updatedAt: c.updatedAt,
        });
      }
      return { canvases };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/canvases',
      summary: 'Create a canvas (draft) from a JSON or YAML document',
      access: 'native',
      docBody: Canvas,
      bodyTypes: YAML_TYPES,
      status: 201,
    },
    async ({ request }) => {
      const { canvas, source } = parseDocument(request.body);
      if ((await deps.store.canvases.get(canvas.id)) !== undefined)
        throw new ApiError(409, 'canvas_exists', `a canvas with id "${canvas.id}" exists`, {
          field: 'id',
          hint: `update it with PUT /api/v1/canvases/${canvas.id}`,
        });
      const record = await deps.store.canvases.create(canvas.id, {
        name: canvas.name,
        draft: canvas,
        draftSource: source,
      });
      return { canvas: await canvasDetail(deps, record) };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/canvases/:id',
      summary: 'A canvas: draft, YAML, issues',
      access: 'native',
      params: CanvasParams,
    },
    async ({ params }) => canvasDetail(deps, await canvasOr404(deps, params.id)),
  );

  defineRoute(
    app,
    router,
    {
      method: 'PUT',
      url: '/api/v1/canvases/:id',
      summary: "Save a canvas's draft",
      access: 'native',
      params: CanvasParams,
      docBody: Canvas,
      bodyTypes: YAML_TYPES,
    },
    async ({ params, request }) => {
      const record = await canvasOr404(deps, params.id);
      const { canvas, source } = parseDocument(request.body);
      if (canvas.id !== record.id)
        throw new ApiError(
          422,
          'id_mismatch',
          `the document's id "${canvas.id}" is not "${record.id}"`,
          {
            field: 'id',
            hint: 'a canvas id cannot change; create a new canvas instead',
          },
        );
      const saved = await deps.store.canvases.updateDraft(record.id, {
        name: canvas.name,
        draft: canvas,
        draftSource: source,
      });
      return canvasDetail(deps, saved);
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/canvases/:id/validate',
      summary: 'Issues of the draft (or of a document sent), as for publishing',
      access: 'native',
      params: CanvasParams,
      docBody: Canvas,
      bodyTypes: YAML_TYPES,
    },
    async ({ params, request }) => {
      const record = await canvasOr404(deps, params.id);
      const sent = request.body;
      const hasBody = sent !== undefined && sent !== null && sent !== '' && !isEmptyObject(sent);
      if (!hasBody) return { issues: await issuesOf(deps, record.draft, 'publish') };
      try {
        const { canvas } = parseDocument(sent);
        return { issues: await issuesOf(deps, canvas, 'publish') };
      } catch (error) {
        if (error instanceof ApiError && error.details.issues)
          return { issues: error.details.issues };
        throw error;
      }
    },
  );
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

export async function canvasOr404(deps: ApiDeps, id: string) {
  const record = await deps.store.canvases.get(id);
  if (record === undefined)
    throw new ApiError(404, 'canvas_not_found', `no canvas "${id}"`, { field: 'id' });
  return record;
}
