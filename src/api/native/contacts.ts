/**
 * Contacts: search (keyset pages), one contact, their timeline (messages both ways, steps
 * their journeys took, events, oldest first), and deletion of everything of theirs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ContactRecord } from '../../store/repos/contact-rows.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { defineRoute, type Router } from '../routing.js';

export const ContactParams = z.strictObject({ id: z.string().min(1) });
const SearchQuery = z.strictObject({
  q: z.string().optional(),
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
/** The newest this many of each kind make the timeline. */
const TIMELINE_LIMIT = 500;

export function contactView(c: ContactRecord) {
  const inbound = Object.values(c.lastInboundAt);
  return {
    id: c.id,
    externalId: c.externalId ?? null,
    phone: c.phone ?? null,
    userId: c.userId ?? null,
    attributes: c.attributes,
    timeZone: c.timeZone ?? null,
    subscriptions: c.subscriptions,
    lastInboundAt: inbound.length > 0 ? Math.max(...inbound) : null,
  };
}

export function contactRoutes(app: FastifyInstance, router: Router, deps: ApiDeps): void {
  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/contacts',
      summary: 'Search contacts by id, phone, name or email',
      access: 'native',
      query: SearchQuery,
    },
    async ({ query }) => {
      const page = await deps.store.contacts.search(query.q ?? '', {
        ...(query.after !== undefined ? { after: query.after } : {}),
        ...(query.limit !== undefined ? { limit: query.limit } : {}),
      });
      return { contacts: page.contacts.map(contactView), next: page.next ?? null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/contacts/:id',
      summary: 'One contact',
      access: 'native',
      params: ContactParams,
    },
    async ({ params }) => ({ contact: contactView(await contactOr404(deps, params.id)) }),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/contacts/:id/timeline',
      summary: 'Messages, journey steps and events of a contact, oldest first',
      access: 'native',
      params: ContactParams,
    },
    async ({ params }) => {
      const contact = await contactOr404(deps, params.id);
      const [messages, steps, events] = await Promise.all([
        deps.store.messages.listByContact(contact.id, { limit: TIMELINE_LIMIT }),
        deps.store.history.listByContact(contact.id, { limit: TIMELINE_LIMIT }),
        deps.store.events.listByContact(contact.id, { limit: TIMELINE_LIMIT }),
      ]);
      const items = [
        ...messages.map((m) => ({
          type: 'message' as const,
          at: m.createdAt,
          direction: m.direction,
          text: m.preview,
          buttons: m.buttons ?? [],
          ...(m.tappedButton !== null ? { tapped: m.tappedButton } : {}),
          ...(m.status !== null ? { status: m.status } : {}),
          ...(m.canvasId !== null ? { canvasId: m.canvasId } : {}),
          ...(m.stepId !== null ? { stepId: m.stepId } : {}),
          ...(m.wamid !== null ? { wamid: m.wamid } : {}),
        })),
        ...steps.map((s) => ({
          type: 'step' as const,
          at: s.at,
          canvasId: s.canvasId,
          journeyId: s.journeyId,
          stepId: s.stepId,
          ...(s.branch !== null ? { branch: s.branch } : {}),
        })),
        ...events.map((e) => ({
          type: 'event' as const,
          at: e.at,
          name: e.name,
          properties: e.properties,
        })),
      ];
      // Stable: equal times keep message, step, event order.
      return { items: items.sort((a, b) => a.at - b.at) };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'DELETE',
      url: '/api/v1/contacts/:id',
      summary: 'Delete a contact and everything of theirs',
      access: 'native',
      params: ContactParams,
      status: 204,
    },
    async ({ params, reply }) => {
      if (!(await deps.store.contacts.delete(params.id)))
        throw new ApiError(404, 'contact_not_found', `no contact "${params.id}"`, { field: 'id' });
      return reply.code(204).send();
    },
  );
}

async function contactOr404(deps: ApiDeps, id: string): Promise<ContactRecord> {
  const contact = await deps.store.contacts.get(id);
  if (contact === undefined)
    throw new ApiError(404, 'contact_not_found', `no contact "${id}"`, { field: 'id' });
  return contact;
}
