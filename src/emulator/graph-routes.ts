/**
 * The Graph side: every route needs the access token, errors use Meta's envelope.
 *
 * - `POST /{version}/{PHONE_NUMBER_ID}/messages` — send, or mark as read
 * - `GET  /{version}/{ID}` — a phone number, WABA, template or media object (`?fields=`)
 * - `POST /{version}/{TEMPLATE_ID}` — edit a template
 * - `GET|POST|DELETE /{version}/{WABA_ID}/message_templates` — templates (template-routes.ts)
 * - `GET  /{version}/{WABA_ID}/phone_numbers`
 * - `GET  /whatsapp_business/attachments/?mid=…` — media bytes (the URL `GET /{media-id}` gives)
 *
 * The version segment may be left out, as Graph allows.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { checkToken } from './auth.js';
import type { EmulatorContext } from './context.js';
import { numberById } from './context.js';
import { errorEnvelope, GraphError } from './errors.js';
import { checkVersion, versioned } from './graph-paths.js';
import { getNode, unknownObject, wabaPhoneNumbers } from './graph-nodes.js';
import { downloadMedia } from './media-routes.js';
import { sendMessage } from './send-message.js';
import { editTemplate, registerTemplateRoutes } from './template-routes.js';

type Params = { version?: string; id: string };

export async function registerGraphRoutes(app: FastifyInstance, ctx: EmulatorContext) {
  app.setErrorHandler((error: FastifyError | GraphError, _request, reply) => {
    const graphError = error instanceof GraphError ? error : fromFastifyError(error);
    return reply.status(graphError.status).send(errorEnvelope(graphError, ctx.random));
  });
  app.addHook('onRequest', async (request) => {
    checkToken(ctx.config.accessTokens, request.headers.authorization, request.query);
  });

  for (const url of versioned('/:id/messages'))
    app.post<{ Params: Params }>(url, async (request, reply) => {
      checkVersion(request.params.version);
      const number = numberById(ctx, request.params.id);
      if (!number) throw unknownObject('post', request.params.id);
      return answerSend(ctx, reply, () => sendMessage(ctx, number, request.body));
    });

  for (const url of versioned('/:id'))
    app.get<{ Params: Params; Querystring: { fields?: string } }>(url, async (request) => {
      checkVersion(request.params.version);
      return getNode(ctx, request.params.id, request.query.fields, mediaBase(request));
    });

  for (const url of versioned('/:id'))
    app.post<{ Params: Params }>(url, async (request) => {
      checkVersion(request.params.version);
      return editTemplate(ctx, request.params.id, request.body);
    });

  for (const url of versioned('/:id/phone_numbers'))
    app.get<{ Params: Params }>(url, async (request) => {
      checkVersion(request.params.version);
      return wabaPhoneNumbers(ctx, request.params.id);
    });

  registerTemplateRoutes(app, ctx);

  app.get<{ Querystring: { mid?: string; ext?: string; hash?: string } }>(
    '/whatsapp_business/attachments/',
    async (request, reply) => downloadMedia(ctx, request.query, reply),
  );

  function mediaBase(request: { protocol: string; host: string }): string {
    return `${request.protocol}://${request.host}${app.prefix}`;
  }
}

/** Apply the send faults (5xx answers, hangs) around a send. */
async function answerSend(
  ctx: EmulatorContext,
  reply: FastifyReply,
  send: () => unknown,
): Promise<unknown> {
  const { serverError, hang } = ctx.faults.settings.sends;
  if (ctx.faults.hit(serverError)) throw new GraphError(serverError.code);
  if (!ctx.faults.hit(hang)) return send();
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown } = {
    ok: false,
    error: new GraphError(2),
  };
  if (hang.accept) {
    try {
      outcome = { ok: true, value: send() };
    } catch (error) {
      outcome = { ok: false, error };
    }
  }
  await new Promise<void>((resolve) => {
    const release = () => {
      ctx.hung.delete(release);
      ctx.scheduler.cancel(timer);
      resolve();
    };
    const timer = ctx.scheduler.after(hang.ms, release);
    ctx.hung.add(release);
  });
  if (outcome.ok) return reply.send(outcome.value);
  throw outcome.error;
}

/** Fastify's own refusals (bad JSON, wrong content type) in Graph's words. */
function fromFastifyError(error: FastifyError): GraphError {
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
    return new GraphError(100, `The request body could not be read: ${error.message}`);
  return new GraphError(131000, error.message);
}
