/**
 * A send in flight at a crash becomes ambiguous, so the number of sends one process has in
 * flight at once is capped (`channels.maxInFlight`). With Meta slow to answer (every send
 * held 300 ms by the emulator), never more than the cap are in flight, and all get sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Riposte } from '../../src/server/riposte.js';
import { publishCanvas } from '../crash/crash-scenario.js';
import { eventually } from '../helpers.js';
import { riposteWithSlowMeta } from './slow-meta.js';

const PHONES = Array.from({ length: 6 }, (_, i) => `+1555610000${i}`);

describe('sends in flight', () => {
  let riposte: Riposte;

  beforeEach(async () => {
    riposte = await riposteWithSlowMeta(300);
    riposte.channels.maxInFlight = 2;
    await riposte.start();
    await publishCanvas(riposte.store);
    riposte.runner.catalog.invalidate();
  });

  afterEach(async () => {
    await riposte.stop();
  });

  it('never exceed the cap while Meta is slow, and every send still goes out', async () => {
    const emulator = riposte.emulator?.url ?? '';
    for (const phone of PHONES) {
      await fetch(`${emulator}/_emulator/phones`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone }),
      });
      await fetch(`${emulator}/_emulator/phones/${encodeURIComponent(phone)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'JOIN' }),
      });
    }
    let most = 0;
    await eventually(async () => {
      const counts = await riposte.store.outbox.countByState();
      most = Math.max(most, counts.in_flight);
      return counts.done === PHONES.length ? counts : undefined;
    }, `${PHONES.length} welcome messages sent`);
    expect(most).toBe(2);
    expect((await riposte.store.outbox.countByState()).ambiguous).toBe(0);
  });
});
