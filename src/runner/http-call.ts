/** One webhook call: 2xx succeeds; 429, 5xx and network errors may be retried; other 4xx are final. */
import { request } from 'undici';
import type { WebhookPayload } from './apply-results.js';

export interface HttpOutcome {
  ok: boolean;
  retryable: boolean;
  status?: number;
  error?: string;
}

export async function httpCall(payload: WebhookPayload): Promise<HttpOutcome> {
  try {
    const response = await request(payload.url, {
      method: payload.method as 'POST',
      headers: payload.headers,
      ...(payload.body !== undefined ? { body: payload.body } : {}),
      headersTimeout: payload.timeoutMs,
      bodyTimeout: payload.timeoutMs,
    });
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, retryable: false, status };
    return {
      ok: false,
      retryable: status === 429 || status >= 500,
      status,
      error: `HTTP ${status}`,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, retryable: true, error: message };
  }
}
