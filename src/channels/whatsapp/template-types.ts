/**
 * Message templates in Meta's management-API shape (reference §8): what we POST to create
 * one, and what `GET /{waba}/message_templates` returns. Loose on purpose: Meta adds button
 * types and fields often, and a template we cannot fully read must still sync.
 *
 * Component, format, button and category words are upper-cased on parse: Meta's own
 * authentication examples write `"type": "body"`, the rest of its docs `"BODY"`.
 */
import { z } from 'zod';
import type { TemplateCategory } from '../../engine/outbound.js';

const Upper = z.string().transform((s) => s.toUpperCase());

export const NamedParamExample = z.looseObject({ param_name: z.string(), example: z.string() });

export const TemplateExample = z.looseObject({
  header_text: z.array(z.string()).optional(),
  header_text_named_params: z.array(NamedParamExample).optional(),
  header_handle: z.array(z.string()).optional(),
  body_text: z.array(z.array(z.string())).optional(),
  body_text_named_params: z.array(NamedParamExample).optional(),
});

export const TemplateButtonDef = z.looseObject({
  /** QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, VOICE_CALL, OTP, FLOW, CATALOG, MPM, … */
  type: Upper,
  text: z.string().optional(),
  url: z.string().optional(),
  phone_number: z.string().optional(),
  /** URL buttons: a full example URL; COPY_CODE: the example code. */
  example: z.union([z.string(), z.array(z.string())]).optional(),
});
export type TemplateButtonDef = z.output<typeof TemplateButtonDef>;

export const TemplateComponentDef = z.looseObject({
  /** HEADER, BODY, FOOTER, BUTTONS. */
  type: Upper,
  /** HEADER only: TEXT, IMAGE, VIDEO, DOCUMENT, GIF, LOCATION. */
  format: Upper.optional(),
  text: z.string().optional(),
  example: TemplateExample.optional(),
  buttons: z.array(TemplateButtonDef).optional(),
});
export type TemplateComponentDef = z.output<typeof TemplateComponentDef>;

/** The body of `POST /{waba}/message_templates`. */
export const TemplateDefinition = z.looseObject({
  name: z.string(),
  language: z.string(),
  category: Upper,
  sub_category: z.string().optional(),
  /** Meta's default is positional. */
  parameter_format: z
    .string()
    .transform((s) => s.toLowerCase())
    .optional(),
  message_send_ttl_seconds: z.number().int().optional(),
  components: z.array(TemplateComponentDef),
});
export type TemplateDefinition = z.output<typeof TemplateDefinition>;
/** What a caller writes (before upper-casing). */
export type TemplateDefinitionInput = z.input<typeof TemplateDefinition>;

/** A template as the REST API returns it (ids are strings there). */
export const TemplateInfo = TemplateDefinition.extend({
  id: z.string(),
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED, … */
  status: Upper,
  rejected_reason: z.string().optional(),
  quality_score: z.unknown().optional(),
});
export type TemplateInfo = z.output<typeof TemplateInfo>;

/** `POST /{waba}/message_templates` → `{id, status, category}`. */
export const CreatedTemplate = z.looseObject({
  id: z.string(),
  status: Upper,
  category: Upper,
});
export type CreatedTemplate = z.output<typeof CreatedTemplate>;

export const TEMPLATE_CATEGORIES: readonly TemplateCategory[] = [
  'MARKETING',
  'UTILITY',
  'AUTHENTICATION',
];
