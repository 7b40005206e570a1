/**
 * A cancelled broadcast send's messages are withdrawn a page at a time (each page its own
 * transaction, so intake is not held up by a big send), none of another send's; and what a
 * crash between pages left pending is withdrawn by the dispatcher when it comes due, never
 * sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueMessages, type MessageSpec } from '../../src/api/braze/message-queue.js';
import {
  dispatchOfSendKey,
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
    // Until a page finds none (on Postgres a page can come up short with more after it).
    expect(transactions).toEqual([3, 3, 1, 0]);
    expect(await states('send:spring:')).toEqual(Array(7).fill('failed:cancelled'));
    expect(await states('send:summer:')).toEqual(['pending:', 'pending:']);
    const [first] = await store.db.selectFrom('outbox').select('key').orderBy('id').execute();
    expect(await store.messages.getByKey(String(first?.key))).toMatchObject({
      status: 'failed',
      errorTitle: 'cancelled',
    });
  });

  it('withdraws at the dispatcher, unsent, what a crash between pages left pending', async () => {
    for (const [id, dispatchId] of [
      ['b1', 'spring'],
      ['b2', 'summer'],
    ] as const)
      await store.broadcasts.create({ id, kind: 'send', payload: { dispatchId }, audienceAt: 0 });
    // The cancel's first page commits; the process dies before the next.
    await store.transaction(async (tx) => {
      expect(await tx.broadcasts.cancel('b1', ['running'])).toBe(true);
      expect(await withdrawSendPage(tx, 'spring', 2)).toBe(2);
    });
    expect(await states('send:spring:')).toEqual([
      ...Array(2).fill('failed:cancelled'),
      ...Array(5).fill('pending:'),
    ]);

    // No number is configured: a send the dispatcher tried would fail for that instead.
    const runner = new Runner({ store, channels: new ChannelSet(), defaultNumber: 'main' });
    expect(await runner.dispatcher.runOnce()).toMatchObject({
      claimed: 7,
      withdrawn: 5,
      failed: 2,
      sent: 0,
    });
    await runner.settle();
    expect(await states('send:spring:')).toEqual(Array(7).fill('failed:cancelled'));
    const rows = await store.db
      .selectFrom('outbox')
      .select(['key', 'attempts'])
      .where('key', 'like', 'send:spring:%')
      .execute();
    expect(rows.map((row) => row.attempts)).toEqual(Array(7).fill(0));
    for (const { key } of rows)
      expect(await store.messages.getByKey(key)).toMatchObject({
        status: 'failed',
        errorCode: null,
        errorTitle: 'cancelled',
      });
    // The send still running was tried (and failed: no number), not withdrawn.
    expect(await states('send:summer:')).toEqual(
      Array(2).fill('failed:no business number "main" is configured'),
    );
  });

  it('reads the dispatch of a one-off send from its key, and nothing from other keys', () => {
    expect(dispatchOfSendKey('send:spring:c_1')).toBe('spring');
    expect(dispatchOfSendKey('send::c_1')).toBe('');
    expect(dispatchOfSendKey('01JB7ZK3:2:ask')).toBeUndefined();
    expect(dispatchOfSendKey('send:no-contact')).toBeUndefined();
  });
});
