/**
 * WhatsApp templates as Meta describes them (the shape `GET /{waba}/message_templates`
 * returns), and the facts the engine and inspect need from them (`TemplateInfo`).
 */
import { z } from 'zod';
import { oneOf, strict } from './schema-kit.js';

export const TEMPLATE_STATUSES = [
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'ARCHIVED',
  'LIMIT_EXCEEDED',
  'LOCKED',
  'FLAGGED',
  'REINSTATED',
] as const;

const Button = z
  .object({
    type: z.string(),
    text: z.string().optional(),
    url: z.string().optional(),
    phone_number: z.string().optional(),
  })
  .passthrough();

const Component = z
  .object({
    type: z.string(),
    format: z.string().optional(),
    text: z.string().optional(),
    buttons: z.array(Button).optional(),
  })
  .passthrough();

export const MetaTemplate = strict(
  {
    id: z.string().optional(),
    name: z.string().min(1),
    language: z.string().min(2),
    status: oneOf(TEMPLATE_STATUSES, 'template status'),
    category: oneOf(['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const, 'template category'),
    sub_category: z.string().optional(),
    parameter_format: oneOf(
      ['positional', 'named', 'POSITIONAL', 'NAMED'] as const,
      'parameter format',
    ).optional(),
    components: z.array(Component),
    quality_score: z.unknown().optional(),
    rejected_reason: z.string().optional(),
  },
  'template field',
);
export type MetaTemplate = z.infer<typeof MetaTemplate>;

export const TemplatesFile = z.array(MetaTemplate);

export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

/** The template facts the engine needs (from the store's template table). */
export interface TemplateInfo {
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  parameterFormat: 'positional' | 'named';
  /** Body placeholders: count (positional) or names (named). */
  bodyParams: string[];
  header?: { format: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION'; params: string[] };
  /** Quick-reply button labels by index, and URL buttons with a variable. */
  buttons: Array<{
    type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTHER';
    text: string;
    hasVariable?: boolean;
  }>;
  /** The body text with placeholders, for previews. */
  bodyText: string;
}

/** `{{1}}` / `{{first_name}}` placeholders in order of appearance, without repeats. */
export function placeholders(text: string | undefined): string[] {
  if (text === undefined) return [];
  const names: string[] = [];
  for (const [, name] of text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) {
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

export function toTemplateInfo(template: MetaTemplate): TemplateInfo {
  const find = (type: string) => template.components.find((c) => c.type.toUpperCase() === type);
  const header = find('HEADER');
  const body = find('BODY');
  const buttons = find('BUTTONS')?.buttons ?? [];
  const format = (header?.format ?? 'TEXT').toUpperCase();
  return {
    name: template.name,
    language: template.language,
    status: template.status,
    category: template.category,
    parameterFormat: template.parameter_format?.toLowerCase() === 'named' ? 'named' : 'positional',
    bodyParams: placeholders(body?.text),
    ...(header
      ? {
          header: {
            format: (['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'].includes(format)
              ? format
              : 'TEXT') as NonNullable<TemplateInfo['header']>['format'],
            params: format === 'TEXT' ? placeholders(header.text) : [],
          },
        }
      : {}),
    buttons: buttons.map((b) => {
      const type = b.type.toUpperCase();
      const known =
        type === 'QUICK_REPLY' || type === 'URL' || type === 'PHONE_NUMBER' || type === 'COPY_CODE'
          ? type
          : 'OTHER';
      return {
        type: known,
        text: b.text ?? '',
        ...(type === 'URL' && /\{\{.+\}\}/.test(b.url ?? '') ? { hasVariable: true } : {}),
      };
    }),
    bodyText: body?.text ?? '',
  };
}

/** Look-up by name and language, the way the engine's ctx.templates wants it. */
export function templateLookup(
  templates: readonly TemplateInfo[],
): (name: string, language: string | undefined) => TemplateInfo | undefined {
  const byKey = new Map(templates.map((t) => [`${t.name}|${t.language}`, t]));
  return (name, language) =>
    language !== undefined
      ? byKey.get(`${name}|${language}`)
      : templates.find((t) => t.name === name);
}
