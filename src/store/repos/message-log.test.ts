import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachDialect } from '../testing/dialects.js';
import type { MessageStatus } from './message-log.js';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

forEachDialect((dialect) => {
  const at = 5_000;
  const outbound = (key: string, stepId = 'ask') => ({
    direction: 'out' as const,
    key,
    journeyId: 'j1',
    canvasId: 'c',
    version: 1,
    stepId,
    visit: 1,
    contactId: 'alice',
    number: 'main',
    kind: 'template',
    buttons: ['YES', 'NO'],
    preview: 'Did it arrive?',
  });

  it('logs a send, attaches its wamid and routes a tap by it', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany([outbound('j1:1'), outbound('j1:1')]);
    expect(await store.messages.attachWamid('j1:1', 'wamid.A')).toBe(true);
    expect(await store.messages.attachWamid('nope', 'wamid.B')).toBe(false);
    const sent = await store.messages.getByWamid('wamid.A');
    expect(sent).toEqual({
      id: sent?.id,
      direction: 'out',
      key: 'j1:1',
      wamid: 'wamid.A',
      journeyId: 'j1',
      canvasId: 'c',
      version: 1,
      stepId: 'ask',
      visit: 1,
      contactId: 'alice',
      number: 'main',
      kind: 'template',
      buttons: ['YES', 'NO'],
      tappedButton: null,
      preview: 'Did it arrive?',
      status: 'accepted',
      errorCode: null,
      errorTitle: null,
      createdAt: at,
      updatedAt: at,
    });
    expect(await store.messages.markTapped('wamid.A', 1)).toBe(true);
    expect(await store.messages.markTapped('wamid.A', 0)).toBe(false);
    expect((await store.messages.getByKey('j1:1'))?.tappedButton).toBe(1);
    await store.messages.recordMany([
      {
        direction: 'in',
        wamid: 'wamid.IN',
        contactId: 'alice',
        number: 'main',
        kind: 'button',
        tappedButton: 1,
        preview: 'NO',
      },
      { direction: 'in', wamid: 'wamid.IN', contactId: 'alice', kind: 'button', preview: 'dup' },
    ]);
    const timeline = await store.messages.listByContact('alice');
    expect(timeline.map((m) => [m.direction, m.preview])).toEqual([
      ['in', 'NO'],
      ['out', 'Did it arrive?'],
    ]);
    expect(await store.messages.listByContact('alice', { before: timeline[0]?.id })).toHaveLength(
      1,
    );
  });

  it('fails withdrawn messages by key, but never one that already failed or was sent', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany([outbound('k1'), outbound('k2'), outbound('k3')]);
    await store.messages.failByKey('k3', 131026, 'undeliverable');
    expect(await store.messages.failManyByKey(['k1', 'k3', 'missing'], 'cancelled')).toBe(1);
    expect(await store.messages.getByKey('k1')).toMatchObject({
      status: 'failed',
      errorTitle: 'cancelled',
    });
    expect(await store.messages.getByKey('k2')).toMatchObject({ status: null });
    expect(await store.messages.getByKey('k3')).toMatchObject({ errorTitle: 'undeliverable' });
  });

  it('attaches the wamids of a wave in one call, without moving a status back', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany([outbound('k1'), outbound('k2')]);
    await store.messages.attachWamid('k2', 'w2');
    await store.messages.applyStatuses([{ wamid: 'w2', status: 'read' }]);
    const found = await store.messages.attachWamids([
      { key: 'k1', wamid: 'w1' },
      { key: 'k2', wamid: 'w2' },
      { key: 'missing', wamid: 'w3' },
    ]);
    // k2 carries its wamid already (a status settled it first): left alone.
    expect(found).toBe(1);
    expect(await store.messages.getByWamid('w1')).toMatchObject({ key: 'k1', status: 'accepted' });
    expect(await store.messages.getByWamid('w2')).toMatchObject({ key: 'k2', status: 'read' });
    expect(await store.messages.getByWamid('w3')).toBeUndefined();
  });

  it('moves statuses only forward, whatever order webhooks arrive in', async () => {
    const store = await dialect.open({ now: () => at });
    const orders: MessageStatus[][] = [
      ['read', 'sent', 'delivered'],
      ['delivered', 'sent'],
      ['sent', 'failed', 'read', 'delivered'],
      ['delivered', 'read', 'sent', 'read'],
    ];
    await store.messages.recordMany(orders.map((_, i) => outbound(`k${i}`)));
    for (let i = 0; i < orders.length; i++) await store.messages.attachWamid(`k${i}`, `w${i}`);
    const seen: string[] = [];
    for (let round = 0; round < 4; round++) {
      const outcome = await store.messages.applyStatuses(
        orders.flatMap((statuses, i) => {
          const status = statuses[round];
          return status === undefined ? [] : [{ wamid: `w${i}`, status, errorCode: 131026 }];
        }),
      );
      for (const t of outcome.applied) seen.push(`${t.wamid}:${t.from}>${t.to}`);
    }
    expect(seen).toEqual([
      'w0:accepted>read',
      'w1:accepted>delivered',
      'w2:accepted>sent',
      'w3:accepted>delivered',
      'w2:sent>failed',
      'w3:delivered>read',
    ]);
    const final = await Promise.all(orders.map((_, i) => store.messages.getByWamid(`w${i}`)));
    expect(final.map((m) => [m?.status, m?.errorCode])).toEqual([
      ['read', null],
      ['delivered', null],
      ['failed', 131026],
      ['read', null],
    ]);
  });

  it('ends at the furthest status for every arrival order', async () => {
    const store = await dialect.open({ now: () => at });
    const cases: Array<[MessageStatus[], MessageStatus]> = [
      ...permutations<MessageStatus>(['sent', 'delivered', 'read']).map(
        (p): [MessageStatus[], MessageStatus] => [p, 'read'],
      ),
      ...permutations<MessageStatus>(['sent', 'delivered', 'failed']).map(
        (p): [MessageStatus[], MessageStatus] => [p, 'failed'],
      ),
      ...permutations<MessageStatus>(['read', 'failed', 'delivered']).map(
        (p): [MessageStatus[], MessageStatus] => [p, 'failed'],
      ),
    ];
    await store.messages.recordMany(cases.map((_, i) => outbound(`p${i}`)));
    for (let i = 0; i < cases.length; i++) await store.messages.attachWamid(`p${i}`, `pw${i}`);
    for (let round = 0; round < 3; round++) {
      await store.messages.applyStatuses(
        cases.map(([order], i) => ({ wamid: `pw${i}`, status: order[round] ?? 'sent' })),
      );
    }
    const finals = await Promise.all(cases.map((_, i) => store.messages.getByWamid(`pw${i}`)));
    expect(finals.map((m) => m?.status)).toEqual(cases.map(([, final]) => final));
  });

  it('takes the furthest status of a batch and reports unknown wamids', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany([outbound('k')]);
    await store.messages.attachWamid('k', 'w');
    const outcome = await store.messages.applyStatuses([
      { wamid: 'w', status: 'delivered' },
      { wamid: 'w', status: 'read' },
      { wamid: 'w', status: 'sent' },
      { wamid: 'stranger', status: 'read' },
    ]);
    expect(outcome.unknown).toEqual(['stranger']);
    expect(outcome.applied.map((t) => [t.from, t.to, t.message.stepId, t.message.status])).toEqual([
      ['accepted', 'read', 'ask', 'read'],
    ]);
    // The send's own record, after its statuses: nothing to attach, nothing moves back.
    expect(await store.messages.attachWamid('k', 'w')).toBe(false);
    expect((await store.messages.getByWamid('w'))?.status).toBe('read');
  });

  // Transactions interleave only where the store has several connections: on SQLite they
  // queue for the one writer, and this cannot happen.
  if (dialect.name === 'postgres')
    it('lets a status holding a message and the wave recording its send both commit', async () => {
      const store = await dialect.open({ now: () => at });
      const dispatcher = await dialect.open({ now: () => at, sameDatabaseAs: store });
      await store.messages.recordMany([outbound('a'), outbound('b')]);
      // A's "sent" came before its answer was recorded, and settled it by callback data.
      await store.messages.attachWamid('a', 'wa');
      const [b] = await store.outbox.insertMany([
        { key: 'b', contactId: 'bob', partition: 0, kind: 'send_whatsapp', payload: {} },
      ]);
      const bId = b?.id ?? 0;
      expect(await store.outbox.startMany([bId], 'pending')).toEqual([bId]);

      let statusHolds!: () => void;
      const statusHolding = new Promise<void>((resolve) => (statusHolds = resolve));
      let waveHolds!: () => void;
      const waveHolding = new Promise<void>((resolve) => (waveHolds = resolve));
      // Ingest: A's "delivered" holds A's message, then B's early status settles B's send.
      const status = store.transaction(async (tx) => {
        await tx.messages.applyStatuses([{ wamid: 'wa', status: 'delivered' }]);
        statusHolds();
        await waveHolding;
        await tx.outbox.complete(bId, { wamid: 'wb', settledBy: 'status' });
        await tx.messages.attachWamid('b', 'wb');
      });
      // The dispatcher records the wave with A's and B's answers: B's outbox row first.
      const wave = dispatcher.transaction(async (tx) => {
        await statusHolding;
        expect(await tx.outbox.completeMany([{ id: bId, result: { wamid: 'wb' } }])).toEqual([bId]);
        waveHolds();
        return tx.messages.attachWamids([
          { key: 'a', wamid: 'wa' },
          { key: 'b', wamid: 'wb' },
        ]);
      });
      // Before, the wave waited for A's message and the status for B's outbox row: a
      // deadlock, and Postgres aborted one of them.
      expect(await Promise.all([wave, status])).toEqual([1, undefined]);
      expect(await store.messages.getByKey('a')).toMatchObject({
        wamid: 'wa',
        status: 'delivered',
      });
      expect(await store.messages.getByKey('b')).toMatchObject({ wamid: 'wb', status: 'accepted' });
      expect(await store.outbox.get(bId)).toMatchObject({ state: 'done', result: { wamid: 'wb' } });
    });

  it('fails a send Meta refused, by its outbox key', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany([outbound('k1')]);
    expect(await store.messages.failByKey('k1', 131026, 'Message undeliverable')).toBe(true);
    expect(await store.messages.failByKey('k1', 1, 'again')).toBe(false);
    expect(await store.messages.failByKey('unknown', 1, 'x')).toBe(false);
    expect(await store.messages.getByKey('k1')).toMatchObject({
      status: 'failed',
      errorCode: 131026,
      errorTitle: 'Message undeliverable',
    });
  });

  it('counts failed messages by error code from their own index', async () => {
    const store = await dialect.open({ now: () => at });
    await store.messages.recordMany(['a', 'b', 'c', 'd'].map((key) => outbound(key)));
    for (const key of ['a', 'b', 'c', 'd']) await store.messages.attachWamid(key, `w${key}`);
    await store.messages.applyStatuses([
      { wamid: 'wa', status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable' },
      { wamid: 'wb', status: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable' },
      { wamid: 'wc', status: 'failed' },
      { wamid: 'wd', status: 'read' },
    ]);
    expect(await store.messages.failuresByCode()).toEqual([
      { errorCode: 131026, count: 2 },
      { errorCode: null, count: 1 },
    ]);
    if (dialect.name === 'sqlite') {
      // The /metrics scrape runs this: it must read failed messages only, never the log.
      const plan = await sql<{ detail: string }>`explain query plan select error_code, count(*)
        from message_log where status = 'failed' group by error_code`.execute(store.db);
      expect(plan.rows.map((r) => r.detail).join('; ')).toContain('message_log_failed');
    }
  });
});
