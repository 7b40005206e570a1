/**
 * Braze's `whats_app` messaging object (reference §4f) as the Cloud API message body the
 * channel sends. Template variables are zero-indexed keys (`"0"`, `"1"`) in Braze and
 * positional (or named, in order) parameters at Meta; quick-reply buttons carry no id in
 * Braze, so their reply ids are their positions (`b0`, `b1`, …).
 */
import { z } from 'zod';
import type { OutboundBody, TemplateComponent } from '../../engine/outbound.js';
import type { TemplateInfo } from '../../canvas/templates.js';
import { ApiError } from '../errors.js';

const Variables = z.record(z.string().regex(/^\d+$/), z.string());

export const TemplateMessage = z.looseObject({
  template_name: z.string().min(1),
  template_language_code: z.string().min(2),
  header_variables: Variables.optional(),
  body_variables: Variables.optional(),
  button_variables: Variables.optional(),
  header_image_uri: z.string().optional(),
});
export const TextMessage = z.looseObject({
  body: z.string().min(1),
  preview_url: z.boolean().optional(),
});
export const QuickReplyMessage = z.looseObject({
  body: z.string().min(1),
  header_text: z.string().optional(),
  footer: z.string().optional(),
  buttons: z
    .array(z.looseObject({ text: z.string().min(1) }))
    .min(1)
    .max(3),
});
export const ListMessage = z.looseObject({
  header: z.string().optional(),
  body: z.string().min(1),
  footer: z.string().optional(),
  list: z.looseObject({
    list_button_text: z.string().min(1),
    list_sections: z
      .array(
        z.looseObject({
          section_title: z.string().optional(),
          list_rows: z
            .array(
              z.looseObject({
                row_title: z.string().min(1),
                row_description: z.string().optional(),
              }),
            )
            .min(1),
        }),
      )
      .min(1)
      .max(10),
  }),
});

export const MESSAGE_TYPES = [
  'template_message',
  'text_response_message',
  'quick_reply_response_message',
  'list_response_message',
] as const;

export const WhatsAppObject = z.looseObject({
  app_id: z.string().optional(),
  subscription_group_id: z.string().min(1),
  message_variation_id: z.string().optional(),
  message_type: z.string(),
  message: z.record(z.string(), z.unknown()),
});
export type WhatsAppObject = z.output<typeof WhatsAppObject>;

/** Braze: at most 10 rows in a list message, over all sections. */
const LIST_MAX_ROWS = 10;

export interface Converted {
  body: OutboundBody;
  /** Template messages: the template used. */
  template?: string;
  buttons: string[];
  preview: string;
}

export function toOutbound(
  object: WhatsAppObject,
  template: (name: string, language: string) => TemplateInfo | undefined,
): Converted {
  const at = 'messages.whats_app.message';
  switch (object.message_type) {
    case 'template_message': {
      const m = parse(TemplateMessage, object.message, at);
      const info = template(m.template_name, m.template_language_code);
      if (info === undefined)
        throw invalid(
          `${at}.template_name`,
          `no template "${m.template_name}" (${m.template_language_code}); sync templates first`,
        );
      if (info.status !== 'APPROVED')
        throw invalid(
          `${at}.template_name`,
          `template "${m.template_name}" is ${info.status}; only APPROVED templates are sent`,
        );
      return templateBody(m, info);
    }
    case 'text_response_message': {
      const m = parse(TextMessage, object.message, at);
      return {
        body: {
          type: 'text',
          text: {
            body: m.body,
            ...(m.preview_url !== undefined ? { preview_url: m.preview_url } : {}),
          },
        },
        buttons: [],
        preview: m.body,
      };
    }
    case 'quick_reply_response_message': {
      const m = parse(QuickReplyMessage, object.message, at);
      const labels = m.buttons.map((b) => b.text);
      return {
        body: {
          type: 'interactive',
          interactive: {
            type: 'button',
            ...(m.header_text !== undefined
              ? { header: { type: 'text', text: m.header_text } }
              : {}),
            body: { text: m.body },
            ...(m.footer !== undefined ? { footer: { text: m.footer } } : {}),
            action: {
              buttons: labels.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })),
            },
          },
        },
        buttons: labels,
        preview: m.body,
      };
    }
    case 'list_response_message': {
      const m = parse(ListMessage, object.message, at);
      const rows = m.list.list_sections.flatMap((s) => s.list_rows);
      if (rows.length > LIST_MAX_ROWS)
        throw invalid(
          `${at}.list.list_sections`,
          `${rows.length} rows; at most ${LIST_MAX_ROWS} in all sections`,
        );
      let n = 0;
      return {
        body: {
          type: 'interactive',
          interactive: {
            type: 'list',
            ...(m.header !== undefined ? { header: { type: 'text', text: m.header } } : {}),
            body: { text: m.body },
            ...(m.footer !== undefined ? { footer: { text: m.footer } } : {}),
            action: {
              button: m.list.list_button_text,
              sections: m.list.list_sections.map((s) => ({
                ...(s.section_title !== undefined ? { title: s.section_title } : {}),
                rows: s.list_rows.map((r) => ({
                  id: `r${n++}`,
                  title: r.row_title,
                  ...(r.row_description !== undefined ? { description: r.row_description } : {}),
                })),
              })),
            },
          },
        },
        buttons: rows.map((r) => r.row_title),
        preview: m.body,
      };
    }
    default:
      throw invalid(
        'messages.whats_app.message_type',
        `"${object.message_type}" is not supported; one of ${MESSAGE_TYPES.join(', ')}`,
      );
  }
}

function templateBody(m: z.output<typeof TemplateMessage>, info: TemplateInfo): Converted {
  const named = info.parameterFormat === 'named';
  const values = (vars: Record<string, string> | undefined, names: string[]) =>
    Object.entries(vars ?? {})
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([key, text]) => {
        const name = names[Number(key)];
        return {
          type: 'text' as const,
          text,
          ...(named && name !== undefined ? { parameter_name: name } : {}),
        };
      });
  const components: TemplateComponent[] = [];
  if (m.header_image_uri !== undefined)
    components.push({
      type: 'header',
      parameters: [{ type: 'image', image: { link: m.header_image_uri } }],
    });
  else if (m.header_variables !== undefined)
    components.push({
      type: 'header',
      parameters: values(m.header_variables, info.header?.params ?? []),
    });
  const body = values(m.body_variables, info.bodyParams);
  if (body.length > 0) components.push({ type: 'body', parameters: body });
  for (const [index, text] of Object.entries(m.button_variables ?? {}))
    components.push({
      type: 'button',
      sub_type: 'url',
      index,
      parameters: [{ type: 'text', text }],
    });
  let preview = info.bodyText;
  body.forEach((p, i) => (preview = preview.replace(`{{${info.bodyParams[i] ?? i + 1}}}`, p.text)));
  return {
    body: {
      type: 'template',
      template: { name: m.template_name, language: { code: m.template_language_code }, components },
    },
    template: m.template_name,
    buttons: info.buttons.filter((b) => b.type === 'QUICK_REPLY').map((b) => b.text),
    preview,
  };
}

function parse<S extends z.ZodType>(schema: S, value: unknown, at: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? [])
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${String(s)}`))
    .join('');
  throw invalid(`${at}${path}`, issue?.message.replace(/^Invalid input: /, '') ?? 'invalid');
}

function invalid(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid_message', `${field}: ${message}`, { field });
}
