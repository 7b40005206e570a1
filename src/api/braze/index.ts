/**
 * The Braze-compatible REST subset at Braze's own paths, so an existing Braze client (or a
 * Braze-to-Braze webhook) works by changing the base URL. Errors answer Braze's envelope.
 */
import type { FastifyInstance } from 'fastify';
import { brazeErrorHandler } from '../app.js';
import type { ApiDeps } from '../deps.js';
import type { Router } from '../routing.js';
import { canvasDataRoutes } from './canvas-data.js';
import { canvasExportRoutes } from './canvas-export.js';
import { canvasTriggerRoutes } from './canvas-trigger.js';
import { messagesSendRoutes } from './messages-send.js';
import { subscriptionRoutes } from './subscriptions.js';
import { usersExportRoutes } from './users-export.js';
import { usersTrackRoutes } from './users-track.js';

export async function brazeRoutes(app: FastifyInstance, router: Router, deps: ApiDeps) {
  app.setErrorHandler(brazeErrorHandler);
  usersTrackRoutes(app, router, deps);
  usersExportRoutes(app, router, deps);
  canvasTriggerRoutes(app, router, deps);
  canvasExportRoutes(app, router, deps);
  canvasDataRoutes(app, router, deps);
  messagesSendRoutes(app, router, deps);
  subscriptionRoutes(app, router, deps);
}
