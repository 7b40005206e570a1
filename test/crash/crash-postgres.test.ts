/**
 * Crash safety on Postgres with two workers sharing the partitions through leases. Meta's
 * webhooks reach worker B; worker A is killed with SIGKILL; B takes over A's partitions
 * within the lease time (10 s) and nothing is lost, repeated or reordered; then A comes
 * back and the partitions are shared again.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import '../../src/store/testing/provided.js';
import { bundleChild, freePort, kill, sleep, startChild, type Child } from './crash-harness.js';
import {
  converse,
  drained,
  settled,
  emulatorFor,
  phonesFor,
  publishCanvas,
  verify,
} from './crash-scenario.js';

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = inject('postgresUrl');
  const name = `rp_crash_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe('crash safety on Postgres with two workers', () => {
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(() => bundleChild(), 60_000);
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it(
    'takes over a killed worker within the lease time and processes everything exactly once',
    { timeout: 180_000 },
    async () => {
      const db = await freshDatabase();
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
