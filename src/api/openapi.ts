/**
 * The OpenAPI 3.1 document, built from the same zod schemas the routes validate with
 * (`z.toJSONSchema`), so the docs cannot drift from the checks. Served as JSON at
 * `/openapi.json` and with a docs UI at `/docs` (@fastify/swagger in static mode:
 * the document is ours, the plugin serves it).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RouteDoc } from './routing.js';

type Json = Record<string, unknown>;

export function openApiDocument(docs: readonly RouteDoc[], version: string): Json {
  const components: Record<string, unknown> = {
    NativeError: {
      type: 'object',
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string' },
            message: { type: 'string' },
            field: { type: 'string' },
            hint: { type: 'string' },
            issues: { type: 'array', items: {} },
          },
        },
      },
    },
    BrazeError: {
      type: 'object',
      required: ['message'],
      properties: { message: { type: 'string' }, errors: { type: 'array', items: {} } },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const path = doc.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const prefix = `${doc.method}${path}`.replace(/[^A-Za-z0-9]+/g, '_');
    const schemaOf = (s: z.ZodType, part: string) => toSchema(s, `${prefix}_${part}`, components);
    const parameters = [
      ...(doc.params ? parametersOf(schemaOf(doc.params, 'params'), 'path') : []),
      ...(doc.query ? parametersOf(schemaOf(doc.query, 'query'), 'query') : []),
    ];
    const errorRef = {
      $ref: `#/components/schemas/${doc.envelope === 'braze' ? 'BrazeError' : 'NativeError'}`,
    };
    const operation: Json = {
      tags: [doc.tag],
      summary: doc.summary,
      operationId: prefix,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(doc.body
        ? {
            requestBody: {
              required: doc.method !== 'POST' || !doc.url.endsWith('/validate'),
              content: {
                'application/json': { schema: schemaOf(doc.body, 'body') },
                ...Object.fromEntries(
                  (doc.bodyTypes ?? []).map((t) => [t, { schema: { type: 'string' } }]),
                ),
              },
            },
          }
        : doc.bodyTypes
          ? {
              requestBody: {
                content: Object.fromEntries(
                  doc.bodyTypes.map((t) => [t, { schema: { type: 'string' } }]),
                ),
              },
            }
          : {}),
      responses: {
        [String(doc.status ?? 200)]: { description: 'Success' },
        '4XX': {
          description: 'Bad input, authentication or permission',
          content: { 'application/json': { schema: errorRef } },
        },
      },
      security:
        doc.access === 'public' || doc.access === 'session-optional'
          ? []
          : doc.access === 'native'
            ? [{ bearer: [] }, { session: [] }]
            : [{ bearer: [] }],
      ...(doc.access !== 'public' && doc.access !== 'session-optional'
        ? { 'x-scope': doc.access }
        : {}),
    };
    paths[path] = { ...(paths[path] ?? {}), [doc.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Riposte API',
      version,
      description:
        'Braze-compatible REST endpoints (same paths and bodies) and the native /api/v1 API. Authorization: Bearer <API key>; each key carries Braze-named scopes (and `native`).',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'riposte_session' },
      },
    },
  };
}

/** A zod schema as JSON Schema, its `$defs` moved into the document's components. */
function toSchema(schema: z.ZodType, name: string, components: Record<string, unknown>): Json {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, unknown>;
  delete json.$schema;
  delete json.$defs;
  const rename = (ref: string) => `#/components/schemas/${name}_${ref.slice('#/$defs/'.length)}`;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? rename(v) : rewrite(v),
      ]),
    );
  };
  for (const [key, def] of Object.entries(defs)) components[`${name}_${key}`] = rewrite(def);
  return rewrite(json) as Json;
}

function parametersOf(schema: Json, where: 'path' | 'query'): Json[] {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: s,
  }));
}

export async function registerOpenApi(
  app: FastifyInstance,
  docs: readonly RouteDoc[],
  version: string,
) {
  const document = openApiDocument(docs, version);
  await app.register(swagger, {
    mode: 'static',
    // The plugin types its static document as OpenAPI 2/3.0; ours is 3.1 JSON it serves as is.
    specification: { document: document as never },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => document);
}
