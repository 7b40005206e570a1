/**
 * The HTTP app as a value (tested with `app.inject()`, no socket): error handling that never
 * leaks a stack trace, and the request id an operator matches to a log line. The route
 * groups are registered by api/index.ts.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiError, brazeErrorBody, errorBody, toApiError } from './errors.js';

export interface AppOptions {
  logger?: boolean | { level: string };
  /** Default JSON body limit for API routes (webhooks and imports set their own). */
  bodyLimit?: number;
  /**
   * Asked before answering 404: true when it answered (the dashboard's SPA fallback
   * serves index.html for page URLs).
   */
  fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean;
}

export function createApp(options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Request ids let an operator match a client's error to the log line.
    requestIdHeader: 'x-request-id',
    // Shutdown must not wait on idle keep-alive sockets (Meta and the emulator keep them
    // open): close idle ones at once, let in-flight requests finish.
    forceCloseConnections: 'idle',
    keepAliveTimeout: 5000,
  });
  app.setErrorHandler(nativeErrorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (options.fallback?.(request, reply)) return reply;
    return reply
      .code(404)
      .send(
        errorBody(
          new ApiError(
            404,
            'route_not_found',
            `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
          ),
        ),
      );
  });
  // Callback-style hooks: an async one costs every request a promise and a microtask.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  return app;
}

export function nativeErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = toApiError(error);
  if (known) return reply.code(known.status).send(errorBody(known));
  return reply.code(500).send(errorBody(internal(error, request)));
}

export function brazeErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = toApiError(error);
  if (known) return reply.code(known.status).send(brazeErrorBody(known));
  return reply.code(500).send(brazeErrorBody(internal(error, request)));
}

function internal(error: unknown, request: FastifyRequest): ApiError {
  request.log.error({ err: error }, 'unhandled error');
  return new ApiError(
    500,
    'internal',
    'something went wrong on our side; the request id is in the x-request-id header',
  );
}
