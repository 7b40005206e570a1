/**
 * Two Riposte processes on one Postgres database — a `riposte start` and a `riposte worker`
 * started on its own, or two `riposte start` behind a load balancer — share the partitions
 * through leases. Neither takes every partition for itself: one that did, when it started,
 * would give the other's claimed events back to the queue and count its sends in flight as
 * ambiguous, then work the same partitions beside it. And a partition given back to share
 * the work goes only once nothing of its holder's is in flight there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_PARTITIONS } from '../../src/runner/partitions.js';
import { createRiposte, EMULATED_NUMBER, type Riposte } from '../../src/server/riposte.js';
import type { Store } from '../../src/store/open.js';
import { eventually, freshPostgresDatabase } from '../helpers.js';

describe('two servers on one Postgres database', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const server = async (databaseUrl: string): Promise<Riposte> => {
    // Default options, as `riposte start` makes them: nothing says another process is there.
    const riposte = await createRiposte({
      databaseUrl,
      numbers: [{ ...EMULATED_NUMBER, graphBaseUrl: 'http://127.0.0.1:9' }],
    });
    cleanup.push(async () => {
      await riposte.runner.stop();
      await riposte.store.close();
    });
    return riposte;
  };

  /** A send of this server's, in flight; not due for an hour, so no dispatcher touches it. */
  const sendInFlight = async (store: Store, key: string, partition: number): Promise<number> => {
    const [queued] = await store.outbox.insertMany([
      {
        key,
        partition,
        kind: 'send_whatsapp',
        number: 'main',
        payload: { to: '+15550000000', message: { type: 'text', text: { body: 'hi' } } },
        notBefore: Date.now() + 60 * 60 * 1000,
      },
    ]);
    const id = queued?.id ?? -1;
    expect(await store.outbox.startMany([id], 'pending')).toEqual([id]);
    return id;
  };

  it('share the partitions, each given back only once its sends in flight are answered', async () => {
    const db = await freshPostgresDatabase('rp_shared');
    cleanup.push(db.drop);
    const first = await server(db.url);
    await first.runner.start();
    expect(first.runner.ownedPartitions).toEqual(ALL_PARTITIONS);
    // Partition 0 stays with its holder when the partitions are shared (the lowest do);
    // the highest is given to the newcomer.
    const last = ALL_PARTITIONS.length - 1;
    const kept = await sendInFlight(first.store, 'probe:kept', 0);
    const given = await sendInFlight(first.store, 'probe:given', last);

    const second = await server(db.url);
    await second.runner.start();
    // Starting took nothing the first server holds, and disturbed nothing of its.
    expect(second.runner.ownedPartitions).toEqual([]);
    expect((await first.store.outbox.get(kept))?.state).toBe('in_flight');
    expect((await first.store.outbox.get(given))?.state).toBe('in_flight');

    // The first server gives back the upper half, but not the partition its send is in.
    const half = ALL_PARTITIONS.length / 2;
    await eventually(
      () => (second.runner.ownedPartitions.length === half - 1 ? true : undefined),
      'the newcomer holding its share but one',
    );
    expect(second.runner.ownedPartitions).not.toContain(last);
    expect(first.runner.ownedPartitions).toEqual(ALL_PARTITIONS.slice(0, half));
    expect((await first.store.outbox.get(given))?.state).toBe('in_flight');

    // Once the send is answered, its partition follows.
    expect(await first.store.outbox.complete(given, { wamid: 'wamid.given' })).toBe(true);
    await eventually(
      () => (second.runner.ownedPartitions.includes(last) ? true : undefined),
      'the last partition given to the newcomer',
    );
    expect(
      [...first.runner.ownedPartitions, ...second.runner.ownedPartitions].sort((x, y) => x - y),
    ).toEqual(ALL_PARTITIONS);
    expect((await first.store.outbox.get(given))?.state).toBe('done');
    expect((await first.store.outbox.get(kept))?.state).toBe('in_flight');
    expect(await first.store.leases.owners(Date.now())).toHaveLength(2);
  });
});
