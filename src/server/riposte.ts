/**
 * Riposte assembled: the store, the business numbers (real Meta, or the embedded emulator
 * when none are configured), the runner and the HTTP app. `riposte start` and the
 * end-to-end tests build it the same way.
 */
import type { FastifyInstance } from 'fastify';
import { registerApi, type RegisteredApi } from '../api/index.js';
import type { HttpCounters } from '../api/metrics.js';
import { WhatsAppClient } from '../channels/whatsapp/client.js';
import {
  parseBusinessNumberConfig,
  type BusinessNumberConfig,
} from '../channels/whatsapp/config.js';
import { KeywordMatcher } from '../channels/whatsapp/keywords.js';
import { createApp } from '../api/app.js';
import { compileAudience } from '../api/braze/audience.js';
import { broadcastHandler } from '../api/braze/broadcast-handler.js';
import { whatsappWebhookRoutes } from '../api/routes/whatsapp-webhook.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { ChannelSet } from '../runner/channels.js';
import type { Ingest } from '../runner/ingest.js';
import { Runner } from '../runner/runner.js';
import { openStore, type Store } from '../store/open.js';
import { dashboardAt } from './dashboard.js';

export interface RiposteOptions {
  databaseUrl: string;
  /** Business numbers (Meta). None: an emulator is started and used. */
  numbers?: unknown[];
  /**
   * Whether other processes may work the same database, so partitions are shared through
   * leases and queues are claimed. Default: whenever the database can be shared (Postgres),
   * since nothing tells a process that a `riposte worker` or a second `riposte start` is
   * there. A process that took every partition for itself would, as it started, put the
   * others' claimed events back and count their sends in flight as ambiguous, then work
   * their partitions beside them. False only where one process is certain to be alone.
   */
  multiWorker?: boolean;
  /** Options for the embedded emulator (tests set faults, clocks, delays). */
  emulator?: Parameters<typeof startEmulator>[0];
  /**
   * An emulator another process runs (`riposte worker` beside `riposte start` in emulator
   * mode): send through it instead of starting one.
   */
  emulatorUrl?: string;
  /** The dashboard's production build, served at `/` when the folder exists. */
  webDist?: string;
  /** Set the session cookie's Secure flag (when served over HTTPS). */
  secureCookies?: boolean;
  /** Shown in the OpenAPI document. */
  version?: string;
  logger?: boolean | { level: string };
  log?: (message: string, fields?: Record<string, unknown>) => void;
  pollMs?: number;
  /** Ended journeys are deleted this many days after they end (housekeeping); unset keeps them. */
  journeyRetentionDays?: number;
}

export interface Riposte {
  app: FastifyInstance;
  api: RegisteredApi;
  store: Store;
  runner: Runner;
  channels: ChannelSet;
  numbers: BusinessNumberConfig[];
  emulator?: RunningEmulator;
  counters: {
    webhooks: number;
    events: number;
    duplicates: number;
    unknown: number;
    refused: number;
  };
  /** Listen on a port and start the runner; returns the base URL. */
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

/** The emulator's defaults, as a business number config Riposte can send through. */
export const EMULATED_NUMBER = {
  id: 'main',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
  displayPhoneNumber: '15550783881',
  accessToken: 'emulator-access-token',
  appSecret: 'emulator-app-secret',
  verifyToken: 'emulator-verify-token',
};

export async function createRiposte(options: RiposteOptions): Promise<Riposte> {
  const store = await openStore({ url: options.databaseUrl });
  let emulator: RunningEmulator | undefined;
  let numberInputs = options.numbers ?? [];
  if (numberInputs.length === 0 && options.emulatorUrl !== undefined) {
    numberInputs = [{ ...EMULATED_NUMBER, graphBaseUrl: options.emulatorUrl }];
  } else if (numberInputs.length === 0) {
    emulator = await startEmulator({
      ...options.emulator,
      businessNumbers: [
        {
          phoneNumberId: EMULATED_NUMBER.phoneNumberId,
          displayPhoneNumber: EMULATED_NUMBER.displayPhoneNumber,
          wabaId: EMULATED_NUMBER.wabaId,
        },
      ],
      accessTokens: EMULATED_NUMBER.accessToken,
      appSecret: EMULATED_NUMBER.appSecret,
    });
    numberInputs = [{ ...EMULATED_NUMBER, graphBaseUrl: emulator.url }];
  }
  const numbers: BusinessNumberConfig[] = [];
  for (const [i, input] of numberInputs.entries()) {
    const parsed = parseBusinessNumberConfig(input);
    if (!parsed.ok)
      throw new Error(
        `business number ${i + 1}: ${parsed.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
      );
    numbers.push(parsed.config);
  }
  const channels = new ChannelSet();
  const keywords = new Map<string, KeywordMatcher>();
  for (const n of numbers) {
    channels.add(n.id, n.phoneNumberId, new WhatsAppClient(n), n.throughputPerSecond);
    keywords.set(n.id, new KeywordMatcher(n.subscriptionKeywords ?? {}));
  }
  const runner: Runner = new Runner({
    store,
    channels,
    defaultNumber: numbers[0]?.id ?? 'main',
    multiWorker: options.multiWorker ?? store.capabilities.multiWorker,
    keywordIntent: (number, text) => keywords.get(number)?.match(text),
    broadcasts: {
      match: compileAudience,
      handle: broadcastHandler(store, (): Ingest => runner.ingest, Date.now),
    },
    ...(options.log ? { log: options.log } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.journeyRetentionDays !== undefined
      ? { retention: { journeysMs: options.journeyRetentionDays * 24 * 60 * 60 * 1000 } }
      : {}),
  });
  const counters = { webhooks: 0, events: 0, duplicates: 0, unknown: 0, refused: 0 };
  const dashboard = options.webDist !== undefined ? dashboardAt(options.webDist) : undefined;
  const app = createApp({
    logger: options.logger ?? false,
    ...(dashboard ? { fallback: dashboard.fallback } : {}),
  });
  if (dashboard) await dashboard.register(app);
  const http: HttpCounters = { requests: new Map() };
  const api = await registerApi(
    app,
    {
      store,
      runner,
      channels,
      numbers,
      ...(emulator ? { emulator } : {}),
      now: Date.now,
      secureCookies: options.secureCookies ?? false,
      ready: () => started,
      webhookCounters: counters,
      http,
    },
    { version: options.version ?? '0.1.0' },
  );
  await app.register(async (scope) =>
    whatsappWebhookRoutes(scope, {
      store,
      ingest: runner.ingest,
      appSecrets: () => numbers.map((n) => n.appSecret),
      verifyTokens: () => numbers.map((n) => n.verifyToken),
      numberOf: (phoneNumberId) => numbers.find((n) => n.phoneNumberId === phoneNumberId)?.id,
      onTemplatesChanged: () => runner.catalog.invalidate(),
      counters,
    }),
  );

  let started = false;
  return {
    app,
    api,
    store,
    runner,
    channels,
    numbers,
    ...(emulator ? { emulator } : {}),
    counters,
    async start(port = 0, host = '127.0.0.1') {
      const url = await app.listen({ port, host });
      emulator?.setWebhookUrl(`${url}/webhooks/whatsapp`);
      await runner.start();
      started = true;
      return url;
    },
    async stop() {
      started = false;
      await app.close();
      await runner.stop();
      await emulator?.close();
      await channels.close();
      await store.close();
    },
  };
}
