/**
 * Two Riposte processes on one Postgres database — a `riposte start` and a `riposte worker`
 * started on its own, or two `riposte start` behind a load balancer — share the partitions
 * through leases. Neither takes every partition for itself: one that did, when it started,
 * would give the other's claimed events back to the queue and count its sends in flight as
 * ambiguous, then work the same partitions beside it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_PARTITIONS } from '../../src/runner/partitions.js';
import { createRiposte, EMULATED_NUMBER, type Riposte } from '../../src/server/riposte.js';
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

  it('share the partitions through leases and leave each other’s work in hand alone', async () => {
    const db = await freshPostgresDatabase('rp_shared');
    cleanup.push(db.drop);
    const first = await server(db.url);
    await first.runner.start();
    expect(first.runner.ownedPartitions).toEqual(ALL_PARTITIONS);

    // A send of the first server's, in flight in partition 0 (which it keeps when the
    // partitions are shared: the lowest stay with their holder). Not due for an hour, so
    // its dispatcher leaves it as it is.
    const [queued] = await first.store.outbox.insertMany([
      {
        key: 'probe:1',
        partition: 0,
        kind: 'call_webhook',
        payload: { url: 'http://127.0.0.1:9/hook' },
        notBefore: Date.now() + 60 * 60 * 1000,
      },
    ]);
    const id = queued?.id ?? -1;
    expect(await first.store.outbox.startMany([id], 'pending')).toEqual([id]);

    const second = await server(db.url);
    await second.runner.start();
    expect((await first.store.outbox.get(id))?.state).toBe('in_flight');
    expect(second.runner.ownedPartitions).not.toContain(0);

    const shared = await eventually(() => {
      const a = first.runner.ownedPartitions;
      const b = second.runner.ownedPartitions;
      return a.length > 0 && b.length > 0 && a.length + b.length === ALL_PARTITIONS.length
        ? { a, b }
        : undefined;
    }, 'the partitions shared between the two servers');
    expect([...shared.a, ...shared.b].sort((x, y) => x - y)).toEqual(ALL_PARTITIONS);
    expect(shared.a).toContain(0);
    expect((await first.store.outbox.get(id))?.state).toBe('in_flight');
    expect(await first.store.leases.owners(Date.now())).toHaveLength(2);
  });
});
