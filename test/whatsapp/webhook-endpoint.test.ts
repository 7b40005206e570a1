/**
 * Riposte's WhatsApp webhook endpoint, as `createRiposte` assembles it (store, ingest, the
 * embedded emulator), through `app.inject` and through real HTTP: Meta's GET handshake, every
 * kind of bad POST refused with the right status and nothing stored, unknown message types
 * that never crash the receiver, and a full batch of 1,000 updates in one POST.
 *
 * The runner is not started: what is under test is what the endpoint makes durable.
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signBody } from '../../src/channels/whatsapp/webhook-signature.js';
import { createRiposte, EMULATED_NUMBER, type Riposte } from '../../src/server/riposte.js';
import { eventually } from '../helpers.js';
import { Control, nextNumber, startWebhookSink, type Json, type WebhookSink } from './support.js';

const PATH = '/webhooks/whatsapp';
const SECRET = EMULATED_NUMBER.appSecret;

let riposte: Riposte;
let baseUrl: string;
let control: Control;
/** Where the emulator's webhooks go until a test points them at Riposte: to capture bodies. */
let sink: WebhookSink;

beforeEach(async () => {
  sink = await startWebhookSink(SECRET);
  const dir = mkdtempSync(join(tmpdir(), 'riposte-wa-webhook-'));
  riposte = await createRiposte({
    databaseUrl: `sqlite:${join(dir, 'riposte.db')}`,
    emulator: {
      webhookUrl: sink.url,
      // The 1,000-update batch sends 450 messages at once; Meta's top tier allows it.
      throughputPerSecond: 1000,
      delivery: { sentAfterMs: 5, deliveredAfterMs: 10, readAfterMs: 20 },
    },
  });
  baseUrl = await riposte.app.listen({ port: 0, host: '127.0.0.1' });
  control = new Control(riposte.emulator?.url ?? '');
});

afterEach(async () => {
  await riposte.stop();
  await sink.close();
});

interface Answer {
  status: number;
  body: Json;
}

type Headers = Record<string, string>;

const signed = (raw: string | Buffer, secret = SECRET): Headers => ({
  'content-type': 'application/json',
  'x-hub-signature-256': signBody(raw, secret),
});

async function viaInject(raw: string | Buffer, headers: Headers): Promise<Answer> {
  const response = await riposte.app.inject({ method: 'POST', url: PATH, payload: raw, headers });
  return { status: response.statusCode, body: response.json<Json>() };
}

async function viaHttp(raw: string | Buffer, headers: Headers): Promise<Answer> {
  const response = await fetch(`${baseUrl}${PATH}`, { method: 'POST', body: raw, headers });
  return { status: response.status, body: (await response.json()) as Json };
}

/** The same POST through inject and over a socket: both answers. */
async function both(raw: string | Buffer, headers: Headers): Promise<Answer[]> {
  return [await viaInject(raw, headers), await viaHttp(raw, headers)];
}

/** What an error answer says, for exact comparison. */
const refusal = (status: number, code: string) => ({
  status,
  body: { error: { code, message: expect.any(String) as unknown } },
});

async function count(table: 'inbox' | 'contacts'): Promise<number> {
  const row = await riposte.store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function inbox(): Promise<Array<{ dedupeKey: string; kind: string; payload: Json }>> {
  const rows = await riposte.store.db
    .selectFrom('inbox')
    .select(['dedupe_key', 'kind', 'payload'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    dedupeKey: r.dedupe_key,
    kind: r.kind,
    payload: JSON.parse(String(r.payload)) as Json,
  }));
}

/** A webhook exactly as the emulator signs and sends it: a person writes to the business. */
async function captured(text: string): Promise<{ raw: Buffer; signature: string }> {
  const seen = sink.posts.length;
  const view = await control.phone({ phone: nextNumber(), name: 'Ana Silva' });
  await control.say(String(view.phone), text);
  const post = await eventually(() => sink.posts[seen], 'the emulator webhook');
  return { raw: post.raw, signature: String(post.headers['x-hub-signature-256']) };
}

describe('the GET verification handshake', () => {
  const handshake = (token: string, mode = 'subscribe') =>
    riposte.app.inject({
      method: 'GET',
      url: PATH,
      query: { 'hub.mode': mode, 'hub.challenge': '1158201444', 'hub.verify_token': token },
    });

  it('answers the raw challenge to the right verify token, 403 to anything else', async () => {
    const ok = await handshake(EMULATED_NUMBER.verifyToken);
    expect([ok.statusCode, ok.headers['content-type'], ok.body]).toEqual([
      200,
      'text/plain',
      '1158201444',
    ]);
    for (const bad of [
      await handshake('not-the-verify-token'),
      await handshake(''),
      await handshake(EMULATED_NUMBER.verifyToken, 'unsubscribe'),
      await riposte.app.inject({ method: 'GET', url: PATH }),
    ]) {
      expect([bad.statusCode, bad.body]).toEqual([403, 'verification failed']);
    }
    expect(riposte.counters.refused).toBe(4);
  });

  it('the emulator drives the handshake against the real endpoint, as Meta does on save', async () => {
    const url = `${baseUrl}${PATH}`;
    const right = await control.ok('POST', '/_emulator/webhook/verify', {
      verify_token: EMULATED_NUMBER.verifyToken,
      url,
    });
    expect(right).toEqual({
      ok: true,
      status: 200,
      challenge: expect.any(String) as unknown,
      body: right.challenge,
    });
    const wrong = await control.ok('POST', '/_emulator/webhook/verify', {
      verify_token: 'guessed',
      url,
    });
    expect(wrong).toMatchObject({ ok: false, status: 403, body: 'verification failed' });
  });
});

describe('bad POSTs are refused and store nothing', () => {
  it('malformed JSON, correctly signed: 400', async () => {
    const raw = '{"object":"whatsapp_business_account","entry":[{"id":"1",';
    expect(await both(raw, signed(raw))).toEqual([
      refusal(400, 'malformed_json'),
      refusal(400, 'malformed_json'),
    ]);
    await expectNothingStored();
  });

  it('a truncated body: 400 signed as cut, 401 under the original signature, 400 when the socket ends early', async () => {
    const { raw, signature } = await captured('the parcel never came');
    const cut = raw.subarray(0, Math.floor(raw.length / 2));
    expect(await both(cut, signed(cut))).toEqual([
      refusal(400, 'malformed_json'),
      refusal(400, 'malformed_json'),
    ]);
    const original = { 'content-type': 'application/json', 'x-hub-signature-256': signature };
    expect(await both(cut, original)).toEqual([
      refusal(401, 'signature_invalid'),
      refusal(401, 'signature_invalid'),
    ]);
    // Content-Length promises the whole body; the sender gives up halfway.
    const injected = await riposte.app.inject({
      method: 'POST',
      url: PATH,
      payload: cut,
      headers: { ...original, 'content-length': String(raw.length) },
    });
    expect({ status: injected.statusCode, body: injected.json<Json>() }).toEqual(
      refusal(400, 'bad_request'),
    );
    expect(await rawPost(original, raw.length, cut)).toMatch(/^HTTP\/1\.1 400 /);
    await expectNothingStored();
  });

  it('over 3 MB, even signed and well-formed: 413', async () => {
    const { raw } = await captured('a long story');
    const payload = JSON.parse(raw.toString('utf8')) as Json;
    payload.padding = 'x'.repeat(3 * 1024 * 1024);
    const big = JSON.stringify(payload);
    expect(Buffer.byteLength(big)).toBeGreaterThan(3 * 1024 * 1024);
    expect(await both(big, signed(big))).toEqual([
      refusal(413, 'body_too_large'),
      refusal(413, 'body_too_large'),
    ]);
    await expectNothingStored();
  });

  it('unsigned, signed with another secret, tampered, or re-serialized: 401', async () => {
    const { raw, signature } = await captured('NO 👍 café');
    // Meta escapes non-ASCII: re-serializing changes the bytes, and so the signature.
    expect(raw.toString('utf8')).toContain('NO \\ud83d\\udc4d caf\\u00e9');
    const json = { 'content-type': 'application/json' };
    const original = { ...json, 'x-hub-signature-256': signature };
    const tampered = Buffer.from(raw.toString('utf8').replace('"NO ', '"OK '));
    const reserialized = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect(reserialized).toContain('NO 👍 café');
    expect([
      ...(await both(raw, json)),
      ...(await both(raw, signed(raw, 'another-apps-secret'))),
      ...(await both(tampered, original)),
      ...(await both(reserialized, original)),
      ...(await both(raw, { ...json, 'x-hub-signature-256': 'sha1=abc' })),
    ]).toEqual([
      refusal(401, 'signature_missing'),
      refusal(401, 'signature_missing'),
      ...Array.from({ length: 8 }, () => refusal(401, 'signature_invalid')),
    ]);
    await expectNothingStored();
    // The untouched body under its own signature is accepted: the refusals were the changes.
    expect(await viaHttp(raw, original)).toEqual({ status: 200, body: { received: 1 } });
    expect(await count('inbox')).toBe(1);
  });

  it('signed JSON that is not a WhatsApp webhook, or not sent as JSON: 400', async () => {
    const page = JSON.stringify({ object: 'page', entry: [] });
    const noEntry = JSON.stringify({ object: 'whatsapp_business_account' });
    expect([
      ...(await both(page, signed(page))),
      ...(await both(noEntry, signed(noEntry))),
    ]).toEqual(Array.from({ length: 4 }, () => refusal(400, 'malformed_webhook')));
    const { raw } = await captured('plain text');
    expect(await both(raw, { ...signed(raw), 'content-type': 'text/plain' })).toEqual([
      refusal(400, 'bad_content_type'),
      refusal(400, 'bad_content_type'),
    ]);
    await expectNothingStored();
  });

  async function expectNothingStored(): Promise<void> {
    expect(await count('inbox')).toBe(0);
    expect(await count('contacts')).toBe(0);
    expect(riposte.counters).toMatchObject({ webhooks: 0, events: 0, duplicates: 0 });
  }
});

/** A POST written on a socket: headers promising `length` bytes, `body` sent, then the end. */
function rawPost(headers: Headers, length: number, body: Buffer): Promise<string> {
  const { port, hostname } = new URL(baseUrl);
  const head = [
    `POST ${PATH} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => {
      socket.write(head);
      socket.end(body);
    });
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('accepted POSTs', () => {
  it('a message type WhatsApp cannot show (unsupported) is kept as an inbound message', async () => {
    riposte.emulator?.setWebhookUrl(`${baseUrl}${PATH}`);
    const view = await control.phone({ phone: nextNumber() });
    const phone = String(view.phone);
    const sent = await control.ok(
      'POST',
      `/_emulator/phones/${encodeURIComponent(phone)}/messages`,
      {
        type: 'unsupported',
        unsupported_type: 'poll_creation',
      },
    );
    const wamid = String((sent.message as Json).id);
    const [row] = await eventually(async () => {
      const rows = await inbox();
      return rows.length > 0 ? rows : undefined;
    }, 'the unsupported message stored');
    expect(row).toMatchObject({
      dedupeKey: `wa:msg:${wamid}`,
      kind: 'wa.message',
      payload: { kind: 'wa.message', message: { id: wamid, kind: 'other', text: '' } },
    });
    expect(await count('contacts')).toBe(1);
    expect(riposte.counters).toMatchObject({ webhooks: 1, events: 1, refused: 0 });
  });

  it('types nobody knows yet are counted, kept as "other" messages (they open the window) and never crash the receiver', async () => {
    const { raw } = await captured('first');
    const payload = JSON.parse(raw.toString('utf8')) as {
      entry: Array<{ changes: Array<{ value: { messages: Json[] } }> }>;
    };
    const messages = payload.entry[0]?.changes[0]?.value.messages ?? [];
    const [known] = messages;
    const { text: _text, ...envelope } = known ?? {};
    messages.push(
      // Meta's pre-2023 name for `unsupported`: understood, kept as an inbound message.
      {
        ...envelope,
        id: 'wamid.LEGACY1',
        type: 'unknown',
        errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
      },
      // A type from the future: well-formed, not understood, still a message from the person.
      { ...envelope, id: 'wamid.HOLOGRAM1', type: 'hologram', hologram: { frames: 3 } },
    );
    const body = JSON.stringify(payload);
    expect(await viaInject(body, signed(body))).toEqual({ status: 200, body: { received: 3 } });
    expect(riposte.counters).toMatchObject({ webhooks: 1, unknown: 1, events: 3, refused: 0 });
    const rows = await inbox();
    expect(rows.map((r) => r.dedupeKey)).toEqual([
      `wa:msg:${String(known?.id)}`,
      'wa:msg:wamid.LEGACY1',
      'wa:msg:wamid.HOLOGRAM1',
    ]);
    expect(rows[1]?.payload).toMatchObject({
      message: { id: 'wamid.LEGACY1', kind: 'other', text: '' },
    });
    expect(rows[2]?.payload).toMatchObject({
      message: { id: 'wamid.HOLOGRAM1', kind: 'other', text: '' },
    });

    // Over a socket too, and the receiver goes on answering.
    expect(await viaHttp(body, signed(body))).toEqual({ status: 200, body: { received: 3 } });
    expect(riposte.counters).toMatchObject({ webhooks: 2, unknown: 2, events: 3, duplicates: 3 });
    const next = await captured('second');
    expect(await viaHttp(next.raw, signed(next.raw))).toEqual({
      status: 200,
      body: { received: 1 },
    });
    expect(await count('inbox')).toBe(4);
  });

  it('a batch of 1,000 updates in one POST from the emulator is all stored', async () => {
    const emulator = riposte.emulator;
    const channel = riposte.channels.get('main');
    if (!emulator || !channel) throw new Error('no embedded emulator');
    emulator.setWebhookUrl(undefined); // let the updates queue up
    // 20 people write 5 messages each (100 updates); 450 answers to them each come back as
    // sent and delivered (900 updates). Nobody opens the chat, so no `read` races `delivered`.
    const phones: string[] = [];
    for (let p = 0; p < 20; p++) {
      const view = await control.phone({ phone: nextNumber(), auto_read: false });
      phones.push(String(view.phone));
    }
    await Promise.all(
      phones.map(async (phone) => {
        for (let m = 0; m < 5; m++) await control.say(phone, `message ${m}`);
      }),
    );
    const wamids = await Promise.all(
      Array.from({ length: 450 }, async (_, i) => {
        const result = await channel.client.send(
          { phone: phones[i % phones.length] ?? '' },
          { type: 'text', text: { body: `answer ${i}` } },
        );
        if (!result.ok) throw new Error(JSON.stringify(result.error));
        return result.wamid;
      }),
    );
    await eventually(async () => {
      const delivered = (await control.messages()).filter((m) => m.status === 'delivered');
      return delivered.length === wamids.length ? true : undefined;
    }, 'every answer delivered to the phones');

    const before = emulator.deliveries().length;
    emulator.setWebhookUrl(`${baseUrl}${PATH}`);
    await eventually(async () => {
      await emulator.webhooksSettled();
      return emulator.deliveries().length > before ? true : undefined;
    }, 'the batch delivered');
    const batches = emulator.deliveries().slice(before);
    expect(batches.map((d) => [d.updates, d.state, d.attempts.map((a) => a.result)])).toEqual([
      [1000, 'delivered', ['200']],
    ]);
    const rows = await inbox();
    expect(rows).toHaveLength(1000);
    expect(rows.filter((r) => r.kind === 'wa.message')).toHaveLength(100);
    expect(rows.filter((r) => r.kind === 'wa.status')).toHaveLength(900);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(1000);
    for (const wamid of wamids)
      for (const status of ['sent', 'delivered'])
        expect(rows.some((r) => r.dedupeKey === `wa:status:${wamid}:${status}`)).toBe(true);
    expect(await count('contacts')).toBe(20);
    expect(riposte.counters).toMatchObject({ webhooks: 1, events: 1000, duplicates: 0 });
  });
});
