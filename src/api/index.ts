/**
 * Every HTTP route group on one app: health and metrics, the Braze-compatible REST subset,
 * the native /api/v1 API, and the OpenAPI document built from the routes' own schemas.
 * (The WhatsApp webhook is registered by the composition root beside these.)
 */
import type { FastifyInstance } from 'fastify';
import { Guard } from './auth/guard.js';
import { BRAZE_LIMITS, RateLimiter } from './auth/rate-limit.js';
import { brazeRoutes } from './braze/index.js';
import { countRequests, healthRoutes, type HealthDeps } from './metrics.js';
import { nativeRoutes } from './native/index.js';
import { registerOpenApi } from './openapi.js';
import type { RouteDoc } from './routing.js';

export interface RegisteredApi {
  guard: Guard;
  limiter: RateLimiter;
  docs: RouteDoc[];
}

export async function registerApi(
  app: FastifyInstance,
  deps: HealthDeps,
  options: { version: string },
): Promise<RegisteredApi> {
  const guard = new Guard(deps.store, deps.now);
  const limiter = new RateLimiter(BRAZE_LIMITS, deps.now);
  const docs: RouteDoc[] = [];
  countRequests(app, deps.http);
  healthRoutes(app, deps);
  await app.register(async (scope) =>
    brazeRoutes(scope, { docs, guard, limiter, tag: 'Braze-compatible', envelope: 'braze' }, deps),
  );
  await app.register(async (scope) =>
    nativeRoutes(scope, { docs, guard, limiter, tag: 'Native /api/v1', envelope: 'native' }, deps),
  );
  await registerOpenApi(app, docs, options.version);
  return { guard, limiter, docs };
}
