/**
 * `riposte start --workers 2` on Postgres (from the vitest global setup): the web process
 * and two forked `riposte worker` processes share the partitions through leases; several
 * people go through the seed story; SIGTERM stops all three and the web process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import '../../src/store/testing/provided.js';
import { openStore } from '../../src/store/open.js';
import { eventually, json, startReceiver, type Receiver } from '../helpers.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const PHONES = ['+15552000001', '+15552000002', '+15552000003', '+15552000004'];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('riposte start --workers', () => {
  const name = `rp_workers_${randomBytes(6).toString('hex')}`;
  let databaseUrl: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: Promise<number | null>;
  let crm: Receiver;

  beforeAll(async () => {
    crm = await startReceiver();
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/bin.ts', 'start', '--workers', '2'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  });
  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await crm.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('shares the work with two worker processes and stops them all on SIGTERM', async () => {
    const line = await eventually(
      () => (stdout.includes('\n') ? stdout : undefined),
      `the start line (stderr: ${stderr})`,
      60_000,
    );
    const [, url = '', key = ''] = /running at (\S+) .* shown once\): (rp_\S+)/.exec(line) ?? [];
    const auth = { authorization: `Bearer ${key}` };
    const store = await openStore({ url: databaseUrl, migrate: false });
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
        const base = `${url}/api/v1/simulator/phones/${encodeURIComponent(phone)}`;
        await eventually(
          async () => {
            const tap = await json(`${base}/tap`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ label: 'NO' }),
            });
            return tap.status === 201 ? true : undefined;
          },
          `${phone} tapping NO`,
          30_000,
        );
        await eventually(
          async () => {
            const chat = JSON.stringify(
              (await json(`${base}/chat`, { headers: auth })).body.messages ?? [],
            );
            return chat.includes(`Sorry to hear that, W${i}.`) ? true : undefined;
          },
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
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await store.leases.owners(Date.now())).toEqual([]);
      // Nothing half-done: no claim held, no send in flight. (Statuses that arrived just
      // before the stop may wait, durable, for the next start.)
      const claimed = await store.db
        .selectFrom('inbox')
        .select('id')
        .where('state', '=', 'claimed')
        .execute();
      expect(claimed).toEqual([]);
      expect((await store.outbox.countByState()).in_flight).toBe(0);
    } finally {
      await store.close();
    }
  }, 180_000);
});
