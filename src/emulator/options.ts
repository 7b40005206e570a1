/**
 * What an emulator can be told at creation, and the defaults. Times are on the emulator's
 * clock; webhook retry times are Meta's schedule compressed (Meta retries for 7 days).
 */
import { realClock, type Clock } from './clock.js';
import type { FaultSettings } from './faults.js';
import type { Random } from './ids.js';
import type { SeedTemplate } from './templates-store.js';

export interface BusinessNumberOptions {
  phoneNumberId: string;
  /** As WhatsApp Manager shows it, e.g. `+1 555-078-3881`. */
  displayPhoneNumber: string;
  wabaId: string;
  verifiedName?: string;
  /** Messages per second before 130429. Meta: 80 by default, 1,000 upgraded, 20 coexistence. */
  throughputPerSecond?: number;
}

export type ReviewOutcome = 'APPROVED' | 'REJECTED';
export type RejectionReason =
  | 'ABUSIVE_CONTENT'
  | 'INCORRECT_CATEGORY'
  | 'INVALID_FORMAT'
  | 'PROMOTIONAL'
  | 'SCAM'
  | 'TAG_CONTENT_MISMATCH';

export interface TemplateReviewOptions {
  /** Time from creation (or edit) to the review decision. Meta: minutes up to 24 h. */
  delayMs?: number;
  /** Decision when no rule matches. */
  outcome?: ReviewOutcome;
  /** First match wins; `name` is a RegExp or its source (`^promo_`). */
  rules?: Array<{ name: string | RegExp; outcome: ReviewOutcome; reason?: RejectionReason }>;
}

export interface DeliveryOptions {
  /** After acceptance: the `sent` status (or `failed` for async failures). */
  sentAfterMs?: number;
  /** After acceptance: `delivered`, if the phone is online. */
  deliveredAfterMs?: number;
  /** After acceptance: `read`, if the phone reads automatically and has read receipts on. */
  readAfterMs?: number;
}

export interface WebhookOptions {
  /** Wait this long to gather updates into one POST; 0 = the next event-loop turn. */
  batchWindowMs?: number;
  /** Meta: at most 1,000 updates per POST. */
  maxBatch?: number;
  /** Give up on one POST attempt after this long (real time). */
  timeoutMs?: number;
  /** Delay before each retry; the last repeats. Meta: immediately, then less and less often. */
  retryDelaysMs?: number[];
  /** Drop a delivery this long after its first attempt. Meta: 7 days. */
  retryHorizonMs?: number;
  /** Webhook payload version: v23 and below carry `conversation` in statuses. */
  apiVersion?: string;
}

export interface EmulatorOptions {
  /** Tokens accepted as `Authorization: Bearer …` or `?access_token=`. */
  accessTokens?: string | string[];
  appSecret?: string;
  /** Where webhooks go; may be set later (`setWebhookUrl`, `PUT /_emulator/webhook`). */
  webhookUrl?: string;
  webhooks?: WebhookOptions;
  businessNumbers?: BusinessNumberOptions[];
  /** Templates present at start (Meta's shape; status defaults to APPROVED). */
  templates?: SeedTemplate[];
  templateReview?: TemplateReviewOptions;
  /** Default throughput for numbers that do not set theirs. Meta: 80. */
  throughputPerSecond?: number;
  /** Per business–user pair. Meta: one message per 6 s, bursts up to 45. */
  pairRate?: { intervalMs?: number; burst?: number };
  /** Free-form outside the 24 h window: accepted then `failed` 131047 (Meta), or sync 400. */
  outsideWindow?: 'async' | 'sync';
  /** Sends to a number with no virtual phone: create one (default) or treat as not on WhatsApp. */
  unknownRecipients?: 'create' | 'not_on_whatsapp';
  delivery?: DeliveryOptions;
  /** Messages kept in memory (oldest dropped first). */
  historyLimit?: number;
  /** Templates per WABA before error 2388019. Meta: 250 unverified, up to 6,000. */
  maxTemplatesPerWaba?: number;
  faults?: Partial<FaultSettings>;
  clock?: Clock;
  random?: Random;
}

export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  verifiedName: string;
  throughputPerSecond: number;
}

/** Settings that may change while running (control API). */
export interface RuntimeSettings {
  webhookUrl: string | undefined;
  outsideWindow: 'async' | 'sync';
  unknownRecipients: 'create' | 'not_on_whatsapp';
  delivery: Required<DeliveryOptions>;
  review: {
    delayMs: number;
    outcome: ReviewOutcome;
    rules: NonNullable<TemplateReviewOptions['rules']>;
  };
  pairRate: { intervalMs: number; burst: number };
}

export interface EmulatorConfig {
  accessTokens: string[];
  appSecret: string;
  numbers: BusinessNumber[];
  webhooks: Required<WebhookOptions>;
  historyLimit: number;
  maxTemplatesPerWaba: number;
  clock: Clock;
  random: Random;
  settings: RuntimeSettings;
}

/** Obviously fake development credentials; real deployments pass their own. */
export const DEFAULT_ACCESS_TOKEN = 'emulator-access-token';
export const DEFAULT_APP_SECRET = 'emulator-app-secret';

/** The ids Meta's own documentation examples use. */
export const DEFAULT_BUSINESS_NUMBER: BusinessNumberOptions = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '+1 555-078-3881',
  wabaId: '102290129340398',
  verifiedName: 'Riposte Emulator',
};

export function resolveOptions(options: EmulatorOptions): EmulatorConfig {
  const tokens = options.accessTokens ?? DEFAULT_ACCESS_TOKEN;
  const accessTokens = Array.isArray(tokens) ? [...tokens] : [tokens];
  if (accessTokens.length === 0 || accessTokens.some((t) => t.length === 0))
    throw new Error('emulator: access tokens must be non-empty strings');
  const throughput = options.throughputPerSecond ?? 80;
  const numbers = (options.businessNumbers ?? [DEFAULT_BUSINESS_NUMBER]).map((n) => ({
    phoneNumberId: n.phoneNumberId,
    displayPhoneNumber: n.displayPhoneNumber,
    wabaId: n.wabaId,
    verifiedName: n.verifiedName ?? 'Riposte Emulator',
    throughputPerSecond: n.throughputPerSecond ?? throughput,
  }));
  if (numbers.length === 0) throw new Error('emulator: at least one business number is needed');
  const ids = new Set(numbers.map((n) => n.phoneNumberId));
  if (ids.size !== numbers.length) throw new Error('emulator: duplicate phoneNumberId');
  return {
    accessTokens,
    appSecret: options.appSecret ?? DEFAULT_APP_SECRET,
    numbers,
    webhooks: {
      batchWindowMs: options.webhooks?.batchWindowMs ?? 0,
      maxBatch: Math.min(1000, options.webhooks?.maxBatch ?? 1000),
      timeoutMs: options.webhooks?.timeoutMs ?? 5000,
      // 7 days squeezed into 10 minutes (about 1:1000): immediately, then 1 s, 2 s, 5 s, …
      retryDelaysMs: options.webhooks?.retryDelaysMs ?? [
        0, 1000, 2000, 5000, 15_000, 30_000, 60_000,
      ],
      retryHorizonMs: options.webhooks?.retryHorizonMs ?? 10 * 60_000,
      apiVersion: options.webhooks?.apiVersion ?? 'v23.0',
    },
    historyLimit: options.historyLimit ?? 10_000,
    maxTemplatesPerWaba: options.maxTemplatesPerWaba ?? 250,
    clock: options.clock ?? realClock(),
    random: options.random ?? Math.random,
    settings: {
      webhookUrl: options.webhookUrl,
      outsideWindow: options.outsideWindow ?? 'async',
      unknownRecipients: options.unknownRecipients ?? 'create',
      delivery: {
        sentAfterMs: options.delivery?.sentAfterMs ?? 100,
        deliveredAfterMs: options.delivery?.deliveredAfterMs ?? 400,
        readAfterMs: options.delivery?.readAfterMs ?? 1500,
      },
      review: {
        delayMs: options.templateReview?.delayMs ?? 5000,
        outcome: options.templateReview?.outcome ?? 'APPROVED',
        rules: options.templateReview?.rules ?? [],
      },
      pairRate: {
        intervalMs: options.pairRate?.intervalMs ?? 6000,
        burst: options.pairRate?.burst ?? 45,
      },
    },
  };
}
