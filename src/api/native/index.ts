/** The native API (`/api/v1`, docs/native-api.md): what the dashboard and scripts use. */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import type { Router } from '../routing.js';
import { broadcastRoutes } from './broadcasts.js';
import { canvasPublishRoutes } from './canvas-publish.js';
import { canvasVersionRoutes } from './canvas-versions.js';
import { canvasRoutes } from './canvases.js';
import { contactImportRoutes } from './contacts-import.js';
import { contactRoutes } from './contacts.js';
import { journeyRoutes } from './journeys.js';
import { numberAndKeyRoutes } from './numbers-keys.js';
import { sessionRoutes } from './session.js';
import { simulatorRoutes } from './simulator.js';
import { templateRoutes } from './templates.js';

export async function nativeRoutes(app: FastifyInstance, router: Router, deps: ApiDeps) {
  // Canvases may come as YAML and imports as CSV: both reach the handlers as text.
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/csv'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );
  sessionRoutes(app, router, deps);
  canvasRoutes(app, router, deps);
  canvasPublishRoutes(app, router, deps);
  canvasVersionRoutes(app, router, deps);
  templateRoutes(app, router, deps);
  contactRoutes(app, router, deps);
  contactImportRoutes(app, router, deps);
  journeyRoutes(app, router, deps);
  broadcastRoutes(app, router, deps);
  numberAndKeyRoutes(app, router, deps);
  simulatorRoutes(app, router, deps);
}
