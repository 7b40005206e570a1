/**
 * The OpenAPI document and docs UI, /metrics, /healthz, /readyz, the dashboard's static
 * files with the SPA fallback, and the edges every endpoint shares: body size, bad JSON,
 * unknown media types, unknown routes — precise 4xx, never a stack trace.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, JSON_TYPE, refusal, type Harness } from './harness.js';

describe('docs, metrics, health and shared limits', () => {
  let h: Harness;
  let web: string;
  beforeEach(async () => {
    web = mkdtempSync(join(tmpdir(), 'riposte-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Riposte</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    h = await harness({ webDist: web });
  });
  afterEach(async () => h.close());

  it('serves an OpenAPI 3.1 document built from the route schemas, and the docs UI', async () => {
    const r = await h.call('GET', '/openapi.json', undefined, { authorization: '' });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    const paths = r.body.paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/users/track',
        '/canvas/trigger/send',
        '/messages/send',
        '/canvas/list',
        '/canvas/details',
        '/canvas/data_summary',
        '/canvas/data_series',
        '/subscription/status/set',
        '/v2/subscription/status/set',
        '/subscription/status/get',
        '/users/export/ids',
        '/users/delete',
        '/api/v1/canvases',
        '/api/v1/canvases/{id}/publish',
        '/api/v1/templates',
        '/api/v1/contacts/import',
        '/api/v1/journeys/{id}/cancel',
        '/api/v1/simulator/phones/{phone}/tap',
      ]),
    );
    const publish = paths['/api/v1/canvases/{id}/publish']?.post;
    expect(publish?.['x-scope']).toBe('native');
    expect(publish?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { migrate: { type: 'string', enum: ['stay', 'move'] } },
            additionalProperties: false,
          },
        },
      },
    });
    const trigger = paths['/canvas/trigger/send']?.post;
    expect(trigger?.['x-scope']).toBe('canvas.trigger.send');
    const create = paths['/api/v1/canvases']?.post?.requestBody as {
      content: Record<string, { schema: Record<string, unknown> }>;
    };
    expect(Object.keys(create.content)).toEqual([
      'application/json',
      'application/yaml',
      'text/yaml',
    ]);
    // The canvas schema's shared definitions live in components and every $ref resolves.
    const text = JSON.stringify(r.body);
    const components = (r.body.components as { schemas: Record<string, unknown> }).schemas;
    for (const [, ref] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(components[ref ?? '']).toBeDefined();
    const ui = await h.call('GET', '/docs/', undefined, { authorization: '' });
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('<!DOCTYPE html>');
  });

  it('exposes Prometheus metrics, health and readiness', async () => {
    await h.call('POST', '/users/track', { attributes: [{ external_id: 'm1' }] });
    const metrics = await h.call('GET', '/metrics', undefined, { authorization: '' });
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toContain('# TYPE riposte_http_requests_total counter\n');
    expect(metrics.text).toContain(
      'riposte_http_requests_total{method="POST",route="/users/track",status="201"} 1\n',
    );
    expect(metrics.text).toContain('riposte_inbox_events{state="pending"} 1\n');
    expect(metrics.text).toContain('riposte_outbox_effects{state="pending"} 0\n');
    expect(metrics.text).toContain('riposte_outbox_effects{state="failed"} 0\n');
    // Done effects are a month of every send: counted by riposte_sends_total, not scanned.
    expect(metrics.text).not.toContain('riposte_outbox_effects{state="done"}');
    expect(metrics.text).toContain('riposte_sends_total{outcome="sent"} 0\n');
    expect(metrics.text).toContain('riposte_sends_total{outcome="withdrawn"} 0\n');
    expect(metrics.text).toContain('riposte_timer_lag_seconds 0\n');
    expect(metrics.text).toContain('riposte_broadcasts_running 0\n');
    expect(metrics.text).toContain('riposte_pruned_rows_total{what="inbox"} 0\n');
    expect((await h.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const notReady = await h.call('GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({ status: 'starting' });
  });

  it('serves the dashboard and falls back to index.html for page URLs only', async () => {
    const index = await h.call('GET', '/', undefined, { authorization: '' });
    expect(index.status).toBe(200);
    expect(index.text).toBe('<!doctype html><title>Riposte</title>');
    expect((await h.call('GET', '/assets/app.js')).text).toBe('console.log(1)');
    const page = await h.call('GET', '/canvases/order-feedback/builder');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await h.call('GET', '/api/v1/nothing');
    expect(refusal(api, 404)).toEqual({
      code: 'route_not_found',
      message: 'no route GET /api/v1/nothing',
    });
  });

  it('answers precise 4xx for oversized, malformed and wrongly typed bodies', async () => {
    const pad = JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) });
    const big = await h.call('POST', '/api/v1/canvases', pad, JSON_TYPE);
    expect(refusal(big, 413)).toMatchObject({ code: 'body_too_large' });
    const malformed = await h.call('PUT', '/api/v1/canvases/x', '{"id":', JSON_TYPE);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: { code: 'malformed_json', message: 'the body is not valid JSON' },
    });
    const xml = { 'content-type': 'application/xml' };
    const media = await h.call('POST', '/api/v1/keys', '<key/>', xml);
    expect(refusal(media, 415)).toEqual({
      code: 'unsupported_media_type',
      message: 'unsupported Content-Type; send application/json',
    });
    const typed = await h.call('POST', '/api/v1/keys', { name: 7, scopes: ['native'] });
    expect(refusal(typed, 400)).toEqual({
      code: 'invalid_field',
      message: 'name: expected string, received number',
      field: 'name',
    });
    expect(await h.riposte.store.apiKeys.list()).toHaveLength(1);
  });
});
