/**
 * The publish policy for people already waiting: `stay` keeps them on the version they
 * entered; `move` takes them to the new version at the same step when that step still
 * exists there — and their next reply then follows the new version.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually, json, startReceiver, type Receiver } from '../helpers.js';
import { harness, seedTemplatesInStore, type Harness } from './harness.js';

const SEED = readFileSync(
  new URL('../../examples/order-feedback/canvas.yaml', import.meta.url),
  'utf8',
);
const PHONES = ['+15551230001', '+15551230002'];

describe('publish with people waiting', () => {
  let h: Harness;
  let crm: Receiver;
  beforeEach(async () => {
    crm = await startReceiver();
    h = await harness({
      pollMs: 20,
      emulator: { delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 } },
    });
    await seedTemplatesInStore(h.riposte);
    await h.riposte.start();
    const yaml = SEED.replace('https://crm.example/hooks/feedback', `${crm.url}/hook`);
    expect((await h.call('POST', '/api/v1/canvases', yaml)).status).toBe(201);
    expect((await h.call('POST', '/api/v1/canvases/order-feedback/publish', {})).status).toBe(201);
    const r = await h.call('POST', '/canvas/trigger/send', {
      canvas_id: 'order-feedback',
      recipients: PHONES.map((phone, i) => ({
        external_user_id: `u${i}`,
        send_to_existing_only: false,
        attributes: { phone, first_name: `P${i}` },
        context: { order_id: `O-${i}` },
      })),
    });
    expect(r.status).toBe(201);
    await eventually(async () => {
      const page = await h.riposte.store.journeys.listByCanvas('order-feedback', {
        stepId: 'answer',
        status: 'waiting',
      });
      return page.journeys.length === 2 ? true : undefined;
    }, 'both people waiting for an answer');
  });
  afterEach(async () => {
    await h.close();
    await crm.close();
  });

  const versions = async () =>
    (await h.riposte.store.journeys.listByCanvas('order-feedback')).journeys
      .map((j) => j.journey.version)
      .sort();
  const republish = async (replace: [string, string][], migrate: 'stay' | 'move') => {
    let yaml = SEED.replace('https://crm.example/hooks/feedback', `${crm.url}/hook`);
    for (const [from, to] of replace) yaml = yaml.replaceAll(from, to);
    expect((await h.call('PUT', '/api/v1/canvases/order-feedback', yaml)).status).toBe(200);
    return h.call('POST', '/api/v1/canvases/order-feedback/publish', { migrate });
  };
  const tapNo = async (phone: string) => {
    const emulator = h.riposte.emulator?.url ?? '';
    // The template may still be on its way to the phone: tap once it is there.
    await eventually(async () => {
      const tap = await json(`${emulator}/_emulator/phones/${encodeURIComponent(phone)}/tap`, {
        method: 'POST',
        body: JSON.stringify({ label: 'NO' }),
      });
      return tap.status === 201 ? true : undefined;
    }, `${phone} tapping NO`);
    return eventually(async () => {
      const chat = await json(`${emulator}/_emulator/phones/${encodeURIComponent(phone)}/chat`);
      const text = JSON.stringify(chat.body.messages);
      const match = /Sorry[^"]*/.exec(text);
      return match?.[0];
    }, `the apology to ${phone}`);
  };

  it('stay (the default) keeps waiting people on their version', async () => {
    const r = await republish([['Sorry to hear that', 'Sorry (v2) to hear that']], 'stay');
    expect(r.body).toEqual({ version: 2, publishedAt: expect.any(Number) });
    expect(await versions()).toEqual([1, 1]);
    expect(await tapNo(PHONES[0] ?? '')).toBe("Sorry to hear that, P0. We'll make it right.");
  });

  it('move takes them to the new version at the same step, and the reply follows it', async () => {
    const r = await republish([['Sorry to hear that', 'Sorry (v2) to hear that']], 'move');
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ version: 2, publishedAt: expect.any(Number), moved: 2 });
    expect(await versions()).toEqual([2, 2]);
    expect(await tapNo(PHONES[0] ?? '')).toBe("Sorry (v2) to hear that, P0. We'll make it right.");
  });

  it('move leaves people whose step no longer exists on their version', async () => {
    const r = await republish(
      [
        ['next: answer', 'next: answer_v2'],
        ['id: answer', 'id: answer_v2'],
        ['Sorry to hear that', 'Sorry (v2) to hear that'],
      ],
      'move',
    );
    expect(r.body).toEqual({ version: 2, publishedAt: expect.any(Number), moved: 0 });
    expect(await versions()).toEqual([1, 1]);
    expect(await tapNo(PHONES[1] ?? '')).toBe("Sorry to hear that, P1. We'll make it right.");
  });
});
