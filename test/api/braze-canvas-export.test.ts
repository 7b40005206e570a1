/**
 * GET /canvas/list, /canvas/details, /canvas/data_summary, /canvas/data_series, with the
 * counts produced by a real run: the seed canvas sends its template through the emulator,
 * the emulator posts delivery statuses back over HTTP, the phone taps NO.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, json } from '../helpers.js';
import { harness, publishSeedCanvas, seedTemplatesInStore, type Harness } from './harness.js';

const PHONE = '+15551234567';

describe('Braze canvas export endpoints', () => {
  let h: Harness;
  let start: number;
  beforeAll(async () => {
    start = Date.now();
    h = await harness({
      pollMs: 20,
      emulator: { delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 } },
    });
    await seedTemplatesInStore(h.riposte);
    await publishSeedCanvas(h.riposte);
    await h.riposte.start();
    await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      recipients: [
        {
          external_user_id: 'u1',
          send_to_existing_only: false,
          attributes: { phone: PHONE, first_name: 'Ana' },
          context: { order_id: 'A-1' },
        },
      ],
    });
    const emulator = h.riposte.emulator?.url ?? '';
    await eventually(async () => {
      const totals = await h.riposte.store.metrics.totals('order-feedback');
      return totals.some((t) => t.stepId === 'ask' && t.metric === 'read') ? true : undefined;
    }, 'the read status counted');
    await json(`${emulator}/_emulator/phones/${encodeURIComponent(PHONE)}/tap`, {
      method: 'POST',
      body: JSON.stringify({ label: 'NO' }),
    });
    await eventually(async () => {
      const totals = await h.riposte.store.metrics.totals('order-feedback');
      return totals.some((t) => t.stepId === 'answer' && t.metric === 'group') ? true : undefined;
    }, 'the NO group counted');
  });
  afterAll(async () => h.close());

  it('lists canvases with Braze fields', async () => {
    const r = await h.call('GET', '/canvas/list');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      canvases: [
        {
          id: 'order-feedback',
          last_edited: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          name: 'Order feedback',
          tags: [],
        },
      ],
      message: 'success',
    });
    const empty = await h.call('GET', '/canvas/list?page=1');
    expect(empty.body).toEqual({ canvases: [], message: 'success' });
    const bad = await h.call('GET', '/canvas/list?sort_direction=up');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ type: 'invalid_field', field: 'sort_direction' }]);
  });

  it('details the steps with next_paths named after the groups', async () => {
    const r = await h.call('GET', '/canvas/details?canvas_id=order-feedback');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Order feedback',
      description: 'Ask how an order went and act on the answer.',
      archived: false,
      draft: false,
      enabled: true,
      schedule_type: 'api_triggered',
      channels: ['whats_app'],
      message: 'success',
    });
    const steps = r.body.steps as Array<Record<string, unknown>>;
    expect(steps.find((s) => s.id === 'answer')).toEqual({
      name: 'Wait for the answer',
      type: 'action_paths',
      id: 'answer',
      next_step_ids: ['thanks', 'sorry', 'handoff', 'fallback', 'reminder'],
      next_paths: [
        { name: 'Yes', next_step_id: 'thanks' },
        { name: 'No', next_step_id: 'sorry' },
        { name: 'No (typed)', next_step_id: 'sorry' },
        { name: 'Talk to support', next_step_id: 'handoff' },
        { name: 'Anything else', next_step_id: 'fallback' },
        { name: 'Everyone Else', next_step_id: 'reminder' },
      ],
      channels: [],
      messages: {},
    });
    expect(steps.find((s) => s.id === 'ask')).toMatchObject({
      next_paths: [{ name: null, next_step_id: 'answer' }],
      channels: ['whats_app'],
      messages: { 'ask-message': { channel: 'whats_app', template_name: 'order_feedback' } },
    });
    const missing = await h.call('GET', '/canvas/details?canvas_id=nope');
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe('Invalid Canvas ID: no canvas "nope"');
  });

  it('summarizes entries and the whats_app stats per step, plus groups', async () => {
    const ending = new Date(Date.now() + 60_000).toISOString();
    const r = await h.call(
      'GET',
      `/canvas/data_summary?canvas_id=order-feedback&ending_at=${ending}&length=1&include_step_breakdown=true`,
    );
    expect(r.status).toBe(200);
    const data = r.body.data as Record<string, Record<string, unknown>>;
    expect(data.total_stats).toEqual({
      revenue: 0,
      conversions: 0,
      conversions_by_entry_time: 0,
      entries: 1,
    });
    expect(data.step_stats?.ask).toEqual({
      name: 'Ask for feedback',
      revenue: 0,
      conversions: 0,
      conversions_by_entry_time: 0,
      messages: { whats_app: [{ sent: 1, delivered: 1, failed: 0, read: 1 }] },
    });
    expect(data.step_stats?.answer).toMatchObject({ groups: { no: 1, everyone_else: 0 } });
  });

  it('gives a daily series', async () => {
    const ending = new Date(start + 24 * 3600_000).toISOString();
    const starting = new Date(start - 24 * 3600_000).toISOString();
    const r = await h.call(
      'GET',
      `/canvas/data_series?canvas_id=order-feedback&ending_at=${ending}&starting_at=${starting}&include_step_breakdown=true`,
    );
    expect(r.status).toBe(200);
    const stats = (r.body.data as { stats: Array<Record<string, unknown>> }).stats;
    const today = stats.find((s) => (s.total_stats as { entries: number }).entries === 1);
    expect(today?.time).toBe(new Date(start).toISOString().slice(0, 10));
    expect((today?.step_stats as Record<string, { messages?: unknown }>).ask?.messages).toEqual({
      whats_app: [{ sent: 1, delivered: 1, failed: 0, read: 1 }],
    });
    const both = await h.call(
      'GET',
      `/canvas/data_series?canvas_id=order-feedback&ending_at=${ending}&starting_at=${starting}&length=2`,
    );
    expect(both.status).toBe(400);
    expect(both.body.message).toBe('give either starting_at or length (1 to 14 days)');
    const long = await h.call(
      'GET',
      `/canvas/data_series?canvas_id=order-feedback&ending_at=${ending}&length=15`,
    );
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ type: 'invalid_field', field: 'length' }]);
    const noEnd = await h.call('GET', '/canvas/data_summary?canvas_id=order-feedback&length=1');
    expect(noEnd.status).toBe(400);
    expect(noEnd.body).toEqual({
      message: 'ending_at is required',
      errors: [{ type: 'missing_field', field: 'ending_at' }],
    });
  });
});
