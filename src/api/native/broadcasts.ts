/**
 * Broadcasts: the durable jobs behind `/canvas/trigger/send` and `/messages/send` with
 * `broadcast` or `audience` (src/runner/broadcasts.ts). Braze answers those requests at
 * once and offers no progress; RapidPro lists its broadcasts with a status. This is that
 * list: whether a job is still walking its audience and how many people it has queued.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BroadcastJob } from '../../store/repos/broadcasts.js';
import { withdrawRemainingSends, withdrawSendPage } from '../../runner/cancelled-sends.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const ListQuery = z.strictObject({
  state: z.enum(['running', 'done', 'cancelled']).optional(),
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
    sendId: job.kind === 'send' && typeof payload.sendId === 'string' ? payload.sendId : null,
    canvasId: job.kind === 'enter' ? String(payload.canvasId ?? '') : null,
    audience: job.audience ?? null,
    state: job.state,
    queued: job.queued,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    finishedAt: job.state === 'running' ? null : job.updatedAt,
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
    async ({ params }) => ({ broadcast: view(await broadcastOr404(deps, params.id)) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/broadcasts/:id/cancel',
      summary: 'Stop a broadcast: nobody else is entered, and unsent messages are withdrawn',
      access: 'native',
      params: BroadcastParams,
    },
    async ({ params }) => {
      const job = await broadcastOr404(deps, params.id);
      const dispatchId = String(job.payload.dispatchId ?? '');
      // The job stops and the first page of its queued sends (the front of the queue) is
      // withdrawn together, so a send is never withdrawn for a job that keeps walking, nor
      // left at the front for one that stopped. The rest follow a page per transaction
      // (runner/cancelled-sends.ts), so intake is not held up for seconds by a big send.
      let withdrawn = await deps.store.transaction(async (tx) => {
        // A send's walk is over in seconds and its messages leave for hours: it can be
        // stopped until it is cancelled. An entry has nothing left to stop once walked.
        const from = job.kind === 'send' ? (['running', 'done'] as const) : (['running'] as const);
        if (!(await tx.broadcasts.cancel(job.id, from)))
          throw new ApiError(
            409,
            'broadcast_finished',
            `broadcast "${job.id}" has already finished (${(await tx.broadcasts.get(job.id))?.state ?? job.state})`,
            {
              hint: 'a send can be stopped while its messages are still leaving; an entry only while it walks',
            },
          );
        return job.kind === 'send' ? withdrawSendPage(tx, dispatchId) : 0;
      });
      if (withdrawn > 0) withdrawn += await withdrawRemainingSends(deps.store, dispatchId);
      return { broadcast: view(await broadcastOr404(deps, job.id)), withdrawn };
    },
  );
}

async function broadcastOr404(deps: ApiDeps, id: string): Promise<BroadcastJob> {
  const job = await deps.store.broadcasts.get(id);
  if (job === undefined)
    throw new ApiError(404, 'broadcast_not_found', `no broadcast "${id}"`, {
      field: 'id',
      hint: 'GET /api/v1/broadcasts lists them, newest first',
    });
  return job;
}
