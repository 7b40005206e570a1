import { describe, expect, it } from 'vitest';
import { classifyCode } from './error-codes.js';
import {
  fromGraphError,
  fromHttpStatus,
  fromTransportError,
  fromWebhookError,
  localError,
} from './errors.js';

describe('classifyCode', () => {
  it.each([
    [130429, 'retryable', 'rate_limited'],
    [131056, 'retryable', 'pair_rate_limited'],
    [4, 'retryable', 'rate_limited'],
    [80007, 'retryable', 'rate_limited'],
    [1, 'retryable', 'server_error'],
    [2, 'retryable', 'service_unavailable'],
    [131000, 'retryable', 'server_error'],
    [131016, 'retryable', 'service_unavailable'],
    [131057, 'retryable', 'maintenance'],
    [133004, 'retryable', 'service_unavailable'],
    [131047, 'terminal', 'outside_window'],
    [131026, 'terminal', 'undeliverable'],
    [131050, 'terminal', 'marketing_opt_out'],
    [131049, 'terminal', 'marketing_limit'],
    [132000, 'terminal', 'template_param_mismatch'],
    [132001, 'terminal', 'template_not_found'],
    [132012, 'terminal', 'template_format'],
    [132015, 'terminal', 'template_paused'],
    [132016, 'terminal', 'template_disabled'],
    [100, 'terminal', 'invalid_message'],
    [131008, 'terminal', 'invalid_message'],
    [131009, 'terminal', 'invalid_message'],
    [131051, 'terminal', 'unsupported_message_type'],
    [131062, 'terminal', 'recipient_not_supported'],
    [2388299, 'terminal', 'template_invalid'],
    [190, 'pause_channel', 'auth_failed'],
    [0, 'pause_channel', 'auth_failed'],
    [10, 'pause_channel', 'permission_denied'],
    [200, 'pause_channel', 'permission_denied'],
    [131048, 'pause_channel', 'spam_rate_limited'],
    [131064, 'pause_channel', 'template_violation_limit'],
    [368, 'pause_channel', 'policy_blocked'],
    [131031, 'pause_channel', 'account_locked'],
    [131042, 'pause_channel', 'payment_issue'],
    [133010, 'pause_channel', 'number_not_registered'],
    [999999, 'terminal', 'unknown'],
  ] as const)('%i is %s (%s)', (code, kind, reason) => {
    expect(classifyCode(code)).toEqual([kind, reason]);
  });

  it('retries an unknown code that Graph marks transient', () => {
    expect(classifyCode(999999, true)).toEqual(['retryable', 'server_error']);
  });
});

describe('fromGraphError', () => {
  it('parses the documented 130429 envelope', () => {
    const body = {
      error: {
        message: '(#130429) Rate limit hit',
        type: 'OAuthException',
        code: 130429,
        error_data: {
          messaging_product: 'whatsapp',
          details: 'Cloud API message throughput has been reached.',
        },
        error_subcode: 2494055,
        fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
      },
    };
    expect(fromGraphError(body, 429)).toEqual({
      kind: 'retryable',
      code: 130429,
      reason: 'rate_limited',
      title: 'Rate limit hit',
      details: 'Cloud API message throughput has been reached.',
      httpStatus: 429,
      subcode: 2494055,
      fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
    });
  });

  it('parses an OAuth 190 without error_data', () => {
    const body = {
      error: {
        code: 190,
        error_subcode: 463,
        message: 'Error validating access token: Session has expired on Friday.',
        type: 'OAuthException',
      },
    };
    expect(fromGraphError(body, 401)).toEqual({
      kind: 'pause_channel',
      code: 190,
      reason: 'auth_failed',
      title: 'Error validating access token: Session has expired on Friday.',
      httpStatus: 401,
      subcode: 463,
    });
  });

  it('uses error_user_msg when there are no details', () => {
    const body = { error: { code: 100, message: 'Invalid parameter', error_user_msg: 'Bad name' } };
    expect(fromGraphError(body)).toMatchObject({ reason: 'invalid_message', details: 'Bad name' });
  });

  it('reads a template creation rule from the subcode', () => {
    const body = {
      error: {
        message: 'Invalid parameter',
        type: 'OAuthException',
        code: 100,
        error_subcode: 2388299,
        error_user_title: "Variables can't be at the start or end of the template",
        error_user_msg: "Variables can't be at the start or end of the template.",
      },
    };
    expect(fromGraphError(body, 400)).toEqual({
      kind: 'terminal',
      code: 100,
      reason: 'template_invalid',
      title: 'Invalid parameter',
      details: "Variables can't be at the start or end of the template.",
      httpStatus: 400,
      subcode: 2388299,
    });
  });

  it.each([null, 'oops', { error: 'x' }, { error: { message: 'no code' } }, {}])(
    'returns undefined for %j',
    (body) => {
      expect(fromGraphError(body)).toBeUndefined();
    },
  );
});

describe('fromWebhookError', () => {
  it('parses a status-webhook error object', () => {
    expect(
      fromWebhookError({
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        error_data: { details: 'Message failed to send because more than 24 hours have passed.' },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      }),
    ).toEqual({
      kind: 'terminal',
      code: 131047,
      reason: 'outside_window',
      title: 'Re-engagement message',
      details: 'Message failed to send because more than 24 hours have passed.',
      href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
    });
  });

  it('falls back to message for the title', () => {
    expect(fromWebhookError({ code: 131051, message: 'Message type unknown' })).toEqual({
      kind: 'terminal',
      code: 131051,
      reason: 'unsupported_message_type',
      title: 'Message type unknown',
    });
  });

  it('returns undefined without a numeric code', () => {
    expect(fromWebhookError({ code: '131047', title: 'x' })).toBeUndefined();
  });
});

describe('fromHttpStatus', () => {
  it.each([
    [429, 'retryable', 'rate_limited', undefined],
    [500, 'retryable', 'server_error', true],
    [503, 'retryable', 'server_error', true],
    [401, 'pause_channel', 'auth_failed', undefined],
    [403, 'pause_channel', 'permission_denied', undefined],
    [404, 'terminal', 'http_error', undefined],
  ] as const)('%i without a body is %s (%s)', (status, kind, reason, ambiguous) => {
    const error = fromHttpStatus(status);
    expect(error).toMatchObject({ kind, reason, code: 'http', httpStatus: status });
    expect(error.ambiguous).toBe(ambiguous);
  });

  it('keeps Retry-After', () => {
    expect(fromHttpStatus(429, 3000).retryAfterMs).toBe(3000);
  });
});

describe('fromTransportError', () => {
  const none = (text: string) => text;

  it('a refused connection is retryable and surely not sent', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    });
    expect(fromTransportError(err, none)).toEqual({
      kind: 'retryable',
      code: 'network',
      reason: 'network',
      title: 'Network error ECONNREFUSED',
      details: 'connect ECONNREFUSED 127.0.0.1:9',
    });
  });

  it('a reset socket (code on the cause) is ambiguous', () => {
    const err = new Error('fetch failed', {
      cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
    });
    expect(fromTransportError(err, none)).toMatchObject({
      reason: 'network',
      title: 'Network error UND_ERR_SOCKET',
      ambiguous: true,
    });
  });

  it('a timeout is retryable and ambiguous', () => {
    const err = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(fromTransportError(err, none)).toMatchObject({
      kind: 'retryable',
      code: 'timeout',
      reason: 'timeout',
      ambiguous: true,
    });
  });

  it('scrubs the message', () => {
    const err = new Error('bad token abc123');
    const error = fromTransportError(err, (t) => t.replace('abc123', '[redacted]'));
    expect(error.details).toBe('bad token [redacted]');
  });
});

describe('localError', () => {
  it('is terminal with code 100', () => {
    expect(localError('invalid_recipient', 'no recipient')).toEqual({
      kind: 'terminal',
      code: 100,
      reason: 'invalid_recipient',
      title: 'no recipient',
    });
  });
});
