/**
 * Meta's error catalog for the codes the emulator produces, and the two shapes errors take:
 * the synchronous Graph envelope and the webhook error object.
 *
 * HTTP statuses: Meta says not to rely on them and its current error page lists none. We use
 * the older page's table: 401 for 0/190; 403 for 10, 200 and 368; 500 for 131000; 503 for 2
 * and 131016; 400 for everything else, including the throttles 4, 80007, 130429 and 131056
 * (the OpenAPI examples' 429 is machine-generated). 404 is never used: Graph answers unknown
 * objects with 400 / code 100 / subcode 33.
 */
import { newFbtraceId, type Random } from './ids.js';

interface CatalogEntry {
  title: string;
  status: number;
  /** The `error_data.details` Meta gives when nothing more specific applies. */
  details?: string;
}

export const META_ERRORS = {
  0: { title: 'AuthException', status: 401 },
  1: { title: 'API Unknown', status: 400 },
  2: { title: 'Service temporarily unavailable', status: 503 },
  4: { title: 'Application request limit reached', status: 400 },
  10: { title: 'Application does not have permission for this action', status: 403 },
  100: { title: 'Invalid parameter', status: 400 },
  190: { title: 'Invalid OAuth access token - Cannot parse access token', status: 401 },
  2500: { title: 'Unknown path components', status: 400 },
  130429: {
    title: 'Rate limit hit',
    status: 400,
    details: 'Cloud API message throughput has been reached.',
  },
  131000: { title: 'Something went wrong', status: 500, details: 'Something went wrong.' },
  131008: { title: 'Required parameter is missing', status: 400 },
  131009: { title: 'Parameter value is not valid', status: 400 },
  131016: {
    title: 'Service unavailable',
    status: 503,
    details: 'A service is temporarily unavailable.',
  },
  131021: {
    title: 'Recipient cannot be sender',
    status: 400,
    details: 'Sender and recipient phone number is the same.',
  },
  131026: {
    title: 'Message undeliverable',
    status: 400,
    details:
      'Message Undeliverable: the recipient is not a WhatsApp user, has not accepted the terms of service, or uses an old WhatsApp version.',
  },
  131047: {
    title: 'Re-engagement message',
    status: 400,
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131050: {
    title: 'User has stopped marketing messages',
    status: 400,
    details:
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  },
  131051: { title: 'Unsupported message type', status: 400 },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    status: 400,
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  131062: {
    title: 'Business-scoped user ID recipients are not supported for this message type',
    status: 400,
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    status: 400,
  },
  132001: { title: 'Template name does not exist in the translation', status: 400 },
  132005: { title: 'Translated text too long', status: 400 },
  132012: {
    title: 'Parameter format does not match format in the created template',
    status: 400,
  },
  132015: {
    title: 'Template is Paused',
    status: 400,
    details: 'Template is paused due to low quality so it cannot be sent in a template message.',
  },
  132016: {
    title: 'Template is Disabled',
    status: 400,
    details:
      'Template has been paused too many times due to low quality and is now permanently disabled.',
  },
  132018: { title: 'There was an issue with the parameters in your template.', status: 400 },
} satisfies Record<number, CatalogEntry>;

export type MetaErrorCode = keyof typeof META_ERRORS;

export interface GraphErrorExtra {
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  /** Replace the `(#code) Title` message (Graph-level errors word it differently). */
  message?: string;
  type?: 'OAuthException' | 'GraphMethodException';
  /** Graph-level errors (auth, unknown object) carry no `error_data`. */
  noErrorData?: boolean;
}

/** A refusal with Meta's code; thrown inside handlers and turned into the envelope. */
export class GraphError extends Error {
  constructor(
    readonly code: MetaErrorCode,
    readonly details?: string,
    readonly extra: GraphErrorExtra = {},
  ) {
    super(`(#${code}) ${META_ERRORS[code].title}${details ? `: ${details}` : ''}`);
    this.name = 'GraphError';
  }

  get status(): number {
    return META_ERRORS[this.code].status;
  }
}

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** Meta's synchronous error envelope (keys in Graph's order, `fbtrace_id` last). */
export function errorEnvelope(error: GraphError, random: Random): GraphErrorBody {
  const entry: CatalogEntry = META_ERRORS[error.code];
  const { extra } = error;
  const optional: Partial<GraphErrorBody['error']> = {};
  if (extra.error_subcode !== undefined) {
    optional.error_subcode = extra.error_subcode;
    optional.is_transient = false;
  }
  if (extra.error_user_title !== undefined) optional.error_user_title = extra.error_user_title;
  if (extra.error_user_msg !== undefined) optional.error_user_msg = extra.error_user_msg;
  if (!extra.noErrorData)
    optional.error_data = {
      messaging_product: 'whatsapp',
      details: error.details ?? entry.details ?? entry.title,
    };
  return {
    error: {
      message: extra.message ?? `(#${error.code}) ${entry.title}`,
      type: extra.type ?? 'OAuthException',
      code: error.code,
      ...optional,
      fbtrace_id: newFbtraceId(random),
    },
  };
}

export interface WebhookErrorObject {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

const ERROR_CODES_HREF =
  'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/** The error object inside `statuses[].errors[]` and `messages[].errors[]`. */
export function webhookError(code: MetaErrorCode, details?: string): WebhookErrorObject {
  const entry: CatalogEntry = META_ERRORS[code];
  return {
    code,
    title: entry.title,
    message: entry.title,
    error_data: { details: details ?? entry.details ?? entry.title },
    href: ERROR_CODES_HREF,
  };
}

/** Code 100 helpers, worded like Graph's parameter checks. */
export const invalidParam = (details: string): GraphError => new GraphError(100, details);
export const missingParam = (path: string): GraphError =>
  new GraphError(131008, `The parameter ${path} is required.`);
export const invalidValue = (details: string): GraphError => new GraphError(131009, details);
