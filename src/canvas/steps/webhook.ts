/**
 * `webhook`: call an HTTP endpoint (a CRM, a Braze-to-Braze call, a bot). URL, header values
 * and body strings are Liquid. With `on_success` / `on_failure` the journey waits for the
 * outcome and branches on it; with only `next` it goes on at once.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import { Duration, Id, LiquidText, oneOf, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: crm
  type: webhook
  request:
    method: POST
    url: "https://crm.example/hooks/feedback"
    headers: { Authorization: "Bearer {{ context.crm_token }}" }
    body: { id: "{{ user.external_id }}", answer: "{{ whats_app.inbound_message_body }}" }
  timeout: 10s
  retries: 3
  on_success: done
  on_failure: alert
- { id: done, type: exit }
- { id: alert, type: exit }
`;

const Json: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(Json),
    z.record(z.string(), Json),
  ]),
);

export const WebhookStep = strict(
  {
    ...stepBase,
    type: z.literal('webhook'),
    request: strict(
      {
        method: oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const, 'HTTP method').optional(),
        url: LiquidText.refine((u) => /^https?:\/\//.test(u) || u.startsWith('{{'), {
          message: 'the URL must start with http:// or https://',
        }),
        headers: z.record(z.string(), LiquidText).optional(),
        body: Json.optional(),
      },
      'request field',
    ),
    timeout: Duration.optional(),
    retries: z.number().int().min(0).max(10).optional(),
    next,
    on_success: Id.optional(),
    on_failure: Id.optional(),
  },
  'webhook field',
).superRefine((value, ctx) => {
  const branches = value.on_success !== undefined || value.on_failure !== undefined;
  if (branches && value.next !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['next'],
      message: 'use next, or on_success / on_failure, not both',
    });
  }
});
export type WebhookStep = z.infer<typeof WebhookStep>;
