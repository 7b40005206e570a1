/**
 * Button payloads that route a tap back to exactly the journey that sent the message.
 *
 *   rp:<journeyId>:<visit>:<buttonIndex>[:<author payload>]
 *
 * `visit` names one arrival at the message step, so a tap on an old message (the journey has
 * moved on, or looped back and sent it again) is recognised as stale. The author's own
 * payload, if any, rides along for `button: { payload }` filters.
 */
export interface ButtonToken {
  journeyId: string;
  visit: number;
  button: number;
  payload?: string;
}

const PREFIX = 'rp:';

export function encodeButtonToken(token: ButtonToken): string {
  const base = `${PREFIX}${token.journeyId}:${token.visit}:${token.button}`;
  return token.payload === undefined ? base : `${base}:${token.payload}`;
}

export function decodeButtonToken(payload: string | undefined): ButtonToken | undefined {
  if (payload === undefined || !payload.startsWith(PREFIX)) return undefined;
  const parts = payload.slice(PREFIX.length).split(':');
  const [journeyId, visit, button] = parts;
  if (!journeyId || visit === undefined || button === undefined) return undefined;
  const v = Number(visit);
  const b = Number(button);
  if (!Number.isInteger(v) || !Number.isInteger(b) || v < 0 || b < 0) return undefined;
  const rest = parts.slice(3).join(':');
  return { journeyId, visit: v, button: b, ...(parts.length > 3 ? { payload: rest } : {}) };
}

/** `biz_opaque_callback_data`: correlates status webhooks with the journey step. */
export function callbackData(journeyId: string, visit: number, stepId: string): string {
  return `rp:${journeyId}:${visit}:${stepId}`;
}
