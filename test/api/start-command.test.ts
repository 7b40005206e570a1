/**
 * The main command as a child process: `riposte start` (run from source through tsx, so the
 * test needs no build — on a 2-core CI box a `tsc` build costs ~20 s, tsx a second or two)
 * with a free port and a fresh SQLite file. It prints one line with the URL and the first
 * API key; the seed story then runs through the public API and the virtual phone; SIGTERM
 * stops it with exit code 0 and nothing left half-done in the database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { eventually, json, startReceiver, type Receiver } from '../helpers.js';
import { expectNothingHalfDone, simulatorPhone, spawnStart, type StartProcess } from './harness.js';

const PHONE = '+15551234567';

describe('riposte start', () => {
  let start: StartProcess;
  let databaseUrl: string;
  let crm: Receiver;

  beforeAll(async () => {
    crm = await startReceiver();
    databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'riposte-start-')), 'riposte.db')}`;
    start = spawnStart([], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    start.kill();
    await crm.close();
  });

  it('runs the seed story through the public API and stops cleanly on SIGTERM', async () => {
    const line = await start.startLine();
    const match =
      /^Riposte is running at (http:\/\/127\.0\.0\.1:\d+) — dashboard \S+, API docs \S+ — API key \(all scopes, shown once\): (rp_\S+) — WhatsApp: embedded emulator\n$/.exec(
        line,
      );
    expect(match).not.toBeNull();
    const [, url = '', key = ''] = match ?? [];
    const auth = { authorization: `Bearer ${key}` };
    await eventually(
      async () => ((await json(`${url}/readyz`)).status === 200 ? true : undefined),
      'ready',
    );

    // The example canvas, published at start, with its CRM pointed here.
    const yaml = String(
      (await json(`${url}/api/v1/canvases/order-feedback`, { headers: auth })).body.yaml,
    );
    const saved = await fetch(`${url}/api/v1/canvases/order-feedback`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/yaml' },
      body: yaml.replace('https://crm.example/hooks/feedback', `${crm.url}/hook`),
    });
    expect(saved.status).toBe(200);
    const published = await json(`${url}/api/v1/canvases/order-feedback/publish`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(published.body).toEqual({ version: 2, publishedAt: expect.any(Number) });

    const trigger = await json(`${url}/canvas/trigger/send`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        canvas_id: 'order-feedback',
        recipients: [
          {
            external_user_id: 'u-1',
            send_to_existing_only: false,
            attributes: { phone: PHONE, first_name: 'Ana' },
            context: { order_id: 'A-1042' },
          },
        ],
      }),
    });
    expect(trigger.status).toBe(201);
    expect(trigger.body.message).toBe('success');

    const phone = simulatorPhone(url, key, PHONE);
    await eventually(
      async () => ((await phone.chat()).includes('A-1042') ? true : undefined),
      'the template on the phone',
    );
    await phone.tap('NO', 'the tap on NO');
    await eventually(
      async () =>
        (await phone.chat()).includes("Sorry to hear that, Ana. We'll make it right.")
          ? true
          : undefined,
      'the apology on the phone',
    );
    await eventually(async () => {
      const contacts = await json(`${url}/api/v1/contacts?q=u-1`, { headers: auth });
      const [contact] = (contacts.body.contacts ?? []) as Array<{
        attributes: Record<string, unknown>;
      }>;
      return contact?.attributes.last_feedback === 'no' ? true : undefined;
    }, 'the profile updated');

    const call = await eventually(() => crm.requests[0], 'the CRM webhook');
    expect(JSON.parse(call.body)).toEqual({
      external_id: 'u-1',
      order_id: 'A-1042',
      feedback: 'no',
    });

    start.child.kill('SIGTERM');
    expect(await start.exited).toBe(0);

    const store = await openStore({ url: databaseUrl });
    try {
      await expectNothingHalfDone(store);
      expect((await store.outbox.countByState()).ambiguous).toBe(0);
      const contact = await store.contacts.find({ externalId: 'u-1' });
      expect(contact?.attributes).toMatchObject({ first_name: 'Ana', last_feedback: 'no' });
    } finally {
      await store.close();
    }
  }, 120_000);
});
