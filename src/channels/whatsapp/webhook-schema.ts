/**
 * Meta's webhook payloads as they arrive (reference §5–§8, §10), as zod schemas. Loose
 * objects: Meta adds fields often, and an unknown field must never fail a payload.
 * Each item (message, status, …) is parsed alone so one bad item does not sink a batch.
 */
import { z } from 'zod';
import type { PathSegment } from '../../canvas/issues.js';

/**
 * Seconds since the epoch. Meta documents strings on messages and statuses and integers
 * elsewhere; either form is accepted everywhere, because a payload that is otherwise
 * fine should not be dropped over the quoting of a number.
 */
export const WireTimestamp = z.union([
  z.string().regex(/^\d+$/, { message: 'expected a string of Unix seconds' }),
  z.number().int().nonnegative(),
]);

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();

export const WireMetadata = z.looseObject({
  display_phone_number: str,
  phone_number_id: str.min(1),
});

export const WireContact = z.looseObject({
  wa_id: opt(str),
  user_id: opt(str),
  parent_user_id: opt(str),
  profile: opt(z.looseObject({ name: opt(str), username: opt(str) })),
});
export type WireContact = z.infer<typeof WireContact>;

export const WireContext = z.looseObject({
  from: opt(str),
  id: opt(str),
  forwarded: opt(z.boolean()),
  frequently_forwarded: opt(z.boolean()),
  referred_product: opt(z.looseObject({ catalog_id: str, product_retailer_id: str })),
});

export const WireReferral = z.looseObject({
  source_url: opt(str),
  source_id: opt(str),
  source_type: opt(str),
  body: opt(str),
  headline: opt(str),
  media_type: opt(str),
  image_url: opt(str),
  video_url: opt(str),
  thumbnail_url: opt(str),
  ctwa_clid: opt(str),
  welcome_message: opt(z.looseObject({ text: opt(str) })),
});

/** Fields every inbound message has, whatever its type. */
export const WireMessageBase = z.looseObject({
  id: str.min(1),
  timestamp: WireTimestamp,
  type: str.min(1),
  from: opt(str),
  from_user_id: opt(str),
  from_parent_user_id: opt(str),
  group_id: opt(str),
  context: opt(WireContext),
  referral: opt(WireReferral),
  errors: opt(z.array(z.unknown())),
});
export type WireMessageBase = z.infer<typeof WireMessageBase>;

export const WireMedia = z.looseObject({
  id: str.min(1),
  mime_type: opt(str),
  sha256: opt(str),
  caption: opt(str),
  filename: opt(str),
  animated: opt(z.boolean()),
  voice: opt(z.boolean()),
  url: opt(str),
});

export const WireSharedContact = z.looseObject({
  name: opt(z.looseObject({ formatted_name: opt(str) })),
  phones: opt(z.array(z.looseObject({ phone: opt(str), wa_id: opt(str), type: opt(str) }))),
  emails: opt(z.array(z.looseObject({ email: opt(str), type: opt(str) }))),
});

/** The type-specific object of each known inbound message type. */
export const WireContent = {
  text: z.looseObject({ body: str }),
  button: z.looseObject({ payload: opt(str), text: str }),
  interactive: z.looseObject({
    type: str,
    button_reply: opt(z.looseObject({ id: str, title: str })),
    list_reply: opt(z.looseObject({ id: str, title: str, description: opt(str) })),
    nfm_reply: opt(z.looseObject({ name: opt(str), body: opt(str), response_json: str })),
  }),
  image: WireMedia,
  audio: WireMedia,
  video: WireMedia,
  document: WireMedia,
  sticker: WireMedia,
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: opt(str),
    address: opt(str),
    url: opt(str),
  }),
  contacts: z.array(WireSharedContact),
  reaction: z.looseObject({ message_id: str.min(1), emoji: opt(str) }),
  order: z.looseObject({
    catalog_id: str,
    text: opt(str),
    product_items: z.array(
      z.looseObject({
        product_retailer_id: str,
        quantity: z.number(),
        item_price: z.number(),
        currency: str,
      }),
    ),
  }),
  system: z.looseObject({
    type: str,
    body: opt(str),
    wa_id: opt(str),
    user_id: opt(str),
    parent_user_id: opt(str),
    previous_user_id: opt(str),
    previous_parent_user_id: opt(str),
  }),
  unsupported: z.looseObject({ type: opt(str) }),
} as const;

export const WireStatus = z.looseObject({
  id: str.min(1),
  status: str.min(1),
  timestamp: WireTimestamp,
  recipient_id: opt(str),
  recipient_user_id: opt(str),
  recipient_parent_user_id: opt(str),
  biz_opaque_callback_data: opt(str),
  conversation: opt(
    z.looseObject({
      id: opt(str),
      expiration_timestamp: opt(WireTimestamp),
      origin: opt(z.looseObject({ type: opt(str) })),
    }),
  ),
  pricing: opt(
    z.looseObject({
      billable: opt(z.boolean()),
      pricing_model: opt(str),
      type: opt(str),
      category: opt(str),
    }),
  ),
  errors: opt(z.array(z.unknown())),
});

export const WireUserPreference = z.looseObject({
  wa_id: opt(str),
  user_id: opt(str),
  parent_user_id: opt(str),
  detail: opt(str),
  category: str,
  value: z.enum(['stop', 'resume']),
  timestamp: WireTimestamp,
});

/** Template ids are integers in webhooks and strings in the REST API; take both. */
const TemplateId = z.union([z.number().int(), str.regex(/^\d+$/)]);

const WireTemplateRef = {
  message_template_id: TemplateId,
  message_template_name: str,
  message_template_language: str,
};

export const WireTemplateStatus = z.looseObject({
  ...WireTemplateRef,
  event: str,
  reason: opt(z.union([str, z.null()])),
  message_template_category: opt(str),
  other_info: opt(z.looseObject({ title: opt(str), description: opt(str) })),
  rejection_info: opt(z.looseObject({ reason: opt(str), recommendation: opt(str) })),
  disable_info: opt(z.looseObject({ disable_date: opt(z.union([str, z.number()])) })),
});

export const WireTemplateQuality = z.looseObject({
  ...WireTemplateRef,
  previous_quality_score: opt(str),
  new_quality_score: str,
});

export const WireTemplateCategory = z.looseObject({
  ...WireTemplateRef,
  previous_category: opt(str),
  new_category: str,
  correct_category: opt(str),
  category_update_timestamp: opt(WireTimestamp),
});

/** Parse `value` with `schema`, or the issues with paths relative to `value`. */
export function parseWire<T extends z.ZodType>(
  schema: T,
  value: unknown,
):
  | { ok: true; data: z.output<T> }
  | { ok: false; issues: Array<{ path: PathSegment[]; message: string }> } {
  // Without an error map first: passing one costs a context copy on every parse, and the
  // messages only matter when it fails. A failure is parsed again to word its issues.
  const fast = schema.safeParse(value);
  if (fast.success) return { ok: true, data: fast.data };
  const result = schema.safeParse(value, { error: describeIssue });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({
      path: i.path.map((seg) => (typeof seg === 'number' ? seg : String(seg))),
      message: i.message,
    })),
  };
}

/** Short messages: "missing", "expected string, got number". */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union') return undefined;
  if (issue.input === undefined) return 'missing';
  const got =
    issue.input === null ? 'null' : Array.isArray(issue.input) ? 'array' : typeof issue.input;
  // A union's own message is "Invalid input"; its branches are spelled out where used.
  return issue.code === 'invalid_type'
    ? `expected ${issue.expected}, got ${got}`
    : `invalid value (got ${got})`;
}

/** `{…}` as a plain record, for reading unknown keys. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
