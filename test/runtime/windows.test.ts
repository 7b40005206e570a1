/**
 * Action Paths windows through the durable runner: a window that closes takes everyone
 * else, a reply before it closes takes its group and leaves a stale timer that does
 * nothing, and a reply and a due timer of one person in the same batch are applied in
 * time order (the reply came first, so the window never fires).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelSet } from '../../src/runner/channels.js';
import { Runner } from '../../src/runner/runner.js';
import { openStore, type Store } from '../../src/store/open.js';

const HOUR = 3_600_000;
const CANVAS = {
  specVersion: 1,
  id: 'ask',
  name: 'Ask',
  entry: { type: 'api' },
  steps: [
    {
      id: 'answer',
      type: 'action_paths',
      window: '1h',
      groups: [{ id: 'replied', when: { inbound_whatsapp: {} }, next: 'thanks' }],
      everyone_else: 'silent',
    },
    { id: 'thanks', type: 'user_update', set: { answered: 'yes' } },
    { id: 'silent', type: 'user_update', set: { answered: 'no' } },
  ],
};

describe('Action Paths windows in the runner', () => {
  let store: Store;
  let runner: Runner;
  let now = 1_800_000_000_000;

  beforeEach(async () => {
    store = await openStore({ url: 'sqlite::memory:', now: () => now });
    await store.canvases.create(CANVAS.id, { name: CANVAS.name, draft: CANVAS });
    await store.canvases.publish(CANVAS.id, CANVAS);
    runner = new Runner({
      store,
      channels: new ChannelSet(),
      defaultNumber: 'main',
      now: () => now,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  const enter = (phone: string) =>
    runner.ingest.submit([
      {
        dedupeKey: `enter:${phone}`,
        address: { phone },
        payload: { kind: 'api.enter', canvasId: 'ask', context: {}, dispatchId: 'd1' },
      },
    ]);

  const reply = (phone: string, at: number) =>
    runner.ingest.submit([
      {
        dedupeKey: `wamid.${phone}`,
        address: { phone },
        payload: {
          kind: 'wa.message',
          message: { id: `wamid.${phone}`, number: 'main', kind: 'text', text: 'sure', at },
        },
        receivedAt: at,
      },
    ]);

  const answered = async (phone: string) =>
    (await store.contacts.find({ phone }))?.attributes.answered;

  it('closes the window on the silent, routes the reply, and a stale timer does nothing', async () => {
    for (const phone of ['+15550001', '+15550002', '+15550003']) await enter(phone);
    await runner.settle();
    expect(await store.timers.nextDueAt([...Array(64).keys()])).toBe(now + HOUR);

    now += HOUR / 2;
    await reply('+15550001', now);
    await runner.settle();
    expect(await answered('+15550001')).toBe('yes');

    now += HOUR;
    await runner.settle();
    expect(await answered('+15550002')).toBe('no');
    expect(await answered('+15550003')).toBe('no');
    // The replier's journey is not touched again by its (cancelled or stale) window.
    expect(await answered('+15550001')).toBe('yes');
    const journeys = await store.journeys.listByContact(
      (await store.contacts.find({ phone: '+15550001' }))?.id ?? '',
    );
    expect(journeys.map((j) => [j.journey.status, j.branch])).toEqual([['ended', 'replied']]);
    expect(await store.timers.nextDueAt([...Array(64).keys()])).toBeUndefined();
  });

  it('applies a reply and a due window of one person in the order they happened', async () => {
    await enter('+15550004');
    await enter('+15550005');
    await runner.settle();
    const closesAt = now + HOUR;
    // Both replies reach the inbox before the runner looks again, after the window is due:
    // one came in a minute before it closed, the other a minute after.
    now = closesAt + 5 * 60_000;
    await reply('+15550004', closesAt - 60_000);
    await reply('+15550005', closesAt + 60_000);
    await runner.settle();
    expect(await answered('+15550004')).toBe('yes');
    expect(await answered('+15550005')).toBe('no');
  });
});
