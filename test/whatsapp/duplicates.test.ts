/**
 * At-least-once, out-of-order webhooks advance nothing twice. The seed story runs end to end
 * (Riposte's runner on a real database, the emulator as Meta, a virtual phone tapping NO, a
 * real HTTP server as the CRM) while the emulator delivers every webhook POST three times
 * and shuffles the updates inside each batch; then every body it sent is replayed again by
 * hand, shuffled. The person still gets one apology, the CRM one call, the journey each step
 * once, and the counters count each answer and each status once. On SQLite and Postgres.
 */
import { expect, it } from 'vitest';
import { signBody } from '../../src/channels/whatsapp/webhook-signature.js';
import { seededRandom } from '../../src/emulator/index.js';
import { createRiposte, EMULATED_NUMBER, type Riposte } from '../../src/server/riposte.js';
import { forEachDialect } from '../../src/store/testing/dialects.js';
import { publishSeedCanvas, seedTemplatesInStore } from '../api/harness.js';
import { eventually, seedTemplates, startReceiver } from '../helpers.js';
import { Control, type Json } from './support.js';

const PHONE = '+15551234567';
const CANVAS = 'order-feedback';

forEachDialect((dialect) => {
  it('duplicated, shuffled and replayed webhooks: one apology, one CRM call, each step and count once', async () => {
    const crm = await startReceiver();
    const riposte = await createRiposte({
      databaseUrl: await dialect.emptyDatabase(),
      pollMs: 20,
      emulator: {
        templates: seedTemplates().map((t) => ({ ...t, status: 'APPROVED' as const })),
        delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 },
        // Gather updates for a moment so that each POST holds several to shuffle.
        webhooks: { batchWindowMs: 30 },
        random: seededRandom(20260115),
      },
    });
    try {
      const emulator = riposte.emulator;
      if (!emulator) throw new Error('no embedded emulator');
      const control = new Control(emulator.url);
      const url = await riposte.start();
      await control.faults({ webhooks: { duplicate: { copies: 3 }, reorder: true } });
      await runStory(riposte, control, `${crm.url}/hooks/feedback`);
      await quiet(riposte, control);

      // Every body the emulator sent (each of them three times), once more by hand, shuffled.
      const sent = emulator.deliveries();
      const updates = sent.reduce((n, d) => n + d.updates, 0);
      expect(sent.every((d) => d.state === 'delivered')).toBe(true);
      expect(riposte.counters).toMatchObject({
        webhooks: 3 * sent.length,
        events: updates,
        duplicates: 2 * updates,
        unknown: 0,
        refused: 0,
      });
      const stored = await inboxRows(riposte);
      const random = seededRandom(7);
      const replay = sent
        .map((d) => ({ d, key: random() }))
        .sort((x, y) => x.key - y.key)
        .map(({ d }) => d.body);
      for (const body of replay) {
        const response = await fetch(`${url}/webhooks/whatsapp`, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signBody(body, EMULATED_NUMBER.appSecret),
          },
        });
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
      expect(riposte.counters).toMatchObject({
        webhooks: 4 * sent.length,
        events: updates,
        duplicates: 3 * updates,
      });
      expect(await inboxRows(riposte)).toBe(stored);
      await quiet(riposte, control);

      // The person: one template, one tap, one apology.
      const chat = await control.chat(PHONE);
      expect(chat.map((m) => [m.direction, m.type, m.status])).toEqual([
        ['outbound', 'template', 'read'],
        ['inbound', 'button', 'received'],
        ['outbound', 'text', 'read'],
      ]);
      expect((chat[2]?.content as Json).body).toBe("Sorry to hear that, Ana. We'll make it right.");

      // The CRM: one call.
      expect(crm.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([
        { external_id: 'u-1', order_id: 'A-1042', feedback: 'no' },
      ]);

      // The journey: each step once, in order.
      const contact = await riposte.store.contacts.find({ phone: PHONE });
      const journeys = await riposte.store.journeys.listByContact(contact?.id ?? '');
      expect(journeys.map((j) => [j.journey.status, j.journey.stepId])).toEqual([
        ['ended', 'done'],
      ]);
      const history = await riposte.store.history.listByJourney(journeys[0]?.journey.id ?? '');
      expect(history.map((h) => [h.stepId, h.branch])).toEqual([
        ['ask', null],
        ['answer', 'no'],
        ['sorry', null],
        ['save_no', null],
        ['crm', null],
        ['done', null],
      ]);

      // The counters: the answer once, each message sent, delivered and read once.
      const totals = await riposte.store.metrics.totals(CANVAS);
      const count = (stepId: string, metric: string, label: string | null = null) =>
        totals
          .filter((t) => t.stepId === stepId && t.metric === metric && t.label === label)
          .reduce((n, t) => n + t.count, 0);
      expect({
        answerNo: count('answer', 'group', 'no'),
        tapNo: count('ask', 'reply', 'button:1'),
        askSent: count('ask', 'sent'),
        askDelivered: count('ask', 'delivered'),
        askRead: count('ask', 'read'),
        sorrySent: count('sorry', 'sent'),
        sorryDelivered: count('sorry', 'delivered'),
        sorryRead: count('sorry', 'read'),
        crmOk: count('crm', 'webhook_ok', '200'),
      }).toEqual({
        answerNo: 1,
        tapNo: 1,
        askSent: 1,
        askDelivered: 1,
        askRead: 1,
        sorrySent: 1,
        sorryDelivered: 1,
        sorryRead: 1,
        crmOk: 1,
      });
      expect(totals.filter((t) => t.count !== 1)).toEqual([]);

      // Riposte's own message log: two sends read, one reply, each once.
      const log = await riposte.store.messages.listByContact(contact?.id ?? '');
      expect(log.map((m) => [m.direction, m.stepId, m.kind, m.status]).reverse()).toEqual([
        ['out', 'ask', 'template', 'read'],
        ['in', null, 'button', null],
        ['out', 'sorry', 'text', 'read'],
      ]);
      // Three effects (two sends, one CRM call), all done; nothing waiting, failed or ambiguous.
      const outbox = Object.entries(await riposte.store.outbox.countByState());
      expect(outbox.filter(([, n]) => n > 0)).toEqual([['done', 3]]);
    } finally {
      await riposte.stop();
      await crm.close();
    }
  });
});

async function inboxRows(riposte: Riposte): Promise<number> {
  const row = await riposte.store.db
    .selectFrom('inbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Nothing left to happen: every message read on the phone, every webhook delivered (all
 * copies), the inbox drained and the outbox empty.
 */
async function quiet(riposte: Riposte, control: Control): Promise<void> {
  await eventually(async () => {
    const chat = await control.chat(PHONE);
    if (chat.some((m) => m.direction === 'outbound' && m.status !== 'read')) return undefined;
    await riposte.emulator?.webhooksSettled();
    if ((await riposte.store.inbox.backlog()) > 0) return undefined;
    const outbox = Object.entries(await riposte.store.outbox.countByState());
    const finished = ['done', 'failed', 'ambiguous'];
    return outbox.every(([state, n]) => n === 0 || finished.includes(state)) ? true : undefined;
  }, 'the story to come to rest');
}

/** The seed story as test/seed-story.test.ts runs it: enter Ana, wait for the template, tap NO. */
async function runStory(riposte: Riposte, control: Control, crmUrl: string): Promise<void> {
  await seedTemplatesInStore(riposte);
  await publishSeedCanvas(riposte, crmUrl);
  await riposte.runner.ingest.submit([
    {
      dedupeKey: 'test:profile',
      address: { externalId: 'u-1', phone: PHONE },
      payload: { kind: 'api.profile', ops: [{ op: 'set', attribute: 'first_name', value: 'Ana' }] },
    },
    {
      dedupeKey: 'test:enter',
      address: { externalId: 'u-1', phone: PHONE },
      payload: {
        kind: 'api.enter',
        canvasId: CANVAS,
        context: { order_id: 'A-1042' },
        dispatchId: 'd-1',
      },
    },
  ]);
  const template = await eventually(async () => {
    const chat = await control.chat(PHONE).catch(() => [] as Json[]);
    return chat.find((m) => m.type === 'template' && m.status === 'read');
  }, 'the template read on the phone');
  const wamid = String(template.id);
  // Meta's answer was recorded before the person can have tapped (a person takes seconds).
  await eventually(() => riposte.store.messages.getByWamid(wamid), 'the wamid recorded');
  await control.tap(PHONE, { message_id: wamid, label: 'NO' });
  await eventually(async () => {
    const chat = await control.chat(PHONE);
    return chat.find((m) => JSON.stringify(m.content).includes('Sorry to hear that, Ana'));
  }, 'the apology on the phone');
}
