/**
 * On SQLite every query resolves at once (better-sqlite3 is synchronous), so a work loop
 * that went from batch to batch without a turn of the event loop held it for the whole
 * backlog: sends waiting for their slot, answers from Meta and webhooks all waited behind
 * a broadcast's entries. The loop gives the event loop a turn after each batch.
 */
import { afterEach, expect, it } from 'vitest';
import { ChannelSet } from '../../src/runner/channels.js';
import { Runner } from '../../src/runner/runner.js';
import { openStore, type Store } from '../../src/store/open.js';
import { eventually } from '../helpers.js';

let store: Store | undefined;
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.stop();
  await store?.close();
});

it('lets timers run between batches while it works a backlog', async () => {
  store = await openStore({ url: 'sqlite::memory:' });
  const work = new Runner({ store, channels: new ChannelSet(), defaultNumber: 'main' });
  runner = work;
  // Messages from 1,000 people no canvas waits for: several batches of work.
  await work.ingest.submit(
    Array.from({ length: 1000 }, (_, i) => {
      const phone = `+1555100${String(i).padStart(4, '0')}`;
      return {
        dedupeKey: `wamid.${i}`,
        address: { phone },
        payload: {
          kind: 'wa.message' as const,
          message: { id: `wamid.${i}`, number: 'main', kind: 'text' as const, text: 'hi', at: 1 },
        },
      };
    }),
  );
  const backlog = store.inbox.backlog.bind(store.inbox);
  expect(await backlog()).toBe(1000);

  const whenTimerRan = new Promise<number>((resolve) => {
    setTimeout(() => void backlog().then(resolve), 0);
  });
  await work.start();
  // The timer ran while events were still waiting, not once all were done.
  expect(await whenTimerRan).toBeGreaterThan(0);
  await eventually(async () => ((await backlog()) === 0 ? true : undefined), 'the backlog worked');
});
