/**
 * Graph authentication: `Authorization: Bearer <token>` (Graph also takes `OAuth <token>`)
 * or the `access_token` query parameter. Missing or unknown → HTTP 401, code 190, type
 * OAuthException, and no `error_data`, as Graph answers OAuth errors.
 *
 * Unsure: with no token at all, some Graph edges answer code 104 ("An access token is
 * required…"). We answer 190 in both cases, so a client has one code to handle for "fix
 * your token", and Meta's own error table lists 190 for missing tokens on WhatsApp calls.
 */
import { timingSafeEqual } from 'node:crypto';
import { GraphError } from './errors.js';

export function tokenOf(authorization: unknown, query: unknown): string | undefined {
  if (typeof authorization === 'string') {
    const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  if (typeof query === 'object' && query !== null && 'access_token' in query) {
    const value = query.access_token;
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Throws the 190 refusal unless the request carries one of the tokens. */
export function checkToken(tokens: readonly string[], authorization: unknown, query: unknown) {
  const token = tokenOf(authorization, query);
  if (token === undefined)
    throw new GraphError(190, undefined, {
      message: 'An access token is required to request this resource.',
      noErrorData: true,
    });
  if (!tokens.some((t) => sameSecret(t, token)))
    throw new GraphError(190, undefined, {
      message: 'Invalid OAuth access token - Cannot parse access token',
      noErrorData: true,
    });
}
