/**
 * `POST /messages/send` with the `whats_app` object (reference §4f): a one-off send, outside
 * any canvas. Each recipient's message goes into the outbox (and the message log, so
 * statuses and the timeline follow it) in one transaction; the dispatcher sends it with the
 * same pacing, retries and ambiguity rules as canvas sends. Recipients: `external_user_ids`
 * (≤ 50), or `broadcast` / `audience`: a job the runner walks a page at a time.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ContactRecord } from '../../store/repos/contact-rows.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { charge, defineRoute, type Router } from '../routing.js';
import { compileAudience } from './audience.js';
import { queueMessages, type MessageSpec } from './message-queue.js';
import { toOutbound, WhatsAppObject } from './whats-app-object.js';

export const SEND_MAX_RECIPIENTS = 50;

const SendBody = z.looseObject({
  external_user_ids: z.array(z.string().min(1)).optional(),
  broadcast: z.boolean().optional(),
  audience: z.unknown().optional(),
  campaign_id: z.string().optional(),
  send_id: z.string().optional(),
  recipient_subscription_state: z.enum(['opted_in', 'subscribed', 'all']).optional(),
  messages: z.looseObject({ whats_app: WhatsAppObject.optional() }),
});
type SendBody = z.output<typeof SendBody>;

export function messagesSendRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/messages/send',
      summary: 'Send a one-off WhatsApp message (Braze messages.whats_app)',
      access: 'messages.send',
      rate: 'messaging',
      body: SendBody,
      status: 201,
    },
    async ({ body, auth, reply }) => {
      const whatsApp = body.messages.whats_app;
      if (whatsApp === undefined)
        throw new ApiError(
          400,
          'no_message',
          'messages.whats_app is required (the only channel here)',
          {
            field: 'messages.whats_app',
          },
        );
      const ids = body.external_user_ids ?? [];
      if (ids.length > SEND_MAX_RECIPIENTS)
        throw new ApiError(
          400,
          'too_many_recipients',
          `at most ${SEND_MAX_RECIPIENTS} external_user_ids per request`,
          {
            field: 'external_user_ids',
          },
        );
      const everyone = body.broadcast === true || body.audience !== undefined;
      if (ids.length > 0 && body.broadcast === true)
        throw new ApiError(
          400,
          'broadcast_with_recipients',
          'broadcast cannot be used with external_user_ids',
          {
            field: 'broadcast',
          },
        );
      if (ids.length === 0 && !everyone)
        throw new ApiError(
          400,
          'no_recipients',
          'There are no recipients: give external_user_ids, audience or broadcast: true',
          {
            field: 'external_user_ids',
          },
        );
      const number = deps.numbers.find((n) => n.id === whatsApp.subscription_group_id);
      if (number === undefined)
        throw new ApiError(
          400,
          'invalid_subscription_group',
          `no subscription group "${whatsApp.subscription_group_id}"`,
          {
            field: 'messages.whats_app.subscription_group_id',
            hint: `known: ${deps.numbers.map((n) => n.id).join(', ')}`,
          },
        );
      const { lookup } = await deps.runner.catalog.templates();
      const message = toOutbound(whatsApp, lookup);
      const at = deps.now();
      const audience = body.audience === undefined ? undefined : compileAudience(body.audience, at);
      // Every request is a dispatch of its own, as at Braze. A send_id only tracks: Braze
      // lets one be given again (a programmatic message sent day after day), and keys made
      // from it would have taken a second send for a duplicate of the first and dropped it.
      const dispatchId = randomUUID().replaceAll('-', '');
      const spec: MessageSpec = {
        dispatchId,
        ...(body.send_id !== undefined ? { sendId: body.send_id } : {}),
        number: number.id,
        message,
        ...(body.recipient_subscription_state !== undefined
          ? { subscriptionState: body.recipient_subscription_state }
          : {}),
        ...(body.campaign_id !== undefined ? { campaignId: body.campaign_id } : {}),
      };
      if (ids.length > 0) {
        const found = await Promise.all(
          ids.map((id) => deps.store.contacts.find({ externalId: id })),
        );
        await queueMessages(
          deps.store,
          at,
          spec,
          found.filter((c): c is ContactRecord => c !== undefined && (!audience || audience(c))),
        );
      } else {
        charge(router, reply, auth, 'broadcast');
        // A durable job the runner walks page by page (src/runner/broadcasts.ts).
        await deps.store.broadcasts.create({
          id: randomUUID().replaceAll('-', ''),
          kind: 'send',
          payload: { ...spec },
          ...(body.audience !== undefined ? { audience: body.audience } : {}),
          audienceAt: at,
        });
      }
      deps.runner.notify();
      return { dispatch_id: dispatchId, message: 'success' };
    },
  );
}
