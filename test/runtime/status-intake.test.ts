/**
 * Delivery statuses where they are taken in. Meta sends three per message (sent, delivered,
 * read), so they are applied in the ingest transaction and not stored: applying one is
 * idempotent, so a redelivery needs no dedupe key, and the runner never reads them. A
 * status for a send not recorded
 * yet is stored pending; the runner tries it again, and while it waits it is put off in the
 * inbox itself, so the people's messages behind it are not held up.
 */
import { expect, it } from 'vitest';
import { queueMessages } from '../../src/api/braze/message-queue.js';
import type { SendPayload } from '../../src/runner/apply-results.js';
import { ChannelSet } from '../../src/runner/channels.js';
import type { IngestItem } from '../../src/runner/ingest.js';
import { Runner } from '../../src/runner/runner.js';
import type { Store } from '../../src/store/open.js';
import { forEachDialect, type DialectUnderTest } from '../../src/store/testing/dialects.js';

const T0 = Date.UTC(2026, 0, 1, 9);

function status(
  wamid: string,
  value: 'sent' | 'delivered' | 'read',
  callbackData?: string,
): IngestItem {
  return {
    dedupeKey: `wa:status:${wamid}:${value}`,
    routingKey: wamid,
    payload: {
      kind: 'wa.status',
      wamid,
      status: value,
      at: T0,
      number: 'main',
      ...(callbackData !== undefined ? { callbackData } : {}),
    },
  };
}

/** A step's send, recorded as the runner records it: in the log, its wamid known or not. */
async function sent(store: Store, key: string, wamid: string | null): Promise<void> {
  const [contact] = await store.contacts.resolveManyIds([{ address: { phone: '+15550001111' } }]);
  await store.messages.recordMany([
    {
      direction: 'out',
      key,
      wamid,
      journeyId: 'j1',
      canvasId: 'c1',
      version: 1,
      stepId: 'ask',
      visit: 1,
      contactId: contact?.id ?? '',
      number: 'main',
      kind: 'template',
      preview: 'Hello',
      at: T0,
    },
  ]);
}

/** A store and a runner over it, both on `clock`. */
async function open(
  dialect: DialectUnderTest,
  clock: () => number,
  batchSize?: number,
): Promise<{ store: Store; runner: Runner }> {
  const store = await dialect.open({ now: clock });
  const runner = new Runner({
    store,
    channels: new ChannelSet(),
    defaultNumber: 'main',
    now: clock,
    ...(batchSize !== undefined ? { batchSize } : {}),
  });
  return { store, runner };
}

/** The one queued send, in flight as the dispatcher leaves it while its request is out. */
async function inFlight(store: Store): Promise<unknown> {
  const [row] = await store.outbox.due({ now: T0, limit: 10 });
  await store.outbox.startMany([row?.id ?? 0], 'pending');
  return row?.payload;
}

async function counts(store: Store): Promise<Record<string, number>> {
  const totals = await store.metrics.totals('c1');
  return Object.fromEntries(totals.map((t) => [t.metric, t.count]));
}

forEachDialect((dialect) => {
  it('applies a status as it is taken in and stores no row for it: the runner has nothing to read', async () => {
    let now = T0;
    const { store, runner } = await open(dialect, () => now);
    await sent(store, 'j1:1', 'wamid.A');
    now += 1000;

    const results = await runner.ingest.submit([
      status('wamid.A', 'delivered'),
      status('wamid.A', 'read'),
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    expect((await store.messages.getByWamid('wamid.A'))?.status).toBe('read');
    expect(await counts(store)).toEqual({ delivered: 1, read: 1 });
    expect(await store.inbox.backlog()).toBe(0);
    expect(await runner.workOnce()).toBe(0);

    // Meta delivers again, and late: recognized, nothing moves or counts twice.
    const again = await runner.ingest.submit([
      status('wamid.A', 'read'),
      status('wamid.A', 'delivered'),
    ]);
    expect(again.map((r) => r.duplicate)).toEqual([true, true]);
    expect(await counts(store)).toEqual({ delivered: 1, read: 1 });
    expect(await store.inbox.backlog()).toBe(0);
    // Applying is idempotent, so no dedupe key is kept: the inbox holds no row at all.
    const rows = await store.db.selectFrom('inbox').select('dedupe_key').execute();
    expect(rows).toEqual([]);
  });

  it('settles a send whose answer was never recorded by the callback data of its status', async () => {
    const { store, runner } = await open(dialect, () => T0);
    await sent(store, 'j1:1', null);
    await store.outbox.insertMany([
      { key: 'j1:1', partition: 0, kind: 'send_whatsapp', number: 'main', payload: {} },
    ]);
    await inFlight(store);

    await runner.ingest.submit([status('wamid.B', 'delivered', 'rp:j1:1:ask')]);
    expect(await store.messages.getByKey('j1:1')).toMatchObject({
      wamid: 'wamid.B',
      status: 'delivered',
    });
    expect((await store.outbox.getByKey('j1:1'))?.state).toBe('done');
    expect(await counts(store)).toEqual({ delivered: 1 });
    expect(await store.inbox.backlog()).toBe(0);
  });

  it('settles a one-off send by the callback data it was given', async () => {
    const { store, runner } = await open(dialect, () => T0);
    const [resolved] = await store.contacts.resolveManyIds([
      { address: { phone: '+15550003333' } },
    ]);
    const person = await store.contacts.get(resolved?.id ?? '');
    if (!person) throw new Error('no contact');
    const queued = await queueMessages(
      store,
      T0,
      {
        dispatchId: 'spring',
        number: 'main',
        subscriptionState: 'all',
        message: { body: { type: 'text', text: { body: 'Hi' } }, buttons: [], preview: 'Hi' },
      },
      [person],
    );
    expect(queued).toBe(1);
    const key = `send:spring:${person.id}`;
    const body = ((await inFlight(store)) as SendPayload).body;
    expect(body.biz_opaque_callback_data).toBe(`rp:${key}`);

    // Meta's `sent` comes before the answer is recorded: the callback data settles it.
    await runner.ingest.submit([status('wamid.D', 'sent', body.biz_opaque_callback_data)]);
    expect(await store.messages.getByKey(key)).toMatchObject({ wamid: 'wamid.D', status: 'sent' });
    expect((await store.outbox.getByKey(key))?.state).toBe('done');
    expect(await store.inbox.backlog()).toBe(0);
  });

  it('keeps a status for a send not recorded yet, and holds nothing up while it waits', async () => {
    let now = T0;
    const { store, runner } = await open(dialect, () => now, 1);
    // No callback data to go by (a message sent from this number by another tool, say):
    // it waits for the send's record.
    await runner.ingest.submit([status('wamid.C', 'delivered')]);
    expect(await store.inbox.backlog()).toBe(1);
    expect(await runner.workOnce()).toBe(1);

    // Put off: the next batch, one event long, takes what came after it instead.
    const [person] = await store.contacts.resolveManyIds([{ address: { phone: '+15550002222' } }]);
    await runner.ingest.submit([
      {
        dedupeKey: 'api:1',
        contactId: person?.id ?? '',
        payload: {
          kind: 'api.profile',
          ops: [{ op: 'set', attribute: 'tier', value: 'gold' }],
        },
      },
    ]);
    expect(await runner.workOnce()).toBe(1);
    expect((await store.contacts.get(person?.id ?? ''))?.attributes).toEqual({ tier: 'gold' });
    expect(await runner.workOnce()).toBe(0);

    // The send is recorded; once its wait is over the status is applied.
    await sent(store, 'send:d1:x', 'wamid.C');
    now += 1000;
    expect(await runner.workOnce()).toBe(1);
    expect((await store.messages.getByWamid('wamid.C'))?.status).toBe('delivered');
    expect(await counts(store)).toEqual({ delivered: 1 });
    expect(await store.inbox.backlog()).toBe(0);
  });
});
