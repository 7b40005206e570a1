/**
 * The phone simulator: a thin passthrough to the embedded emulator's phone control API
 * (`/_emulator/phones…`), answered in the native error shape. Against real Meta there is
 * no emulator: 404 `no_emulator`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Method, type Router } from '../routing.js';

const PhoneParams = z.strictObject({ phone: z.string().min(1) });
const NewPhone = z.strictObject({ phone: z.string().optional(), name: z.string().optional() });
const Tap = z.strictObject({
  message_id: z.string().optional(),
  index: z.number().int().min(0).optional(),
  label: z.string().optional(),
});
const Text = z.strictObject({ text: z.string().min(1) });

export function simulatorRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  const forward = async (method: Method, path: string, body?: unknown) => {
    if (deps.emulator === undefined)
      throw new ApiError(
        404,
        'no_emulator',
        'the phone simulator exists only with the embedded emulator (no WhatsApp credentials set)',
      );
    const answer = await deps.emulator.app.inject({
      method,
      url: `/_emulator${path}`,
      ...(body !== undefined
        ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const data: unknown = answer.body === '' ? {} : JSON.parse(answer.body);
    if (answer.statusCode >= 400) {
      const message =
        typeof data === 'object' &&
        data !== null &&
        'error' in data &&
        typeof data.error === 'object' &&
        data.error !== null &&
        'message' in data.error
          ? String(data.error.message)
          : `the emulator answered ${answer.statusCode}`;
      throw new ApiError(
        answer.statusCode >= 500 ? 502 : answer.statusCode,
        'simulator_error',
        message,
      );
    }
    return { status: answer.statusCode, data };
  };
  const phone = (p: { phone: string }) => `/phones/${encodeURIComponent(p.phone)}`;

  defineRoute(
    app,
    router,
    { method: 'GET', url: '/api/v1/simulator/phones', summary: 'Virtual phones', access: 'native' },
    async () => (await forward('GET', '/phones')).data,
  );
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/simulator/phones',
      summary: 'Add a virtual phone',
      access: 'native',
      body: NewPhone,
      status: 201,
    },
    async ({ body }) => (await forward('POST', '/phones', body)).data,
  );
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/simulator/phones/:phone/chat',
      summary: "A phone's chat, both directions",
      access: 'native',
      params: PhoneParams,
    },
    async ({ params }) => (await forward('GET', `${phone(params)}/chat`)).data,
  );
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/simulator/phones/:phone/tap',
      summary: 'Tap a button of a message',
      access: 'native',
      params: PhoneParams,
      body: Tap,
      status: 201,
    },
    async ({ params, body }) => (await forward('POST', `${phone(params)}/tap`, body)).data,
  );
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/simulator/phones/:phone/messages',
      summary: 'Type a message from the phone',
      access: 'native',
      params: PhoneParams,
      body: Text,
      status: 201,
    },
    async ({ params, body }) => (await forward('POST', `${phone(params)}/messages`, body)).data,
  );
}
