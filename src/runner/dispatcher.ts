/**
 * The dispatcher performs what the outbox holds: WhatsApp sends (paced per number and per
 * recipient) and webhook calls (timeouts, retries), records each outcome, and feeds the
 * outcomes journeys wait for back through the inbox.
 *
 * Safety: a claimed row is only marked in flight in the moment its request leaves; if the
 * process dies before the answer is recorded, only those rows become ambiguous — counted
 * and reported, never sent again blindly. Speed: requests leave in waves (everyone whose
 * pacing allows it now), and each wave's start and its outcomes are one write each.
 */
import type { ChannelError } from '../channels/whatsapp/errors.js';
import { retryDecision } from '../channels/whatsapp/retry.js';
import type { Store } from '../store/open.js';
import type { OutboxItem } from '../store/repos/outbox.js';
import type { Repositories } from '../store/repositories.js';
import type { SendPayload, WebhookPayload } from './apply-results.js';
import type { ChannelSet, NumberChannel } from './channels.js';
import { httpCall, type HttpOutcome } from './http-call.js';
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

/** What to write for one item once its wave is over. */
type Outcome =
  | { kind: 'done'; result: unknown; wamid?: string; metric?: Metric }
  | {
      kind: 'failed';
      error: string;
      result: unknown;
      failMessage?: { code: number; title: string };
      metric?: Metric;
    }
  | { kind: 'retry'; at: number; error: string }
  | { kind: 'ambiguous'; error: string };

interface Metric {
  canvasId: string;
  version: number;
  stepId: string;
  metric: string;
  label: string | null;
}

export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  /** Claims and performs one batch; returns what happened (0 claimed: nothing due). */
  async runOnce(limit = 500): Promise<DispatchStats> {
    const { store, now } = this.deps;
    const stats: DispatchStats = { claimed: 0, sent: 0, failed: 0, retried: 0, ambiguous: 0 };
    const items = await store.outbox.claim({
      owner: this.deps.owner,
      now: now(),
      leaseMs: LEASE_MS,
      limit,
      partitions: this.deps.partitions(),
    });
    stats.claimed = items.length;
    if (items.length === 0) return stats;

    // One effect per person per batch: a person's second message waits for the first.
    const seen = new Set<string>();
    const first: OutboxItem[] = [];
    const later: number[] = [];
    for (const item of items) {
      const person = item.contactId ?? item.key;
      if (seen.has(person)) later.push(item.id);
      else {
        seen.add(person);
        first.push(item);
      }
    }
    await store.outbox.unclaim(later);

    const outcomes = new Map<OutboxItem, Outcome>();
    const wave: Array<{ item: OutboxItem; channel?: NumberChannel }> = [];
    let sendsInWave = 0;
    const flush = async () => {
      if (wave.length === 0) return;
      const batch = wave.splice(0);
      sendsInWave = 0;
      const started = new Set(await store.outbox.startMany(batch.map((w) => w.item.id)));
      await Promise.all(
        batch
          .filter((w) => started.has(w.item.id))
          .map(async (w) => outcomes.set(w.item, await this.perform(w.item, w.channel))),
      );
    };

    for (const item of first) {
      if (item.kind === 'call_webhook') {
        wave.push({ item });
        continue;
      }
      if (item.kind !== 'send_whatsapp') {
        outcomes.set(item, {
          kind: 'failed',
          error: `unknown effect kind ${item.kind}`,
          result: null,
        });
        continue;
      }
      const payload = item.payload as SendPayload;
      const channel = item.number ? this.deps.channels.get(item.number) : undefined;
      if (!channel) {
        outcomes.set(item, {
          kind: 'failed',
          error: `no business number "${item.number ?? ''}" is configured`,
          result: null,
          failMessage: { code: 0, title: 'no business number' },
        });
        continue;
      }
      if (channel.pausedUntil > now()) {
        outcomes.set(item, {
          kind: 'retry',
          at: channel.pausedUntil,
          error: `number paused: ${channel.pauseReason ?? ''}`,
        });
        continue;
      }
      const pairWait = channel.pair.take(payload.to.phone ?? payload.to.userId ?? item.key, now());
      if (pairWait > 0) {
        outcomes.set(item, { kind: 'retry', at: now() + pairWait, error: 'pair rate' });
        continue;
      }
      // Pacing: a send joins the wave while the number's bucket allows; else the wave
      // leaves and we wait for the next slot.
      for (let wait = channel.bucket.take(now()); wait > 0; wait = channel.bucket.take(now())) {
        await flush();
        await sleep(wait);
      }
      if (sendsInWave >= this.deps.channels.maxInFlight) await flush();
      wave.push({ item, channel });
      sendsInWave++;
    }
    await flush();

    await store.transaction(async (tx) => {
      for (const [item, outcome] of outcomes) await this.record(tx, item, outcome, stats);
    });
    return stats;
  }

  /** Sends one item whose row is in flight; never throws. */
  private async perform(item: OutboxItem, channel: NumberChannel | undefined): Promise<Outcome> {
    try {
      if (item.kind === 'call_webhook')
        return await this.callWebhook(item, item.payload as WebhookPayload);
      if (!channel) return { kind: 'failed', error: 'no channel', result: null };
      return await this.send(item, item.payload as SendPayload, channel);
    } catch (error) {
      // Our own bug while the request was out: we cannot know whether it took effect.
      return { kind: 'ambiguous', error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async send(
    item: OutboxItem,
    payload: SendPayload,
    channel: NumberChannel,
  ): Promise<Outcome> {
    const result = await channel.client.send(payload.to, payload.body);
    if (result.ok) return { kind: 'done', result: { wamid: result.wamid }, wamid: result.wamid };
    return this.sendFailed(item, payload, channel, result.error);
  }

  private sendFailed(
    item: OutboxItem,
    payload: SendPayload,
    channel: NumberChannel,
    error: ChannelError,
  ): Outcome {
    const now = this.deps.now();
    const reason = `${error.code} ${error.reason}: ${error.title}`;
    if (error.ambiguous) return { kind: 'ambiguous', error: reason };
    if (error.kind === 'pause_channel') {
      channel.pausedUntil = now + PAUSE_MS;
      channel.pauseReason = reason;
      this.deps.log('business number paused', {
        number: channel.id,
        code: error.code,
        reason: error.reason,
      });
      return { kind: 'retry', at: channel.pausedUntil, error: reason };
    }
    if (error.code === 130429) channel.bucket.pause(now, 1000);
    if (error.code === 131056)
      channel.pair.penalize(payload.to.phone ?? payload.to.userId ?? item.key, now, 6000);
    const decision = retryDecision(error, item.attempts - 1, this.deps.random());
    if (decision.retry) return { kind: 'retry', at: now + decision.delayMs, error: reason };
    const code = typeof error.code === 'number' ? error.code : 0;
    return {
      kind: 'failed',
      error: reason,
      result: { code: error.code, reason: error.reason },
      failMessage: { code, title: error.title },
      metric: {
        canvasId: payload.canvasId,
        version: payload.version,
        stepId: payload.stepId,
        metric: 'failed',
        label: String(error.code),
      },
    };
  }

  private async callWebhook(item: OutboxItem, payload: WebhookPayload): Promise<Outcome> {
    const outcome: HttpOutcome = await httpCall(payload);
    if (!outcome.ok && outcome.retryable && item.attempts <= payload.retries) {
      const delay =
        Math.min(60_000, 1000 * 2 ** (item.attempts - 1)) * (0.5 + this.deps.random() / 2);
      return {
        kind: 'retry',
        at: this.deps.now() + delay,
        error: outcome.error ?? `HTTP ${outcome.status ?? ''}`,
      };
    }
    if (payload.awaitResult && item.contactId) {
      // Durable before the row is settled: the journey waiting on it will be woken.
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
    const metric: Metric = {
      canvasId: payload.canvasId,
      version: payload.version,
      stepId: payload.stepId,
      metric: outcome.ok ? 'webhook_ok' : 'webhook_failed',
      label: outcome.status !== undefined ? String(outcome.status) : null,
    };
    return outcome.ok
      ? { kind: 'done', result: { status: outcome.status }, metric }
      : {
          kind: 'failed',
          error: outcome.error ?? `HTTP ${outcome.status ?? ''}`,
          result: { status: outcome.status },
          metric,
        };
  }

  private async record(
    tx: Repositories,
    item: OutboxItem,
    outcome: Outcome,
    stats: DispatchStats,
  ): Promise<void> {
    const at = this.deps.now();
    switch (outcome.kind) {
      case 'done':
        await tx.outbox.complete(item.id, outcome.result);
        if (outcome.wamid !== undefined) await tx.messages.attachWamid(item.key, outcome.wamid);
        stats.sent++;
        break;
      case 'failed':
        await tx.outbox.fail(item.id, outcome.error, outcome.result);
        if (outcome.failMessage)
          await tx.messages.failByKey(
            item.key,
            outcome.failMessage.code,
            outcome.failMessage.title,
          );
        stats.failed++;
        break;
      case 'retry':
        await tx.outbox.retry(item.id, outcome.at, outcome.error);
        stats.retried++;
        break;
      case 'ambiguous':
        await tx.outbox.markAmbiguous(item.id, outcome.error);
        stats.ambiguous++;
        break;
    }
    if ((outcome.kind === 'done' || outcome.kind === 'failed') && outcome.metric)
      await tx.metrics.incrementMany([{ ...outcome.metric, at }]);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
