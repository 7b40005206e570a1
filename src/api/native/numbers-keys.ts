/**
 * Business numbers (configured, read-only here) and API keys: a key's secret is shown once
 * at creation and stored only as a hash; keys carry scopes and can be revoked.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiKeyRecord } from '../../store/repos/api-keys.js';
import { SCOPES } from '../auth/scopes.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

const NewKey = z.strictObject({
  name: z.string().min(1).max(100),
  scopes: z.array(z.enum(SCOPES)).min(1),
});
const KeyParams = z.strictObject({ id: z.string().min(1) });

export function keyView(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
  };
}

export function numberAndKeyRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    { method: 'GET', url: '/api/v1/numbers', summary: 'Business numbers', access: 'native' },
    async () => ({
      numbers: deps.numbers.map((n) => {
        const channel = deps.channels.get(n.id);
        return {
          id: n.id,
          phoneNumberId: n.phoneNumberId,
          displayPhoneNumber: n.displayPhoneNumber,
          wabaId: n.wabaId,
          throughput: channel?.throughputPerSecond ?? n.throughputPerSecond,
          emulated: deps.emulator !== undefined,
          paused: (channel?.pausedUntil ?? 0) > deps.now(),
        };
      }),
    }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/keys',
      summary: 'API keys (never their secrets)',
      access: 'native',
    },
    async () => ({ keys: (await deps.store.apiKeys.list()).map(keyView) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/keys',
      summary: 'Create an API key; the secret is in this answer only',
      access: 'native',
      body: NewKey,
      status: 201,
    },
    async ({ body }) => {
      const { key, record } = await deps.store.apiKeys.create(body.name, [...new Set(body.scopes)]);
      return { key: keyView(record), secret: key };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'DELETE',
      url: '/api/v1/keys/:id',
      summary: 'Revoke an API key',
      access: 'native',
      params: KeyParams,
      status: 204,
    },
    async ({ params, reply }) => {
      if (!(await deps.store.apiKeys.revoke(params.id)))
        throw new ApiError(404, 'key_not_found', `no live API key "${params.id}"`, { field: 'id' });
      router.guard.forgetKeys();
      return reply.code(204).send();
    },
  );
}
