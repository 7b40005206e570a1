/**
 * `POST /users/track` (reference §4c): attributes, then events, then purchases, each at
 * most 75 per request, made durable as inbox events in that order before the answer.
 * Attributes become an `api.profile` event (applied in order with the person's other
 * events), custom events an `api.event` (entering event canvases, feeding Action Paths),
 * purchases an `api.event` named `purchase`. An object that cannot be used is a non-fatal
 * error (`{type, input_array, index}`, Braze's shape); the rest still goes through.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IngestItem } from '../../runner/ingest.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { attributesToChange, isRecord } from './attributes.js';
import { existingContact, identify, type Who } from './identify.js';

/** Braze: at most 75 attributes, 75 events and 75 purchases per request. */
export const TRACK_MAX_PER_ARRAY = 75;
/** Braze: event and purchase properties up to 100 KB of JSON. */
const MAX_PROPERTIES_BYTES = 100 * 1024;
const MAX_PROPERTY_KEY = 255;
const MAX_STRING_VALUE = 255;

const Ids = {
  external_id: z.string().optional(),
  braze_id: z.string().optional(),
  user_alias: z.object({ alias_name: z.string(), alias_label: z.string() }).optional(),
  phone: z.string().optional(),
  _update_existing_only: z.boolean().optional(),
};
const AttributesObject = z.looseObject({
  ...Ids,
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
  time_zone: z.string().optional(),
  subscription_groups: z
    .array(
      z.object({
        subscription_group_id: z.string(),
        subscription_state: z.enum(['subscribed', 'unsubscribed']),
      }),
    )
    .optional(),
});
const EventObject = z.looseObject({
  ...Ids,
  name: z.string(),
  time: z.string(),
  properties: z.record(z.string(), z.unknown()).optional(),
  app_id: z.string().optional(),
});
const PurchaseObject = z.looseObject({
  ...Ids,
  product_id: z.string(),
  currency: z.string(),
  price: z.number(),
  quantity: z.number().int().optional(),
  time: z.string(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

const List = z.array(z.unknown()).optional();
const TrackBody = z.looseObject({ attributes: List, events: List, purchases: List });
const TrackDoc = z.looseObject({
  attributes: z.array(AttributesObject).max(TRACK_MAX_PER_ARRAY).optional(),
  events: z.array(EventObject).max(TRACK_MAX_PER_ARRAY).optional(),
  purchases: z.array(PurchaseObject).max(TRACK_MAX_PER_ARRAY).optional(),
});

type InputArray = 'attributes' | 'events' | 'purchases';
export interface NonFatal {
  type: string;
  input_array: InputArray;
  index: number;
}

interface Planned {
  who: Who;
  updateExistingOnly: boolean;
  payload: IngestItem['payload'];
  array: InputArray;
  index: number;
  timeZone?: string;
}

export function usersTrackRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/users/track',
      summary: 'Record user attributes, custom events and purchases (Braze)',
      access: 'users.track',
      rate: 'users.track',
      body: TrackBody,
      docBody: TrackDoc,
      status: 201,
    },
    async ({ body }) => {
      const arrays: InputArray[] = ['attributes', 'events', 'purchases'];
      if (arrays.every((a) => body[a] === undefined))
        throw new ApiError(
          400,
          'no_data',
          "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.",
        );
      for (const a of arrays) {
        const count = body[a]?.length ?? 0;
        if (count > TRACK_MAX_PER_ARRAY)
          throw new ApiError(400, 'max_input_length_exceeded', 'Max Input Length Exceeded', {
            field: a,
            hint: `${count} ${a}; at most ${TRACK_MAX_PER_ARRAY} per request`,
          });
      }
      const errors: NonFatal[] = [];
      const planned: Planned[] = [];
      const numbers = deps.numbers.map((n) => n.id);
      const now = deps.now();
      body.attributes?.forEach((raw, index) =>
        plan(raw, 'attributes', index, errors, planned, (object) => {
          const change = attributesToChange(object, numbers);
          for (const problem of change.problems)
            errors.push({ type: problem, input_array: 'attributes', index });
          return {
            payload: {
              kind: 'api.profile',
              ops: change.ops,
              ...(change.timeZone ? { timeZone: change.timeZone } : {}),
            },
            ...(change.timeZone ? { timeZone: change.timeZone } : {}),
          };
        }),
      );
      body.events?.forEach((raw, index) =>
        plan(raw, 'events', index, errors, planned, (object) => eventPayload(object, now)),
      );
      body.purchases?.forEach((raw, index) =>
        plan(raw, 'purchases', index, errors, planned, (object) => purchasePayload(object, now)),
      );

      const kept: Planned[] = [];
      for (const p of planned) {
        if (!p.updateExistingOnly) kept.push(p);
        else if ((await existingContact(deps.store, p.who)) !== undefined) kept.push(p);
      }
      const requestId = randomUUID();
      const results = await deps.runner.ingest.submit(
        kept.map((p) => ({
          dedupeKey: `api:track:${requestId}:${p.array}:${p.index}`,
          payload: p.payload,
          ...('contactId' in p.who ? { contactId: p.who.contactId } : { address: p.who.address }),
        })),
      );
      // The runner does not apply api.profile's time zone yet: write it here, after the
      // contact exists (see the report on the runner hook this needs).
      for (const [i, p] of kept.entries()) {
        const contactId = results[i]?.contactId;
        if (p.timeZone !== undefined && contactId)
          await deps.store.contacts.update(contactId, { timeZone: p.timeZone });
      }
      const processed = (a: InputArray) => kept.filter((p) => p.array === a).length;
      return {
        message: 'success',
        ...Object.fromEntries(
          arrays.filter((a) => body[a] !== undefined).map((a) => [`${a}_processed`, processed(a)]),
        ),
        ...(errors.length > 0 ? { errors } : {}),
      };
    },
  );
}

function plan(
  raw: unknown,
  array: InputArray,
  index: number,
  errors: NonFatal[],
  planned: Planned[],
  build: (
    object: Record<string, unknown>,
  ) => { payload: IngestItem['payload']; timeZone?: string } | string,
): void {
  if (!isRecord(raw)) {
    errors.push({ type: `${array} items must be objects`, input_array: array, index });
    return;
  }
  const who = identify(raw);
  if (!who.ok) {
    errors.push({ type: who.problem, input_array: array, index });
    return;
  }
  const built = build(raw);
  if (typeof built === 'string') {
    errors.push({ type: built, input_array: array, index });
    return;
  }
  planned.push({
    who: who.who,
    updateExistingOnly: who.updateExistingOnly,
    array,
    index,
    ...built,
  });
}

function eventPayload(
  object: Record<string, unknown>,
  now: number,
): { payload: IngestItem['payload'] } | string {
  if (typeof object.name !== 'string' || object.name === '') return "'name' is required";
  const at = timeOf(object.time, now);
  if (typeof at === 'string') return at;
  const properties = propertiesOf(object.properties);
  if (typeof properties === 'string') return properties;
  return { payload: { kind: 'api.event', name: object.name, properties, at } };
}

function purchasePayload(
  object: Record<string, unknown>,
  now: number,
): { payload: IngestItem['payload'] } | string {
  const { product_id: product, currency, price } = object;
  if (typeof product !== 'string' || product === '' || product.length > 255)
    return "'product_id' is required (at most 255 characters)";
  if (typeof currency !== 'string' || !/^[A-Za-z]{3}$/.test(currency))
    return "'currency' must be an ISO-4217 code such as USD";
  if (typeof price !== 'number' || !Number.isFinite(price)) return "'price' must be a number";
  const quantity = object.quantity ?? 1;
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 100)
    return "'quantity' must be a whole number from 1 to 100";
  const at = timeOf(object.time, now);
  if (typeof at === 'string') return at;
  const properties = propertiesOf(object.properties);
  if (typeof properties === 'string') return properties;
  return {
    payload: {
      kind: 'api.event',
      name: 'purchase',
      properties: {
        ...properties,
        product_id: product,
        currency: currency.toUpperCase(),
        price,
        quantity,
      },
      at,
    },
  };
}

/** Braze: `time` is required (ISO-8601); a time in the future is taken as now. */
function timeOf(value: unknown, now: number): number | string {
  if (typeof value !== 'string') return "'time' is required (ISO-8601)";
  const at = Date.parse(value);
  if (Number.isNaN(at)) return `Invalid time ${JSON.stringify(value)} (ISO-8601)`;
  return Math.min(at, now);
}

function propertiesOf(value: unknown): Record<string, unknown> | string {
  if (value === undefined) return {};
  if (!isRecord(value)) return "'properties' must be an object";
  for (const [key, v] of Object.entries(value)) {
    if (key.length > MAX_PROPERTY_KEY || key.startsWith('$') || key === '')
      return `Invalid property name "${key.slice(0, 40)}"`;
    if (key === 'time' || key === 'event_name') return `"${key}" is a reserved property name`;
    if (typeof v === 'string' && v.length > MAX_STRING_VALUE)
      return `property "${key}" is longer than ${MAX_STRING_VALUE} characters`;
  }
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_PROPERTIES_BYTES)
    return 'properties are larger than 100 KB';
  return value;
}
