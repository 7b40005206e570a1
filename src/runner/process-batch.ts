/**
 * One batch of work for the partitions this worker owns: inbox events and due timers,
 * grouped by person, each person's inputs applied in arrival order through the pure
 * engine, and everything committed in ONE transaction (see write-set.ts). Delivery
 * statuses ride in the same transaction (status-events.ts).
 */
import type { CanvasEntry } from '../engine/process.js';
import { processInput } from '../engine/process.js';
import { applyContactOps } from '../engine/contact-ops.js';
import type { Contact, ContactOp, Input, Journey } from '../engine/types.js';
import type { Store } from '../store/open.js';
import type { InboxEvent } from '../store/repos/inbox.js';
import type { DueTimer } from '../store/repos/timers.js';
import { applyResults, type PersonState } from './apply-results.js';
import type { Catalog, LiveCanvas } from './catalog.js';
import { isInboxPayload, type InboxPayload } from './inbox-events.js';
import { partitionOf } from './partitions.js';
import { applyStatusEvents, type StatusEvent } from './status-events.js';
import { WriteSet } from './write-set.js';

export interface BatchDeps {
  store: Store;
  catalog: Catalog;
  now: () => number;
  newId: () => string;
  /** Business number used when a canvas names none. */
  defaultNumber: string;
  /** Unsubscribe / subscribe keywords per number (STOP, START, …). */
  keywordIntent?: (number: string, text: string) => 'subscribe' | 'unsubscribe' | undefined;
}

export interface BatchWork {
  events: InboxEvent[];
  timers: DueTimer[];
}

export interface BatchResult {
  events: number;
  timers: number;
  /** Status webhooks whose message is not in the log yet (sent a moment ago): retry soon. */
  orphanStatuses: InboxEvent[];
}

type Item = {
  at: number;
  order: number;
  input: Exclude<Input, { type: 'enter' }> | null;
  payload: InboxPayload | null;
  eventId?: number;
  timerKey?: string;
};

export async function processBatch(deps: BatchDeps, work: BatchWork): Promise<BatchResult> {
  const now = deps.now();
  const writes = new WriteSet();
  const statusEvents: StatusEvent[] = [];
  const perContact = new Map<string, Item[]>();
  const identityChanges: Array<{ contactId: string; phone?: string; userId?: string }> = [];
  let order = 0;
  const push = (contactId: string, item: Item) => {
    const list = perContact.get(contactId) ?? [];
    list.push(item);
    perContact.set(contactId, list);
  };

  for (const event of work.events) {
    const payload = isInboxPayload(event.payload) ? event.payload : null;
    if (payload?.kind === 'wa.status') {
      statusEvents.push({ event, payload });
      continue;
    }
    if (payload === null || event.contactId === null) {
      writes.inboxDone.push(event.id);
      continue;
    }
    push(event.contactId, {
      at: event.receivedAt,
      order: order++,
      input: inputOf(payload),
      payload,
      eventId: event.id,
    });
  }
  for (const timer of work.timers) {
    writes.deleteTimer(timer.key);
    push(timer.contactId, {
      at: timer.dueAt,
      order: order++,
      input: { type: 'timer_fired', key: timer.key },
      payload: null,
      timerKey: timer.key,
    });
  }

  if (perContact.size > 0) {
    const contactIds = [...perContact.keys()];
    const entered = new Set<string>();
    for (const items of perContact.values())
      for (const i of items) if (i.payload?.kind === 'api.enter') entered.add(i.payload.canvasId);
    // A timer goes to its own journey only (engine/route.ts): someone woken by timers alone
    // needs just those journeys, read by id — cheaper than all their journeys by contact.
    const wholePeople = contactIds.filter((id) =>
      (perContact.get(id) ?? []).some((i) => i.timerKey === undefined),
    );
    const whole = new Set(wholePeople);
    const timerJourneys = work.timers
      .filter((t) => !whole.has(t.contactId))
      .map((t) => t.journeyId);
    const [contacts, byContact, byId, live, templates] = await Promise.all([
      deps.store.contacts.getMany(contactIds),
      deps.store.journeys.loadLiveByContacts(wholePeople),
      deps.store.journeys.loadLiveByIds(timerJourneys),
      deps.catalog.liveCanvases(entered),
      deps.catalog.templates(),
    ]);
    const records = [...byContact, ...byId];
    const people = new Map<string, PersonState>();
    for (const id of contactIds) {
      const contact = contacts.get(id);
      if (contact)
        people.set(id, {
          contact,
          journeys: new Map(),
          stored: new Map(),
          partition: partitionOf(id),
        });
    }
    for (const r of records) {
      const person = people.get(r.journey.contactId);
      if (!person) continue;
      person.journeys.set(r.journey.id, r.journey);
      person.stored.set(r.journey.id, {
        rowVersion: r.rowVersion,
        stepId: r.journey.stepId,
        status: r.journey.status,
      });
    }
    const versions = new Map<string, Awaited<ReturnType<Catalog['version']>>>();
    for (const r of records) {
      const key = `${r.journey.canvasId}@${r.journey.version}`;
      if (!versions.has(key))
        versions.set(key, await deps.catalog.version(r.journey.canvasId, r.journey.version));
    }
    const entryCounts = await loadEntryCounts(deps, perContact, live);
    const repliedTo = await resolveReplies(deps, perContact);

    for (const [contactId, items] of perContact) {
      const person = people.get(contactId);
      items.sort((a, b) => a.at - b.at || a.order - b.order);
      for (const item of items) {
        if (item.eventId !== undefined) writes.inboxDone.push(item.eventId);
        if (!person) continue;
        let input = item.input;
        if (item.payload?.kind === 'wa.message')
          input = noteInbound(deps, item.payload, person, repliedTo, writes);
        const answersNothing = item.payload?.kind === 'wa.message' && input === null;
        const enter = answersNothing ? [] : entryTargets(item.payload, live, person, entryCounts);
        if (item.payload?.kind === 'api.profile') {
          writes.addOps(contactId, item.payload.ops);
          person.contact = applyOpsLocally(person.contact, item.payload.ops);
          const zone = item.payload.timeZone;
          if (zone !== undefined) {
            writes.timeZones.set(contactId, zone);
            person.contact = { ...person.contact, timeZone: zone };
          }
        }
        if (item.payload?.kind === 'api.event') {
          writes.events.push({
            contactId,
            name: item.payload.name,
            properties: item.payload.properties,
            at: item.payload.at,
          });
        }
        if (item.payload?.kind === 'wa.identity') {
          const { phone, userId } = item.payload;
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
        if (item.payload?.kind === 'wa.preference') {
          const state = item.payload.value === 'stop' ? 'unsubscribed' : 'subscribed';
          const ops = [
            {
              op: 'subscription' as const,
              number: item.payload.number,
              state: state as 'subscribed' | 'unsubscribed',
            },
          ];
          writes.addOps(contactId, ops);
          person.contact = applyOpsLocally(person.contact, ops);
        }
        if (input === null && enter.length === 0) continue;
        const result = processInput({
          input,
          contact: person.contact,
          journeys: [...person.journeys.values()],
          canvasOf: (j: Journey) => versions.get(`${j.canvasId}@${j.version}`) ?? undefined,
          enter,
          ctx: {
            now: Math.max(now, item.at),
            newId: deps.newId,
            templates: templates.lookup,
            defaultNumber: deps.defaultNumber,
          },
        });
        person.contact = result.contact;
        for (const r of result.results) {
          if (r.journey && !versions.has(`${r.journey.canvasId}@${r.journey.version}`)) {
            versions.set(
              `${r.journey.canvasId}@${r.journey.version}`,
              live.find((l) => l.canvas.id === r.canvasId)?.canvas,
            );
          }
        }
        applyResults(person, result.results, now, writes);
        for (const r of result.results) {
          if (r.journey && r.outcome !== 'refused' && !person.stored.has(r.journey.id)) {
            const counts = entryCounts.get(`${r.canvasId}|${contactId}`) ?? { count: 0 };
            entryCounts.set(`${r.canvasId}|${contactId}`, {
              count: counts.count + 1,
              lastEnteredAt: now,
            });
          }
        }
      }
    }
  }

  // Statuses are applied in the same transaction as everything else: a crash cannot
  // move a message forward without also counting it.
  const orphanStatuses = await deps.store.transaction(async (tx) => {
    const orphans = await applyStatusEvents(tx, statusEvents, writes, now);
    await writes.commit(tx);
    for (const change of identityChanges) {
      const { contactId, ...addresses } = change;
      // An address someone else already holds is not moved (contacts are never merged
      // silently); the change is skipped rather than failing the batch for good.
      const holder = await tx.contacts.find(
        addresses.phone !== undefined
          ? { phone: addresses.phone }
          : { userId: addresses.userId ?? '' },
      );
      if (holder && holder.id !== contactId) continue;
      await tx.contacts.update(contactId, addresses);
    }
    return orphans;
  });
  return {
    events: work.events.length - orphanStatuses.length,
    timers: work.timers.length,
    orphanStatuses,
  };
}

function inputOf(payload: InboxPayload): Exclude<Input, { type: 'enter' }> | null {
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
function entryTargets(
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

async function loadEntryCounts(
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
async function resolveReplies(
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
function noteInbound(
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
