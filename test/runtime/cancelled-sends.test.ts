/**
 * A cancelled broadcast send's messages are withdrawn a page at a time (each page its own
 * transaction, so intake is not held up by a big send), none of another send's; and what a
 * crash between pages left pending is withdrawn when the runner starts, before anything is
 * dispatched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueMessages, type MessageSpec } from '../../src/api/braze/message-queue.js';
import {
  withdrawCancelledSends,
  withdrawRemainingSends,
  withdrawSendPage,
} from '../../src/runner/cancelled-sends.js';
import { ChannelSet } from '../../src/runner/channels.js';
import { Runner } from '../../src/runner/runner.js';
import { openStore, type Store } from '../../src/store/open.js';

const spec = (dispatchId: string): MessageSpec => ({
  dispatchId,
  number: 'main',
  subscriptionState: 'all',
  message: {
    body: { type: 'text', text: { body: 'Spring sale' } },
    buttons: [],
    preview: 'Spring sale',
  },
});

describe('withdrawing a cancelled send', () => {
  let store: Store;

  beforeEach(async () => {
    store = await openStore({ url: 'sqlite::memory:' });
    const ids = await store.contacts.resolveManyIds(
      Array.from({ length: 7 }, (_, i) => ({ address: { phone: `+1555000000${i}` } })),
    );
    const people = [...(await store.contacts.getMany(ids.map((c) => c.id))).values()];
    const now = Date.now();
    expect(await queueMessages(store, now, spec('spring'), people)).toBe(7);
    expect(await queueMessages(store, now, spec('summer'), people.slice(0, 2))).toBe(2);
  });

  afterEach(async () => {
    await store.close();
  });

  const states = async (prefix: string) =>
    (await store.db.selectFrom('outbox').select(['key', 'state', 'last_error']).execute())
      .filter((row) => row.key.startsWith(prefix))
      .map((row) => `${row.state}:${row.last_error ?? ''}`);

  it('goes a page per transaction until none is left, and leaves other sends alone', async () => {
    const transactions: number[] = [];
    const counting = Object.assign(Object.create(store) as Store, {
      transaction: <T>(fn: Parameters<Store['transaction']>[0]) =>
        store.transaction(async (tx) => {
          const n = (await fn(tx)) as number;
          transactions.push(n);
          return n as T;
        }),
    });
    expect(await withdrawRemainingSends(counting, 'spring', 3)).toBe(7);
    expect(transactions).toEqual([3, 3, 1]);
    expect(await states('send:spring:')).toEqual(Array(7).fill('failed:cancelled'));
    expect(await states('send:summer:')).toEqual(['pending:', 'pending:']);
    const [first] = await store.db.selectFrom('outbox').select('key').orderBy('id').execute();
    expect(await store.messages.getByKey(String(first?.key))).toMatchObject({
      status: 'failed',
      errorTitle: 'cancelled',
    });
  });

  it('finishes, when the runner starts, what a crash between pages left pending', async () => {
    await store.broadcasts.create({
      id: 'b1',
      kind: 'send',
      payload: { dispatchId: 'spring' },
      audienceAt: 0,
    });
    await store.broadcasts.create({
      id: 'b2',
      kind: 'send',
      payload: { dispatchId: 'summer' },
      audienceAt: 0,
    });
    // The cancel's first page commits; the process dies before the next.
    await store.transaction(async (tx) => {
      expect(await tx.broadcasts.cancel('b1', ['running'])).toBe(true);
      expect(await withdrawSendPage(tx, 'spring', 2)).toBe(2);
    });
    expect(await states('send:spring:')).toEqual([
      ...Array(2).fill('failed:cancelled'),
      ...Array(5).fill('pending:'),
    ]);

    // No channel is configured: a send that was dispatched would fail for that, not as cancelled.
    const runner = new Runner({ store, channels: new ChannelSet(), defaultNumber: 'main' });
    await runner.start();
    await runner.stop();
    expect(await states('send:spring:')).toEqual(Array(7).fill('failed:cancelled'));
    const attempts = await store.db
      .selectFrom('outbox')
      .select('attempts')
      .where('key', 'like', 'send:spring:%')
      .execute();
    expect(attempts.map((row) => row.attempts)).toEqual(Array(7).fill(0));
    // The running send is not touched, and a second pass finds nothing left.
    expect((await states('send:summer:')).some((s) => s.endsWith('cancelled'))).toBe(false);
    expect(await withdrawCancelledSends(store)).toBe(0);
  });
});
