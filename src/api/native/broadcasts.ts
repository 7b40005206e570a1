/**
 * Broadcasts: the durable jobs behind `/canvas/trigger/send` and `/messages/send` with
 * `broadcast` or `audience` (src/runner/broadcasts.ts). Braze answers those requests at
 * once and offers no progress; RapidPro lists its broadcasts with a status. This is that
 * list: whether a job is still walking its audience and how many people it has queued.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BroadcastJob } from '../../store/repos/broadcasts.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const ListQuery = z.strictObject({
  state: z.enum(['running', 'done']).optional(),
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const BroadcastParams = z.strictObject({ id: z.string().min(1) });

function view(job: BroadcastJob) {
  const payload = job.payload;
  return {
    id: job.id,
    kind: job.kind,
    // An entry job's id is the request's dispatch_id; a send job carries its own.
    dispatchId: job.kind === 'send' ? String(payload.dispatchId ?? '') : job.id,
    canvasId: job.kind === 'enter' ? String(payload.canvasId ?? '') : null,
    audience: job.audience ?? null,
    state: job.state,
    queued: job.queued,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.state === 'done' ? job.updatedAt : null,
  };
}

export function broadcastRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/broadcasts',
      summary: 'Broadcast and audience jobs, newest first, with their progress',
      access: 'native',
      query: ListQuery,
    },
    async ({ query }) => {
      const page = await deps.store.broadcasts.list({
        ...(query.state !== undefined ? { state: query.state } : {}),
        ...(query.after !== undefined ? { after: query.after } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      });
      return { broadcasts: page.jobs.map(view), next: page.next ?? null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/broadcasts/:id',
      summary: 'One broadcast job and its progress',
      access: 'native',
      params: BroadcastParams,
    },
    async ({ params }) => {
      const job = await deps.store.broadcasts.get(params.id);
      if (job === undefined)
        throw new ApiError(404, 'broadcast_not_found', `no broadcast "${params.id}"`, {
          field: 'id',
          hint: 'GET /api/v1/broadcasts lists them, newest first',
        });
      return { broadcast: view(job) };
    },
  );
}
