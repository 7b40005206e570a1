/**
 * The inputs of a runner batch (process-batch.ts): which engine input an inbox event is,
 * which canvases it may enter the person into, what a reply answers, and what an event
 * changes about the person on the way.
 */
import type { CanvasEntry } from '../engine/process.js';
import { applyContactOps } from '../engine/contact-ops.js';
import type { Contact, ContactOp, Input } from '../engine/types.js';
import type { PersonState } from './apply-results.js';
import type { LiveCanvas } from './catalog.js';
import type { InboxPayload } from './inbox-events.js';
import type { BatchDeps, Item } from './process-batch.js';
import type { WriteSet } from './write-set.js';

/** A new phone number or business-scoped user id, applied in the batch's transaction. */
export interface IdentityChange {
  contactId: string;
  phone?: string;
  userId?: string;
}

/**
 * What an event changes about the person before any journey sees it: profile updates,
 * events kept for the timeline, new addresses, WhatsApp's marketing preference. The
 * person's view changes at once, so later inputs of the batch see it.
 */
export function notePayload(
  payload: InboxPayload,
  person: PersonState,
  writes: WriteSet,
  identityChanges: IdentityChange[],
): void {
  const contactId = person.contact.id;
  if (payload.kind === 'api.profile') {
    writes.addOps(contactId, payload.ops);
    person.contact = applyOpsLocally(person.contact, payload.ops);
    const zone = payload.timeZone;
    if (zone !== undefined) {
      writes.timeZones.set(contactId, zone);
      person.contact = { ...person.contact, timeZone: zone };
    }
  }
  if (payload.kind === 'api.event') {
    writes.events.push({
      contactId,
      name: payload.name,
      properties: payload.properties,
      at: payload.at,
    });
  }
  if (payload.kind === 'wa.identity') {
    const { phone, userId } = payload;
    identityChanges.push({
      contactId,
      ...(phone !== undefined ? { phone } : {}),
      ...(userId !== undefined ? { userId } : {}),
    });
    person.contact = {
      ...person.contact,
      ...(phone !== undefined ? { phone } : {}),
      ...(userId !== undefined ? { userId } : {}),
    };
  }
  if (payload.kind === 'wa.preference') {
    const state = payload.value === 'stop' ? 'unsubscribed' : 'subscribed';
    const ops = [
      {
        op: 'subscription' as const,
        number: payload.number,
        state: state as 'subscribed' | 'unsubscribed',
      },
    ];
    writes.addOps(contactId, ops);
    person.contact = applyOpsLocally(person.contact, ops);
  }
}

/** The engine input an inbox event is; null for events that only change the person. */
export function inputOf(payload: InboxPayload): Exclude<Input, { type: 'enter' }> | null {
  switch (payload.kind) {
    case 'wa.message':
      return { type: 'inbound_message', message: payload.message };
    case 'api.event':
      return {
        type: 'event',
        event: { name: payload.name, properties: payload.properties, at: payload.at },
      };
    case 'effect.webhook_result':
      return {
        type: 'webhook_result',
        key: payload.key,
        ok: payload.ok,
        ...(payload.status !== undefined ? { status: payload.status } : {}),
        ...(payload.error !== undefined ? { error: payload.error } : {}),
      };
    default:
      return null;
  }
}

/** Canvases an item may enter the person into, with their entry history. */
export function entryTargets(
  payload: InboxPayload | null,
  live: LiveCanvas[],
  person: PersonState,
  counts: Map<string, { count: number; lastEnteredAt?: number }>,
): CanvasEntry[] {
  if (payload === null) return [];
  const targets = live.filter((l) => {
    if (l.status !== 'live') return false;
    if (payload.kind === 'api.enter') return l.canvas.id === payload.canvasId;
    if (payload.kind === 'api.event') return l.canvas.entry.type === 'event';
    if (payload.kind === 'wa.message') return l.canvas.entry.type === 'inbound_whatsapp';
    return false;
  });
  return targets.map((l) => {
    const history = counts.get(`${l.canvas.id}|${person.contact.id}`) ?? { count: 0 };
    const active = [...person.journeys.values()].some(
      (j) => j.canvasId === l.canvas.id && j.status !== 'ended',
    );
    return {
      canvas: l.canvas,
      version: l.version,
      entries: {
        count: history.count,
        active,
        ...(history.lastEnteredAt !== undefined ? { lastEnteredAt: history.lastEnteredAt } : {}),
      },
      ...(payload.kind === 'api.enter' ? { context: payload.context } : {}),
    };
  });
}

export async function loadEntryCounts(
  deps: BatchDeps,
  perContact: Map<string, Item[]>,
  live: LiveCanvas[],
): Promise<Map<string, { count: number; lastEnteredAt?: number }>> {
  const wanted = new Map<string, Set<string>>();
  for (const [contactId, items] of perContact) {
    for (const item of items) {
      const p = item.payload;
      if (!p) continue;
      const canvases =
        p.kind === 'api.enter'
          ? [p.canvasId]
          : p.kind === 'api.event'
            ? live.filter((l) => l.canvas.entry.type === 'event').map((l) => l.canvas.id)
            : p.kind === 'wa.message'
              ? live
                  .filter((l) => l.canvas.entry.type === 'inbound_whatsapp')
                  .map((l) => l.canvas.id)
              : [];
      for (const c of canvases) wanted.set(c, (wanted.get(c) ?? new Set()).add(contactId));
    }
  }
  const out = new Map<string, { count: number; lastEnteredAt?: number }>();
  for (const [canvasId, contactIds] of wanted) {
    const counts = await deps.store.entries.getMany(canvasId, [...contactIds]);
    for (const [contactId, c] of counts)
      out.set(`${canvasId}|${contactId}`, { count: c.count, lastEnteredAt: c.lastEnteredAt });
  }
  return out;
}

/** Taps carry `context.id`: the message log says which journey, visit and buttons sent it. */
export async function resolveReplies(
  deps: BatchDeps,
  perContact: Map<string, Item[]>,
): Promise<Map<string, { journeyId: string; visit: number; buttons: string[] }>> {
  const out = new Map<string, { journeyId: string; visit: number; buttons: string[] }>();
  for (const items of perContact.values()) {
    for (const item of items) {
      const contextId =
        item.payload?.kind === 'wa.message' ? item.payload.message.contextId : undefined;
      if (contextId === undefined || out.has(contextId)) continue;
      const record = await deps.store.messages.getByWamid(contextId);
      if (record?.journeyId && record.visit !== null && record.visit !== undefined) {
        out.set(contextId, {
          journeyId: record.journeyId,
          visit: record.visit,
          buttons: record.buttons ?? [],
        });
      }
    }
  }
  return out;
}

/** An inbound message: log it, refresh the window, apply STOP / START, resolve what it replies to. */
export function noteInbound(
  deps: BatchDeps,
  payload: Extract<InboxPayload, { kind: 'wa.message' }>,
  person: PersonState,
  repliedTo: Map<string, { journeyId: string; visit: number; buttons: string[] }>,
  writes: WriteSet,
): Exclude<Input, { type: 'enter' }> | null {
  const message = { ...payload.message };
  const sent = message.contextId !== undefined ? repliedTo.get(message.contextId) : undefined;
  let tapped: number | undefined;
  if (sent) {
    tapped =
      message.kind === 'button' || message.kind.startsWith('interactive')
        ? sent.buttons.indexOf(message.text)
        : undefined;
    message.repliedTo = {
      journeyId: sent.journeyId,
      visit: sent.visit,
      ...(tapped !== undefined && tapped >= 0 ? { button: tapped } : {}),
    };
    if (tapped !== undefined && tapped >= 0 && message.contextId !== undefined)
      writes.taps.push({ wamid: message.contextId, button: tapped });
  }
  writes.messages.push({
    direction: 'in',
    wamid: message.id,
    journeyId: sent?.journeyId ?? null,
    contactId: person.contact.id,
    number: message.number,
    kind: message.kind,
    tappedButton: tapped !== undefined && tapped >= 0 ? tapped : null,
    preview: message.text,
    at: message.at,
  });
  writes.lastInbound.push({ contactId: person.contact.id, number: message.number, at: message.at });
  const intent =
    message.kind === 'text' ? deps.keywordIntent?.(message.number, message.text) : undefined;
  if (intent) {
    const ops = [
      {
        op: 'subscription' as const,
        number: message.number,
        state: intent === 'unsubscribe' ? ('unsubscribed' as const) : ('subscribed' as const),
      },
    ];
    writes.addOps(person.contact.id, ops);
    person.contact = applyOpsLocally(person.contact, ops);
  }
  // Reactions, unsupported types and welcome requests open the window but answer nothing.
  if (message.kind === 'reaction' || message.kind === 'other') return null;
  return { type: 'inbound_message', message };
}

/** The person's view is updated at once so later inputs in the batch see the change. */
function applyOpsLocally(contact: Contact, ops: readonly ContactOp[]): Contact {
  return applyContactOps(contact, ops);
}
