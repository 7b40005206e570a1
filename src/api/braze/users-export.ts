/**
 * `POST /users/export/ids` and `POST /users/delete` (Braze's user data endpoints): export
 * profiles by external id, braze id (our contact id) or phone; delete people and
 * everything of theirs (journeys, timers, queued sends, logs).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ContactRecord } from '../../store/repos/contact-rows.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';
import { iso } from '../canvas-source.js';
import { toE164 } from './phone.js';

/** Braze: at most 50 ids per request. */
export const USERS_MAX_IDS = 50;
const STANDARD = [
  'first_name',
  'last_name',
  'email',
  'dob',
  'gender',
  'home_city',
  'country',
  'language',
];

const Alias = z.object({ alias_name: z.string(), alias_label: z.string() });
const ExportBody = z.looseObject({
  external_ids: z.array(z.string().min(1)).optional(),
  user_aliases: z.array(Alias).optional(),
  braze_id: z.string().optional(),
  phone: z.string().optional(),
  email_address: z.string().optional(),
  fields_to_export: z.array(z.string()).optional(),
});
const DeleteBody = z.looseObject({
  external_ids: z.array(z.string().min(1)).optional(),
  braze_ids: z.array(z.string().min(1)).optional(),
  user_aliases: z.array(Alias).optional(),
});

export function usersExportRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/users/export/ids',
      summary: 'Export user profiles by identifier (Braze)',
      access: 'users.export.ids',
      rate: 'users.export.ids',
      body: ExportBody,
      status: 201,
    },
    async ({ body }) => {
      const externalIds = body.external_ids ?? [];
      if (externalIds.length + (body.user_aliases?.length ?? 0) > USERS_MAX_IDS)
        throw new ApiError(
          400,
          'too_many_ids',
          `at most ${USERS_MAX_IDS} identifiers per request`,
          { field: 'external_ids' },
        );
      if (body.email_address !== undefined)
        throw new ApiError(400, 'email_unsupported', 'email_address lookups are not supported', {
          field: 'email_address',
        });
      const found: ContactRecord[] = [];
      const invalid: string[] = [];
      for (const id of externalIds) {
        const c = await deps.store.contacts.find({ externalId: id });
        if (c) found.push(c);
        else invalid.push(id);
      }
      for (const alias of body.user_aliases ?? []) {
        const phone = alias.alias_label === 'phone' ? toE164(alias.alias_name) : undefined;
        const c = phone === undefined ? undefined : await deps.store.contacts.find({ phone });
        if (c) found.push(c);
      }
      if (body.braze_id !== undefined) {
        const c = await deps.store.contacts.get(body.braze_id);
        if (c) found.push(c);
      }
      if (body.phone !== undefined) {
        const phone = toE164(body.phone);
        const c = phone === undefined ? undefined : await deps.store.contacts.find({ phone });
        if (c) found.push(c);
      }
      const fields = body.fields_to_export;
      const users = [...new Map(found.map((c) => [c.id, c])).values()].map((c) =>
        pick(exportUser(c), fields),
      );
      return {
        users,
        ...(invalid.length > 0 ? { invalid_user_ids: invalid } : {}),
        message: 'success',
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/users/delete',
      summary: 'Delete people and everything of theirs (Braze)',
      access: 'users.delete',
      rate: 'users.delete',
      body: DeleteBody,
      status: 201,
    },
    async ({ body }) => {
      const total =
        (body.external_ids?.length ?? 0) +
        (body.braze_ids?.length ?? 0) +
        (body.user_aliases?.length ?? 0);
      if (total === 0)
        throw new ApiError(400, 'no_ids', 'give external_ids, braze_ids or user_aliases', {
          field: 'external_ids',
        });
      if (total > USERS_MAX_IDS)
        throw new ApiError(
          400,
          'too_many_ids',
          `at most ${USERS_MAX_IDS} identifiers per request`,
          { field: 'external_ids' },
        );
      const ids = new Set<string>();
      for (const id of body.external_ids ?? []) {
        const c = await deps.store.contacts.find({ externalId: id });
        if (c) ids.add(c.id);
      }
      for (const id of body.braze_ids ?? []) ids.add(id);
      for (const alias of body.user_aliases ?? []) {
        const phone = alias.alias_label === 'phone' ? toE164(alias.alias_name) : undefined;
        const c = phone === undefined ? undefined : await deps.store.contacts.find({ phone });
        if (c) ids.add(c.id);
      }
      let deleted = 0;
      for (const id of ids) if (await deps.store.contacts.delete(id)) deleted++;
      return { deleted, message: 'success' };
    },
  );
}

function exportUser(c: ContactRecord): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  const standard: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.attributes))
    (STANDARD.includes(k) ? standard : custom)[k] = v;
  return {
    created_at: iso(c.createdAt),
    external_id: c.externalId ?? null,
    braze_id: c.id,
    ...standard,
    phone: c.phone ?? null,
    time_zone: c.timeZone ?? null,
    custom_attributes: custom,
    subscription_groups: Object.entries(c.subscriptions).map(([id, state]) => ({
      id,
      status: state,
    })),
  };
}

function pick(
  user: Record<string, unknown>,
  fields: string[] | undefined,
): Record<string, unknown> {
  if (fields === undefined || fields.length === 0) return user;
  return Object.fromEntries(Object.entries(user).filter(([k]) => fields.includes(k)));
}
