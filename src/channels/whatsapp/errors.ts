/**
 * Channel errors: what went wrong with a Cloud API call or a sent message, typed as
 * retryable, terminal (with a reason a canvas can branch on) or channel-pausing.
 *
 * Meta tells errors apart by `code` only (reference §3: titles are being deprecated and
 * HTTP statuses are unreliable), so classification is one table keyed by code, plus
 * fallbacks for answers that carry no Meta error at all (proxies, 5xx pages, sockets).
 */
import { z } from 'zod';
import { defined } from './defined.js';
import { classifyCode, isTemplateRuleCode } from './error-codes.js';

export type ChannelErrorKind = 'retryable' | 'terminal' | 'pause_channel';

export type ChannelErrorReason =
  // retryable
  | 'rate_limited'
  | 'pair_rate_limited'
  | 'server_error'
  | 'service_unavailable'
  | 'maintenance'
  | 'network'
  | 'timeout'
  // terminal: the message, the recipient or the template
  | 'outside_window'
  | 'undeliverable'
  | 'marketing_opt_out'
  | 'marketing_limit'
  | 'marketing_disabled'
  | 'marketing_experiment'
  | 'recipient_blocked'
  | 'recipient_is_sender'
  | 'recipient_not_supported'
  | 'country_restricted'
  | 'invalid_recipient'
  | 'invalid_message'
  | 'unsupported_message_type'
  | 'message_unavailable'
  | 'media_error'
  | 'template_param_mismatch'
  | 'template_not_found'
  | 'template_format'
  | 'template_paused'
  | 'template_disabled'
  | 'template_invalid'
  | 'flow_unavailable'
  | 'unexpected_response'
  | 'http_error'
  | 'unknown'
  // pause the channel: nothing this number sends can succeed until a person acts
  | 'auth_failed'
  | 'permission_denied'
  | 'spam_rate_limited'
  | 'template_violation_limit'
  | 'policy_blocked'
  | 'account_locked'
  | 'payment_issue'
  | 'number_not_registered';

export interface ChannelError {
  kind: ChannelErrorKind;
  /** Meta's error code, or what failed when there was no Meta answer. */
  code: number | 'network' | 'timeout' | 'http';
  reason: ChannelErrorReason;
  title: string;
  /** Meta's `error_data.details`, the most useful diagnostic text. */
  details?: string;
  httpStatus?: number;
  /** A server-given wait (Retry-After), when there was one. */
  retryAfterMs?: number;
  /** Graph `error_subcode` (deprecated, still seen: 463 = token expired). */
  subcode?: number;
  fbtraceId?: string;
  href?: string;
  /**
   * True when the request may have reached Meta and been accepted (a timeout or a socket
   * dropped after sending): the message may exist, so a resend could deliver it twice.
   */
  ambiguous?: boolean;
}

const GraphErrorBody = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    error_data: z.union([z.looseObject({ details: z.string().optional() }), z.string()]).optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** Meta prefixes messages with the code, e.g. "(#130429) Rate limit hit". */
function titleOf(message: string | undefined, code: number): string {
  return (message ?? `Error ${code}`).replace(/^\(#\d+\)\s*/, '');
}

/**
 * A synchronous Graph error body `{error:{message,type,code,error_data,error_subcode,
 * fbtrace_id}}`, or undefined when the body is not one. The HTTP status is kept for
 * diagnostics only; the code decides.
 */
export function fromGraphError(body: unknown, httpStatus?: number): ChannelError | undefined {
  const parsed = GraphErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  // Template creation errors come as code 100 with the precise rule in the subcode.
  const templateRule = e.error_subcode !== undefined && isTemplateRuleCode(e.error_subcode);
  const [kind, reason] = templateRule
    ? (['terminal', 'template_invalid'] as const)
    : classifyCode(e.code, e.is_transient === true);
  const details = typeof e.error_data === 'string' ? e.error_data : e.error_data?.details;
  return compact({
    kind,
    code: e.code,
    reason,
    title: titleOf(e.message, e.code),
    details: details ?? e.error_user_msg,
    httpStatus,
    subcode: e.error_subcode,
    fbtraceId: e.fbtrace_id,
  });
}

const WebhookErrorBody = z.looseObject({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

/** A webhook error object `{code,title,message,error_data:{details},href}`. */
export function fromWebhookError(value: unknown): ChannelError | undefined {
  const parsed = WebhookErrorBody.safeParse(value);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const [kind, reason] = classifyCode(e.code);
  return compact({
    kind,
    code: e.code,
    reason,
    title: e.title ?? titleOf(e.message, e.code),
    details: e.error_data?.details,
    href: e.href,
  });
}

/** An HTTP answer without a Meta error body (a proxy page, an empty 502…). */
export function fromHttpStatus(httpStatus: number, retryAfterMs?: number): ChannelError {
  const title = `HTTP ${httpStatus} without a Graph error body`;
  const base = { code: 'http' as const, title, httpStatus, retryAfterMs };
  if (httpStatus === 429) return compact({ ...base, kind: 'retryable', reason: 'rate_limited' });
  if (httpStatus >= 500) {
    // The request reached something: Meta may have accepted it behind a failing proxy.
    return compact({ ...base, kind: 'retryable', reason: 'server_error', ambiguous: true });
  }
  if (httpStatus === 401) return compact({ ...base, kind: 'pause_channel', reason: 'auth_failed' });
  if (httpStatus === 403) {
    return compact({ ...base, kind: 'pause_channel', reason: 'permission_denied' });
  }
  return compact({ ...base, kind: 'terminal', reason: 'http_error' });
}

/** Socket codes meaning nothing was sent, so a retry cannot duplicate a message. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ABORT_ERR',
]);

/** A thrown transport error (undici, DNS, socket, abort on timeout) as a ChannelError. */
export function fromTransportError(err: unknown, secrets: (text: string) => string): ChannelError {
  const code = errorCode(err);
  const name = err instanceof Error ? err.name : '';
  const message = secrets(err instanceof Error ? err.message : String(err));
  if (name === 'TimeoutError' || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return {
      kind: 'retryable',
      code: 'timeout',
      reason: 'timeout',
      title: 'Request timed out',
      details: message,
      ambiguous: true,
    };
  }
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return compact({
    kind: 'retryable',
    code: 'network',
    reason: 'network',
    title: code ? `Network error ${code}` : 'Network error',
    details: message,
    ambiguous: notSent ? undefined : true,
  });
}

function errorCode(err: unknown): string | undefined {
  // undici and Node put the code on the error or on its `cause`.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    if ('code' in e && typeof e.code === 'string') return e.code;
    e = e.cause;
  }
  return undefined;
}

/** A terminal error we raise ourselves before any request (bad recipient, bad body…). */
export function localError(
  reason: ChannelErrorReason,
  title: string,
  details?: string,
): ChannelError {
  return compact({ kind: 'terminal', code: 100, reason, title, details });
}

/** Drop undefined fields so errors compare and serialize cleanly. */
function compact(e: ChannelError): ChannelError {
  return defined(e);
}
