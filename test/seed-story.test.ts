/**
 * The seed story end to end, entirely through HTTP: Riposte's webhook endpoint, the runner
 * on a real database, the emulator standing in for Meta, a virtual phone tapping NO, and a
 * real HTTP server standing in for the CRM.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRiposte, type Riposte } from '../src/server/riposte.js';
import { publishSeedCanvas, seedTemplatesInStore } from './api/harness.js';
import { eventually, json, seedTemplates, startReceiver, type Receiver } from './helpers.js';

const PHONE = '+15551234567';

describe('the seed story through HTTP', () => {
  let riposte: Riposte;
  let crm: Receiver;

  beforeEach(async () => {
    crm = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'riposte-e2e-'));
    riposte = await createRiposte({
      databaseUrl: `sqlite:${join(dir, 'riposte.db')}`,
      pollMs: 20,
      emulator: {
        templates: seedTemplates().map((t) => ({ ...t, status: 'APPROVED' as const })),
        delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 },
      },
    });
    await riposte.start();
    await seedTemplatesInStore(riposte);
    await publishSeedCanvas(riposte, `${crm.url}/hooks/feedback`);
  });

  afterEach(async () => {
    await riposte.stop();
    await crm.close();
  });

  it('sends the template, routes the tap on NO to this journey, replies, saves and calls the CRM', async () => {
    const emulator = riposte.emulator?.url ?? '';
    await riposte.runner.ingest.submit([
      {
        dedupeKey: 'test:profile',
        address: { externalId: 'u-1', phone: PHONE },
        payload: {
          kind: 'api.profile',
          ops: [{ op: 'set', attribute: 'first_name', value: 'Ana' }],
        },
      },
      {
        dedupeKey: 'test:enter',
        address: { externalId: 'u-1', phone: PHONE },
        payload: {
          kind: 'api.enter',
          canvasId: 'order-feedback',
          context: { order_id: 'A-1042' },
          dispatchId: 'd-1',
        },
      },
    ]);

    const chatUrl = `${emulator}/_emulator/phones/${encodeURIComponent(PHONE)}/chat`;
    const template = await eventually(async () => {
      const chat = await json(chatUrl);
      const messages = (chat.body.messages ?? []) as Array<Record<string, unknown>>;
      return messages.find(
        (m) => m.direction !== 'inbound' && (m.status === 'delivered' || m.status === 'read'),
      );
    }, 'the template delivered to the phone');
    expect(JSON.stringify(template)).toContain('A-1042');

    const tap = await json(`${emulator}/_emulator/phones/${encodeURIComponent(PHONE)}/tap`, {
      method: 'POST',
      body: JSON.stringify({ label: 'NO' }),
    });
    expect(tap.status).toBe(201);

    const reply = await eventually(async () => {
      const chat = await json(chatUrl);
      const messages = (chat.body.messages ?? []) as Array<Record<string, unknown>>;
      return messages.find((m) => JSON.stringify(m).includes('Sorry to hear that, Ana'));
    }, 'the apology on the phone');
    expect(reply).toBeDefined();

    const call = await eventually(() => crm.requests[0], 'the CRM webhook');
    expect(JSON.parse(call.body)).toEqual({
      external_id: 'u-1',
      order_id: 'A-1042',
      feedback: 'no',
    });

    const contact = await riposte.store.contacts.find({ phone: PHONE });
    expect(contact?.attributes).toMatchObject({ first_name: 'Ana', last_feedback: 'no' });
    const totals = await riposte.store.metrics.totals('order-feedback');
    const count = (stepId: string, metric: string, label: string | null = null) =>
      totals
        .filter((t) => t.stepId === stepId && t.metric === metric && (t.label ?? null) === label)
        .reduce((n, t) => n + t.count, 0);
    expect(count('answer', 'group', 'no')).toBe(1);
    expect(count('ask', 'reply', 'button:1')).toBe(1);
    expect(count('ask', 'sent')).toBe(1);
    await eventually(async () => {
      const again = await riposte.store.metrics.totals('order-feedback');
      return again.some((t) => t.stepId === 'ask' && t.metric === 'read') ? true : undefined;
    }, 'the read status counted on the template step');
  });
});
