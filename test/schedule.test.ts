/**
 * A scheduled canvas enters its audience when its time comes, through the same timers and
 * inbox as everything else, and only the people its audience selects.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRiposte, type Riposte } from '../src/server/riposte.js';
import { eventually } from './helpers.js';

describe('scheduled entry', () => {
  let riposte: Riposte;
  afterEach(async () => riposte.stop());

  it('enters everyone its audience selects at the scheduled time, once', async () => {
    riposte = await createRiposte({
      databaseUrl: `sqlite:${join(mkdtempSync(join(tmpdir(), 'rp-schedule-')), 'riposte.db')}`,
      pollMs: 20,
    });
    await riposte.start();
    const people = [
      { phone: '+15550100001', tier: 'gold' },
      { phone: '+15550100002', tier: 'silver' },
      { phone: '+15550100003', tier: 'gold' },
    ];
    await riposte.runner.ingest.submit(
      people.map((p) => ({
        dedupeKey: `profile:${p.phone}`,
        address: { phone: p.phone },
        payload: {
          kind: 'api.profile' as const,
          ops: [{ op: 'set' as const, attribute: 'tier', value: p.tier }],
        },
      })),
    );
    const at = new Date(Date.now() + 1500).toISOString();
    const canvas = {
      specVersion: 1,
      id: 'gold-digest',
      name: 'Gold digest',
      entry: { type: 'schedule', schedule: { at }, audience: { var: 'user.tier', equals: 'gold' } },
      steps: [{ id: 'mark', type: 'user_update', inc: { digests: 1 } }],
    };
    await riposte.store.canvases.create(canvas.id, { name: canvas.name, draft: canvas });
    await riposte.store.canvases.publish(canvas.id, canvas);
    riposte.runner.catalog.invalidate();
    riposte.runner.notify();

    const digests = async () =>
      Object.fromEntries(
        await Promise.all(
          people.map(async (p) => [
            p.phone,
            (await riposte.store.contacts.find({ phone: p.phone }))?.attributes.digests ?? 0,
          ]),
        ),
      );
    await eventually(
      async () => ((await digests())['+15550100003'] === 1 ? true : undefined),
      'the gold people entered',
    );
    // Give a wrongly repeated firing time to show itself.
    await new Promise((r) => setTimeout(r, 600));
    expect(await digests()).toEqual({ '+15550100001': 1, '+15550100002': 0, '+15550100003': 1 });
    const timer = await riposte.store.timers.get('schedule:gold-digest:1');
    expect(timer?.dueAt).toBe(Number.MAX_SAFE_INTEGER);
  });
});
