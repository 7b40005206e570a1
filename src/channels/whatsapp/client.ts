/**
 * The Cloud API client for one business number: send messages, mark them read, manage
 * templates, read media and number settings. Every method resolves to a result value;
 * Meta errors, network errors and timeouts are ChannelErrors, never exceptions.
 *
 * Pacing (80 msg/s, pair rate) is not done here: the caller holds the TokenBucket and
 * PairRateLimiter (rate-limit.ts) and decides retries with retry.ts, so that a send is one
 * request and its outcome is recorded before anything is retried.
 */
import { z } from 'zod';
import type { OutboundBody } from '../../engine/outbound.js';
import type { BusinessNumberConfig } from './config.js';
import { localError, type ChannelError } from './errors.js';
import { GraphHttp, type GraphHttpOptions, type GraphResult } from './graph-http.js';
import { recipientFields, type Recipient } from './identity.js';
import { outboundLimitError } from './outbound-limits.js';
import { checkTemplate } from './template-rules.js';
import { CreatedTemplate, TemplateInfo, type TemplateDefinitionInput } from './template-types.js';
import { listPages, type TemplateList, type ListTemplatesQuery } from './template-paging.js';

export type { GraphResult } from './graph-http.js';
export type WhatsAppClientOptions = GraphHttpOptions;

export type SendResult =
  | {
      ok: true;
      /** The message id: statuses and replies refer to it. */
      wamid: string;
      /** The person's WhatsApp id as Meta resolved it (may differ from the input). */
      waId?: string;
      /** BSUID, when the send was addressed to one. */
      userId?: string;
      /** Templates only: `accepted`, or `held_for_quality_assessment` when paced. */
      messageStatus?: string;
    }
  | { ok: false; error: ChannelError };

export interface MediaInfo {
  id: string;
  /** Download with the same Bearer token; expires after 5 minutes. */
  url: string;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
}

/** The default `fields` of template reads: what sync and the rules need. */
export const TEMPLATE_FIELDS =
  'id,name,language,status,category,sub_category,parameter_format,components,quality_score,rejected_reason';

const SendResponse = z.looseObject({
  contacts: z
    .array(z.looseObject({ wa_id: z.string().optional(), user_id: z.string().optional() }))
    .optional(),
  messages: z
    .array(z.looseObject({ id: z.string().min(1), message_status: z.string().optional() }))
    .min(1),
});

const Success = z.looseObject({ success: z.literal(true) });

const Media = z.looseObject({
  id: z.string(),
  url: z.string(),
  mime_type: z.string(),
  sha256: z.string().optional(),
  file_size: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
});

export class WhatsAppClient {
  readonly #config: BusinessNumberConfig;
  readonly #http: GraphHttp;

  constructor(config: BusinessNumberConfig, options: WhatsAppClientOptions = {}) {
    this.#config = config;
    this.#http = new GraphHttp(config, options);
  }

  /**
   * Send a message. The body is checked against Meta's limits first; a phone goes in
   * `to` (E.164 with "+"), a BSUID in `recipient`.
   */
  async send(to: Recipient, body: OutboundBody): Promise<SendResult> {
    const recipient = recipientFields(to);
    if (!recipient.ok) return recipient;
    const invalid = outboundLimitError(body);
    if (invalid) return { ok: false, error: invalid };
    const result = await this.#http.request({
      method: 'POST',
      path: [this.#config.phoneNumberId, 'messages'],
      body: {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        ...recipient.fields,
        ...body,
      },
    });
    if (!result.ok) return { ok: false, error: numberUnusable(result.error) };
    const parsed = SendResponse.safeParse(result.value);
    if (!parsed.success) {
      return { ok: false, error: this.#http.unexpected('no messages[0].id in a 2xx answer') };
    }
    const [message] = parsed.data.messages;
    if (message === undefined) return { ok: false, error: this.#http.unexpected('no messages[0]') };
    const contact = parsed.data.contacts?.[0];
    const sent: SendResult = { ok: true, wamid: message.id };
    if (contact?.wa_id !== undefined) sent.waId = contact.wa_id;
    if (contact?.user_id !== undefined) sent.userId = contact.user_id;
    if (message.message_status !== undefined) sent.messageStatus = message.message_status;
    return sent;
  }

  /** Mark an inbound message (and the ones before it) read; optionally show "typing…". */
  async markRead(wamid: string, options: { typing?: boolean } = {}): Promise<GraphResult<true>> {
    if (wamid === '') return { ok: false, error: localError('invalid_message', 'no wamid') };
    const body: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: wamid,
    };
    if (options.typing) body.typing_indicator = { type: 'text' };
    const result = await this.#http.request({
      method: 'POST',
      path: [this.#config.phoneNumberId, 'messages'],
      body,
    });
    if (!result.ok) return { ok: false, error: numberUnusable(result.error) };
    return this.#read(result, Success, () => true as const);
  }

  /** Every template of the WABA, following `paging` to the last page. */
  listTemplates(query: ListTemplatesQuery = {}): Promise<GraphResult<TemplateList>> {
    return listPages(this.#http, this.#config.wabaId, { fields: TEMPLATE_FIELDS, ...query });
  }

  /**
   * Submit a template for review. Meta's creation rules are checked first; breaking one
   * gives a terminal `template_invalid` error listing every problem, with no request.
   */
  async createTemplate(def: TemplateDefinitionInput): Promise<GraphResult<CreatedTemplate>> {
    const issues = checkTemplate(def);
    const [first] = issues;
    if (first !== undefined) {
      const line = (i: { path: string; message: string }) =>
        i.path === '' ? i.message : `${i.path}: ${i.message}`;
      return {
        ok: false,
        error: localError('template_invalid', line(first), issues.map(line).join('; ')),
      };
    }
    const result = await this.#http.request({
      method: 'POST',
      path: [this.#config.wabaId, 'message_templates'],
      body: def,
    });
    return this.#read(result, CreatedTemplate, (t) => t);
  }

  async getTemplate(id: string, fields = TEMPLATE_FIELDS): Promise<GraphResult<TemplateInfo>> {
    const result = await this.#http.request({ method: 'GET', path: [id], query: { fields } });
    return this.#read(result, TemplateInfo, (t) => t);
  }

  /** Where to download an inbound media object (step one of two). */
  async getMedia(id: string): Promise<GraphResult<MediaInfo>> {
    const result = await this.#http.request({ method: 'GET', path: [id] });
    return this.#read(result, Media, (m) => {
      const info: MediaInfo = { id: m.id, url: m.url, mimeType: m.mime_type };
      if (m.sha256 !== undefined) info.sha256 = m.sha256;
      if (m.file_size !== undefined) info.fileSize = Number(m.file_size);
      return info;
    });
  }

  /** Fields of the business number, e.g. `["throughput", "quality_rating"]`. */
  async getPhoneNumber(
    fields: readonly string[],
  ): Promise<GraphResult<Readonly<Record<string, unknown>>>> {
    const result = await this.#http.request({
      method: 'GET',
      path: [this.#config.phoneNumberId],
      query: { fields: fields.join(',') },
    });
    return this.#read(result, z.record(z.string(), z.unknown()), (r) => r);
  }

  close(): Promise<void> {
    return this.#http.close();
  }

  /** A 2xx answer validated by `schema` and mapped; anything else is an unexpected answer. */
  #read<S extends z.ZodType, T>(
    result: GraphResult<unknown>,
    schema: S,
    map: (value: z.output<S>) => T,
  ): GraphResult<T> {
    if (!result.ok) return result;
    const parsed = schema.safeParse(result.value);
    if (!parsed.success) {
      const where = (parsed.error.issues[0]?.path ?? []).map(String).join('.');
      return {
        ok: false,
        error: this.#http.unexpected(`the answer does not match Meta's shape at "${where}"`),
      };
    }
    return { ok: true, value: map(parsed.data) };
  }
}

/**
 * On `POST /{phone-number-id}/messages` the only object in the path is our number, so
 * Graph's "Unsupported post request. Object with ID … does not exist, cannot be loaded due
 * to missing permissions" (code 100, subcode 33) means the number is gone or not this
 * token's: every send from it fails alike until a person fixes the config. That pauses the
 * channel (as code 33 does) instead of failing each journey's message as a bad request.
 */
function numberUnusable(error: ChannelError): ChannelError {
  if (error.code !== 100 || error.subcode !== 33) return error;
  return { ...error, kind: 'pause_channel', reason: 'number_not_registered' };
}
