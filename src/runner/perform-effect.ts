/**
 * Performing one outbox effect — a WhatsApp send or a webhook call — and deciding what its
 * answer means: done, failed for good, retried later (with Meta's and the webhook's
 * back-off), or ambiguous (the request may have taken effect). The dispatcher records the
 * outcomes a wave at a time.
 */
import type { ChannelError } from '../channels/whatsapp/errors.js';
import { retryDecision } from '../channels/whatsapp/retry.js';
import type { OutboxItem } from '../store/repos/outbox.js';
import type { SendPayload, WebhookPayload } from './apply-results.js';
import type { NumberChannel } from './channels.js';
import { httpCall, type HttpOutcome } from './http-call.js';
import type { Ingest } from './ingest.js';

export interface PerformDeps {
  ingest: Ingest;
  now: () => number;
  random: () => number;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

/** How long a number is paused after Meta says to stop sending from it. */
const PAUSE_MS = 60_000;

/** What to write for one item once its wave is over. */
export type Outcome =
  | { kind: 'done'; result: unknown; wamid?: string; metric?: Metric }
  | {
      kind: 'failed';
      error: string;
      result: unknown;
      failMessage?: { code: number; title: string };
      metric?: Metric;
    }
  | { kind: 'retry'; at: number; error: string }
  | { kind: 'ambiguous'; error: string }
  /** Never attempted: its broadcast was cancelled (cancelled-sends.ts). */
  | { kind: 'withdrawn' };

export interface Metric {
  canvasId: string;
  version: number;
  stepId: string;
  metric: string;
  label: string | null;
}

/** Sends one item whose row is in flight and says what to record; never throws. */
export async function performEffect(
  deps: PerformDeps,
  item: OutboxItem,
  channel: NumberChannel | undefined,
): Promise<Outcome> {
  try {
    if (item.kind === 'call_webhook')
      return await callWebhook(deps, item, item.payload as WebhookPayload);
    if (!channel) return { kind: 'failed', error: 'no channel', result: null };
    return await send(deps, item, item.payload as SendPayload, channel);
  } catch (error) {
    // Our own bug while the request was out: we cannot know whether it took effect.
    return { kind: 'ambiguous', error: error instanceof Error ? error.message : String(error) };
  }
}

async function send(
  deps: PerformDeps,
  item: OutboxItem,
  payload: SendPayload,
  channel: NumberChannel,
): Promise<Outcome> {
  const result = await channel.client.send(payload.to, payload.body);
  if (result.ok) return { kind: 'done', result: { wamid: result.wamid }, wamid: result.wamid };
  return sendFailed(deps, item, payload, channel, result.error);
}

function sendFailed(
  deps: PerformDeps,
  item: OutboxItem,
  payload: SendPayload,
  channel: NumberChannel,
  error: ChannelError,
): Outcome {
  const now = deps.now();
  const reason = `${error.code} ${error.reason}: ${error.title}`;
  if (error.ambiguous) return { kind: 'ambiguous', error: reason };
  if (error.kind === 'pause_channel') {
    channel.pausedUntil = now + PAUSE_MS;
    channel.pauseReason = reason;
    deps.log('business number paused', {
      number: channel.id,
      code: error.code,
      reason: error.reason,
    });
    return { kind: 'retry', at: channel.pausedUntil, error: reason };
  }
  if (error.code === 130429) channel.bucket.pause(now, 1000);
  if (error.code === 131056)
    channel.pair.penalize(payload.to.phone ?? payload.to.userId ?? item.key, now, 6000);
  const decision = retryDecision(error, item.attempts - 1, deps.random());
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

async function callWebhook(
  deps: PerformDeps,
  item: OutboxItem,
  payload: WebhookPayload,
): Promise<Outcome> {
  const outcome: HttpOutcome = await httpCall(payload);
  if (!outcome.ok && outcome.retryable && item.attempts <= payload.retries) {
    const delay = Math.min(60_000, 1000 * 2 ** (item.attempts - 1)) * (0.5 + deps.random() / 2);
    return {
      kind: 'retry',
      at: deps.now() + delay,
      error: outcome.error ?? `HTTP ${outcome.status ?? ''}`,
    };
  }
  if (payload.awaitResult && item.contactId) {
    // Durable before the row is settled: the journey waiting on it will be woken.
    await deps.ingest.submit([
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
