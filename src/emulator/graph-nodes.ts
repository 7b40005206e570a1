/**
 * `GET /{ID}` for the objects the emulator holds: business phone numbers, WABAs, templates
 * and media. `?fields=a,b` picks fields (`id` always comes back); an unknown field is code
 * 100 "Tried accessing nonexisting field", an unknown id is 100 / subcode 33.
 */
import type { EmulatorContext } from './context.js';
import { GraphError } from './errors.js';
import type { Json } from './json-fields.js';
import { mediaJson } from './media-routes.js';
import type { BusinessNumber } from './options.js';
import { templateJson } from './templates-store.js';

export function unknownObject(method: 'get' | 'post' | 'delete', id: string): GraphError {
  return new GraphError(100, undefined, {
    type: 'GraphMethodException',
    error_subcode: 33,
    noErrorData: true,
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

function parseFields(fields: string | undefined): string[] | undefined {
  if (fields === undefined || fields.trim() === '') return undefined;
  return fields
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

function pick(all: Json, fields: string[] | undefined, defaults: string[], node: string): Json {
  const wanted = fields ?? defaults;
  const out: Json = {};
  for (const field of wanted) {
    if (!(field in all))
      throw new GraphError(100, undefined, {
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (${node})`,
        noErrorData: true,
      });
    out[field] = all[field];
  }
  out.id = all.id;
  return out;
}

/** Meta's throughput levels: STANDARD (80/s), HIGH (1,000/s). */
function throughputLevel(perSecond: number): string {
  return perSecond >= 1000 ? 'HIGH' : 'STANDARD';
}

export function phoneNumberJson(ctx: EmulatorContext, number: BusinessNumber): Json {
  return {
    verified_name: number.verifiedName,
    code_verification_status: 'VERIFIED',
    display_phone_number: number.displayPhoneNumber,
    quality_rating: 'GREEN',
    platform_type: 'CLOUD_API',
    throughput: { level: throughputLevel(number.throughputPerSecond) },
    name_status: 'APPROVED',
    status: 'CONNECTED',
    account_mode: 'LIVE',
    is_official_business_account: false,
    is_pin_enabled: false,
    // The emulator enforces no messaging limit, so it reports none.
    whatsapp_business_manager_messaging_limit: 'TIER_UNLIMITED',
    messaging_limit_tier: 'TIER_UNLIMITED',
    webhook_configuration: { application: ctx.config.settings.webhookUrl ?? '' },
    id: number.phoneNumberId,
  };
}

const PHONE_DEFAULT_FIELDS = [
  'verified_name',
  'code_verification_status',
  'display_phone_number',
  'quality_rating',
  'platform_type',
  'throughput',
];

export function getNode(
  ctx: EmulatorContext,
  id: string,
  fields: string | undefined,
  mediaBase: string,
): Json {
  const wanted = parseFields(fields);
  const number = ctx.config.numbers.find((n) => n.phoneNumberId === id);
  if (number)
    return pick(
      phoneNumberJson(ctx, number),
      wanted,
      PHONE_DEFAULT_FIELDS,
      'WhatsAppBusinessPhoneNumber',
    );
  const waba = ctx.config.numbers.find((n) => n.wabaId === id);
  if (waba) {
    const all: Json = {
      id,
      name: waba.verifiedName,
      currency: 'USD',
      timezone_id: '1',
      message_template_namespace: `emulator_${id}`,
      account_review_status: 'APPROVED',
      business_verification_status: 'verified',
    };
    return pick(
      all,
      wanted,
      ['name', 'currency', 'timezone_id', 'message_template_namespace'],
      'WhatsAppBusinessAccount',
    );
  }
  const template = ctx.state.templates.get(id);
  if (template) return templateJson(template, wanted);
  const media = ctx.state.media.get(id);
  if (media) return mediaJson(ctx, media, mediaBase);
  throw unknownObject('get', id);
}

export function wabaPhoneNumbers(ctx: EmulatorContext, wabaId: string): Json {
  const numbers = ctx.config.numbers.filter((n) => n.wabaId === wabaId);
  if (numbers.length === 0) throw unknownObject('get', wabaId);
  return {
    data: numbers.map((n) => pick(phoneNumberJson(ctx, n), undefined, PHONE_DEFAULT_FIELDS, '')),
    paging: { cursors: { before: 'QVFIUk', after: 'QVFIUk' } },
  };
}
