/**
 * The emulator's own control API (no token). Phone routes are in phone-routes.ts. Errors
 * answer `{error: {message, issues?}}`.
 *
 * - `GET   /_emulator/config` → numbers, webhook URL, settings
 * - `PATCH /_emulator/config` `{outside_window?: "async"|"sync", unknown_recipients?:
 *   "create"|"not_on_whatsapp", delivery?: {sent_after_ms?, delivered_after_ms?, read_after_ms?},
 *   template_review?: {delay_ms?, outcome?, rules?: [{name, outcome, reason?}]},
 *   pair_rate?: {interval_ms?, burst?}}` → the config
 * - `PUT   /_emulator/webhook` `{url: string | null}` → `{url}`
 * - `POST  /_emulator/webhook/verify` `{verify_token, url?}` → `{ok, status, challenge, body}`:
 *   Meta's `GET ?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…` handshake
 * - `GET   /_emulator/webhooks?limit=` → `{data: [delivery]}` newest first (attempts, state, payload)
 * - `GET   /_emulator/messages?limit=` → `{data: [message]}` newest first, all chats
 * - `GET   /_emulator/templates` → `{data: [template]}` every WABA
 * - `POST  /_emulator/templates/:id/status` `{status, reason?, pause_title?}` → template (and
 *   the status webhook), e.g. to pause or disable an approved template
 * - `GET   /_emulator/faults` → the fault settings; `PUT /_emulator/faults` replaces them
 *   (fields left out are off) → the new settings; see faults.ts
 * - `POST  /_emulator/reset` → `{success: true}`: phones, messages, windows, opt-outs, rate
 *   limits, queued webhooks and faults cleared, templates back to the seeds; the webhook URL
 *   and settings changed at run time stay
 */
import type { FastifyInstance } from 'fastify';
import { request as httpRequest } from 'undici';
import { z } from 'zod';
import type { EmulatorContext } from './context.js';
import { ControlError } from './control-error.js';
import { messageView } from './control-views.js';
import { newGraphId } from './ids.js';
import { TEMPLATE_STATUSES, templateJson } from './templates-store.js';
import { setTemplateStatus } from './template-review.js';

const Outcome = z.enum(['APPROVED', 'REJECTED']);
const Reason = z.enum([
  'ABUSIVE_CONTENT',
  'INCORRECT_CATEGORY',
  'INVALID_FORMAT',
  'PROMOTIONAL',
  'SCAM',
  'TAG_CONTENT_MISMATCH',
]);
const ConfigPatch = z.strictObject({
  outside_window: z.enum(['async', 'sync']).optional(),
  unknown_recipients: z.enum(['create', 'not_on_whatsapp']).optional(),
  delivery: z
    .strictObject({
      sent_after_ms: z.number().int().min(0).optional(),
      delivered_after_ms: z.number().int().min(0).optional(),
      read_after_ms: z.number().int().min(0).optional(),
    })
    .optional(),
  template_review: z
    .strictObject({
      delay_ms: z.number().int().min(0).optional(),
      outcome: Outcome.optional(),
      rules: z
        .array(z.strictObject({ name: z.string(), outcome: Outcome, reason: Reason.optional() }))
        .optional(),
    })
    .optional(),
  pair_rate: z
    .strictObject({
      interval_ms: z.number().int().min(1).optional(),
      burst: z.number().int().min(1).optional(),
    })
    .optional(),
});

const Limit = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export async function registerControlRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  reset: () => void,
) {
  const settings = ctx.config.settings;
  const configView = () => ({
    business_numbers: ctx.config.numbers.map((n) => ({
      phone_number_id: n.phoneNumberId,
      display_phone_number: n.displayPhoneNumber,
      waba_id: n.wabaId,
      verified_name: n.verifiedName,
      throughput_per_second: n.throughputPerSecond,
    })),
    webhook_url: settings.webhookUrl ?? null,
    webhook_api_version: ctx.config.webhooks.apiVersion,
    outside_window: settings.outsideWindow,
    unknown_recipients: settings.unknownRecipients,
    delivery: {
      sent_after_ms: settings.delivery.sentAfterMs,
      delivered_after_ms: settings.delivery.deliveredAfterMs,
      read_after_ms: settings.delivery.readAfterMs,
    },
    template_review: {
      delay_ms: settings.review.delayMs,
      outcome: settings.review.outcome,
      rules: settings.review.rules.map((r) => ({ ...r, name: String(r.name) })),
    },
    pair_rate: { interval_ms: settings.pairRate.intervalMs, burst: settings.pairRate.burst },
  });

  app.get('/_emulator/config', async () => configView());

  app.patch('/_emulator/config', async (request) => {
    const patch = ConfigPatch.parse(request.body ?? {});
    if (patch.outside_window) settings.outsideWindow = patch.outside_window;
    if (patch.unknown_recipients) settings.unknownRecipients = patch.unknown_recipients;
    const d = patch.delivery;
    if (d?.sent_after_ms !== undefined) settings.delivery.sentAfterMs = d.sent_after_ms;
    if (d?.delivered_after_ms !== undefined)
      settings.delivery.deliveredAfterMs = d.delivered_after_ms;
    if (d?.read_after_ms !== undefined) settings.delivery.readAfterMs = d.read_after_ms;
    const r = patch.template_review;
    if (r?.delay_ms !== undefined) settings.review.delayMs = r.delay_ms;
    if (r?.outcome !== undefined) settings.review.outcome = r.outcome;
    if (r?.rules !== undefined) settings.review.rules = r.rules;
    if (patch.pair_rate?.interval_ms !== undefined)
      settings.pairRate.intervalMs = patch.pair_rate.interval_ms;
    if (patch.pair_rate?.burst !== undefined) settings.pairRate.burst = patch.pair_rate.burst;
    return configView();
  });

  app.put('/_emulator/webhook', async (request) => {
    const body = z.strictObject({ url: z.url().nullable() }).parse(request.body ?? {});
    settings.webhookUrl = body.url ?? undefined;
    ctx.webhooks.wake();
    return { url: body.url };
  });

  app.post('/_emulator/webhook/verify', async (request) => {
    const body = z
      .strictObject({ verify_token: z.string(), url: z.url().optional() })
      .parse(request.body ?? {});
    const url = body.url ?? settings.webhookUrl;
    if (!url) throw new ControlError(409, 'No webhook URL is set.');
    const challenge = newGraphId(ctx.random);
    const target = new URL(url);
    target.searchParams.set('hub.mode', 'subscribe');
    target.searchParams.set('hub.challenge', challenge);
    target.searchParams.set('hub.verify_token', body.verify_token);
    try {
      const response = await httpRequest(target, { method: 'GET' });
      const text = await response.body.text();
      const ok = response.statusCode === 200 && text === challenge;
      return { ok, status: response.statusCode, challenge, body: text };
    } catch (error) {
      throw new ControlError(502, `The webhook did not answer: ${String(error)}`);
    }
  });

  app.get('/_emulator/webhooks', async (request) => {
    const { limit } = Limit.parse(request.query);
    const data = ctx.webhooks.deliveries().slice(-limit).reverse();
    return {
      data: data.map(({ body: _body, ...delivery }) => ({
        ...delivery,
        created_at: new Date(delivery.createdAt).toISOString(),
      })),
    };
  });

  app.get('/_emulator/messages', async (request) => {
    const { limit } = Limit.parse(request.query);
    return { data: ctx.state.log.recent(limit).map(messageView) };
  });

  app.get('/_emulator/templates', async () => ({
    data: ctx.state.templates.all().map((t) => ({ ...templateJson(t), waba_id: t.wabaId })),
  }));

  app.post<{ Params: { id: string } }>('/_emulator/templates/:id/status', async (request) => {
    const template = ctx.state.templates.get(request.params.id);
    if (!template) throw new ControlError(404, `No template ${request.params.id}.`);
    const body = z
      .strictObject({
        status: z.enum(TEMPLATE_STATUSES),
        reason: z.string().optional(),
        pause_title: z.string().optional(),
      })
      .parse(request.body ?? {});
    setTemplateStatus(ctx, template, body.status, {
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      ...(body.pause_title !== undefined ? { pauseTitle: body.pause_title } : {}),
    });
    return templateJson(template);
  });

  app.get('/_emulator/faults', async () => ctx.faults.settings);
  app.put('/_emulator/faults', async (request) => ctx.faults.replace(request.body ?? {}));

  app.post('/_emulator/reset', async () => {
    reset();
    return { success: true };
  });
}
