/**
 * /api/v1/canvases: create and save drafts as JSON or YAML, shape errors, validate,
 * publish (and publish_blocked), versions, diffs, the lifecycle, and analytics.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, refusal, seedTemplatesInStore, type Harness } from './harness.js';

const SEED_YAML = readFileSync(
  new URL('../../examples/order-feedback/canvas.yaml', import.meta.url),
  'utf8',
);

const tiny = (overrides: Record<string, unknown> = {}) => ({
  specVersion: 1,
  id: 'tiny',
  name: 'Tiny',
  entry: { type: 'api' },
  steps: [
    {
      id: 'hello',
      type: 'message',
      whatsapp: {
        template: 'order_feedback_reminder',
        language: 'en_US',
        body: ['{{ user.first_name | default: "you" }}'],
      },
      next: 'done',
    },
    { id: 'done', type: 'exit' },
  ],
  ...overrides,
});

describe('/api/v1/canvases', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
    await seedTemplatesInStore(h.riposte);
  });
  afterEach(async () => h.close());

  const count = async () => (await h.riposte.store.canvases.list()).length;

  it('creates from JSON and from YAML (keeping the text), lists and reads them', async () => {
    const json = await h.call('POST', '/api/v1/canvases', tiny());
    expect(json.status).toBe(201);
    expect(json.body.canvas).toMatchObject({
      id: 'tiny',
      name: 'Tiny',
      status: 'draft',
      liveVersion: null,
      issues: [],
    });
    const yaml = await h.call('POST', '/api/v1/canvases', SEED_YAML);
    expect(yaml.status).toBe(201);
    const detail = yaml.body.canvas as Record<string, unknown>;
    expect(detail.yaml).toBe(SEED_YAML);
    expect(detail.issues).toEqual([]);
    const list = await h.call('GET', '/api/v1/canvases');
    expect(list.body).toEqual({
      canvases: [
        {
          id: 'order-feedback',
          name: 'Order feedback',
          status: 'draft',
          liveVersion: null,
          entries: 0,
          updatedAt: expect.any(Number),
        },
        {
          id: 'tiny',
          name: 'Tiny',
          status: 'draft',
          liveVersion: null,
          entries: 0,
          updatedAt: expect.any(Number),
        },
      ],
    });
    const one = await h.call('GET', '/api/v1/canvases/tiny');
    expect(one.body).toMatchObject({
      id: 'tiny',
      draft: tiny(),
      yaml: expect.stringContaining('id: tiny'),
    });
  });

  it('refuses a shape error with 422 and every issue, storing nothing', async () => {
    const r = await h.call(
      'POST',
      '/api/v1/canvases',
      tiny({ steps: [{ id: 'x', type: 'mesage' }] }),
    );
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: {
        code: 'invalid_canvas',
        message:
          'steps[0].type: unknown step type "mesage" (did you mean "message"?); expected one of: message, action_paths, delay, decision_split, audience_paths, experiment_paths, user_update, webhook, exit',
        field: 'steps[0].type',
        issues: [
          {
            severity: 'error',
            code: 'schema',
            path: 'steps[0].type',
            message:
              'unknown step type "mesage" (did you mean "message"?); expected one of: message, action_paths, delay, decision_split, audience_paths, experiment_paths, user_update, webhook, exit',
            stepId: 'x',
          },
        ],
      },
    });
    const yaml = await h.call('POST', '/api/v1/canvases', 'specVersion: 1\nid: [oops');
    expect(yaml.status).toBe(422);
    expect(
      (yaml.body.error as { issues: Array<{ code: string; line: number }> }).issues[0],
    ).toMatchObject({ code: 'syntax', line: 2 });
    expect(await count()).toBe(0);
  });

  it('answers 409 for an existing id, 404 for an unknown one, 422 for an id change', async () => {
    await h.call('POST', '/api/v1/canvases', tiny());
    const again = await h.call('POST', '/api/v1/canvases', tiny());
    expect(refusal(again, 409)).toEqual({
      code: 'canvas_exists',
      message: 'a canvas with id "tiny" exists',
      field: 'id',
      hint: 'update it with PUT /api/v1/canvases/tiny',
    });
    const missing = await h.call('GET', '/api/v1/canvases/nope');
    expect(refusal(missing, 404)).toEqual({
      code: 'canvas_not_found',
      message: 'no canvas "nope"',
      field: 'id',
    });
    const moved = await h.call('PUT', '/api/v1/canvases/tiny', tiny({ id: 'other' }));
    expect(refusal(moved, 422).code).toBe('id_mismatch');
    expect((await h.riposte.store.canvases.get('tiny'))?.draft).toEqual(tiny());
  });

  it('saves a draft with inspect errors, reports them, and blocks publishing on them', async () => {
    const draft = tiny({
      steps: [
        {
          id: 'hello',
          type: 'message',
          whatsapp: { template: 'missing_template', language: 'en_US' },
          next: 'done',
        },
        { id: 'done', type: 'exit' },
      ],
    });
    const saved = await h.call('POST', '/api/v1/canvases', draft);
    expect(saved.status).toBe(201);
    const issues = (saved.body.canvas as { issues: Array<{ code: string; severity: string }> })
      .issues;
    expect(issues.length).toBeGreaterThan(0);
    const validate = await h.call('POST', '/api/v1/canvases/tiny/validate', {});
    expect(
      (validate.body.issues as Array<{ severity: string; stepId?: string }>).some(
        (i) => i.severity === 'error' && i.stepId === 'hello',
      ),
    ).toBe(true);
    const blocked = await h.call('POST', '/api/v1/canvases/tiny/publish', {});
    expect(refusal(blocked, 409)).toMatchObject({
      code: 'publish_blocked',
      message: 'the canvas cannot be published until its errors are fixed',
      issues: validate.body.issues,
    });
    expect(await h.riposte.store.canvases.listVersions('tiny')).toEqual([]);
  });

  it('publishes versions, lists them, reads one and diffs two', async () => {
    await h.call('POST', '/api/v1/canvases', tiny());
    const v1 = await h.call('POST', '/api/v1/canvases/tiny/publish', {});
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({ version: 1, publishedAt: expect.any(Number) });
    await h.call('PUT', '/api/v1/canvases/tiny', tiny({ name: 'Tiny two' }));
    const v2 = await h.call('POST', '/api/v1/canvases/tiny/publish', { migrate: 'stay' });
    expect(v2.body).toEqual({ version: 2, publishedAt: expect.any(Number) });
    const versions = await h.call('GET', '/api/v1/canvases/tiny/versions');
    expect(versions.body).toEqual({
      versions: [
        { version: 2, publishedAt: expect.any(Number) },
        { version: 1, publishedAt: expect.any(Number) },
      ],
    });
    const one = await h.call('GET', '/api/v1/canvases/tiny/versions/1');
    expect(one.body).toEqual({
      version: 1,
      definition: tiny(),
      yaml: expect.stringContaining('name: Tiny\n'),
    });
    const diff = await h.call('GET', '/api/v1/canvases/tiny/diff?from=1&to=2');
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      diff: expect.stringContaining('--- tiny@v1\n+++ tiny@v2\n'),
    });
    expect(diff.body.diff).toContain('\n-name: Tiny\n+name: Tiny two\n');
    const toDraft = await h.call('GET', '/api/v1/canvases/tiny/diff?from=2');
    expect(toDraft.body).toMatchObject({ from: 2, to: 'draft' });
    const missing = await h.call('GET', '/api/v1/canvases/tiny/versions/9');
    expect(refusal(missing, 404)).toEqual({
      code: 'version_not_found',
      message: 'canvas "tiny" has no version 9',
      field: 'version',
    });
    const badRef = await h.call('GET', '/api/v1/canvases/tiny/diff?from=latest');
    expect(refusal(badRef, 400).field).toBe('from');
  });

  it('stops, resumes and archives, refusing the wrong order', async () => {
    await h.call('POST', '/api/v1/canvases', tiny());
    const early = await h.call('POST', '/api/v1/canvases/tiny/stop');
    expect(refusal(early, 409)).toEqual({
      code: 'invalid_status',
      message: 'cannot stop a canvas that is draft',
      hint: 'stop works on a canvas that is live',
    });
    await h.call('POST', '/api/v1/canvases/tiny/publish', {});
    expect((await h.call('POST', '/api/v1/canvases/tiny/stop')).body).toEqual({
      status: 'stopped',
    });
    expect((await h.call('POST', '/api/v1/canvases/tiny/resume')).body).toEqual({ status: 'live' });
    expect((await h.call('POST', '/api/v1/canvases/tiny/archive')).body).toEqual({
      status: 'archived',
    });
    const publishArchived = await h.call('POST', '/api/v1/canvases/tiny/publish', {});
    expect(refusal(publishArchived, 409).code).toBe('canvas_archived');
  });

  it('refuses an unknown publish field with a did-you-mean, and answers analytics', async () => {
    await h.call('POST', '/api/v1/canvases', tiny());
    const r = await h.call('POST', '/api/v1/canvases/tiny/publish', { migrat: 'move' });
    expect(refusal(r, 400)).toEqual({
      code: 'unknown_field',
      message: 'unknown field "migrat" (did you mean "migrate"?)',
      field: 'migrat',
      hint: 'known fields: migrate',
    });
    const bad = await h.call('POST', '/api/v1/canvases/tiny/publish', { migrate: 'jump' });
    expect(refusal(bad, 400).field).toBe('migrate');
    const analytics = await h.call('GET', '/api/v1/canvases/tiny/analytics?from=0&to=1000');
    expect(analytics.body).toEqual({ from: 0, to: 1000, entries: 0, steps: {} });
  });

  it('needs a credential with the native scope', async () => {
    const none = await h.call('GET', '/api/v1/canvases', undefined, { authorization: '' });
    expect(refusal(none, 401)).toEqual({
      code: 'unauthorized',
      message: 'sign in, or send an API key: Authorization: Bearer <key>',
    });
    const braze = await h.keyWith(['users.track']);
    const denied = await h.call('GET', '/api/v1/canvases', undefined, {
      authorization: `Bearer ${braze}`,
    });
    expect(refusal(denied, 403).code).toBe('forbidden');
  });
});
