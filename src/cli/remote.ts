/**
 * Talking to a running Riposte from the command line: `--url` / `--key` or RIPOSTE_URL /
 * RIPOSTE_API_KEY. Errors come back in the native shape and are printed as one line.
 */
import { request } from 'undici';

export interface Remote {
  url: string;
  key: string;
}

export function remoteOf(opts: { url?: string; key?: string }): Remote | string {
  const url = opts.url ?? process.env.RIPOSTE_URL ?? 'http://127.0.0.1:3000';
  const key = opts.key ?? process.env.RIPOSTE_API_KEY;
  if (key === undefined || key === '') return 'an API key is needed: --key or RIPOSTE_API_KEY';
  return { url: url.replace(/\/+$/, ''), key };
}

export interface Answer {
  status: number;
  body: unknown;
}

export async function call(
  remote: Remote,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: { type: string; text: string },
): Promise<Answer> {
  const response = await request(`${remote.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${remote.key}`,
      ...(body ? { 'content-type': body.type } : {}),
    },
    ...(body ? { body: body.text } : {}),
    // One command, a few requests: no keep-alive socket holding the process open after.
    reset: true,
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the message.
  }
  return { status: response.statusCode, body: parsed };
}

/** `code: message (field)` from a native error answer. */
export function describeError(answer: Answer): string {
  const body = answer.body;
  const error =
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof body.error === 'object' &&
    body.error !== null
      ? (body.error as Record<string, unknown>)
      : undefined;
  if (!error) return `HTTP ${answer.status}`;
  const field = typeof error.field === 'string' ? ` (${error.field})` : '';
  return `${String(error.code)}: ${String(error.message)}${field}`;
}
