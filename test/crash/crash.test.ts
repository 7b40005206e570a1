/**
 * Crash safety on SQLite: Riposte runs journeys in a child process that is killed with
 * SIGKILL at random moments, several times, and restarted. Meta (the emulator, in this
 * process) redelivers unacknowledged webhooks, as Meta does. Afterwards every acknowledged
 * message was processed exactly once and in order, every journey sits where its messages
 * lead, no reply was sent twice, and ambiguous sends are no more than the kills.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
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

const KILLS = 3;

describe('crash safety on SQLite', () => {
  const cleanup = crashSuite();

  it(
    'processes every acknowledged message exactly once, in order, and never sends twice',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'riposte-crash-'));
      const databaseUrl = `sqlite:${join(dir, 'riposte.db')}`;
      const port = await freePort();
      const emulator = await emulatorFor(`http://127.0.0.1:${port}/webhooks/whatsapp`);
      cleanup.push(() => emulator.close());
      const store = await openStore({ url: databaseUrl });
      cleanup.push(() => store.close());
      await publishCanvas(store);

      if (process.env.CRASH_DEBUG) console.log('set up');
      const env = {
        DATABASE_URL: databaseUrl,
        EMULATOR_URL: emulator.url,
        PORT: String(port),
        SEND_CONCURRENCY: '1',
      };
      let child: Child = startChild(env);
      cleanup.push(() => kill(child));
      await child.ready;

      let kills = 0;
      const killer = (async () => {
        while (kills < KILLS) {
          await sleep(250 + Math.floor(Math.random() * 500));
          await kill(child);
          kills++;
          const restarted = Date.now();
          child = startChild(env);
          await child.ready;
          if (process.env.CRASH_DEBUG)
            console.log(`kill ${kills}: restarted in ${Date.now() - restarted} ms`);
        }
      })();
      const phones = phonesFor(8, '700');
      const t0 = Date.now();
      await converse(emulator, store, phones);
      await killer;
      const t1 = Date.now();
      await drained(store);
      await settled(emulator, store);
      if (process.env.CRASH_DEBUG)
        console.log(`conversations ${t1 - t0} ms, drained in ${Date.now() - t1} ms`);
      const t2 = Date.now();
      await kill(child, 'SIGTERM');
      if (process.env.CRASH_DEBUG) console.log(`stopped in ${Date.now() - t2} ms`);

      expect(kills).toBe(KILLS);
      const t3 = Date.now();
      await verify(store, emulator, phones, kills);
      if (process.env.CRASH_DEBUG) console.log(`verified in ${Date.now() - t3} ms`);
    },
  );
});
