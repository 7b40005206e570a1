import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Json } from './json-fields.js';
import {
  errorOf,
  orderFeedback,
  PNID,
  startReceiver,
  testEmulator,
  USER,
  WABA,
  type Receiver,
  type TestEmulator,
} from './test-support.js';

let receiver: Receiver;
let t: TestEmulator;

beforeEach(async () => {
  receiver = await startReceiver();
  t = testEmulator();
  await t.control('POST', '/_emulator/phones', { phone: USER });
});

afterEach(async () => {
  await t.emulator.close();
  await receiver.close();
});

describe('send faults', () => {
  it('answers the next N sends with a 5xx and Meta’s code, then recovers', async () => {
    const put = await t.control('PUT', '/_emulator/faults', {
      sends: { serverError: { next: 2 } },
    });
    expect((put.body.sends as Json).serverError).toEqual({ rate: 0, next: 2, code: 131000 });
    const first = await t.send(orderFeedback());
    expect(first.status).toBe(500);
    expect(errorOf(first.body)).toMatchObject({
      code: 131000,
      message: '(#131000) Something went wrong',
    });
    expect((await t.send(orderFeedback())).status).toBe(500);
    expect((await t.send(orderFeedback())).status).toBe(200);
  });

  it('answers 503 with code 131016 at a rate of 1', async () => {
    await t.control('PUT', '/_emulator/faults', {
      sends: { serverError: { rate: 1, code: 131016 } },
    });
    const response = await t.send(orderFeedback());
    expect(response.status).toBe(503);
    expect(errorOf(response.body).code).toBe(131016);
  });

  it('hangs a send until the clock passes the hang time; the send itself went through', async () => {
    await t.control('PUT', '/_emulator/faults', { sends: { hang: { next: 1, ms: 30_000 } } });
    let answered = false;
    const pending = t.send(orderFeedback()).then((r) => {
      answered = true;
      return r;
    });
    await vi.waitFor(async () => {
      const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
      expect(chat.body.messages).toHaveLength(1);
    });
    expect(answered).toBe(false);
    t.clock.advance(30_000);
    const response = await pending;
    expect(response.status).toBe(200);
  });

  it('a dropped hung send answers 503 / code 2 and sends nothing', async () => {
    await t.control('PUT', '/_emulator/faults', {
      sends: { hang: { next: 1, ms: 1000, accept: false } },
    });
    const pending = t.send(orderFeedback());
    await vi.waitFor(() => expect(t.clock.pending()).toBeGreaterThan(0));
    t.clock.advance(1000);
    const response = await pending;
    expect(response.status).toBe(503);
    expect(errorOf(response.body).code).toBe(2);
    const chat = await t.control('GET', `/_emulator/phones/${USER}/chat`);
    expect(chat.body.messages).toEqual([]);
  });

  it('refuses malformed fault settings with 400 and keeps the old ones', async () => {
    await t.control('PUT', '/_emulator/faults', { webhooks: { reorder: true } });
    const bad = await t.control('PUT', '/_emulator/faults', {
      webhooks: { duplicate: { copies: 0 } },
    });
    expect(bad.status).toBe(400);
    expect((await t.control('GET', '/_emulator/faults')).body).toMatchObject({
      webhooks: { reorder: true },
    });
  });
});

describe('webhook URL and handshake', () => {
  it('holds webhooks until a URL is set at run time, then delivers them', async () => {
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'early' });
    await t.emulator.webhooksSettled();
    const put = await t.control('PUT', '/_emulator/webhook', { url: receiver.url });
    expect(put.body).toEqual({ url: receiver.url });
    await vi.waitFor(() => expect(receiver.messages()).toHaveLength(1));
    expect((await t.control('GET', '/_emulator/config')).body.webhook_url).toBe(receiver.url);
  });

  it('drives the verification GET against the app', async () => {
    const app = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const ok =
        url.searchParams.get('hub.mode') === 'subscribe' &&
        url.searchParams.get('hub.verify_token') === 'my-verify-token';
      res.statusCode = ok ? 200 : 403;
      res.end(ok ? url.searchParams.get('hub.challenge') : 'no');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/hook`;
    try {
      await t.control('PUT', '/_emulator/webhook', { url });
      const good = await t.control('POST', '/_emulator/webhook/verify', {
        verify_token: 'my-verify-token',
      });
      expect(good.body).toMatchObject({ ok: true, status: 200 });
      const bad = await t.control('POST', '/_emulator/webhook/verify', { verify_token: 'wrong' });
      expect(bad.body).toMatchObject({ ok: false, status: 403 });
    } finally {
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});

describe('config, logs and reset', () => {
  it('changes the window policy at run time', async () => {
    const patched = await t.control('PATCH', '/_emulator/config', { outside_window: 'sync' });
    expect(patched.body.outside_window).toBe('sync');
    expect(errorOf((await t.send({ to: USER, text: { body: 'x' } })).body).code).toBe(131047);
  });

  it('lists recent messages across chats, newest first', async () => {
    await t.send(orderFeedback());
    await t.control('POST', `/_emulator/phones/${USER}/messages`, { text: 'hi' });
    const messages = await t.control('GET', '/_emulator/messages?limit=10');
    expect((messages.body.data as Json[]).map((m) => m.direction)).toEqual(['inbound', 'outbound']);
  });

  it('reset clears phones, messages and faults, and reseeds templates', async () => {
    await t.graph('POST', `/v23.0/${WABA}/message_templates`, {
      name: 'extra',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'An extra one.' }],
    });
    await t.control('PUT', '/_emulator/faults', { webhooks: { reorder: true } });
    expect((await t.control('POST', '/_emulator/reset')).body).toEqual({ success: true });
    expect((await t.control('GET', '/_emulator/phones')).body.data).toEqual([]);
    expect((await t.control('GET', '/_emulator/messages')).body.data).toEqual([]);
    expect((await t.control('GET', '/_emulator/faults')).body).toMatchObject({
      webhooks: { reorder: false },
    });
    const names = ((await t.control('GET', '/_emulator/templates')).body.data as Json[]).map(
      (d) => d.name,
    );
    expect(names).not.toContain('extra');
    expect(names).toContain('order_feedback');
  });

  it('answers unknown control routes with 404 JSON', async () => {
    const response = await t.control('GET', '/_emulator/nothing/here');
    expect(response.status).toBe(404);
  });
});

describe('phone number and WABA objects', () => {
  it('GET /{phone-number-id}?fields= returns those fields and the id', async () => {
    const response = await t.graph(
      'GET',
      `/v23.0/${PNID}?fields=throughput,display_phone_number,verified_name,quality_rating`,
    );
    expect(response.body).toEqual({
      throughput: { level: 'STANDARD' },
      display_phone_number: '+1 555-078-3881',
      verified_name: 'Riposte Emulator',
      quality_rating: 'GREEN',
      id: PNID,
    });
  });

  it('an unknown field is code 100', async () => {
    const response = await t.graph('GET', `/v23.0/${PNID}?fields=nonsense`);
    expect(response.status).toBe(400);
    expect(errorOf(response.body)).toMatchObject({
      code: 100,
      message:
        '(#100) Tried accessing nonexisting field (nonsense) on node type (WhatsAppBusinessPhoneNumber)',
    });
  });

  it('lists the WABA’s phone numbers', async () => {
    const response = await t.graph('GET', `/v23.0/${WABA}/phone_numbers`);
    expect((response.body.data as Json[]).map((n) => n.id)).toEqual([PNID]);
  });
});
