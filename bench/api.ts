/**
 * `npm run bench:api` (`node bench/run.mjs api`): how many `/users/track` and
 * `/canvas/trigger/send` requests (and recipients) Riposte accepts per second — each
 * answered only after its inbox events are durable in SQLite — against a same-run
 * baseline: a bare Fastify server parsing the same JSON and answering 201.
 *
 * The server runs in a child process (this file with `--serve`), the load generator here
 * (undici Pool, keep-alive), both on the same machine. The runner is not started: this
 * measures intake, not the journeys it leads to. Loops are bounded in count.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { parse } from 'yaml';
import { fmt, machine, median } from './machine.js';
import { scratchDir } from './scratch.js';

const CONNECTIONS = 32;
const ROUNDS = 3;
const TRACK_REQUESTS = 10_000;
const TRIGGER_REQUESTS = 600;
const RECIPIENTS_PER_TRIGGER = 50;
const CONTACTS = 5_000;

type Role = 'baseline' | 'riposte';

interface Ready {
  url: string;
  /** Several keys: Braze's per-key limit (3,000 /users/track per 3 s) is not what is measured. */
  keys: string[];
}

const KEYS = 20;

const trackBody = (i: number) =>
  JSON.stringify({
    attributes: [{ external_id: `u${i % CONTACTS}`, first_name: 'Ana', visits: { inc: 1 } }],
    events: [
      {
        external_id: `u${i % CONTACTS}`,
        name: 'viewed',
        time: '2026-01-01T00:00:00Z',
        properties: { page: 'home' },
      },
    ],
  });

const triggerBody = (i: number) =>
  JSON.stringify({
    canvas_id: 'order-feedback',
    context: { order_id: `O-${i}` },
    recipients: Array.from({ length: RECIPIENTS_PER_TRIGGER }, (_, r) => ({
      external_user_id: `u${(i * RECIPIENTS_PER_TRIGGER + r) % CONTACTS}`,
    })),
  });

async function serve(role: Role): Promise<Ready> {
  if (role === 'baseline') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ bodyLimit: 1024 * 1024 });
    const answer = async (
      _request: unknown,
      reply: { code(n: number): { send(b: unknown): unknown } },
    ) => reply.code(201).send({ message: 'success' });
    app.post('/users/track', answer);
    app.post('/canvas/trigger/send', answer);
    return { url: await app.listen({ port: 0, host: '127.0.0.1' }), keys: ['none'] };
  }
  const { createRiposte } = await import('../src/server/riposte.js');
  const { syncTemplates } = await import('../src/api/native/templates.js');
  const { validateCanvasText } = await import('../src/canvas/validate.js');
  // Beside the repository root both from bench/ and from a bundle in .tmp/.
  const example = new URL('../examples/order-feedback/', import.meta.url);
  const templates = parse(readFileSync(new URL('templates.yaml', example), 'utf8')) as Array<{
    name: string;
    language: string;
    category: string;
    components: unknown[];
  }>;
  const dir = scratchDir('riposte-bench-');
  const riposte = await createRiposte({
    databaseUrl: `sqlite:${join(dir, 'riposte.db')}`,
    emulator: { templates: templates.map((t) => ({ ...t, status: 'APPROVED' as const })) },
  });
  await syncTemplates(riposte);
  const parsed = validateCanvasText(readFileSync(new URL('canvas.yaml', example), 'utf8'));
  if (!parsed.ok) throw new Error('the example canvas does not validate');
  await riposte.store.canvases.create(parsed.canvas.id, {
    name: parsed.canvas.name,
    draft: parsed.canvas,
  });
  await riposte.store.canvases.publish(parsed.canvas.id, parsed.canvas);
  for (let i = 0; i < CONTACTS; i += 500)
    await riposte.store.contacts.resolveMany(
      Array.from({ length: Math.min(500, CONTACTS - i) }, (_, k) => ({
        address: { externalId: `u${i + k}`, phone: `+1555${String(i + k).padStart(7, '0')}` },
      })),
    );
  const keys: string[] = [];
  for (let k = 0; k < KEYS; k++)
    keys.push(
      (await riposte.store.apiKeys.create(`bench ${k}`, ['users.track', 'canvas.trigger.send']))
        .key,
    );
  return { url: await riposte.app.listen({ port: 0, host: '127.0.0.1' }), keys };
}

async function load(
  ready: Ready,
  path: string,
  count: number,
  body: (i: number) => string,
): Promise<number> {
  const pool = new Pool(ready.url, { connections: CONNECTIONS, pipelining: 1 });
  let next = 0;
  const failures = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const response = await pool.request({
          method: 'POST',
          path,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${ready.keys[i % ready.keys.length] ?? ''}`,
          },
          body: body(i),
        });
        await response.body.dump();
        if (response.statusCode !== 201)
          failures.set(response.statusCode, (failures.get(response.statusCode) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  if (failures.size > 0)
    throw new Error(`requests to ${path} failed: ${JSON.stringify(Object.fromEntries(failures))}`);
  return count / seconds;
}

function start(role: Role): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(process.argv[1] ?? '', ['--serve', role], { execArgv: process.execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (ready: Ready) => resolve({ child, ready }));
    child.once('exit', (code) => reject(new Error(`the ${role} server exited (${code})`)));
  });
}

async function main(): Promise<void> {
  const roleFlag = process.argv.indexOf('--serve');
  if (roleFlag >= 0) {
    const ready = await serve(process.argv[roleFlag + 1] === 'riposte' ? 'riposte' : 'baseline');
    process.send?.(ready);
    return;
  }
  console.log(`machine: ${machine()}`);
  console.log(`${CONNECTIONS} connections, ${ROUNDS} rounds, medians`);
  for (const role of ['baseline', 'riposte'] as const) {
    const { child, ready } = await start(role);
    const track: number[] = [];
    const trigger: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      track.push(await load(ready, '/users/track', TRACK_REQUESTS, trackBody));
      trigger.push(
        await load(ready, '/canvas/trigger/send', TRIGGER_REQUESTS, (i) =>
          triggerBody(round * TRIGGER_REQUESTS + i),
        ),
      );
    }
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    const t = median(track);
    const c = median(trigger);
    console.log(
      `${role.padEnd(9)} /users/track ${fmt(t)} req/s (${fmt(t * 2)} objects/s) · /canvas/trigger/send ${fmt(c)} req/s (${fmt(c * RECIPIENTS_PER_TRIGGER)} recipients/s)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
