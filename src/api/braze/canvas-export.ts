/**
 * `GET /canvas/list` and `GET /canvas/details` (reference §4e), Braze's shapes: canvases
 * by creation time with their tags, and a canvas's steps with `next_paths` named after the
 * groups (Action / Audience Paths), paths (Experiment) or Yes / No (Decision Split).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Canvas, Step } from '../../canvas/schema.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { currentDefinition, iso } from '../canvas-source.js';

/** Braze pages canvas lists by 100. */
const PAGE_SIZE = 100;
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

const ListQuery = z.looseObject({
  page: z.coerce.number().int().min(0).optional(),
  include_archived: QueryBool.optional(),
  sort_direction: z.enum(['asc', 'desc']).optional(),
  'last_edit.time[gt]': z.iso.datetime({ offset: true }).optional(),
});
const DetailsQuery = z.looseObject({
  canvas_id: z.string().min(1),
  post_launch_draft_version: QueryBool.optional(),
});

export function canvasExportRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/canvas/list',
      summary: 'List canvases (Braze)',
      access: 'canvas.list',
      rate: 'default',
      query: ListQuery,
    },
    async ({ query }) => {
      const after = query['last_edit.time[gt]'];
      const records = (await deps.store.canvases.list())
        .filter((c) => query.include_archived === true || c.status !== 'archived')
        .filter((c) => after === undefined || c.updatedAt > Date.parse(after))
        .sort((a, b) => (a.createdAt - b.createdAt) * (query.sort_direction === 'desc' ? -1 : 1));
      const page = query.page ?? 0;
      return {
        canvases: records.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((c) => ({
          id: c.id,
          last_edited: iso(c.updatedAt),
          name: c.name,
          tags: tagsOf(c.draft),
        })),
        message: 'success',
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/canvas/details',
      summary: 'A canvas with its steps (Braze)',
      access: 'canvas.details',
      rate: 'default',
      query: DetailsQuery,
    },
    async ({ query }) => {
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
      const canvas = await currentDefinition(deps.store, record);
      const span = await deps.store.db
        .selectFrom('journeys')
        .select((eb) => [eb.fn.min('entered_at').as('first'), eb.fn.max('entered_at').as('last')])
        .where('canvas_id', '=', record.id)
        .executeTakeFirst();
      const first =
        span?.first === null || span?.first === undefined ? null : iso(Number(span.first));
      const last = span?.last === null || span?.last === undefined ? null : iso(Number(span.last));
      return {
        created_at: iso(record.createdAt),
        updated_at: iso(record.updatedAt),
        name: record.name,
        description: canvas?.description ?? '',
        archived: record.status === 'archived',
        draft: record.liveVersion === null,
        enabled: record.status === 'live',
        has_post_launch_draft: record.liveVersion !== null && hasDraftChanges(record.draft, canvas),
        schedule_type: scheduleType(canvas),
        first_entry: first,
        last_entry: last,
        channels: ['whats_app'],
        variants: [
          {
            name: 'Variant 1',
            id: `${record.id}-variant-1`,
            first_step_ids: canvas?.steps[0] ? [canvas.steps[0].id] : [],
          },
        ],
        tags: tagsOf(record.draft),
        teams: [],
        steps: (canvas?.steps ?? []).map(stepView),
        message: 'success',
      };
    },
  );
}

function hasDraftChanges(draft: Record<string, unknown>, live: Canvas | undefined): boolean {
  return live !== undefined && JSON.stringify(draft) !== JSON.stringify(live);
}

function tagsOf(document: Record<string, unknown>): string[] {
  const tags = document.tags;
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

function scheduleType(canvas: Canvas | undefined): string {
  switch (canvas?.entry.type) {
    case 'api':
      return 'api_triggered';
    case 'schedule':
      return 'date';
    case undefined:
      return 'api_triggered';
    default:
      return 'action_based';
  }
}

export function nextPaths(step: Step): Array<{ name: string | null; next_step_id: string }> {
  const path = (name: string | null, next: string | undefined) =>
    next === undefined ? [] : [{ name, next_step_id: next }];
  switch (step.type) {
    case 'action_paths':
    case 'audience_paths':
      return [
        ...step.groups.flatMap((g) => path(g.name ?? g.id, g.next)),
        ...path('Everyone Else', step.everyone_else),
      ];
    case 'experiment_paths':
      return step.paths.flatMap((p) => path(p.name ?? p.id, p.next));
    case 'decision_split':
      return [...path('Yes', step.yes), ...path('No', step.no)];
    case 'webhook':
      return [
        ...path(null, step.next),
        ...path('Success', step.on_success),
        ...path('Failure', step.on_failure),
      ];
    case 'exit':
      return [];
    default:
      return path(null, step.next);
  }
}

function stepView(step: Step) {
  const paths = nextPaths(step);
  const isMessage = step.type === 'message';
  return {
    name: step.name ?? step.id,
    type: step.type,
    id: step.id,
    next_step_ids: [...new Set(paths.map((p) => p.next_step_id))],
    next_paths: paths,
    channels: isMessage ? ['whats_app'] : step.type === 'webhook' ? ['webhook'] : [],
    messages: isMessage
      ? { [`${step.id}-message`]: { channel: 'whats_app', ...messageOf(step) } }
      : {},
  };
}

function messageOf(step: Extract<Step, { type: 'message' }>): Record<string, unknown> {
  const wa = step.whatsapp as Record<string, unknown>;
  return {
    ...(typeof wa.template === 'string' ? { template_name: wa.template } : {}),
    ...(typeof wa.text === 'string' ? { body: wa.text } : {}),
  };
}
