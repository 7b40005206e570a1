/**
 * `npm run bench:ingest`: durable inbound ingest — signed WhatsApp webhooks (one message
 * each, from 10,000 people) answered 200 only once stored — on SQLite and Postgres, with
 * two ceilings measured in the same run: a bare node:http server that parses the JSON,
 * and bare SQLite inserts with the same 2 ms group commit behind a bare server. Also, on
 * SQLite, Meta's mix for outbound messaging: three delivery statuses for every message.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRiposte, EMULATED_NUMBER } from '../src/server/riposte.js';
import type { Store } from '../src/store/open.js';
import { fmt, machine } from './machine.js';
import { profiled } from './profile.js';
import { scratchDir } from './scratch.js';
import { startDurablePostgres } from './postgres.js';
import { runLoad, type LoadResult } from './run-load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 64;

/**
 * A load run plus the CPU this process (the server: every thread of it) spent on it, per
 * event acknowledged. The load generator is a child process, so it is not counted: this
 * says what one event costs the server, whoever else shares the cores.
 */
interface Measured extends LoadResult {
  cpuPerEventUs: number;
}

async function measured(run: () => Promise<LoadResult>): Promise<Measured> {
  const before = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(before);
  return { ...result, cpuPerEventUs: (cpu.user + cpu.system) / Math.max(1, result.ok) };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}/webhooks/whatsapp`);
    }),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function bareJson(): Promise<Measured> {
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      JSON.parse(raw.toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":1}');
    });
  });
  const url = await listen(server);
  const result = await measured(() => runLoad(url, { seconds: SECONDS, connections: CONNECTIONS }));
  server.close();
  return result;
}

async function bareSqlite(): Promise<Measured> {
  const db = new Database(join(scratchDir('rp-bench-'), 'bare.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'create table inbox (id integer primary key, dedupe_key text unique, payload text, received_at integer)',
  );
  const insert = db.prepare(
    'insert into inbox (dedupe_key, payload, received_at) values (?, ?, ?) on conflict do nothing',
  );
  let queue: Array<{ key: string; raw: string; done: () => void }> = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = db.transaction((items: typeof queue) => {
    for (const item of items) insert.run(item.key, item.raw, Date.now());
  });
  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const text = raw.toString('utf8');
      const parsed = JSON.parse(text) as {
        entry: Array<{ changes: Array<{ value: { messages: Array<{ id: string }> } }> }>;
      };
      const key = parsed.entry[0]?.changes[0]?.value.messages[0]?.id ?? '';
      queue.push({
        key,
        raw: text,
        done: () =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":1}'),
      });
      timer ??= setTimeout(() => {
        timer = null;
        const items = queue;
        queue = [];
        flush(items);
        for (const item of items) item.done();
      }, 2);
    });
  });
  const url = await listen(server);
  const result = await measured(() => runLoad(url, { seconds: SECONDS, connections: CONNECTIONS }));
  server.close();
  db.close();
  return result;
}

/** Sends the load generator's statuses name (`wamid.seed.<n>`), logged as sent by a canvas. */
async function logSeededSends(store: Store, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    await store.messages.recordMany(
      Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
        direction: 'out' as const,
        key: `seed:${start + i}`,
        wamid: `wamid.seed.${start + i}`,
        journeyId: `j${start + i}`,
        canvasId: 'bench',
        version: 1,
        stepId: 'ask',
        visit: 1,
        contactId: `c${start + i}`,
        number: 'main',
        kind: 'template',
        preview: 'Did it arrive?',
      })),
    );
  }
}

/**
 * `statusMix`: Meta's traffic for outbound messaging, three statuses per message; each
 * status moves a logged send on and counts it, and is not stored (runner/ingest.ts).
 */
async function riposte(databaseUrl: string, statusMix = false): Promise<Measured> {
  const r = await createRiposte({
    databaseUrl,
    numbers: [{ ...EMULATED_NUMBER, graphBaseUrl: 'http://127.0.0.1:9' }],
  });
  // Enough for every status the generator prepares (25,000 webhooks a second, one in four a message).
  if (statusMix) await logSeededSends(r.store, Math.ceil((25_000 * SECONDS) / 4));
  // Ingest only: the runner is not started, so this measures the durable write path.
  const base = await r.app.listen({ port: 0, host: '127.0.0.1' });
  const name = `ingest-${databaseUrl.split(':')[0]}${statusMix ? '-mix' : ''}`;
  const result = await measured(() =>
    profiled(name, () =>
      runLoad(`${base}/webhooks/whatsapp`, {
        seconds: SECONDS,
        connections: CONNECTIONS,
        statusMix,
      }),
    ),
  );
  const stored = await r.store.inbox.backlog();
  // Bodies leave in order, up to CONNECTIONS at a time: one in four of them a message.
  const messages = statusMix ? Math.floor((result.ok - CONNECTIONS) / 4) : result.ok;
  if (stored < messages) throw new Error(`acknowledged ${messages} messages but stored ${stored}`);
  if (statusMix) {
    const send = await r.store.messages.getByWamid(`wamid.seed.${messages - CONNECTIONS}`);
    if (send?.status !== 'read') throw new Error(`statuses not applied: ${send?.status}`);
  }
  await r.app.close();
  await r.channels.close();
  await r.store.close();
  return result;
}

function line(name: string, r: Measured, ceiling?: number): string {
  const rate = r.ok / r.seconds;
  const ratio = ceiling ? ` (${((rate / ceiling) * 100).toFixed(0)}% of the bare JSON server)` : '';
  return `${name.padEnd(34)} ${fmt(rate).padStart(7)} events/s   p50 ${r.latencies.p50.toFixed(1)} ms  p99 ${r.latencies.p99.toFixed(1)} ms  server CPU ${fmt(r.cpuPerEventUs)} µs/event  failed ${r.failed}${ratio}`;
}

console.log(`machine: ${machine()}`);
console.log(
  `${SECONDS} s each, ${CONNECTIONS} keep-alive connections, load generator in its own process on the same machine`,
);
const only = process.env.BENCH_ONLY;
const json = only
  ? { ok: 1, seconds: 1, sent: 1, failed: 0, latencies: { p50: 0, p99: 0 }, cpuPerEventUs: 0 }
  : await bareJson();
const jsonRate = json.ok / json.seconds;
if (!only) console.log(line('ceiling: bare node:http + JSON', json));
if (!only) console.log(line('ceiling: bare SQLite group commit', await bareSqlite(), jsonRate));
console.log(
  line(
    'Riposte ingest, SQLite',
    await riposte(`sqlite:${join(scratchDir('rp-bench-'), 'riposte.db')}`),
    only ? undefined : jsonRate,
  ),
);
console.log(
  line(
    "Riposte ingest, SQLite, Meta's mix",
    await riposte(`sqlite:${join(scratchDir('rp-bench-'), 'riposte.db')}`, true),
    only ? undefined : jsonRate,
  ),
);
if (only) process.exit(0);
const pg = await startDurablePostgres();
try {
  console.log(line('Riposte ingest, Postgres (fsync on)', await riposte(pg.url), jsonRate));
} finally {
  await pg.stop();
}
