/**
 * Subscription group endpoints (reference §4g). A subscription group is a business number
 * (its id, e.g. `main`). Setting a state goes through the inbox as an `api.profile` event,
 * so it applies in order with the person's other events; reading answers Braze's
 * `Subscribed` / `Unsubscribed` / `Unknown`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IngestItem } from '../../runner/ingest.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { toE164 } from './phone.js';

/** Braze: at most 50 ids (or phones) per request. */
export const SUBSCRIPTION_MAX_IDS = 50;

const State = z.enum(['subscribed', 'unsubscribed']);
const OneOrMany = z.union([z.string().min(1), z.array(z.string().min(1))]);
const SetBody = z.looseObject({
  subscription_group_id: z.string().min(1),
  subscription_state: State,
  external_id: OneOrMany.optional(),
  phone: OneOrMany.optional(),
  email: OneOrMany.optional(),
});
const Group = z.looseObject({
  subscription_group_id: z.string().min(1),
  subscription_state: State,
  external_ids: z.array(z.string().min(1)).optional(),
  phones: z.array(z.string().min(1)).optional(),
  emails: z.array(z.string()).optional(),
});
const SetBodyV2 = z.looseObject({
  subscription_groups: z.array(Group).min(1),
  use_double_opt_in_logic: z.boolean().optional(),
});
const GetQuery = z.looseObject({
  subscription_group_id: z.string().min(1),
  external_id: OneOrMany.optional(),
  'external_id[]': OneOrMany.optional(),
  phone: OneOrMany.optional(),
  'phone[]': OneOrMany.optional(),
  email: OneOrMany.optional(),
});

interface Change {
  group: string;
  state: 'subscribed' | 'unsubscribed';
  externalIds: string[];
  phones: string[];
  field: string;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

export function subscriptionRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/subscription/status/set',
      summary: "Set people's subscription state in a group (Braze)",
      access: 'subscription.status.set',
      rate: 'subscription.set',
      body: SetBody,
      status: 201,
    },
    async ({ body }) => {
      if (body.email !== undefined && body.phone !== undefined)
        throw new ApiError(400, 'email_and_phone', 'send either email or phone, not both', {
          field: 'email',
        });
      if (body.email !== undefined)
        throw new ApiError(
          400,
          'email_unsupported',
          'email subscriptions are not supported; use external_id or phone',
          {
            field: 'email',
          },
        );
      await apply(deps, [
        {
          group: body.subscription_group_id,
          state: body.subscription_state,
          externalIds: list(body.external_id),
          phones: list(body.phone),
          field: '',
        },
      ]);
      return { message: 'success' };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/v2/subscription/status/set',
      summary: 'Set subscription states in several groups (Braze v2)',
      access: 'subscription.status.set',
      rate: 'subscription.set',
      body: SetBodyV2,
      status: 201,
    },
    async ({ body }) => {
      const changes = body.subscription_groups.map((g, i) => {
        if ((g.emails?.length ?? 0) > 0)
          throw new ApiError(
            400,
            'email_unsupported',
            `subscription_groups[${i}].emails: email subscriptions are not supported`,
            {
              field: `subscription_groups[${i}].emails`,
            },
          );
        return {
          group: g.subscription_group_id,
          state: g.subscription_state,
          externalIds: g.external_ids ?? [],
          phones: g.phones ?? [],
          field: `subscription_groups[${i}].`,
        };
      });
      await apply(deps, changes);
      return { message: 'success' };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/subscription/status/get',
      summary: "People's subscription state in a group (Braze)",
      access: 'subscription.status.get',
      rate: 'default',
      query: GetQuery,
    },
    async ({ query }) => {
      const group = knownGroup(deps, query.subscription_group_id, 'subscription_group_id');
      const externalIds = [...list(query.external_id), ...list(query['external_id[]'])];
      const phones = [...list(query.phone), ...list(query['phone[]'])];
      if (query.email !== undefined)
        throw new ApiError(400, 'email_unsupported', 'email subscriptions are not supported', {
          field: 'email',
        });
      if (externalIds.length + phones.length === 0)
        throw new ApiError(400, 'no_recipients', 'give external_id or phone', {
          field: 'external_id',
        });
      if (externalIds.length > SUBSCRIPTION_MAX_IDS || phones.length > SUBSCRIPTION_MAX_IDS)
        throw new ApiError(400, 'too_many_ids', `at most ${SUBSCRIPTION_MAX_IDS} ids per request`, {
          field: 'external_id',
        });
      const status: Record<string, string> = {};
      const word = (s: string | undefined) =>
        s === 'subscribed' ? 'Subscribed' : s === 'unsubscribed' ? 'Unsubscribed' : 'Unknown';
      for (const id of externalIds) {
        const contact = await deps.store.contacts.find({ externalId: id });
        status[id] = word(contact?.subscriptions[group]);
      }
      for (const raw of phones) {
        const phone = toE164(raw);
        const contact = phone === undefined ? undefined : await deps.store.contacts.find({ phone });
        status[raw] = word(contact?.subscriptions[group]);
      }
      return { status, message: 'success' };
    },
  );
}

function knownGroup(deps: ApiDeps, id: string, field: string): string {
  if (!deps.numbers.some((n) => n.id === id))
    throw new ApiError(400, 'invalid_subscription_group', `no subscription group "${id}"`, {
      field,
      hint: `known: ${deps.numbers.map((n) => n.id).join(', ')}`,
    });
  return id;
}

/** Checks everything first (nothing is stored for a bad request), then one durable submit. */
async function apply(deps: ApiDeps, changes: Change[]): Promise<void> {
  const items: IngestItem[] = [];
  const requestId = randomUUID();
  for (const [c, change] of changes.entries()) {
    knownGroup(deps, change.group, `${change.field}subscription_group_id`);
    if (change.externalIds.length === 0 && change.phones.length === 0)
      throw new ApiError(400, 'no_recipients', `${change.field}external_id or phone is required`, {
        field: `${change.field}external_id`,
      });
    if (
      change.externalIds.length > SUBSCRIPTION_MAX_IDS ||
      change.phones.length > SUBSCRIPTION_MAX_IDS
    )
      throw new ApiError(400, 'too_many_ids', `at most ${SUBSCRIPTION_MAX_IDS} ids per request`, {
        field: `${change.field}${change.phones.length > SUBSCRIPTION_MAX_IDS ? 'phone' : 'external_id'}`,
      });
    const payload = {
      kind: 'api.profile' as const,
      ops: [{ op: 'subscription' as const, number: change.group, state: change.state }],
    };
    for (const [i, externalId] of change.externalIds.entries()) {
      // An external id names an existing person; Braze does not create one here.
      const contact = await deps.store.contacts.find({ externalId });
      if (contact)
        items.push({
          dedupeKey: `api:sub:${requestId}:${c}:e${i}`,
          contactId: contact.id,
          payload,
        });
    }
    for (const [i, raw] of change.phones.entries()) {
      const phone = toE164(raw);
      if (phone === undefined)
        throw new ApiError(
          400,
          'invalid_phone',
          `${change.field}phone: "${raw}" is not a phone number (E.164)`,
          {
            field: `${change.field}phone[${i}]`,
          },
        );
      // A phone with no profile gets one, as Braze does for unknown WhatsApp numbers.
      items.push({ dedupeKey: `api:sub:${requestId}:${c}:p${i}`, address: { phone }, payload });
    }
  }
  await deps.runner.ingest.submit(items);
}
