/**
 * Meta's error codes and what each means for us (reference §3.3 and the retry policy under
 * its table): retry, give up on this message with a reason, or pause the whole number.
 */
import type { ChannelErrorKind, ChannelErrorReason } from './errors.js';

export type ErrorClass = readonly [ChannelErrorKind, ChannelErrorReason];

const R = (reason: ChannelErrorReason): ErrorClass => ['retryable', reason];
const T = (reason: ChannelErrorReason): ErrorClass => ['terminal', reason];
const P = (reason: ChannelErrorReason): ErrorClass => ['pause_channel', reason];

/** Reference §3.3; see the retry policy under the table. */
const BY_CODE: ReadonlyMap<number, ErrorClass> = new Map([
  [4, R('rate_limited')],
  [80007, R('rate_limited')],
  [130429, R('rate_limited')],
  [133016, R('rate_limited')],
  [131056, R('pair_rate_limited')],
  [1, R('server_error')],
  [131000, R('server_error')],
  [2, R('service_unavailable')],
  [131016, R('service_unavailable')],
  [133004, R('service_unavailable')],
  [131057, R('maintenance')],

  [131047, T('outside_window')],
  [131026, T('undeliverable')],
  [131050, T('marketing_opt_out')],
  [131049, T('marketing_limit')],
  [131063, T('marketing_disabled')],
  [130472, T('marketing_experiment')],
  [130403, T('recipient_blocked')],
  [131021, T('recipient_is_sender')],
  [131062, T('recipient_not_supported')],
  [130497, T('country_restricted')],
  [100, T('invalid_message')],
  [131008, T('invalid_message')],
  [131009, T('invalid_message')],
  [135000, T('invalid_message')],
  [131051, T('unsupported_message_type')],
  [131060, T('message_unavailable')],
  [131052, T('media_error')],
  [131053, T('media_error')],
  [132000, T('template_param_mismatch')],
  [132001, T('template_not_found')],
  [132005, T('template_format')],
  [132007, T('template_format')],
  [132012, T('template_format')],
  [132018, T('template_format')],
  [132015, T('template_paused')],
  [132016, T('template_disabled')],
  [132068, T('flow_unavailable')],
  [132069, T('flow_unavailable')],

  [0, P('auth_failed')],
  [190, P('auth_failed')],
  [10, P('permission_denied')],
  // Not in Meta's pause list, but a missing permission fails every send alike.
  [3, P('permission_denied')],
  [131005, P('permission_denied')],
  [131048, P('spam_rate_limited')],
  [131064, P('template_violation_limit')],
  [368, P('policy_blocked')],
  [131031, P('account_locked')],
  [131042, P('payment_issue')],
  // The number itself cannot send (deleted, unregistered, bad certificate, no display name).
  [33, P('number_not_registered')],
  [133010, P('number_not_registered')],
  [131045, P('number_not_registered')],
  [131037, P('number_not_registered')],
]);

/** How Meta's code is handled; unknown codes are terminal (`unknown`) unless transient. */
export function classifyCode(code: number, isTransient = false): ErrorClass {
  const known = BY_CODE.get(code);
  if (known) return known;
  if (code >= 200 && code <= 299) return P('permission_denied');
  if (isTemplateRuleCode(code)) return T('template_invalid');
  return isTransient ? R('server_error') : T('unknown');
}

/** 2388xxx: template creation rules (leading variable, character limit, header format…). */
export function isTemplateRuleCode(code: number): boolean {
  return code >= 2388000 && code <= 2388999;
}
