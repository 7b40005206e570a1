/**
 * Templates: created through the API into the emulator (Meta's rules checked first), held
 * PENDING until the emulator's review decides and its status webhook reaches Riposte over
 * HTTP — and only then can a canvas using the template be published. The emulator runs on
 * a manual clock, so "the review is done" is a step of the test, not a wait.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../../src/emulator/index.js';
import { eventually } from '../helpers.js';
import { harness, refusal, type Harness } from './harness.js';

const REVIEW_MS = 2000;

const template = {
  name: 'shipping_update',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'BODY', text: 'Your order {{1}} has shipped.', example: { body_text: [['A-1']] } },
  ],
};

const canvas = {
  specVersion: 1,
  id: 'shipping',
  name: 'Shipping',
  entry: { type: 'api' },
  steps: [
    {
      id: 'tell',
      type: 'message',
      whatsapp: {
        template: 'shipping_update',
        language: 'en_US',
        body: ['{{ context.order_id }}'],
      },
      next: 'done',
    },
    { id: 'done', type: 'exit' },
  ],
};

describe('/api/v1/templates', () => {
  let h: Harness;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = createManualClock(Date.now());
    h = await harness({ pollMs: 20, emulator: { clock, templateReview: { delayMs: REVIEW_MS } } });
    await h.riposte.start();
  });
  afterEach(async () => h.close());

  it('creates a template PENDING; a canvas using it publishes only after the APPROVED webhook', async () => {
    expect((await h.call('POST', '/api/v1/canvases', canvas)).status).toBe(201);
    const created = await h.call('POST', '/api/v1/templates', template);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      template: {
        id: expect.stringMatching(/^\d+$/),
        name: 'shipping_update',
        language: 'en_US',
        status: 'PENDING',
        category: 'UTILITY',
        parameter_format: 'POSITIONAL',
        components: template.components,
      },
    });
    const before = await h.call('POST', '/api/v1/canvases/shipping/publish', {});
    expect(before.status).toBe(409);
    const blocked = before.body.error as {
      code: string;
      issues: Array<{ code: string; stepId?: string; severity: string }>;
    };
    expect(blocked.code).toBe('publish_blocked');
    expect(blocked.issues.filter((i) => i.severity === 'error').map((i) => i.stepId)).toEqual([
      'tell',
    ]);

    clock.advance(REVIEW_MS);
    await eventually(async () => {
      const stored = await h.riposte.store.templates.get('shipping_update', 'en_US');
      return stored?.status === 'APPROVED' ? true : undefined;
    }, 'the APPROVED status webhook stored');
    const after = await h.call('POST', '/api/v1/canvases/shipping/publish', {});
    expect(after.status).toBe(201);
    expect(after.body).toEqual({ version: 1, publishedAt: expect.any(Number) });
  });

  it("refuses a template that breaks Meta's rules with 422 and every issue, sending nothing", async () => {
    const r = await h.call('POST', '/api/v1/templates', {
      ...template,
      name: 'Shipping Update',
      components: [{ type: 'BODY', text: '{{1}} shipped' }],
    });
    expect(r.status).toBe(422);
    const error = r.body.error as {
      code: string;
      field: string;
      issues: Array<{ path: string; message: string }>;
    };
    expect(error.code).toBe('invalid_template');
    expect(error.field).toBe('name');
    expect(error.issues[0]).toEqual({
      path: 'name',
      message: 'uses lowercase letters, digits and "_" only',
    });
    expect(error.issues.length).toBeGreaterThan(1);
    expect((await h.call('GET', '/api/v1/templates')).body).toEqual({ templates: [] });
    const unknown = await h.call('POST', '/api/v1/templates', { ...template, langauge: 'en' });
    expect(refusal(unknown, 400)).toMatchObject({
      code: 'unknown_field',
      message: 'unknown field "langauge" (did you mean "language"?)',
    });
  });

  it('syncs every template from the emulator into the library', async () => {
    const r = await h.call('POST', '/api/v1/templates/sync');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ synced: 3 });
    const list = (await h.call('GET', '/api/v1/templates')).body.templates as Array<{
      name: string;
      status: string;
    }>;
    expect(list.map((t) => [t.name, t.status])).toEqual([
      ['delivery_on_time', 'APPROVED'],
      ['order_feedback', 'APPROVED'],
      ['order_feedback_reminder', 'APPROVED'],
    ]);
  });
});
