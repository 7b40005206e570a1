/**
 * The HTTP app as a value (tested with `app.inject()`, no socket): error handling that never
 * leaks a stack trace, health, and the route groups. `riposte start` listens with it.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { ApiError, errorBody } from './errors.js';

export interface AppOptions {
  logger?: boolean;
  /** Default JSON body limit for API routes (webhooks set their own). */
  bodyLimit?: number;
}

export function createApp(options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Request ids let an operator match a client's error to the log line.
    requestIdHeader: 'x-request-id',
  });
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(errorBody(error));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: body too large, bad JSON, validation.
      const code =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'body_too_large'
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported_media_type'
            : error.validation
              ? 'invalid_request'
              : 'bad_request';
      const field =
        error.validation?.[0]?.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined;
      return reply
        .code(status)
        .send(
          errorBody(
            new ApiError(status, code, error.message, field !== undefined ? { field } : {}),
          ),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .send(
        errorBody(
          new ApiError(
            500,
            'internal',
            'something went wrong on our side; the request id is in the x-request-id header',
          ),
        ),
      );
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          new ApiError(
            404,
            'route_not_found',
            `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
          ),
        ),
      ),
  );
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  return app;
}
