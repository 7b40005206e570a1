/**
 * The crash scenario shared by the SQLite and Postgres tests: people join and send
 * messages one after another through the emulator (Meta), while workers are killed; then
 * the database and the phones must show exactly-once processing and no double send.
 */
import { expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { EMULATED_NUMBER } from '../../src/server/riposte.js';
import type { Store } from '../../src/store/open.js';
import { COUNTING_CANVAS, sleep } from './crash-harness.js';

export const MESSAGES = 6;

export async function publishCanvas(store: Store): Promise<void> {
  await store.canvases.create(COUNTING_CANVAS.id, {
    name: COUNTING_CANVAS.name,
    draft: COUNTING_CANVAS,
  });
  await store.canvases.publish(COUNTING_CANVAS.id, COUNTING_CANVAS);
}

export async function emulatorFor(webhookUrl: string): Promise<RunningEmulator> {
  return startEmulator({
    webhookUrl,
    businessNumbers: [
      {
        phoneNumberId: EMULATED_NUMBER.phoneNumberId,
        displayPhoneNumber: EMULATED_NUMBER.displayPhoneNumber,
        wabaId: EMULATED_NUMBER.wabaId,
      },
    ],
    accessTokens: EMULATED_NUMBER.accessToken,
    appSecret: EMULATED_NUMBER.appSecret,
    pairRate: { intervalMs: 1, burst: 1000 },
    // Meta retries unacknowledged webhooks; compressed so a restart is caught quickly.
    webhooks: {
      batchWindowMs: 2,
      retryDelaysMs: [20, 50, 100, 200, 400],
      retryHorizonMs: 300_000,
      timeoutMs: 5000,
    },
    delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 15 },
  });
}

async function post(
  url: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The event is acknowledged once its dedupe key is in the inbox (Riposte answers 200 after that). */
async function waitStored(store: Store, wamid: string): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const row = await store.db
      .selectFrom('inbox')
      .select('id')
      .where('dedupe_key', '=', `wa:msg:${wamid}`)
      .executeTakeFirst();
    if (row) return;
    await sleep(10);
  }
  throw new Error(`message ${wamid} was never acknowledged`);
}

export function phonesFor(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `+1555${prefix}${String(i).padStart(4, '0')}`);
}

/** Each person's messages go one after another, each once Riposte acknowledged the last. */
export async function converse(
  emulator: RunningEmulator,
  store: Store,
  phones: string[],
): Promise<void> {
  for (const phone of phones) await post(`${emulator.url}/_emulator/phones`, { phone });
  await Promise.all(
    phones.map(async (phone) => {
      for (const text of ['JOIN', ...Array.from({ length: MESSAGES }, (_, i) => `m${i + 1}`)]) {
        const typed = await post(
          `${emulator.url}/_emulator/phones/${encodeURIComponent(phone)}/messages`,
          { text },
        );
        const id = (typed.body.message as { id?: string } | undefined)?.id;
        if (typed.status !== 201 || id === undefined)
          throw new Error(`typing failed: ${typed.status} ${JSON.stringify(typed.body)}`);
        await waitStored(store, id);
      }
    }),
  );
}

/** Waits until nothing is left to process or send. */
export async function drained(store: Store): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    const pending = await store.db
      .selectFrom('inbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('state', '!=', 'done')
      .executeTakeFirst();
    const sending = await store.db
      .selectFrom('outbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('state', 'in', ['pending', 'claimed', 'in_flight'])
      .executeTakeFirst();
    if (Number(pending?.n ?? 0) === 0 && Number(sending?.n ?? 0) === 0) return;
    await sleep(20);
  }
  const inbox = await store.db
    .selectFrom('inbox')
    .select(['state', 'partition', 'claimed_by', 'kind'])
    .where('state', '!=', 'done')
    .execute();
  const outbox = await store.db
    .selectFrom('outbox')
    .select(['state', 'partition', 'lease_owner', 'kind'])
    .where('state', 'in', ['pending', 'claimed', 'in_flight'])
    .execute();
  const leases = (await store.leases.list()).filter((l) => l.partition < 64);
  throw new Error(
    `work never drained: inbox ${JSON.stringify(inbox.slice(0, 10))} outbox ${JSON.stringify(outbox.slice(0, 10))} owners ${JSON.stringify([...new Set(leases.map((l) => l.owner))])}`,
  );
}

/**
 * Meta retries webhooks it could not deliver (the worker was down): a send that was
 * in flight at a kill is settled by its statuses once they get through. Waits until the
 * emulator has delivered everything (statuses 5–15 ms after a send, retries after that),
 * then until Riposte has processed it.
 */
export async function settled(emulator: RunningEmulator, store: Store): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    await sleep(40);
    const open = emulator
      .deliveries()
      .filter((d) => d.state !== 'delivered' && d.state !== 'gave_up');
    if (open.length === 0) break;
  }
  await drained(store);
}

/**
 * Exactly once, in order, and never sent twice. The workers send one message at a time
 * (SEND_CONCURRENCY=1), so each kill leaves at most one send ambiguous.
 */
export async function verify(
  store: Store,
  emulator: RunningEmulator,
  phones: string[],
  kills: number,
): Promise<void> {
  const ambiguous = (await store.outbox.countByState()).ambiguous;
  expect(ambiguous).toBeLessThanOrEqual(kills);
  for (const phone of phones) {
    const contact = await store.contacts.find({ phone });
    expect(contact?.attributes, phone).toMatchObject({ count: MESSAGES, last: `m${MESSAGES}` });
    const journeys = await store.journeys.listByContact(contact?.id ?? '');
    expect(journeys.map((j) => [j.journey.status, j.journey.stepId])).toEqual([
      ['waiting', 'wait'],
    ]);
    const history = await store.history.listByJourney(journeys[0]?.journey.id ?? '');
    expect(history.filter((h) => h.stepId === 'count')).toHaveLength(MESSAGES);
    const chat = (await (
      await fetch(`${emulator.url}/_emulator/phones/${encodeURIComponent(phone)}/chat`)
    ).json()) as { messages: Array<{ direction: string }> };
    const replies = chat.messages
      .filter((m) => m.direction !== 'inbound')
      .map((m) => JSON.stringify(m));
    for (let i = 1; i <= MESSAGES; i++)
      expect(
        replies.filter((r) => r.includes(`got m${i}"`)).length,
        `${phone} got m${i}`,
      ).toBeLessThanOrEqual(1);
    expect(replies.length).toBeGreaterThanOrEqual(MESSAGES + 1 - ambiguous);
    expect(replies.length).toBeLessThanOrEqual(MESSAGES + 1);
  }
}
