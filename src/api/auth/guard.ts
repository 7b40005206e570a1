/**
 * Who is calling: an API key (`Authorization: Bearer rp_…`, checked against its hash, with
 * scopes) or the dashboard's session cookie (with the CSRF token on every write). A route
 * names what it needs; the guard answers 401 for no or a bad credential and 403 for a
 * credential that may not do this.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store } from '../../store/open.js';
import type { ApiKeyRecord } from '../../store/repos/api-keys.js';
import type { SessionRecord } from '../../store/repos/users.js';
import { ApiError } from '../errors.js';
import type { Scope } from './scopes.js';

export const SESSION_COOKIE = 'riposte_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A dashboard session lasts a week from sign-in. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A verified key is trusted this long before its row is read again (revocation elsewhere). */
const KEY_CACHE_MS = 5000;

export type Auth =
  | { kind: 'key'; key: ApiKeyRecord }
  | { kind: 'session'; session: SessionRecord; sessionId: string }
  | { kind: 'none' };

/**
 * `public`: anyone; `session-optional`: reads the session if there is one (sign-in
 * screens); a scope: an API key with that scope, or for `native` also a session.
 */
export type Access = Scope | 'public' | 'session-optional';

export class Guard {
  private readonly keyCache = new Map<string, { record: ApiKeyRecord; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  async check(request: FastifyRequest, access: Access): Promise<Auth> {
    if (access === 'public') return { kind: 'none' };
    const bearer = bearerOf(request);
    if (bearer !== undefined && access !== 'session-optional') {
      const key = await this.verifyKey(bearer);
      if (key === undefined) throw new ApiError(401, 'unauthorized', 'the API key is not valid');
      if (!key.scopes.includes(access))
        throw new ApiError(
          403,
          'forbidden',
          `the API key "${key.name}" lacks the "${access}" permission`,
          { hint: `create a key with the ${access} scope` },
        );
      return { kind: 'key', key };
    }
    const sessionId = cookieOf(request, SESSION_COOKIE);
    const session = sessionId === undefined ? undefined : await this.store.sessions.get(sessionId);
    if (access === 'session-optional') {
      return session && sessionId ? { kind: 'session', session, sessionId } : { kind: 'none' };
    }
    if (access !== 'native' || session === undefined || sessionId === undefined) {
      throw new ApiError(
        401,
        'unauthorized',
        access === 'native'
          ? 'sign in, or send an API key: Authorization: Bearer <key>'
          : 'an API key is required: Authorization: Bearer <key>',
      );
    }
    if (isWrite(request.method) && !sameToken(headerOf(request, CSRF_HEADER), session.csrfToken)) {
      throw new ApiError(
        403,
        'csrf_token_invalid',
        `the ${CSRF_HEADER} header is missing or wrong`,
        {
          hint: 'read csrfToken from GET /api/v1/session and send it on every write',
        },
      );
    }
    return { kind: 'session', session, sessionId };
  }

  /** A revoked key stops working here at once (other processes within the cache time). */
  forgetKeys(): void {
    this.keyCache.clear();
  }

  private async verifyKey(key: string): Promise<ApiKeyRecord | undefined> {
    const cached = this.keyCache.get(key);
    if (cached && cached.until > this.now()) return cached.record;
    const record = await this.store.apiKeys.verify(key);
    if (record === undefined) {
      this.keyCache.delete(key);
      return undefined;
    }
    if (this.keyCache.size > 1000) this.keyCache.clear();
    this.keyCache.set(key, { record, until: this.now() + KEY_CACHE_MS });
    return record;
  }
}

function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = headerOf(request, 'authorization');
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = headerOf(request, 'cookie');
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function sessionCookie(sessionId: string, maxAgeMs: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(sessionId)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

export function setNoStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
