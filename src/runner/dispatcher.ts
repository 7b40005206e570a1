/**
 * The dispatcher performs what the outbox holds: WhatsApp sends (paced per number and per
 * recipient) and webhook calls (timeouts, retries; perform-effect.ts says what each answer
 * means), records each outcome, and feeds the outcomes journeys wait for back through the
 * inbox. A send of a cancelled broadcast that reaches it is withdrawn, never sent
 * (cancelled-sends.ts).
 *
 * Safety: a claimed row is only marked in flight in the moment its request leaves; if the
 * process dies before the answer is recorded, only those rows become ambiguous — counted
 * and reported, never sent again blindly. Speed: requests leave in waves (everyone whose
 * pacing allows it now), and each wave's start and its outcomes are one write each.
 */
import type { Store } from '../store/open.js';
import type { OutboxItem } from '../store/repos/outbox.js';
import type { Repositories } from '../store/repositories.js';
import type { ChannelSet, NumberChannel } from './channels.js';
import type { SendPayload } from './apply-results.js';
import { CancelledDispatches, WITHDRAWN_REASON } from './cancelled-sends.js';
import { performEffect, type Outcome } from './perform-effect.js';
import type { Ingest } from './ingest.js';

export interface DispatcherDeps {
  store: Store;
  channels: ChannelSet;
  ingest: Ingest;
  owner: string;
  now: () => number;
  random: () => number;
  partitions: () => readonly number[];
  /** Other dispatchers share the outbox: rows are claimed (with a lease) before use. */
  claims: boolean;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  ambiguous: number;
  /** Sends of cancelled broadcasts, withdrawn instead of sent. */
  withdrawn: number;
}

export function emptyStats(): DispatchStats {
  return { claimed: 0, sent: 0, failed: 0, retried: 0, ambiguous: 0, withdrawn: 0 };
}

const LEASE_MS = 60_000;

export class Dispatcher {
  /**
   * Requests out now. The dispatcher never waits for a batch to come back before claiming
   * more: what is due leaves as soon as pacing allows, and answers are recorded as they
   * arrive (by the next `runOnce`, or `drain`).
   */
  private readonly running = new Set<Promise<void>>();
  /** People with a request out: their next effect waits (a person's messages stay in order). */
  private readonly busy = new Map<string, number>();
  private finished: Array<{ item: OutboxItem; outcome: Outcome }> = [];
  private sendsInFlight = 0;
  /** Called when an answer arrives, so the loop can record it and claim what follows. */
  onSettled: () => void = () => {};
  private readonly cancelled: CancelledDispatches;

  constructor(private readonly deps: DispatcherDeps) {
    this.cancelled = new CancelledDispatches(deps.store, deps.now);
  }

  /**
   * Records the answers that arrived, then claims what is due and sends it as pacing
   * allows, without waiting for the answers. Returns what was claimed and recorded.
   */
  async runOnce(limit = 500): Promise<DispatchStats> {
    const { store, now } = this.deps;
    const stats: DispatchStats = emptyStats();
    await this.recordFinished(stats);
    const room = this.deps.channels.maxInFlight - this.sendsInFlight;
    if (room <= 0) return stats;
    const look = {
      now: now(),
      limit: powerOfTwoAtMost(Math.min(limit, room)),
      partitions: this.deps.partitions(),
      notFor: [...this.busy.keys()],
    };
    // With other dispatchers, a claim keeps them apart; alone, reading is enough (no write).
    const claims = this.deps.claims;
    const items = claims
      ? await store.outbox.claim({ ...look, owner: this.deps.owner, leaseMs: LEASE_MS })
      : await store.outbox.due(look);
    stats.claimed = items.length;
    if (items.length === 0) return stats;

    // One effect per person at a time: a person's second message waits for the first.
    const first: OutboxItem[] = [];
    const later: number[] = [];
    for (const item of items) {
      const person = personOf(item);
      if (this.busy.has(person)) later.push(item.id);
      else {
        this.busy.set(person, item.id);
        first.push(item);
      }
    }
    if (claims) await store.outbox.unclaim(later);

    const wave: Array<{ item: OutboxItem; channel?: NumberChannel }> = [];
    // Waves overlap: the next one leaves while earlier answers are still coming, so the
    // send rate is set by pacing, not by Meta's round trip. Sends in flight stay capped
    // (maxInFlight) because each one a crash catches in flight becomes ambiguous.
    let sendsInWave = 0;
    const inWave = new Map<NumberChannel, number>();
    const flush = async () => {
      if (wave.length === 0) return;
      const batch = wave.splice(0);
      this.sendsInFlight += sendsInWave;
      sendsInWave = 0;
      inWave.clear();
      // Durable before anything leaves: a crash from here on finds these rows in flight.
      const started = new Set(
        await store.outbox.startMany(
          batch.map((w) => w.item.id),
          claims ? 'claimed' : 'pending',
        ),
      );
      for (const w of batch) {
        const isSend = w.channel !== undefined;
        if (!started.has(w.item.id)) {
          if (isSend) this.sendsInFlight--;
          this.busy.delete(personOf(w.item));
          continue;
        }
        // The number's slot is taken as the request leaves, not when the wave was formed:
        // a wave held up (by the commit above, or a busy event loop) must not leave in a
        // bunch that breaks the per-second limit. Usually the slot is free at once.
        const bucket = w.channel?.bucket;
        for (let wait = bucket?.take(now()) ?? 0; wait > 0; wait = bucket?.take(now()) ?? 0)
          await sleep(wait);
        const done: Promise<void> = performEffect(this.deps, w.item, w.channel).then((outcome) => {
          if (isSend) this.sendsInFlight--;
          this.finished.push({ item: w.item, outcome });
          this.running.delete(done);
          this.onSettled();
        });
        this.running.add(done);
      }
    };
    const settleNow = (item: OutboxItem, outcome: Outcome) => this.finished.push({ item, outcome });
    const cancelled = await this.cancelled.cancelled(first.map((item) => item.key));

    for (const item of first) {
      if (cancelled.has(item.key)) {
        settleNow(item, { kind: 'withdrawn' });
        continue;
      }
      if (item.kind === 'call_webhook') {
        wave.push({ item });
        continue;
      }
      if (item.kind !== 'send_whatsapp') {
        settleNow(item, {
          kind: 'failed',
          error: `unknown effect kind ${item.kind}`,
          result: null,
        });
        continue;
      }
      const payload = item.payload as SendPayload;
      const channel = item.number ? this.deps.channels.get(item.number) : undefined;
      if (!channel) {
        settleNow(item, {
          kind: 'failed',
          error: `no business number "${item.number ?? ''}" is configured`,
          result: null,
          failMessage: { code: 0, title: 'no business number' },
        });
        continue;
      }
      if (channel.pausedUntil > now()) {
        settleNow(item, {
          kind: 'retry',
          at: channel.pausedUntil,
          error: `number paused: ${channel.pauseReason ?? ''}`,
        });
        continue;
      }
      const pairWait = channel.pair.take(payload.to.phone ?? payload.to.userId ?? item.key, now());
      if (pairWait > 0) {
        settleNow(item, { kind: 'retry', at: now() + pairWait, error: 'pair rate' });
        continue;
      }
      // Pacing: a send joins the wave while the number has a free slot for it; else the
      // wave leaves and we wait for the next slot.
      while (channel.bucket.room(now()) <= (inWave.get(channel) ?? 0)) {
        await flush();
        await sleep(Math.max(1, channel.bucket.waitMs(now())));
      }
      const cap = this.deps.channels.maxInFlight;
      if (this.sendsInFlight + sendsInWave >= cap) await flush();
      while (this.sendsInFlight >= cap && this.running.size > 0) await Promise.race(this.running);
      wave.push({ item, channel });
      inWave.set(channel, (inWave.get(channel) ?? 0) + 1);
      sendsInWave++;
    }
    await flush();
    // What was settled without a request (failures, retries) is recorded at once.
    if (this.finished.length > 0) await this.recordFinished(stats);
    return stats;
  }

  /** Waits for every request out and records its answer (stopping, tests). */
  async drain(): Promise<DispatchStats> {
    const stats: DispatchStats = emptyStats();
    while (this.running.size > 0) await Promise.all(this.running);
    await this.recordFinished(stats);
    return stats;
  }

  /** One transaction for every answer that arrived since the last time. */
  private async recordFinished(stats: DispatchStats): Promise<void> {
    if (this.finished.length === 0) return;
    const finished = this.finished;
    this.finished = [];
    try {
      await this.deps.store.transaction(async (tx) => {
        // Successes, the bulk of a wave, are recorded together; the rest one by one.
        const done: Array<{ item: OutboxItem; outcome: Extract<Outcome, { kind: 'done' }> }> = [];
        for (const { item, outcome } of finished) {
          if (outcome.kind === 'done') done.push({ item, outcome });
          else await this.record(tx, item, outcome, stats);
        }
        await this.recordDone(tx, done, stats);
      });
    } catch (error) {
      // Not recorded: keep them for the next try (the rows stay in flight meanwhile).
      this.finished = [...finished, ...this.finished];
      throw error;
    }
    for (const { item } of finished) {
      const person = personOf(item);
      if (this.busy.get(person) === item.id) this.busy.delete(person);
    }
  }

  private async recordDone(
    tx: Repositories,
    done: ReadonlyArray<{ item: OutboxItem; outcome: Extract<Outcome, { kind: 'done' }> }>,
    stats: DispatchStats,
  ): Promise<void> {
    if (done.length === 0) return;
    await tx.outbox.completeMany(done.map((d) => ({ id: d.item.id, result: d.outcome.result })));
    await tx.messages.attachWamids(
      done.flatMap((d) =>
        d.outcome.wamid !== undefined ? [{ key: d.item.key, wamid: d.outcome.wamid }] : [],
      ),
    );
    const at = this.deps.now();
    const metrics = done.flatMap((d) => (d.outcome.metric ? [{ ...d.outcome.metric, at }] : []));
    if (metrics.length > 0) await tx.metrics.incrementMany(metrics);
    stats.sent += done.length;
  }

  /** An outcome other than success, recorded on its own (they are rare). */
  private async record(
    tx: Repositories,
    item: OutboxItem,
    outcome: Exclude<Outcome, { kind: 'done' }>,
    stats: DispatchStats,
  ): Promise<void> {
    switch (outcome.kind) {
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
      case 'withdrawn':
        // As a cancel withdraws it: failed, not a failure of the number or of Meta.
        await tx.outbox.fail(item.id, WITHDRAWN_REASON);
        await tx.messages.failManyByKey([item.key], WITHDRAWN_REASON);
        stats.withdrawn++;
        break;
    }
    if (outcome.kind === 'failed' && outcome.metric)
      await tx.metrics.incrementMany([{ ...outcome.metric, at: this.deps.now() }]);
  }
}

/** Whose effect this is: a person's effects go one at a time. */
function personOf(item: OutboxItem): string {
  return item.contactId ?? item.key;
}

/**
 * The read's LIMIT is written into its SQL (inlineLimit): following the room left exactly
 * made a statement of every value, each prepared anew.
 */
function powerOfTwoAtMost(n: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, n)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
