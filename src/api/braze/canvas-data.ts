/**
 * `GET /canvas/data_summary` and `GET /canvas/data_series` (reference §4e): entries and,
 * per message step, the `whats_app` stats `sent`, `delivered`, `failed`, `read` from the
 * metrics table. Beyond Braze, every Action / Audience Paths step also carries `groups`
 * (how many people took each group) — the per-button answer counts Braze cannot give.
 * Revenue and conversions are not tracked: always 0.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Canvas } from '../../canvas/schema.js';
import { rollUp, type StepStats } from '../analytics.js';
import { currentDefinition } from '../canvas-source.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { QueryBool } from './canvas-export.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Braze: `length` is 1 to 14 days. */
const MAX_LENGTH_DAYS = 14;

const DataQuery = z.looseObject({
  canvas_id: z.string().min(1),
  ending_at: z.iso.datetime({ offset: true }),
  starting_at: z.iso.datetime({ offset: true }).optional(),
  length: z.coerce.number().int().min(1).max(MAX_LENGTH_DAYS).optional(),
  include_variant_breakdown: QueryBool.optional(),
  include_step_breakdown: QueryBool.optional(),
  include_deleted_step_data: QueryBool.optional(),
});
type DataQuery = z.output<typeof DataQuery>;

export function canvasDataRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/canvas/data_summary',
      summary: 'Canvas analytics over a range (Braze)',
      access: 'canvas.data_summary',
      rate: 'default',
      query: DataQuery,
    },
    async ({ query }) => {
      const { canvas, name, from, to } = await scope(deps, query);
      const totals = rollUp(await deps.store.metrics.totals(query.canvas_id, { from, to }));
      return {
        data: {
          name,
          total_stats: { ...ZERO, entries: totals.entries },
          ...(query.include_variant_breakdown
            ? {
                variant_stats: {
                  [`${query.canvas_id}-variant-1`]: {
                    name: 'Variant 1',
                    revenue: 0,
                    conversions: 0,
                    entries: totals.entries,
                  },
                },
              }
            : {}),
          ...(query.include_step_breakdown ? { step_stats: stepStats(canvas, totals.steps) } : {}),
        },
        message: 'success',
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/canvas/data_series',
      summary: 'Canvas analytics per day (Braze)',
      access: 'canvas.data_series',
      rate: 'default',
      query: DataQuery,
    },
    async ({ query }) => {
      const { canvas, name, from, to } = await scope(deps, query);
      const points = await deps.store.metrics.series(query.canvas_id, { from, to });
      const stats = [];
      for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
        const inDay = points.filter((p) => p.hour >= day && p.hour < day + DAY_MS);
        const totals = rollUp(inDay);
        stats.push({
          time: new Date(day).toISOString().slice(0, 10),
          total_stats: { ...ZERO, entries: totals.entries },
          ...(query.include_variant_breakdown
            ? {
                variant_stats: {
                  [`${query.canvas_id}-variant-1`]: {
                    name: 'Variant 1',
                    revenue: 0,
                    conversions: 0,
                    entries: totals.entries,
                  },
                },
              }
            : {}),
          ...(query.include_step_breakdown ? { step_stats: stepStats(canvas, totals.steps) } : {}),
        });
      }
      return { data: { name, stats }, message: 'success' };
    },
  );
}

const ZERO = { revenue: 0, conversions: 0, conversions_by_entry_time: 0 };

async function scope(deps: ApiDeps, query: DataQuery) {
  const record = await deps.store.canvases.get(query.canvas_id);
  if (record === undefined)
    throw new ApiError(
      400,
      'invalid_canvas_id',
      `Invalid Canvas ID: no canvas "${query.canvas_id}"`,
      {
        field: 'canvas_id',
      },
    );
  if ((query.starting_at === undefined) === (query.length === undefined))
    throw new ApiError(400, 'invalid_range', 'give either starting_at or length (1 to 14 days)', {
      field: 'starting_at',
    });
  const to = Date.parse(query.ending_at);
  const from =
    query.starting_at !== undefined
      ? Date.parse(query.starting_at)
      : to - (query.length ?? 1) * DAY_MS;
  if (from >= to)
    throw new ApiError(400, 'invalid_range', 'starting_at must be before ending_at', {
      field: 'starting_at',
    });
  return { canvas: await currentDefinition(deps.store, record), name: record.name, from, to };
}

function stepStats(canvas: Canvas | undefined, steps: Map<string, StepStats>) {
  const out: Record<string, unknown> = {};
  for (const step of canvas?.steps ?? []) {
    const s = steps.get(step.id);
    const base = { name: step.name ?? step.id, ...ZERO };
    if (step.type === 'message') {
      out[step.id] = {
        ...base,
        messages: {
          whats_app: [
            {
              sent: s?.sent ?? 0,
              delivered: s?.delivered ?? 0,
              failed: s?.failed ?? 0,
              read: s?.read ?? 0,
            },
          ],
        },
      };
    } else if (step.type === 'action_paths' || step.type === 'audience_paths') {
      out[step.id] = {
        ...base,
        groups: { ...(s?.groups ?? {}), everyone_else: s?.everyoneElse ?? 0 },
      };
    } else if (s !== undefined) {
      out[step.id] = base;
    }
  }
  return out;
}
