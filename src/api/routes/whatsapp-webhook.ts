/**
 * WhatsApp's webhook endpoint. GET answers Meta's verification handshake. POST checks
 * `X-Hub-Signature-256` over the exact raw bytes, parses the payload, makes every event
 * durable (the inbox, deduplicated) and only then answers 200 — so an acknowledged event is
 * never lost, and a redelivery is recognised. Malformed, unsigned or wrongly signed bodies
 * are refused and store nothing.
 */
import type { FastifyInstance } from 'fastify';
import { parseWebhook, formatWebhookIssue } from '../../channels/whatsapp/webhook-parse.js';
import {
  SIGNATURE_HEADER,
  verifyHandshake,
  verifySignature,
} from '../../channels/whatsapp/webhook-signature.js';
import type { Secret } from '../../channels/whatsapp/secret.js';
import { intakeOf } from '../../runner/whatsapp-inbound.js';
import type { Ingest } from '../../runner/ingest.js';
import type { Store } from '../../store/open.js';
import { ApiError, errors } from '../errors.js';

/** Meta posts at most 3 MB. */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

export interface WebhookDeps {
  store: Store;
  ingest: Ingest;
  appSecrets: () => Secret[];
  verifyTokens: () => Secret[];
  numberOf: (phoneNumberId: string) => string | undefined;
  onTemplatesChanged: () => void;
  counters: {
    webhooks: number;
    events: number;
    duplicates: number;
    unknown: number;
    refused: number;
  };
}

export async function whatsappWebhookRoutes(
  app: FastifyInstance,
  deps: WebhookDeps,
): Promise<void> {
  // The signature covers the raw bytes: keep them, parse JSON ourselves.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  app.get('/webhooks/whatsapp', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    for (const token of deps.verifyTokens()) {
      const result = verifyHandshake(query, token);
      if (result.ok) return reply.type('text/plain').send(result.challenge);
    }
    deps.counters.refused++;
    return reply.code(403).type('text/plain').send('verification failed');
  });

  app.post('/webhooks/whatsapp', { bodyLimit: WEBHOOK_BODY_LIMIT }, async (request, reply) => {
    const raw = request.body;
    if (!Buffer.isBuffer(raw))
      throw errors.badRequest('bad_content_type', 'send the webhook as application/json');
    const header = request.headers[SIGNATURE_HEADER];
    const signature = Array.isArray(header) ? header[0] : header;
    const secrets = deps.appSecrets();
    const signed = secrets.some((secret) => verifySignature(raw, signature, secret).ok);
    if (!signed) {
      deps.counters.refused++;
      throw new ApiError(
        401,
        signature === undefined ? 'signature_missing' : 'signature_invalid',
        signature === undefined
          ? `the ${SIGNATURE_HEADER} header is missing`
          : `the ${SIGNATURE_HEADER} signature does not match the body`,
      );
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      deps.counters.refused++;
      throw errors.badRequest('malformed_json', 'the body is not valid JSON');
    }
    const parsed = parseWebhook(payload);
    if (parsed.events.length === 0 && parsed.issues.length > 0) {
      deps.counters.refused++;
      throw errors.badRequest(
        'malformed_webhook',
        parsed.issues.map(formatWebhookIssue).slice(0, 5).join('; '),
      );
    }
    const intake = intakeOf(parsed.events, deps.numberOf);
    deps.counters.webhooks++;
    deps.counters.unknown += intake.ignored.length + parsed.issues.length;
    if (intake.templates.length > 0) {
      for (const t of intake.templates) {
        if (t.status !== undefined)
          // By Meta's id, or by name and language for templates stored before their id
          // was known (seeded, or created elsewhere and synced by name).
          if (
            (await deps.store.templates.setStatus(
              { id: t.templateId },
              t.status,
              t.reason ?? undefined,
            )) === 0
          ) {
            await deps.store.templates.setStatus(
              { name: t.name, language: t.language, wabaId: t.wabaId },
              t.status,
              t.reason ?? undefined,
            );
          }
      }
      deps.onTemplatesChanged();
    }
    const results = await deps.ingest.submit(intake.items);
    deps.counters.events += results.filter((r) => !r.duplicate).length;
    deps.counters.duplicates += results.filter((r) => r.duplicate).length;
    return reply.code(200).send({ received: results.length });
  });
}
