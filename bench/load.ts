/**
 * A load generator in its own process (so it does not share the server's event loop):
 * POSTs signed WhatsApp webhooks, each with one text message from one of many people,
 * over keep-alive connections, either as fast as possible or at a fixed rate.
 *
 *   node --import tsx bench/load.ts <url> <seconds> <connections> [ratePerSecond] [people] [text]
 *
 * Prints one JSON line: { sent, ok, failed, seconds, latencies: { p50, p99 } }.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { percentile } from './net.js';

const [
  url = '',
  secondsText = '10',
  connectionsText = '64',
  rateText = '0',
  peopleText = '10000',
  text = 'hmm maybe',
] = process.argv.slice(2);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
const rate = Number(rateText);
const people = Number(peopleText);
const secret = process.env.APP_SECRET ?? 'emulator-app-secret';
const phoneNumberId = process.env.PHONE_NUMBER_ID ?? '106540352242922';

const target = new URL(url);
const pool = new Pool(target.origin, { connections, pipelining: 1 });
let sent = 0;
let ok = 0;
let failed = 0;
const latencies: number[] = [];
const sentAt: Array<{ wamid: string; at: number }> = [];

// SEQUENTIAL=1: person after person (a join phase reaches everyone); else at random.
let nextPerson = 0;
let made = 0;
/**
 * STATUS_MIX=1: Meta's traffic for outbound messaging — of every four webhooks, one is a
 * person's message and three are the sent, delivered and read statuses of one of our sends
 * (`wamid.seed.<n>`, which the benchmark has logged beforehand).
 */
const STATUS_ORDER = ['sent', 'delivered', 'read'] as const;
function body(): { raw: string; wamid: string } {
  const n = made++;
  if (process.env.STATUS_MIX === '1' && n % 4 !== 0) return statusBody(Math.floor(n / 4), n % 4);
  return messageBody();
}

/** A webhook POST as Meta sends it: one change of the `messages` field, with `value`'s lists. */
function webhook(value: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  });
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

function statusBody(send: number, which: number): { raw: string; wamid: string } {
  const wamid = `wamid.seed.${send}`;
  const status = {
    id: wamid,
    status: STATUS_ORDER[which - 1],
    timestamp: nowSeconds(),
    recipient_id: String(15550000000 + (send % people)),
  };
  return { raw: webhook({ statuses: [status] }), wamid };
}

function messageBody(): { raw: string; wamid: string } {
  const index =
    process.env.SEQUENTIAL === '1' ? nextPerson++ % people : Math.floor(Math.random() * people);
  const person = String(15550000000 + index);
  const wamid = `wamid.bench.${randomUUID()}`;
  // TEXT=WAMID makes each message say its own id, so a reply can be matched to it.
  const message = {
    from: person,
    id: wamid,
    timestamp: nowSeconds(),
    type: 'text',
    text: { body: text === 'WAMID' ? wamid : text },
  };
  const contact = { profile: { name: 'Bench' }, wa_id: person };
  return { raw: webhook({ contacts: [contact], messages: [message] }), wamid };
}

/**
 * Bodies are made and signed before the clock starts: the generator must not be the
 * bottleneck it measures. Enough for the expected rate; beyond that they are made on the fly.
 */
const prepared: Array<{ raw: string; wamid: string; signature: string }> = [];
const prepare = () => {
  const { raw, wamid } = body();
  return {
    raw,
    wamid,
    signature: `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
  };
};
const toPrepare = Math.min(400_000, (rate > 0 ? rate : 25_000) * seconds);
for (let i = 0; i < toPrepare; i++) prepared.push(prepare());
let nextPrepared = 0;

async function one(): Promise<void> {
  const { raw, wamid, signature } = prepared[nextPrepared++] ?? prepare();
  const started = performance.now();
  sent++;
  if (process.env.EMIT_SENT === '1') sentAt.push({ wamid, at: Date.now() });
  try {
    const response = await pool.request({
      path: target.pathname,
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    });
    await response.body.dump();
    if (response.statusCode === 200) ok++;
    else failed++;
  } catch {
    failed++;
  }
  latencies.push(performance.now() - started);
}

const deadline = Date.now() + seconds * 1000;
const start = performance.now();
if (rate > 0) {
  // Open loop: requests leave on schedule whether or not earlier ones have returned.
  const inflight: Array<Promise<void>> = [];
  const interval = 1000 / rate;
  let next = performance.now();
  while (Date.now() < deadline) {
    inflight.push(one());
    next += interval;
    const wait = next - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inflight);
} else {
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) await one();
    }),
  );
}
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
await pool.close();
process.stdout.write(
  `${JSON.stringify({ sent, ok, failed, seconds: elapsed, latencies: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) }, sentAt: process.env.EMIT_SENT === '1' ? sentAt : undefined })}\n`,
);
