/**
 * Sends webhooks as Meta does: queued updates go out batched (up to 1,000 per POST), signed
 * (`X-Hub-Signature-256` over the exact bytes), one POST at a time so a healthy receiver
 * sees updates in the order they happened. A POST answered with anything but 200, or not
 * answered, is retried on the configured schedule (immediately, then less and less often)
 * until the horizon, while newer updates keep flowing, so a retried batch arrives after
 * later ones, exactly the out-of-order delivery receivers must handle. Faults can duplicate,
 * reorder, delay or fail deliveries.
 */
import { Agent, request } from 'undici';
import type { Scheduler } from './clock.js';
import type { Faults } from './faults.js';
import type { Random } from './ids.js';
import type { Json } from './json-fields.js';
import { hubSignature, legacySignature, metaJson } from './meta-json.js';
import type { EmulatorConfig } from './options.js';
import { buildPayload, type WebhookUpdate } from './webhook-payloads.js';

export type DeliveryState = 'queued' | 'in_flight' | 'retrying' | 'delivered' | 'gave_up';

export interface Delivery {
  id: number;
  createdAt: number;
  updates: number;
  body: string;
  payload: Json;
  state: DeliveryState;
  attempts: Array<{ at: number; result: string }>;
  nextAttemptAt?: number;
}

/** Updates waiting for a webhook URL are kept up to this many (oldest dropped). */
const MAX_WAITING = 10_000;
/** Deliveries kept in the log for `GET /_emulator/webhooks`. */
const MAX_LOGGED = 500;

export class WebhookDispatcher {
  private queue: WebhookUpdate[] = [];
  private readonly log: Delivery[] = [];
  /** 1 while a batch holds the sending slot (from flush to its first attempt's answer). */
  private inFlight = 0;
  /** Immediate retries scheduled or running outside the slot. */
  private retriesNow = 0;
  private flushPending = false;
  /** Bumped by clear(): attempts from before a reset no longer touch the counters. */
  private generation = 0;
  private nextId = 1;
  private closed = false;
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 });
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly scheduler: Scheduler,
    private readonly faults: Faults,
    private readonly random: Random,
  ) {}

  enqueue(update: WebhookUpdate): void {
    if (this.closed) return;
    this.queue.push(update);
    if (this.queue.length > MAX_WAITING) this.queue.splice(0, this.queue.length - MAX_WAITING);
    this.scheduleFlush();
  }

  deliveries(): Delivery[] {
    return [...this.log];
  }

  /** Resolves once nothing is queued or in flight (retries waiting on the clock excepted). */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** The URL changed: try what is waiting. */
  wake(): void {
    this.scheduleFlush();
  }

  /** Forget everything queued, in flight or waiting to retry (the emulator's reset). */
  clear(): void {
    this.generation++;
    this.queue = [];
    this.log.length = 0;
    this.inFlight = 0;
    this.retriesNow = 0;
    this.flushPending = false;
    this.notify();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
    this.notify();
    await this.agent.close();
  }

  private get url(): string | undefined {
    return this.config.settings.webhookUrl;
  }

  private isSettled(): boolean {
    return (
      this.inFlight === 0 &&
      this.retriesNow === 0 &&
      (this.queue.length === 0 || this.url === undefined)
    );
  }

  private notify(): void {
    if (!this.isSettled() && !this.closed) return;
    for (const resolve of this.waiters) resolve();
    this.waiters.clear();
  }

  private scheduleFlush(): void {
    if (this.flushPending || this.inFlight > 0 || this.queue.length === 0 || !this.url) return;
    this.flushPending = true;
    const window = this.config.webhooks.batchWindowMs;
    if (window > 0) this.scheduler.after(window, () => this.flush());
    else setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushPending = false;
    if (this.closed || this.inFlight > 0 || this.queue.length === 0 || !this.url) {
      this.notify();
      return;
    }
    const batch = this.queue.splice(0, this.config.webhooks.maxBatch);
    if (this.faults.settings.webhooks.reorder) shuffle(batch, this.random);
    const payload = buildPayload(batch);
    const delivery: Delivery = {
      id: this.nextId++,
      createdAt: this.scheduler.now(),
      updates: batch.length,
      body: metaJson(payload),
      payload,
      state: 'queued',
      attempts: [],
    };
    this.log.push(delivery);
    if (this.log.length > MAX_LOGGED) this.log.shift();
    this.inFlight++;
    const delay = this.faults.settings.webhooks.delayMs;
    if (delay > 0) this.scheduler.after(delay, () => void this.attempt(delivery, true));
    else void this.attempt(delivery, true);
  }

  private async attempt(delivery: Delivery, holdsSlot: boolean): Promise<void> {
    const generation = this.generation;
    if (!holdsSlot) this.retriesNow++;
    delivery.state = 'in_flight';
    delivery.nextAttemptAt = undefined;
    const result = await this.post(delivery);
    if (generation !== this.generation) return;
    delivery.attempts.push({ at: this.scheduler.now(), result });
    if (result === '200') delivery.state = 'delivered';
    else this.retryLater(delivery);
    if (holdsSlot) {
      this.inFlight--;
      this.scheduleFlush();
    } else this.retriesNow--;
    this.notify();
  }

  private async post(delivery: Delivery): Promise<string> {
    const url = this.url;
    if (this.closed) return 'closed';
    if (!url) return 'no webhook url';
    if (this.faults.hit(this.faults.settings.webhooks.fail)) return 'failed (fault injected)';
    const copies = this.faults.copies();
    const headers = {
      'content-type': 'application/json',
      // Meta still sends the legacy SHA-1 signature beside the SHA-256 one; verify the latter.
      'x-hub-signature': legacySignature(this.config.appSecret, delivery.body),
      'x-hub-signature-256': hubSignature(this.config.appSecret, delivery.body),
      'user-agent': 'facebookexternalua',
    };
    let first = '';
    for (let copy = 0; copy < copies; copy++) {
      const result = await this.postOnce(url, delivery.body, headers);
      if (copy === 0) first = result;
    }
    return first;
  }

  private async postOnce(url: string, body: string, headers: Record<string, string>) {
    const timeout = this.config.webhooks.timeoutMs;
    try {
      const response = await request(url, {
        method: 'POST',
        body,
        headers,
        dispatcher: this.agent,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      await response.body.dump();
      return String(response.statusCode);
    } catch (error) {
      return `error: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private retryLater(delivery: Delivery): void {
    const { retryDelaysMs, retryHorizonMs } = this.config.webhooks;
    const failures = delivery.attempts.length;
    const delay = retryDelaysMs[Math.min(failures - 1, retryDelaysMs.length - 1)] ?? 0;
    const firstAt = delivery.attempts[0]?.at ?? delivery.createdAt;
    if (this.closed || this.scheduler.now() + delay - firstAt > retryHorizonMs) {
      delivery.state = 'gave_up';
      return;
    }
    delivery.state = 'retrying';
    delivery.nextAttemptAt = this.scheduler.now() + delay;
    // Retries do not hold the sending slot: newer updates go out meanwhile.
    if (delay === 0) {
      this.retriesNow++;
      const generation = this.generation;
      setImmediate(() => {
        if (generation !== this.generation) return;
        this.retriesNow--;
        void this.attempt(delivery, false);
      });
    } else this.scheduler.after(delay, () => void this.attempt(delivery, false));
  }
}

function shuffle<T>(items: T[], random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a === undefined || b === undefined) continue;
    items[i] = b;
    items[j] = a;
  }
}
