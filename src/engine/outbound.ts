/**
 * The WhatsApp Cloud API message bodies the engine produces, exactly as Meta takes them on
 * `POST /{phone-number-id}/messages` minus `messaging_product`, `recipient_type` and the
 * recipient (`to` / `recipient`), which the channel adds. Types only: the engine renders
 * these values, the channel sends them.
 */

export interface TextParameter {
  type: 'text';
  text: string;
  /** Named templates: the placeholder name (`{{first_name}}`). */
  parameter_name?: string;
}
export interface MediaParameter {
  type: 'image' | 'video' | 'document';
  image?: { link: string };
  video?: { link: string };
  document?: { link: string };
}
export interface PayloadParameter {
  type: 'payload';
  payload: string;
}

export type TemplateComponent =
  | { type: 'header'; parameters: Array<TextParameter | MediaParameter> }
  | { type: 'body'; parameters: TextParameter[] }
  | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: [PayloadParameter] }
  | { type: 'button'; sub_type: 'url'; index: string; parameters: [TextParameter] };

export interface TemplateBody {
  type: 'template';
  template: { name: string; language: { code: string }; components: TemplateComponent[] };
}

export interface TextBody {
  type: 'text';
  text: { body: string; preview_url?: boolean };
}

export interface ReplyButtonsInteractive {
  type: 'button';
  header?: { type: 'text'; text: string };
  body: { text: string };
  footer?: { text: string };
  action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> };
}

export interface ListInteractive {
  type: 'list';
  header?: { type: 'text'; text: string };
  body: { text: string };
  footer?: { text: string };
  action: {
    button: string;
    sections: Array<{
      title?: string;
      rows: Array<{ id: string; title: string; description?: string }>;
    }>;
  };
}

export interface InteractiveBody {
  type: 'interactive';
  interactive: ReplyButtonsInteractive | ListInteractive;
}

export type OutboundBody = (TemplateBody | TextBody | InteractiveBody) & {
  /** Quote a message (a contextual reply). */
  context?: { message_id: string };
  /** Echoed by Meta in status webhooks; we put the journey correlation here. */
  biz_opaque_callback_data?: string;
};

/** Template category, which decides subscription rules (marketing needs a subscribed person). */
export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
