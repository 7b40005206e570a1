/**
 * The dashboard's production build (web/dist) at `/`, when it has been built: its files as
 * they are, and index.html for any other page URL so the single-page app's routes work on
 * reload. API paths and non-GET requests still get the API's 404.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that are never the dashboard's, even when nothing matched. */
const NOT_PAGES =
  /^\/(api|users|canvas|messages|subscription|v2|webhooks|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;

export interface Dashboard {
  register(app: FastifyInstance): Promise<void>;
  fallback(request: FastifyRequest, reply: FastifyReply): boolean;
}

export function dashboardAt(folder: string): Dashboard | undefined {
  const root = resolve(folder);
  if (!existsSync(join(root, 'index.html'))) return undefined;
  return {
    async register(app) {
      await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
    },
    fallback(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (NOT_PAGES.test(request.url)) return false;
      void reply.type('text/html').sendFile('index.html');
      return true;
    },
  };
}
