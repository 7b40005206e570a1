/**
 * `riposte start --workers 2` on Postgres (from the vitest global setup): the web process
 * and two forked `riposte worker` processes share the partitions through leases; several
 * people go through the seed story; SIGTERM stops all three and the web process exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import {
  eventually,
  freshPostgresDatabase,
  json,
  startReceiver,
  type Receiver,
} from '../helpers.js';
import { expectNothingHalfDone, simulatorPhone, spawnStart, type StartProcess } from './harness.js';

const PHONES = ['+15552000001', '+15552000002', '+15552000003', '+15552000004'];

describe('riposte start --workers', () => {
  let db: { url: string; drop: () => Promise<void> };
  let start: StartProcess;
  let crm: Receiver;

  beforeAll(async () => {
    crm = await startReceiver();
    db = await freshPostgresDatabase('rp_workers');
    start = spawnStart(['--workers', '2'], { DATABASE_URL: db.url, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    start.kill();
    await crm.close();
    await db.drop();
  });

  it('shares the work with two worker processes and stops them all on SIGTERM', async () => {
    const line = await start.startLine();
    const [, url = '', key = ''] = /running at (\S+) .* shown once\): (rp_\S+)/.exec(line) ?? [];
    const auth = { authorization: `Bearer ${key}` };
    const store = await openStore({ url: db.url, migrate: false });
    try {
      // The seed canvas with its CRM here (its calls finish at once), published before the
      // workers join, so their catalogs have it when people enter.
      const yaml = String(
        (await json(`${url}/api/v1/canvases/order-feedback`, { headers: auth })).body.yaml,
      );
      const created = await fetch(`${url}/api/v1/canvases`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/yaml' },
        body: yaml
          .replace('id: order-feedback', 'id: order-feedback-local')
          .replace('https://crm.example/hooks/feedback', `${crm.url}/hook`),
      });
      expect(created.status).toBe(201);
      const published = await json(`${url}/api/v1/canvases/order-feedback-local/publish`, {
        method: 'POST',
        headers: auth,
        body: '{}',
      });
      expect(published.status).toBe(201);
      // Work starts once the two workers hold partitions beside the web process.
      await eventually(
        async () => ((await store.leases.owners(Date.now())).length === 3 ? true : undefined),
        'three lease owners',
        60_000,
      );
      const trigger = await json(`${url}/canvas/trigger/send`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          canvas_id: 'order-feedback-local',
          recipients: PHONES.map((phone, i) => ({
            external_user_id: `w${i}`,
            send_to_existing_only: false,
            attributes: { phone, first_name: `W${i}` },
            context: { order_id: `O-${i}` },
          })),
        }),
      });
      expect(trigger.status).toBe(201);
      for (const [i, phone] of PHONES.entries()) {
        const simulated = simulatorPhone(url, key, phone);
        await simulated.tap('NO', `${phone} tapping NO`, 30_000);
        await eventually(
          async () =>
            (await simulated.chat()).includes(`Sorry to hear that, W${i}.`) ? true : undefined,
          `the apology to ${phone}`,
          30_000,
        );
      }
      await eventually(
        () => (crm.requests.length === PHONES.length ? true : undefined),
        'the four CRM calls',
        30_000,
      );
      expect(crm.requests.map((r) => JSON.parse(r.body).feedback)).toEqual([
        'no',
        'no',
        'no',
        'no',
      ]);
      start.child.kill('SIGTERM');
      expect(await start.exited).toBe(0);
      expect(await store.leases.owners(Date.now())).toEqual([]);
      await expectNothingHalfDone(store);
    } finally {
      await store.close();
    }
  }, 180_000);
});
