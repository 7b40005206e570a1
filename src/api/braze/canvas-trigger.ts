/**
 * `POST /canvas/trigger/send` (reference §4d): enter people into an API-triggered canvas.
 * Each recipient's `attributes` are applied first (an `api.profile` inbox event), then the
 * entry (`api.enter`) with `context` — top level and per recipient, the recipient's keys
 * winning; `canvas_entry_properties` is the old name and still works. `broadcast` /
 * `audience` store a broadcast job and answer at once; the runner walks the contacts a page
 * at a time (src/runner/broadcasts.ts).
 * A stopped or archived canvas answers 201 with Braze's notice and enters no one.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IngestItem } from '../../runner/ingest.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { charge, defineRoute, type Router } from '../routing.js';
import { attributesToChange, isRecord } from './attributes.js';
import { compileAudience, type Predicate } from './audience.js';
import type { EntrySpec } from './broadcast-handler.js';
import { existingContacts, identify } from './identify.js';

/** Braze: at most 50 explicit recipients per request. */
export const TRIGGER_MAX_RECIPIENTS = 50;
/** Braze: entry properties (`context`) up to 50 KB. */
export const CONTEXT_MAX_BYTES = 50 * 1024;
export const PAUSED_NOTICE =
  'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.';

const Context = z.record(z.string(), z.unknown());
const Recipient = z.looseObject({
  external_user_id: z.string().optional(),
  user_alias: z.object({ alias_name: z.string(), alias_label: z.string() }).optional(),
  context: Context.optional(),
  canvas_entry_properties: Context.optional(),
  send_to_existing_only: z.boolean().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
const TriggerBody = z.looseObject({
  canvas_id: z.string({ error: "'canvas_id' is required" }).min(1),
  context: Context.optional(),
  canvas_entry_properties: Context.optional(),
  broadcast: z.boolean().optional(),
  audience: z.unknown().optional(),
  recipients: z.array(Recipient).optional(),
});
type TriggerBody = z.output<typeof TriggerBody>;
type RecipientBody = z.output<typeof Recipient>;

export function canvasTriggerRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/canvas/trigger/send',
      summary: 'Enter people into an API-triggered canvas (Braze)',
      access: 'canvas.trigger.send',
      rate: 'messaging',
      body: TriggerBody,
      status: 201,
    },
    async ({ body, auth, reply }) => {
      const recipients = body.recipients ?? [];
      if (body.broadcast === true && recipients.length > 0)
        throw new ApiError(
          400,
          'broadcast_with_recipients',
          'broadcast cannot be used with recipients',
          {
            field: 'broadcast',
          },
        );
      if (recipients.length > TRIGGER_MAX_RECIPIENTS)
        throw new ApiError(
          400,
          'too_many_recipients',
          `at most ${TRIGGER_MAX_RECIPIENTS} recipients per request`,
          {
            field: 'recipients',
            hint: `${recipients.length} given; use broadcast or audience for more`,
          },
        );
      const targetsAll = body.broadcast === true || body.audience !== undefined;
      if (recipients.length === 0 && !targetsAll)
        throw new ApiError(
          400,
          'no_recipients',
          'There are no recipients: give recipients, audience or broadcast: true',
          {
            field: 'recipients',
          },
        );
      const at = deps.now();
      const audience = body.audience === undefined ? undefined : compileAudience(body.audience, at);
      recipients.forEach((r, i) => checkRecipient(r, i));
      const topContext = body.context ?? body.canvas_entry_properties ?? {};
      checkContextSize(topContext, 'context');

      const canvas = await triggerable(deps, body.canvas_id);
      const dispatchId = randomUUID().replaceAll('-', '');
      if (canvas === 'paused')
        return { dispatch_id: dispatchId, message: 'success', notice: PAUSED_NOTICE };
      if (targetsAll && recipients.length === 0) {
        charge(router, reply, auth, 'broadcast');
        // A durable job the runner walks page by page (src/runner/broadcasts.ts); the
        // answer does not wait for a million people, as Braze's does not.
        await deps.store.broadcasts.create({
          id: dispatchId,
          kind: 'enter',
          payload: { canvasId: body.canvas_id, context: topContext } satisfies EntrySpec,
          ...(body.audience !== undefined ? { audience: body.audience } : {}),
          audienceAt: at,
        });
        deps.runner.notify();
      } else {
        await enterRecipients(deps, body, dispatchId, topContext, audience);
      }
      return { dispatch_id: dispatchId, message: 'success' };
    },
  );
}

function checkRecipient(r: RecipientBody, i: number): void {
  const field = `recipients[${i}]`;
  if (r.external_user_id === undefined && r.user_alias === undefined)
    throw new ApiError(
      400,
      'invalid_recipient',
      `${field}: external_user_id or user_alias is required`,
      { field },
    );
  if (r.send_to_existing_only === false && r.attributes === undefined)
    throw new ApiError(
      400,
      'attributes_required',
      `${field}: attributes are required when send_to_existing_only is false`,
      {
        field: `${field}.attributes`,
      },
    );
  if (r.send_to_existing_only !== undefined && r.user_alias !== undefined)
    throw new ApiError(
      400,
      'invalid_recipient',
      `${field}: send_to_existing_only cannot be used with user_alias`,
      {
        field: `${field}.send_to_existing_only`,
      },
    );
  checkContextSize(
    { ...(r.canvas_entry_properties ?? {}), ...(r.context ?? {}) },
    `${field}.context`,
  );
}

function checkContextSize(context: Record<string, unknown>, field: string): void {
  if (Buffer.byteLength(JSON.stringify(context)) > CONTEXT_MAX_BYTES)
    throw new ApiError(400, 'context_too_large', `${field} is larger than 50 KB`, { field });
}

/** 'live', or 'paused' for a stopped or archived canvas; anything else is refused. */
async function triggerable(deps: ApiDeps, canvasId: string): Promise<'live' | 'paused'> {
  const record = await deps.store.canvases.get(canvasId);
  if (record === undefined)
    throw new ApiError(400, 'invalid_canvas_id', `Invalid Canvas ID: no canvas "${canvasId}"`, {
      field: 'canvas_id',
    });
  if (record.liveVersion === null)
    throw new ApiError(
      400,
      'canvas_not_launched',
      `Canvas "${canvasId}" has never been published`,
      {
        field: 'canvas_id',
      },
    );
  const version = await deps.store.canvases.getVersion(canvasId, record.liveVersion);
  const entry = version?.definition.entry;
  if (!isRecord(entry) || entry.type !== 'api')
    throw new ApiError(
      400,
      'not_api_triggered',
      `Canvas "${canvasId}" is not API-triggered (entry type ${String(isRecord(entry) ? entry.type : '?')})`,
      {
        field: 'canvas_id',
      },
    );
  return record.status === 'live' ? 'live' : 'paused';
}

async function enterRecipients(
  deps: ApiDeps,
  body: TriggerBody,
  dispatchId: string,
  topContext: Record<string, unknown>,
  audience: Predicate | undefined,
): Promise<void> {
  const numbers = deps.numbers.map((n) => n.id);
  const items: IngestItem[] = [];
  const zones = new Map<number, string>();
  const recipients = body.recipients ?? [];
  const whos = recipients.map((r, i) => {
    const who = identify(
      r.external_user_id !== undefined
        ? { external_id: r.external_user_id }
        : { user_alias: r.user_alias },
    );
    if (!who.ok)
      throw new ApiError(400, 'invalid_recipient', `recipients[${i}]: ${who.problem}`, {
        field: `recipients[${i}]`,
      });
    return who.who;
  });
  const found = await existingContacts(deps.store, whos);
  const profiles = audience
    ? await deps.store.contacts.getMany(found.filter((id): id is string => id !== undefined))
    : undefined;
  for (const [i, r] of recipients.entries()) {
    const who = { who: whos[i] ?? { address: {} } };
    const existing = found[i];
    const existingOnly = r.send_to_existing_only ?? true;
    if (existing === undefined && (existingOnly || r.user_alias !== undefined)) continue;
    if (audience && existing !== undefined) {
      const contact = profiles?.get(existing);
      if (contact && !audience(contact)) continue;
    }
    const target = existing !== undefined ? { contactId: existing } : { ...who.who };
    if (r.attributes !== undefined) {
      const change = attributesToChange(r.attributes, numbers);
      // Braze: subscription groups cannot be set through trigger attributes.
      const ops = change.ops.filter((op) => op.op !== 'subscription');
      const address =
        'address' in target && change.phone
          ? { address: { ...target.address, phone: change.phone } }
          : target;
      if (change.timeZone) zones.set(items.length, change.timeZone);
      items.push({
        dedupeKey: `api:enter:${dispatchId}:${i}:profile`,
        ...address,
        payload: {
          kind: 'api.profile',
          ops,
          ...(change.timeZone ? { timeZone: change.timeZone } : {}),
        },
      });
    }
    items.push({
      dedupeKey: `api:enter:${dispatchId}:${i}`,
      ...target,
      payload: {
        kind: 'api.enter',
        canvasId: body.canvas_id,
        context: { ...topContext, ...(r.canvas_entry_properties ?? {}), ...(r.context ?? {}) },
        dispatchId,
      },
    });
  }
  const results = await deps.runner.ingest.submit(items);
  // The runner does not apply api.profile's time zone yet (see the report): write it here.
  for (const [index, zone] of zones) {
    const contactId = results[index]?.contactId;
    if (contactId) await deps.store.contacts.update(contactId, { timeZone: zone });
  }
}
