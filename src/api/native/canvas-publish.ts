/**
 * Publishing and the canvas lifecycle. Publish checks the draft as for launch (a template
 * not APPROVED blocks it: 409 `publish_blocked` with the issues) and stores a new immutable
 * version. People already waiting stay on their version (`stay`, the default) or, with
 * `move`, go to the new version at the same step — when that step id still exists there.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasErrors } from '../../canvas/issues.js';
import { inspect } from '../../canvas/inspect/index.js';
import type { Canvas } from '../../canvas/schema.js';
import { validateCanvas } from '../../canvas/validate.js';
import { templateInfoOf } from '../../runner/catalog.js';
import { StoreConflictError } from '../../store/errors.js';
import type { CanvasStatus } from '../../store/repos/canvases.js';
import type { JourneyRecord } from '../../store/repos/journeys.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { CanvasParams, canvasOr404 } from './canvases.js';

const PublishBody = z.strictObject({ migrate: z.enum(['stay', 'move']).optional() });

export function canvasPublishRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/canvases/:id/publish',
      summary: 'Publish the draft as a new version (refused while a template is not APPROVED)',
      access: 'native',
      params: CanvasParams,
      body: PublishBody,
      status: 201,
    },
    async ({ params, body, auth }) => {
      const record = await canvasOr404(deps, params.id);
      if (record.status === 'archived')
        throw new ApiError(409, 'canvas_archived', `canvas "${record.id}" is archived`);
      const parsed = validateCanvas(record.draft);
      if (!parsed.ok) throw blocked(parsed.issues);
      // Fresh from the store: a template approved a moment ago must count.
      const templates = (await deps.store.templates.list()).map(templateInfoOf);
      const issues = inspect(parsed.canvas, templates, { mode: 'publish' });
      if (hasErrors(issues)) throw blocked(issues);
      const by =
        auth.kind === 'session'
          ? auth.session.email
          : auth.kind === 'key'
            ? `key:${auth.key.name}`
            : undefined;
      const version = await deps.store.canvases.publish(record.id, parsed.canvas, by);
      const moved =
        body.migrate === 'move' ? await moveWaiting(deps, parsed.canvas, version.version) : 0;
      deps.runner.catalog.invalidate();
      deps.runner.notify();
      return {
        version: version.version,
        publishedAt: version.publishedAt,
        ...(body.migrate === 'move' ? { moved } : {}),
      };
    },
  );

  const lifecycle = (
    action: 'stop' | 'resume' | 'archive',
    from: CanvasStatus[],
    to: CanvasStatus,
  ) =>
    defineRoute(
      app,
      router,
      {
        method: 'POST',
        url: `/api/v1/canvases/:id/${action}`,
        summary: `${action[0]?.toUpperCase()}${action.slice(1)} a canvas`,
        access: 'native',
        params: CanvasParams,
      },
      async ({ params }) => {
        const record = await canvasOr404(deps, params.id);
        if (!from.includes(record.status) || (action === 'resume' && record.liveVersion === null))
          throw new ApiError(
            409,
            'invalid_status',
            `cannot ${action} a canvas that is ${record.status}`,
            {
              hint: `${action} works on a canvas that is ${from.join(' or ')}`,
            },
          );
        const saved = await deps.store.canvases.setStatus(record.id, to);
        deps.runner.catalog.invalidate();
        deps.runner.notify();
        return { status: saved.status };
      },
    );
  lifecycle('stop', ['live'], 'stopped');
  lifecycle('resume', ['stopped'], 'live');
  lifecycle('archive', ['draft', 'live', 'stopped'], 'archived');
}

function blocked(issues: unknown[]): ApiError {
  return new ApiError(
    409,
    'publish_blocked',
    'the canvas cannot be published until its errors are fixed',
    {
      issues,
      hint: 'a template must be APPROVED by Meta before a canvas using it is published',
    },
  );
}

/**
 * Moves waiting journeys of older versions to `version` where their step exists in it.
 * Each write is checked against the row version it read: a journey the runner moved on
 * meanwhile is left where it is (it is no longer waiting at that step).
 */
async function moveWaiting(deps: ApiDeps, canvas: Canvas, version: number): Promise<number> {
  const steps = new Set(canvas.steps.map((s) => s.id));
  let moved = 0;
  for await (const page of deps.store.journeys.pages(canvas.id, { status: 'waiting' })) {
    const candidates = page.filter(
      (r) =>
        r.journey.version !== version && r.journey.stepId !== null && steps.has(r.journey.stepId),
    );
    moved += await writeMoved(deps, candidates, version);
  }
  return moved;
}

async function writeMoved(
  deps: ApiDeps,
  records: JourneyRecord[],
  version: number,
): Promise<number> {
  const write = (r: JourneyRecord) => ({
    journey: { ...r.journey, version },
    branch: r.branch,
    expectedVersion: r.rowVersion,
  });
  try {
    await deps.store.journeys.upsertMany(records.map(write));
    return records.length;
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    let moved = 0;
    for (const r of records) {
      try {
        await deps.store.journeys.upsertMany([write(r)]);
        moved++;
      } catch (inner) {
        if (!(inner instanceof StoreConflictError)) throw inner;
      }
    }
    return moved;
  }
}
