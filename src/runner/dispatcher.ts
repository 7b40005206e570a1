/**
 * The dispatcher performs what the outbox holds: WhatsApp sends (paced per number and per
 * recipient) and webhook calls (timeouts, retries), records each outcome, and feeds the
 * outcomes journeys wait for back through the inbox.
 *
 * A send is marked in flight (the claim) before its request leaves. If the process dies
 * before the answer is recorded, the row stays in flight and is later marked ambiguous:
 * counted and reported, never sent again blindly.
 */
import { request } from 'undici';
import { retryDecision } from '../channels/whatsapp/retry.js';
import type { ChannelError } from '../channels/whatsapp/errors.js';
import type { Store } from '../store/open.js';
import type { OutboxItem } from '../store/repos/outbox.js';
import type { SendPayload, WebhookPayload } from './apply-results.js';
import type { ChannelSet } from './channels.js';
import type { Ingest } from './ingest.js';

export interface DispatcherDeps {
  store: Store;
  channels: ChannelSet;
  ingest: Ingest;
  owner: string;
  now: () => number;
  random: () => number;
  partitions: () => readonly number[];
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  ambiguous: number;
}

const LEASE_MS = 60_000;
const PAUSE_MS = 60_000;

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Claims and performs one batch; returns what happened (0 claimed: nothing due). */
  async runOnce(limit = 200): Promise<DispatchStats> {
    const stats: DispatchStats = { claimed: 0, sent: 0, failed: 0, retried: 0, ambiguous: 0 };
    const items = await this.deps.store.outbox.claim({
      owner: this.deps.owner,
      now: this.deps.now(),
      leaseMs: LEASE_MS,
      limit,
      partitions: this.deps.partitions(),
    });
    stats.claimed = items.length;
    // One person's effects go in order (a reply, then the next message); people in parallel.
    const byContact = new Map<string, OutboxItem[]>();
    for (const item of items) {
      const key = item.contactId ?? item.key;
      byContact.set(key, [...(byContact.get(key) ?? []), item]);
    }
    await Promise.all(
      [...byContact.values()].map(async (list) => {
        for (const item of list) await this.perform(item, stats);
      }),
    );
    return stats;
  }

  private async perform(item: OutboxItem, stats: DispatchStats): Promise<void> {
    try {
      if (item.kind === 'send_whatsapp') await this.send(item, item.payload as SendPayload, stats);
      else if (item.kind === 'call_webhook')
        await this.callWebhook(item, item.payload as WebhookPayload, stats);
      else await this.deps.store.outbox.fail(item.id, `unknown effect kind ${item.kind}`);
    } catch (error) {
      // A database error while recording: leave the row in flight; recovery marks it ambiguous.
      this.deps.log('dispatch failed', {
        key: item.key,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async send(item: OutboxItem, payload: SendPayload, stats: DispatchStats): Promise<void> {
    const { store, now } = this.deps;
    const channel = item.number ? this.deps.channels.get(item.number) : undefined;
    if (!channel) {
      await store.outbox.fail(item.id, `no business number "${item.number ?? ''}" is configured`);
      await store.messages.failByKey(item.key, 0, 'no business number');
      stats.failed++;
      return;
    }
    if (channel.pausedUntil > now()) {
      await store.outbox.retry(
        item.id,
        channel.pausedUntil,
        `number paused: ${channel.pauseReason ?? ''}`,
      );
      stats.retried++;
      return;
    }
    const recipient = payload.to.phone ?? payload.to.userId ?? item.key;
    const pairWait = channel.pair.take(recipient, now());
    if (pairWait > 0) {
      await store.outbox.retry(item.id, now() + pairWait, 'pair rate');
      stats.retried++;
      return;
    }
    for (let wait = channel.bucket.take(now()); wait > 0; wait = channel.bucket.take(now()))
      await sleep(wait);

    // From here a crash leaves the send ambiguous: it may reach Meta without our knowing.
    if (!(await store.outbox.start(item.id))) return;
    const result = await channel.client.send(payload.to, payload.body);
    if (result.ok) {
      await store.transaction(async (tx) => {
        await tx.outbox.complete(item.id, { wamid: result.wamid });
        await tx.messages.attachWamid(item.key, result.wamid);
      });
      stats.sent++;
      return;
    }
    await this.sendFailed(item, channel, result.error, recipient, stats);
  }

  private async sendFailed(
    item: OutboxItem,
    channel: NonNullable<ReturnType<ChannelSet['get']>>,
    error: ChannelError,
    recipient: string,
    stats: DispatchStats,
  ): Promise<void> {
    const { store, now } = this.deps;
    const reason = `${error.code} ${error.reason}: ${error.title}`;
    if (error.ambiguous) {
      // It may have been sent: never repeat it blindly.
      await store.outbox.markAmbiguous(item.id, reason);
      stats.ambiguous++;
      return;
    }
    if (error.kind === 'pause_channel') {
      channel.pausedUntil = now() + PAUSE_MS;
      channel.pauseReason = reason;
      this.deps.log('business number paused', {
        number: channel.id,
        code: error.code,
        reason: error.reason,
      });
      await store.outbox.retry(item.id, channel.pausedUntil, reason);
      stats.retried++;
      return;
    }
    if (error.code === 130429) channel.bucket.pause(now(), 1000);
    if (error.code === 131056) channel.pair.penalize(recipient, now(), 6000);
    const decision = retryDecision(error, item.attempts - 1, this.deps.random());
    if (decision.retry) {
      await store.outbox.retry(item.id, now() + decision.delayMs, reason);
      stats.retried++;
      return;
    }
    await store.transaction(async (tx) => {
      await tx.outbox.fail(item.id, reason, { code: error.code, reason: error.reason });
      const failed = await tx.messages.failByKey(
        item.key,
        typeof error.code === 'number' ? error.code : 0,
        error.title,
      );
      if (failed && typeof error.code === 'number') {
        const p = item.payload as SendPayload;
        await tx.metrics.incrementMany([
          {
            canvasId: p.canvasId,
            version: p.version,
            stepId: p.stepId,
            metric: 'failed',
            label: String(error.code),
            at: now(),
          },
        ]);
      }
    });
    stats.failed++;
  }

  private async callWebhook(
    item: OutboxItem,
    payload: WebhookPayload,
    stats: DispatchStats,
  ): Promise<void> {
    const { store, now } = this.deps;
    if (!(await store.outbox.start(item.id))) return;
    const outcome = await httpCall(payload);
    if (!outcome.ok && outcome.retryable && item.attempts <= payload.retries) {
      const delay =
        Math.min(60_000, 1000 * 2 ** (item.attempts - 1)) * (0.5 + this.deps.random() / 2);
      await store.outbox.retry(
        item.id,
        now() + delay,
        outcome.error ?? `HTTP ${outcome.status ?? ''}`,
      );
      stats.retried++;
      return;
    }
    if (payload.awaitResult && item.contactId) {
      await this.deps.ingest.submit([
        {
          dedupeKey: `webhook-result:${item.key}`,
          contactId: item.contactId,
          payload: {
            kind: 'effect.webhook_result',
            key: item.key,
            ok: outcome.ok,
            ...(outcome.status !== undefined ? { status: outcome.status } : {}),
            ...(outcome.error !== undefined ? { error: outcome.error } : {}),
          },
        },
      ]);
    }
    await store.transaction(async (tx) => {
      if (outcome.ok) await tx.outbox.complete(item.id, { status: outcome.status });
      else
        await tx.outbox.fail(item.id, outcome.error ?? `HTTP ${outcome.status ?? ''}`, {
          status: outcome.status,
        });
      await tx.metrics.incrementMany([
        {
          canvasId: payload.canvasId,
          version: payload.version,
          stepId: payload.stepId,
          metric: outcome.ok ? 'webhook_ok' : 'webhook_failed',
          label: outcome.status !== undefined ? String(outcome.status) : null,
          at: now(),
        },
      ]);
    });
    if (outcome.ok) stats.sent++;
    else stats.failed++;
  }
}

interface HttpOutcome {
  ok: boolean;
  retryable: boolean;
  status?: number;
  error?: string;
}

/** One webhook call. 2xx succeeds; 429, 5xx and network errors may be retried; other 4xx are final. */
export async function httpCall(payload: WebhookPayload): Promise<HttpOutcome> {
  try {
    const response = await request(payload.url, {
      method: payload.method as 'POST',
      headers: payload.headers,
      ...(payload.body !== undefined ? { body: payload.body } : {}),
      headersTimeout: payload.timeoutMs,
      bodyTimeout: payload.timeoutMs,
    });
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, retryable: false, status };
    return {
      ok: false,
      retryable: status === 429 || status >= 500,
      status,
      error: `HTTP ${status}`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retryable: true, error: message };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
