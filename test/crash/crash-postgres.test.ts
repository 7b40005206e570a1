/**
 * Crash safety on Postgres with two workers sharing the partitions through leases. Meta's
 * webhooks reach worker B; worker A is killed with SIGKILL; B takes over A's partitions
 * within the lease time (10 s) and nothing is lost, repeated or reordered; then A comes
 * back and the partitions are shared again.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { freshPostgresDatabase } from '../helpers.js';
import { crashSuite, freePort, kill, sleep, startChild, type Child } from './crash-harness.js';
import {
  converse,
  drained,
  settled,
  emulatorFor,
  phonesFor,
  publishCanvas,
  verify,
} from './crash-scenario.js';

describe('crash safety on Postgres with two workers', () => {
  const cleanup = crashSuite();

  it(
    'takes over a killed worker within the lease time and processes everything exactly once',
    { timeout: 180_000 },
    async () => {
      const db = await freshPostgresDatabase('rp_crash');
      cleanup.push(db.drop);
      const store = await openStore({ url: db.url });
      cleanup.push(() => store.close());
      await publishCanvas(store);

      const portA = await freePort();
      const portB = await freePort();
      const emulator = await emulatorFor(`http://127.0.0.1:${portB}/webhooks/whatsapp`);
      cleanup.push(() => emulator.close());
      const envA = {
        DATABASE_URL: db.url,
        EMULATOR_URL: emulator.url,
        PORT: String(portA),
        SEND_CONCURRENCY: '1',
        MULTI_WORKER: '1',
      };
      const envB = { ...envA, PORT: String(portB) };
      let a: Child = startChild(envA);
      const b: Child = startChild(envB);
      cleanup.push(() => kill(a));
      cleanup.push(() => kill(b));
      await Promise.all([a.ready, b.ready]);

      // Both workers hold partitions before the load starts.
      for (let i = 0; i < 500 && (await store.leases.owners(Date.now())).length < 2; i++)
        await sleep(20);
      expect((await store.leases.owners(Date.now())).length).toBe(2);

      let killedAt = 0;
      let takeoverMs = -1;
      const chaos = (async () => {
        await sleep(400);
        await kill(a);
        killedAt = Date.now();
        // B alone must hold every partition within 10 s (lease 6 s, renewal every 2 s).
        for (;;) {
          const leases = await store.leases.list();
          const now = Date.now();
          const live = leases.filter((l) => l.partition < 64 && l.leaseUntil > now);
          if (live.length === 64 && live.every((l) => l.owner === live[0]?.owner)) break;
          await sleep(50);
        }
        takeoverMs = Date.now() - killedAt;
        a = startChild(envA);
        await a.ready;
      })();
      const phones = phonesFor(8, '800');
      await converse(emulator, store, phones);
      await chaos;
      await drained(store).catch((error: unknown) => {
        throw new Error(
          `${String(error)}\nA:\n${a.output().slice(-3000)}\nB:\n${b.output().slice(-3000)}`,
        );
      });
      await settled(emulator, store);
      await Promise.all([kill(a, 'SIGTERM'), kill(b, 'SIGTERM')]);

      expect(takeoverMs).toBeGreaterThan(0);
      expect(takeoverMs).toBeLessThanOrEqual(10_000);
      await verify(store, emulator, phones, 1);
    },
  );
});
