/**
 * A local stand-in for Meta's WhatsApp Cloud API: the Graph endpoints Riposte calls, with
 * Meta's validation and error codes, signed webhooks back, and a phone simulator. The app is
 * a value (test it with `app.inject()`, embed it with `plugin`); all state is in memory and
 * belongs to this one emulator.
 *
 * ```ts
 * const emulator = createEmulator({ webhookUrl: 'http://127.0.0.1:3000/webhooks/whatsapp' });
 * const url = await emulator.listen(4010); // Graph base: `${url}/v23.0/…`
 * ```
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { ZodError, z } from 'zod';
import { Scheduler } from './clock.js';
import { EmulatorState, type EmulatorContext } from './context.js';
import { ControlError } from './control-error.js';
import { registerControlRoutes } from './control-routes.js';
import { errorEnvelope, GraphError } from './errors.js';
import { Faults } from './faults.js';
import { registerGraphRoutes } from './graph-routes.js';
import { resolveOptions, type EmulatorOptions } from './options.js';
import { registerPhoneRoutes } from './phone-routes.js';
import { createTemplate } from './template-routes.js';
import type { Delivery } from './webhook-dispatcher.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';

export interface Emulator {
  /** The Fastify app serving everything (Graph routes and `/_emulator/...`). */
  app: FastifyInstance;
  /** The same routes as a plugin, to mount in another Fastify server (a prefix works). */
  plugin: FastifyPluginAsync;
  /** Listen on a port (0 = any free one); resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Stop timers, answer held requests, close the server. */
  close(): Promise<void>;
  /** Clear phones, messages, opt-outs, throttles, queued webhooks and faults; reseed templates. */
  reset(): void;
  setWebhookUrl(url: string | undefined): void;
  /** Resolves when no webhook is queued or being sent (retries waiting on the clock aside). */
  webhooksSettled(): Promise<void>;
  /** Recent webhook deliveries, oldest first. */
  deliveries(): Delivery[];
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const config = resolveOptions(options);
  const scheduler = new Scheduler(config.clock);
  const faults = new Faults(config.random, options.faults ?? {});
  const ctx: EmulatorContext = {
    config,
    scheduler,
    state: new EmulatorState(config),
    faults,
    webhooks: new WebhookDispatcher(config, scheduler, faults, config.random),
    random: config.random,
    hung: new Set(),
  };

  const seed = () => {
    const firstWaba = config.numbers[0]?.wabaId ?? '';
    for (const template of options.templates ?? []) {
      try {
        const id =
          template.id !== undefined && /^\d{1,16}$/.test(template.id) ? template.id : undefined;
        createTemplate(
          ctx,
          template.waba_id ?? firstWaba,
          template,
          template.status ?? 'APPROVED',
          id,
        );
      } catch (error) {
        const reason =
          error instanceof GraphError ? (error.details ?? error.message) : String(error);
        throw new Error(`emulator: seed template "${template.name}" is invalid: ${reason}`);
      }
    }
  };
  seed();

  const releaseHung = () => {
    for (const release of [...ctx.hung]) release();
  };
  const reset = () => {
    releaseHung();
    scheduler.cancelAll();
    ctx.webhooks.clear();
    ctx.state.clear();
    faults.reset();
    seed();
  };

  const plugin: FastifyPluginAsync = async (instance) => {
    await instance.register(async (graph) => registerGraphRoutes(graph, ctx));
    await instance.register(async (control) => {
      control.setErrorHandler(controlErrorHandler);
      await registerControlRoutes(control, ctx, reset);
      await registerPhoneRoutes(control, ctx);
    });
  };

  const app = Fastify({ logger: false });
  void app.register(plugin);
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/_emulator'))
      return reply
        .status(404)
        .send({ error: { message: `No route ${request.method} ${request.url}` } });
    const error = new GraphError(2500, undefined, {
      message: `Unknown path components: ${request.url.split('?')[0] ?? ''}`,
      noErrorData: true,
    });
    return reply.status(error.status).send(errorEnvelope(error, config.random));
  });

  return {
    app,
    plugin,
    async listen(port = 0, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      releaseHung();
      scheduler.cancelAll();
      await ctx.webhooks.close();
      await app.close();
    },
    reset,
    setWebhookUrl(url) {
      config.settings.webhookUrl = url;
      ctx.webhooks.wake();
    },
    webhooksSettled: () => ctx.webhooks.settled(),
    deliveries: () => ctx.webhooks.deliveries(),
  };
}

function controlErrorHandler(
  error: Error & { statusCode?: number },
  _request: unknown,
  reply: { status(code: number): { send(body: unknown): unknown } },
) {
  if (error instanceof ZodError)
    return reply
      .status(400)
      .send({ error: { message: z.prettifyError(error), issues: error.issues } });
  if (error instanceof ControlError)
    return reply.status(error.status).send({ error: { message: error.message } });
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
  return reply.status(status).send({ error: { message: error.message } });
}
