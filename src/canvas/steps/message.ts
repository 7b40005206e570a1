/**
 * `message`: send a WhatsApp message. One of `template` (an approved template, the only
 * kind allowed outside the 24 h window), `text`, or `interactive` (reply buttons or a list).
 *
 * Template quick-reply buttons get a payload that names this journey, this visit of the
 * step and the button, so that a tap routes back to exactly the journey that sent it.
 *
 * The `example` below is documentation that a test loads through the validator.
 */
import { z } from 'zod';
import {
  WA_INTERACTIVE_FOOTER_MAX,
  WA_INTERACTIVE_HEADER_MAX,
  WA_LIST_BUTTON_MAX,
  WA_LIST_ROWS_MAX,
  WA_LIST_SECTIONS_MAX,
  WA_REPLY_BUTTONS_MAX,
} from '../limits.js';
import { Id, LiquidText, oneOf, strict } from '../schema-kit.js';
import { next, stepBase } from './common.js';

export const example = `
- id: ask
  type: message
  whatsapp:
    template: order_feedback
    language: en_US
    body: ["{{ user.first_name | default: 'there' }}", "{{ context.order_id }}"]
  next: answer
- id: thanks
  type: message
  whatsapp:
    text: "Thanks {{ user.first_name | default: 'friend' }}! 🎉"
    reply_to_inbound: true
- id: menu
  type: message
  whatsapp:
    interactive:
      body: "What can we help with?"
      buttons:
        - { id: order, title: "My order" }
        - { id: human, title: "Talk to us" }
- id: pick
  type: message
  whatsapp:
    interactive:
      body: "Pick a size"
      list:
        button: "Sizes"
        sections:
          - title: "Shoes"
            rows:
              - { id: s40, title: "EU 40" }
              - { id: s41, title: "EU 41", description: "Runs small" }
`;

/** Template parameters: positional (a list, in order) or named (a map), each Liquid. */
const TemplateParams = z.union([z.array(LiquidText), z.record(z.string(), LiquidText)]);

const TemplateHeader = z.union([
  TemplateParams,
  strict(
    { image: LiquidText.optional(), video: LiquidText.optional(), document: LiquidText.optional() },
    'header media',
  ).refine((h) => [h.image, h.video, h.document].filter((x) => x !== undefined).length === 1, {
    message: 'give one of image, video or document (a URL)',
  }),
]);

/** Per-button settings of a template, by 0-based index. */
const TemplateButton = strict(
  {
    /** Extra payload kept beside the routing token; `button: { payload }` filters match it. */
    payload: z.string().min(1).max(64).optional(),
    /** Suffix for a URL button with a trailing variable. */
    url_suffix: LiquidText.optional(),
  },
  'template button setting',
);

const ReplyButton = strict(
  { id: z.string().min(1).max(64).optional(), title: LiquidText },
  'button field',
);
const ListRow = strict(
  {
    id: z.string().min(1).max(64).optional(),
    title: LiquidText,
    description: LiquidText.optional(),
  },
  'list row field',
);
const ListSection = strict(
  { title: LiquidText.optional(), rows: z.array(ListRow).min(1) },
  'list section field',
);

export const Interactive = strict(
  {
    header: LiquidText.optional(),
    body: LiquidText,
    footer: LiquidText.optional(),
    buttons: z
      .array(ReplyButton)
      .min(1)
      .max(WA_REPLY_BUTTONS_MAX, {
        message: `WhatsApp allows at most ${WA_REPLY_BUTTONS_MAX} reply buttons; use a list for more`,
      })
      .optional(),
    list: strict(
      {
        button: LiquidText,
        sections: z
          .array(ListSection)
          .min(1)
          .max(WA_LIST_SECTIONS_MAX, {
            message: `WhatsApp allows at most ${WA_LIST_SECTIONS_MAX} sections`,
          }),
      },
      'list field',
    )
      .refine((l) => l.sections.reduce((n, s) => n + s.rows.length, 0) <= WA_LIST_ROWS_MAX, {
        message: `WhatsApp allows at most ${WA_LIST_ROWS_MAX} rows in total across sections`,
      })
      .optional(),
  },
  'interactive field',
).superRefine((value, ctx) => {
  if ((value.buttons === undefined) === (value.list === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'an interactive message has either buttons or a list',
    });
  }
  if (
    value.header !== undefined &&
    value.header.length > WA_INTERACTIVE_HEADER_MAX &&
    !value.header.includes('{{')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['header'],
      message: `at most ${WA_INTERACTIVE_HEADER_MAX} characters`,
    });
  }
  if (
    value.footer !== undefined &&
    value.footer.length > WA_INTERACTIVE_FOOTER_MAX &&
    !value.footer.includes('{{')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['footer'],
      message: `at most ${WA_INTERACTIVE_FOOTER_MAX} characters`,
    });
  }
  if (
    value.list &&
    value.list.button.length > WA_LIST_BUTTON_MAX &&
    !value.list.button.includes('{{')
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['list', 'button'],
      message: `at most ${WA_LIST_BUTTON_MAX} characters`,
    });
  }
});
export type Interactive = z.infer<typeof Interactive>;

/** A template send, also used as the fallback when a free-form message finds the window closed. */
export const TemplateSend = {
  template: z
    .string()
    .regex(/^[a-z0-9_]+$/, {
      message: 'template names use lowercase letters, digits and "_" (Meta\'s rule)',
    })
    .optional(),
  language: z.string().min(2).optional(),
  header: TemplateHeader.optional(),
  body: TemplateParams.optional(),
  buttons: z.array(TemplateButton).max(10).optional(),
};

const Fallback = strict(
  {
    template: z.string().regex(/^[a-z0-9_]+$/),
    language: z.string().min(2).optional(),
    header: TemplateHeader.optional(),
    body: TemplateParams.optional(),
    buttons: z.array(TemplateButton).max(10).optional(),
  },
  'fallback field',
);

export const WhatsAppMessage = strict(
  {
    /** Business number (subscription group id); the canvas default when left out. */
    number: Id.optional(),
    ...TemplateSend,
    text: LiquidText.optional(),
    preview_url: z.boolean().optional(),
    interactive: Interactive.optional(),
    /** Quote the person's last message (a contextual reply). */
    reply_to_inbound: z.boolean().optional(),
    /**
     * What a free-form message does when the 24 h window is closed: `skip` it and go on
     * (default), `exit` the journey, or send a fallback template instead.
     */
    outside_window: z
      .union([oneOf(['skip', 'exit'] as const, 'outside_window policy'), Fallback])
      .optional(),
  },
  'whatsapp field',
).superRefine((value, ctx) => {
  const kinds = (['template', 'text', 'interactive'] as const).filter(
    (k) => value[k] !== undefined,
  );
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        kinds.length === 0
          ? 'needs one of template, text or interactive'
          : `has ${kinds.join(' and ')}; a message step sends one message`,
    });
    return;
  }
  const kind = kinds[0];
  if (kind !== 'template') {
    for (const key of ['language', 'header', 'body', 'buttons'] as const) {
      if (value[key] !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `"${key}" belongs to template messages`,
        });
    }
  } else if (value.outside_window !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['outside_window'],
      message:
        'templates may be sent outside the 24 h window; outside_window is for text and interactive messages',
    });
  }
  if (kind !== 'text' && value.preview_url !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['preview_url'],
      message: '"preview_url" belongs to text messages',
    });
  }
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;

export const MessageStep = strict(
  {
    ...stepBase,
    type: z.literal('message'),
    whatsapp: WhatsAppMessage,
    next,
  },
  'message step field',
);
export type MessageStep = z.infer<typeof MessageStep>;
