/**
 * The dashboard's sign-in: a session cookie (HttpOnly, SameSite=Lax) and a CSRF token the
 * dashboard sends back in `X-CSRF-Token` on every write. The first user is created through
 * `POST /api/v1/setup`, which works only while no user exists.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { StoreConflictError, StoreInputError } from '../../store/errors.js';
import { SESSION_TTL_MS, clearedSessionCookie, sessionCookie, setNoStore } from '../auth/guard.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const Credentials = z.strictObject({ email: z.string().min(1), password: z.string().min(1) });

export function sessionRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  const open = async (reply: FastifyReply, userId: string) => {
    const { sessionId, session } = await deps.store.sessions.create(userId, SESSION_TTL_MS);
    reply.header(
      'set-cookie',
      sessionCookie(sessionId, SESSION_TTL_MS, deps.secureCookies ?? false),
    );
    setNoStore(reply);
    return { user: { email: session.email }, csrfToken: session.csrfToken };
  };

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/session',
      summary: 'Who is signed in',
      access: 'session-optional',
    },
    async ({ auth, reply }) => {
      setNoStore(reply);
      const setupNeeded = (await deps.store.users.list()).length === 0;
      if (auth.kind !== 'session') return { user: null, csrfToken: '', setupNeeded };
      return {
        user: { email: auth.session.email },
        csrfToken: auth.session.csrfToken,
        setupNeeded,
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/session',
      summary: 'Sign in',
      access: 'public',
      body: Credentials,
    },
    async ({ body, reply }) => {
      const user = await deps.store.users.authenticate(body.email, body.password);
      if (user === undefined) throw new ApiError(401, 'bad_credentials', 'wrong email or password');
      return open(reply, user.id);
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'DELETE',
      url: '/api/v1/session',
      summary: 'Sign out',
      access: 'session-optional',
      status: 204,
    },
    async ({ auth, reply }) => {
      if (auth.kind === 'session') await deps.store.sessions.delete(auth.sessionId);
      reply.header('set-cookie', clearedSessionCookie());
      return reply.code(204).send();
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/setup',
      summary: 'Create the first user (only while there is none) and sign in',
      access: 'public',
      body: Credentials,
    },
    async ({ body, reply }) => {
      if ((await deps.store.users.list()).length > 0)
        throw new ApiError(409, 'setup_done', 'a user exists already; sign in instead');
      try {
        const user = await deps.store.users.create(body.email, body.password);
        return await open(reply, user.id);
      } catch (error) {
        if (error instanceof StoreInputError)
          throw new ApiError(400, 'invalid_field', error.message, {
            field: error.message.includes('password') ? 'password' : 'email',
          });
        if (error instanceof StoreConflictError)
          throw new ApiError(409, 'setup_done', 'a user exists already');
        throw error;
      }
    },
  );
}
