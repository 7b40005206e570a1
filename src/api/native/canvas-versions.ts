/**
 * Published versions (immutable), a unified diff of two versions' YAML (or a version and
 * the draft), and the canvas's analytics per step.
 */
import { createTwoFilesPatch } from 'diff';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rollUp, timeToReplyBuckets } from '../analytics.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { yamlOf } from './canvas-body.js';
import { CanvasParams, canvasOr404 } from './canvases.js';

const VersionParams = CanvasParams.extend({ version: z.coerce.number().int().min(1) });
const Ref = z.union([z.literal('draft'), z.coerce.number().int().min(1)]);
const DiffQuery = z.strictObject({ from: Ref, to: Ref.default('draft') });
const RangeQuery = z.strictObject({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
});

export function canvasVersionRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/canvases/:id/versions',
      summary: 'Published versions, newest first',
      access: 'native',
      params: CanvasParams,
    },
    async ({ params }) => {
      await canvasOr404(deps, params.id);
      const versions = await deps.store.canvases.listVersions(params.id);
      return {
        versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt })),
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/canvases/:id/versions/:version',
      summary: 'One published version',
      access: 'native',
      params: VersionParams,
    },
    async ({ params }) => {
      const definition = await versionOr404(deps, params.id, params.version);
      return { version: params.version, definition, yaml: yamlOf(definition) };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/canvases/:id/diff',
      summary: "Unified diff of two versions' YAML (to=draft for the draft)",
      access: 'native',
      params: CanvasParams,
      query: DiffQuery,
    },
    async ({ params, query }) => {
      const record = await canvasOr404(deps, params.id);
      const text = async (ref: 'draft' | number) =>
        yamlOf(ref === 'draft' ? record.draft : await versionOr404(deps, record.id, ref));
      const name = (ref: 'draft' | number) => (ref === 'draft' ? 'draft' : `v${ref}`);
      const diff = createTwoFilesPatch(
        `${record.id}@${name(query.from)}`,
        `${record.id}@${name(query.to)}`,
        await text(query.from),
        await text(query.to),
      );
      return { from: query.from, to: query.to, diff };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/canvases/:id/analytics',
      summary: 'Per-step counts: sent, delivered, read, replies by button, groups, waiting',
      access: 'native',
      params: CanvasParams,
      query: RangeQuery,
    },
    async ({ params, query }) => {
      await canvasOr404(deps, params.id);
      const from = query.from ?? 0;
      const to = query.to ?? deps.now();
      const { entries, steps } = rollUp(await deps.store.metrics.totals(params.id, { from, to }));
      const waiting = new Map<string, number>();
      for (const c of await deps.store.journeys.countLiveByStep(params.id))
        if (c.status === 'waiting' && c.stepId !== null)
          waiting.set(c.stepId, (waiting.get(c.stepId) ?? 0) + c.count);
      const ids = new Set([...steps.keys(), ...waiting.keys()]);
      const out: Record<string, unknown> = {};
      for (const id of ids) {
        const s = steps.get(id);
        out[id] = {
          entered: s?.entered ?? 0,
          sent: s?.sent ?? 0,
          delivered: s?.delivered ?? 0,
          read: s?.read ?? 0,
          failed: s?.failed ?? 0,
          aborted: s?.aborted ?? 0,
          skipped: s?.skipped ?? 0,
          timedOut: s?.timedOut ?? 0,
          replies: s?.replies ?? {},
          groups: s?.groups ?? {},
          everyoneElse: s?.everyoneElse ?? 0,
          waiting: waiting.get(id) ?? 0,
          timeToReply: timeToReplyBuckets(s),
        };
      }
      return { from, to, entries, steps: out };
    },
  );
}

async function versionOr404(deps: ApiDeps, id: string, version: number) {
  const found = await deps.store.canvases.getVersion(id, version);
  if (found === undefined)
    throw new ApiError(404, 'version_not_found', `canvas "${id}" has no version ${version}`, {
      field: 'version',
    });
  return found.definition;
}
