/**
 * `/metrics` in Prometheus' text format, `/healthz` (the process answers) and `/readyz`
 * (migrated, listening, runner started). Counters are per process; gauges (queue depths,
 * journeys per step) are read from the database, so any process shows the whole picture.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { ApiDeps } from './deps.js';

export interface HttpCounters {
  /** `METHOD route status` → count. */
  requests: Map<string, number>;
}

export interface WebhookCounters {
  webhooks: number;
  events: number;
  duplicates: number;
  unknown: number;
  refused: number;
}

export interface HealthDeps extends ApiDeps {
  ready: () => boolean;
  webhookCounters: WebhookCounters;
  http: HttpCounters;
}

export function healthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = deps.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'starting' });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return prometheusText(await collect(deps));
  });
}

/** Counts requests by route pattern (not raw URL: ids would explode the label set). */
export function countRequests(app: FastifyInstance, http: HttpCounters): void {
  // Callback style, as createApp's onSend: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    http.requests.set(key, (http.requests.get(key) ?? 0) + 1);
    done();
  });
}

interface Sample {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: Array<{ labels?: Record<string, string>; value: number }>;
}

/**
 * Done effects are left out: they are a month of every send (kept for the retention), and
 * counting them at every scrape would cost more as the business grows (3,000,000 rows:
 * 95 ms on SQLite, the event loop held). Sends are counted by riposte_sends_total.
 */
const GAUGED_OUTBOX_STATES = ['pending', 'claimed', 'in_flight', 'ambiguous', 'failed'] as const;

async function collect(deps: HealthDeps): Promise<Sample[]> {
  const { store, runner } = deps;
  const [outbox, inbox, failures, canvases, broadcasts] = await Promise.all([
    store.outbox.countIn(GAUGED_OUTBOX_STATES),
    inboxByState(deps),
    failuresByCode(deps),
    store.canvases.list(),
    store.broadcasts.countRunning(),
  ]);
  const perStep: Sample['values'] = [];
  for (const c of canvases) {
    for (const s of await store.journeys.countLiveByStep(c.id)) {
      perStep.push({
        labels: { canvas: c.id, step: s.stepId ?? '', status: s.status },
        value: s.count,
      });
    }
  }
  const w = deps.webhookCounters;
  const r = runner.counters;
  return [
    {
      name: 'riposte_http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      type: 'counter',
      values: [...deps.http.requests].map(([key, value]) => {
        const [method = '', route = '', status = ''] = key.split(' ');
        return { labels: { method, route, status }, value };
      }),
    },
    {
      name: 'riposte_webhook_events_total',
      help: 'WhatsApp webhook intake: posts, events stored, duplicates, unknown, refused',
      type: 'counter',
      values: (['webhooks', 'events', 'duplicates', 'unknown', 'refused'] as const).map((kind) => ({
        labels: { kind },
        value: w[kind],
      })),
    },
    {
      name: 'riposte_inbox_events',
      help: 'Inbox events not yet processed, by state',
      type: 'gauge',
      values: Object.entries(inbox).map(([state, value]) => ({ labels: { state }, value })),
    },
    {
      name: 'riposte_outbox_effects',
      help: 'Outbox effects waiting, under way, ambiguous or failed, by state (sends done: riposte_sends_total)',
      type: 'gauge',
      values: Object.entries(outbox).map(([state, value]) => ({ labels: { state }, value })),
    },
    {
      name: 'riposte_sends_total',
      help: 'Sends performed by this process, by outcome',
      type: 'counter',
      values: [
        { labels: { outcome: 'sent' }, value: r.sends },
        { labels: { outcome: 'failed' }, value: r.sendFailures },
        { labels: { outcome: 'ambiguous' }, value: r.ambiguous },
        { labels: { outcome: 'withdrawn' }, value: r.sendsWithdrawn },
      ],
    },
    {
      name: 'riposte_failed_messages',
      help: 'Messages that failed, by Meta error code (all processes)',
      type: 'gauge',
      values: failures.map((f) => ({ labels: { code: f.code }, value: f.count })),
    },
    {
      name: 'riposte_runner_inputs_total',
      help: 'Inputs the runner of this process handled',
      type: 'counter',
      values: [
        { labels: { kind: 'event' }, value: r.events },
        { labels: { kind: 'timer' }, value: r.timers },
        { labels: { kind: 'batch' }, value: r.batches },
      ],
    },
    {
      name: 'riposte_timer_lag_seconds',
      help: 'How late the last due timer fired',
      type: 'gauge',
      values: [{ value: r.timerLagMs / 1000 }],
    },
    {
      name: 'riposte_broadcasts_running',
      help: 'Broadcast and audience jobs still walking their contacts',
      type: 'gauge',
      values: [{ value: broadcasts }],
    },
    {
      name: 'riposte_pruned_rows_total',
      help: 'Rows housekeeping deleted in this process, by what they were',
      type: 'counter',
      values: Object.entries(r.pruned).map(([what, value]) => ({ labels: { what }, value })),
    },
    {
      name: 'riposte_journeys',
      help: 'Live journeys by canvas, step and status',
      type: 'gauge',
      values: perStep,
    },
  ];
}

async function inboxByState(deps: HealthDeps): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // One literal state per query, so each count reads only its partial index.
  for (const state of ['pending', 'claimed'] as const) {
    const row = await deps.store.db
      .selectFrom('inbox')
      .select(sql<number>`cast(count(*) as integer)`.as('n'))
      .where('state', '=', sql.lit(state))
      .executeTakeFirstOrThrow();
    out[state] = Number(row.n);
  }
  return out;
}

async function failuresByCode(deps: HealthDeps): Promise<Array<{ code: string; count: number }>> {
  const rows = await deps.store.messages.failuresByCode();
  return rows.map((r) => ({ code: String(r.errorCode ?? 0), count: r.count }));
}

export function prometheusText(samples: readonly Sample[]): string {
  const lines: string[] = [];
  for (const s of samples) {
    lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
    for (const v of s.values) {
      const labels = v.labels
        ? `{${Object.entries(v.labels)
            .map(
              ([k, value]) =>
                `${k}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
            )
            .join(',')}}`
        : '';
      lines.push(`${s.name}${labels} ${v.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
