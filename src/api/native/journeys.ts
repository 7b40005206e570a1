/**
 * Journeys: who is where in a canvas (by step, group taken, status; keyset pages), one
 * journey with its path, and cancelling one.
 *
 * Cancel writes the journey as ended (exit reason `cancelled`) against the row version it
 * read and drops its timers, in one transaction. The runner writes journeys the same
 * checked way, so whichever writes second loses cleanly and retries from the new state;
 * a cancelled journey is no longer live and the runner never loads it again. (An `api`
 * cancel input through the inbox would order it with the person's other events: see the
 * report.)
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { JourneyRecord } from '../../store/repos/journeys.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const ListQuery = z.strictObject({
  canvas: z.string().min(1),
  step: z.string().optional(),
  group: z.string().optional(),
  status: z.enum(['active', 'waiting', 'ended']).optional(),
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const JourneyParams = z.strictObject({ id: z.string().min(1) });

function summary(r: JourneyRecord) {
  const j = r.journey;
  return {
    id: j.id,
    canvasId: j.canvasId,
    version: j.version,
    contactId: j.contactId,
    status: j.status,
    stepId: j.stepId,
    branch: r.branch,
    enteredAt: j.enteredAt,
    updatedAt: j.updatedAt,
    endedAt: j.endedAt,
    exitReason: j.exitReason,
  };
}

export function journeyRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/journeys',
      summary: "A canvas's journeys, by step, group taken and status",
      access: 'native',
      query: ListQuery,
    },
    async ({ query }) => {
      const page = await deps.store.journeys.listByCanvas(query.canvas, {
        ...(query.step !== undefined ? { stepId: query.step } : {}),
        ...(query.status !== undefined ? { status: query.status } : {}),
        ...(query.after !== undefined ? { after: query.after } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      });
      // The group is the branch taken out of the step; a page may hold fewer after this.
      const journeys = page.journeys.filter(
        (r) => query.group === undefined || r.branch === query.group,
      );
      return { journeys: journeys.map(summary), next: page.next ?? null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/journeys/:id',
      summary: 'One journey and its path',
      access: 'native',
      params: JourneyParams,
    },
    async ({ params }) => {
      const record = await journeyOr404(deps, params.id);
      const history = await deps.store.history.listByJourney(params.id);
      return {
        journey: { ...summary(record), context: record.journey.context, wait: record.journey.wait },
        history: history.map((h) => ({ stepId: h.stepId, branch: h.branch, at: h.at })),
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/journeys/:id/cancel',
      summary: 'End a journey now',
      access: 'native',
      params: JourneyParams,
    },
    async ({ params }) => {
      const record = await journeyOr404(deps, params.id);
      if (record.journey.status === 'ended')
        throw new ApiError(409, 'journey_ended', `journey "${params.id}" has already ended`);
      const now = deps.now();
      const ended = {
        ...record.journey,
        status: 'ended' as const,
        wait: null,
        endedAt: now,
        updatedAt: now,
        exitReason: 'cancelled' as const,
      };
      await deps.store.transaction(async (tx) => {
        await tx.journeys.upsertMany([
          { journey: ended, branch: 'cancelled', expectedVersion: record.rowVersion },
        ]);
        await tx.timers.deleteByJourneys([ended.id]);
        if (ended.stepId !== null)
          await tx.history.appendMany([
            {
              journeyId: ended.id,
              contactId: ended.contactId,
              canvasId: ended.canvasId,
              stepId: ended.stepId,
              branch: 'cancelled',
              at: now,
            },
          ]);
      });
      return {
        journey: summary({
          journey: ended,
          branch: 'cancelled',
          rowVersion: record.rowVersion + 1,
        }),
      };
    },
  );
}

async function journeyOr404(deps: ApiDeps, id: string): Promise<JourneyRecord> {
  const record = await deps.store.journeys.get(id);
  if (record === undefined)
    throw new ApiError(404, 'journey_not_found', `no journey "${id}"`, { field: 'id' });
  return record;
}
