/**
 * Routes are declared once with their zod schemas: the same declaration validates the
 * request, types the handler and feeds the OpenAPI document (openapi.ts). Fastify's own
 * schema validation is not used, so there is one validator and one set of messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Access, Auth, Guard } from './auth/guard.js';
import type { RateBucket, RateLimiter } from './auth/rate-limit.js';
import { ApiError } from './errors.js';
import { parseInput } from './validation.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDoc {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Body media types besides JSON (YAML canvases, CSV imports). */
  bodyTypes?: string[];
  /** The success status (200 unless said). */
  status?: number;
  /** Error envelope: the native `{error}` or Braze's `{message, errors}`. */
  envelope: 'native' | 'braze';
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  /** What the docs show for the body when it differs from what is validated up front
   * (Braze bodies: items are checked one by one, each failure a non-fatal error). */
  docBody?: z.ZodType;
  bodyTypes?: string[];
  bodyLimit?: number;
  status?: number;
  /** Braze routes: the rate-limit bucket charged per request. */
  rate?: RateBucket;
}

export interface HandlerInput<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  body: z.output<B>;
  query: z.output<Q>;
  params: z.output<P>;
  auth: Auth;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** What route groups share: the docs being collected, the guard, the rate limiter. */
export interface Router {
  docs: RouteDoc[];
  guard: Guard;
  limiter: RateLimiter;
  tag: string;
  envelope: 'native' | 'braze';
}

export function defineRoute<
  B extends z.ZodType = z.ZodUnknown,
  Q extends z.ZodType = z.ZodUnknown,
  P extends z.ZodType = z.ZodUnknown,
>(
  app: FastifyInstance,
  router: Router,
  spec: RouteSpec<B, Q, P>,
  handler: (input: HandlerInput<B, Q, P>) => Promise<unknown>,
): void {
  router.docs.push({
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    tag: router.tag,
    access: spec.access,
    envelope: router.envelope,
    ...(spec.docBody || spec.body ? { body: spec.docBody ?? spec.body } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.bodyTypes ? { bodyTypes: spec.bodyTypes } : {}),
    ...(spec.status ? { status: spec.status } : {}),
  });
  app.route({
    method: spec.method,
    url: spec.url,
    ...(spec.bodyLimit !== undefined ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async (request, reply) => {
      const auth = await router.guard.check(request, spec.access);
      if (spec.rate !== undefined && auth.kind === 'key') charge(router, reply, auth, spec.rate);
      const input: HandlerInput<B, Q, P> = {
        body: (spec.body
          ? parseInput(spec.body, request.body, 'body')
          : request.body) as z.output<B>,
        query: (spec.query
          ? parseInput(spec.query, request.query, 'query')
          : request.query) as z.output<Q>,
        params: (spec.params
          ? parseInput(spec.params, request.params, 'params')
          : request.params) as z.output<P>,
        auth,
        request,
        reply,
      };
      const result = await handler(input);
      if (reply.sent) return reply;
      if (spec.status !== undefined && reply.statusCode === 200) reply.code(spec.status);
      return result;
    },
  });
}

/** Counts the request against the key's bucket; sets Braze's headers; 429 when over. */
export function charge(router: Router, reply: FastifyReply, auth: Auth, bucket: RateBucket): void {
  if (auth.kind !== 'key') return;
  const decision = router.limiter.take(auth.key.id, bucket);
  reply.header('x-ratelimit-limit', decision.limit);
  reply.header('x-ratelimit-remaining', decision.remaining);
  reply.header('x-ratelimit-reset', decision.reset);
  if (!decision.allowed) {
    const wait = Math.max(1, decision.reset - Math.floor(Date.now() / 1000));
    reply.header('retry-after', wait);
    throw new ApiError(429, 'rate_limited', `API rate limit reached; retry in ${wait}s`);
  }
}
