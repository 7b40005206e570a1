/**
 * Everything one emulator holds, passed to its routes and actions. No globals: two
 * emulators in one process share nothing.
 */
import { CUSTOMER_SERVICE_WINDOW_MS } from '../canvas/limits.js';
import type { Scheduler, TimerHandle } from './clock.js';
import type { Faults } from './faults.js';
import type { Random } from './ids.js';
import { MediaStore } from './media-store.js';
import { MessageLog } from './message-log.js';
import type { BusinessNumber, EmulatorConfig } from './options.js';
import { PhoneBook } from './phones.js';
import { TokenBuckets } from './rate-limit.js';
import { TemplateStore } from './templates-store.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

export class EmulatorState {
  readonly phones: PhoneBook;
  readonly log: MessageLog;
  readonly templates = new TemplateStore();
  readonly media: MediaStore;
  /** Last inbound message time per (business number, phone): the 24 h window. */
  readonly lastInbound = new Map<string, number>();
  /** (WABA, phone) pairs that stopped marketing messages. */
  readonly marketingStops = new Set<string>();
  /** Names of deleted approved templates, blocked until a time (`waba|name|language`). */
  readonly blockedTemplateNames = new Map<string, number>();
  readonly throughput: TokenBuckets;
  readonly pairs: TokenBuckets;
  /** Pending review decision per template id. */
  readonly reviews = new Map<string, TimerHandle>();

  constructor(config: EmulatorConfig) {
    this.phones = new PhoneBook(config.random, config.historyLimit);
    this.log = new MessageLog(config.historyLimit);
    this.media = new MediaStore(config.random);
    const byId = new Map(config.numbers.map((n) => [n.phoneNumberId, n]));
    this.throughput = new TokenBuckets((id) => {
      const perSecond = byId.get(id)?.throughputPerSecond ?? 80;
      return { capacity: perSecond, refillPerSecond: perSecond };
    });
    this.pairs = new TokenBuckets(() => ({
      capacity: config.settings.pairRate.burst,
      refillPerSecond: 1000 / config.settings.pairRate.intervalMs,
    }));
  }

  clear(): void {
    this.phones.clear();
    this.log.clear();
    this.templates.clear();
    this.media.clear();
    this.lastInbound.clear();
    this.marketingStops.clear();
    this.blockedTemplateNames.clear();
    this.throughput.clear();
    this.pairs.clear();
    this.reviews.clear();
  }
}

export interface EmulatorContext {
  config: EmulatorConfig;
  scheduler: Scheduler;
  state: EmulatorState;
  faults: Faults;
  webhooks: WebhookDispatcher;
  random: Random;
  /** Releases for sends held by the hang fault, so close() can answer them. */
  hung: Set<() => void>;
}

export function numberById(ctx: EmulatorContext, id: string): BusinessNumber | undefined {
  return ctx.config.numbers.find((n) => n.phoneNumberId === id);
}

const windowKey = (phoneNumberId: string, phoneKey: string) => `${phoneNumberId}|${phoneKey}`;

export function recordInbound(ctx: EmulatorContext, phoneNumberId: string, phoneKey: string) {
  ctx.state.lastInbound.set(windowKey(phoneNumberId, phoneKey), ctx.scheduler.now());
}

/** Whether the customer-service window is open: an inbound message in the last 24 h. */
export function isWindowOpen(ctx: EmulatorContext, phoneNumberId: string, phoneKey: string) {
  const last = ctx.state.lastInbound.get(windowKey(phoneNumberId, phoneKey));
  return last !== undefined && ctx.scheduler.now() - last <= CUSTOMER_SERVICE_WINDOW_MS;
}

const stopKey = (wabaId: string, phoneKey: string) => `${wabaId}|${phoneKey}`;

export function hasStoppedMarketing(ctx: EmulatorContext, wabaId: string, phoneKey: string) {
  return ctx.state.marketingStops.has(stopKey(wabaId, phoneKey));
}

export function setMarketingStopped(
  ctx: EmulatorContext,
  wabaId: string,
  phoneKey: string,
  stopped: boolean,
) {
  if (stopped) ctx.state.marketingStops.add(stopKey(wabaId, phoneKey));
  else ctx.state.marketingStops.delete(stopKey(wabaId, phoneKey));
}
