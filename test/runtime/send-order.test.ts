/**
 * The dispatcher keeps sending while answers are out, but one person's messages still go
 * one at a time, in the order the journey produced them: with Meta slow to answer (every
 * send held 150 ms by the emulator), three messages in a row reach each phone in order,
 * and many people's messages overlap.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Riposte } from '../../src/server/riposte.js';
import { eventually } from '../helpers.js';
import { riposteWithSlowMeta } from './slow-meta.js';

const PHONES = Array.from({ length: 8 }, (_, i) => `+1555620000${i}`);
const CANVAS = {
  specVersion: 1,
  id: 'three',
  name: 'Three in a row',
  entry: { type: 'inbound_whatsapp', inbound_whatsapp: { body: { is: 'GO' } } },
  settings: { number: 'main' },
  steps: [
    { id: 'one', type: 'message', whatsapp: { text: 'one' }, next: 'two' },
    { id: 'two', type: 'message', whatsapp: { text: 'two' }, next: 'three' },
    { id: 'three', type: 'message', whatsapp: { text: 'three' } },
  ],
};

describe('send order', () => {
  let riposte: Riposte;

  beforeEach(async () => {
    riposte = await riposteWithSlowMeta(150);
    await riposte.start();
    await riposte.store.canvases.create(CANVAS.id, { name: CANVAS.name, draft: CANVAS });
    await riposte.store.canvases.publish(CANVAS.id, CANVAS);
    riposte.runner.catalog.invalidate();
  });

  afterEach(async () => {
    await riposte.stop();
  });

  it("sends each person's messages one after another, in order, while people overlap", async () => {
    const emulator = riposte.emulator?.url ?? '';
    const post = (path: string, body: unknown) =>
      fetch(`${emulator}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const phone of PHONES) {
      await post('/_emulator/phones', { phone });
      await post(`/_emulator/phones/${encodeURIComponent(phone)}/messages`, { text: 'GO' });
    }
    let most = 0;
    await eventually(
      async () => {
        const counts = await riposte.store.outbox.countByState();
        most = Math.max(most, counts.in_flight);
        return counts.done === PHONES.length * 3 ? counts : undefined;
      },
      `${PHONES.length * 3} messages sent`,
    );
    for (const phone of PHONES) {
      const chat = (await (
        await fetch(`${emulator}/_emulator/phones/${encodeURIComponent(phone)}/chat`)
      ).json()) as {
        messages: Array<{ direction: string; at: string; content: { body?: string } }>;
      };
      const received = chat.messages.filter((m) => m.direction === 'outbound');
      expect(
        received.map((m) => m.content.body),
        phone,
      ).toEqual(['one', 'two', 'three']);
      // One at a time: the next request left only once Meta had answered the last.
      const times = received.map((m) => Date.parse(m.at));
      for (let i = 1; i < times.length; i++)
        expect((times[i] ?? 0) - (times[i - 1] ?? 0), phone).toBeGreaterThanOrEqual(140);
    }
    // People's sends overlapped (a send takes 150 ms): more than one was out at once.
    expect(most).toBeGreaterThan(1);
    expect((await riposte.store.outbox.countByState()).ambiguous).toBe(0);
  });
});
