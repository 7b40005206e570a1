/**
 * One batch of work for the partitions this worker owns: inbox events and due timers,
 * grouped by person, each person's inputs applied in arrival order through the pure
 * engine, and everything committed in ONE transaction (see write-set.ts). Delivery
 * statuses ride in the same transaction (status-events.ts). What each input is, and what
 * it changes about the person on the way, is in batch-inputs.ts.
 */
import { processInput } from '../engine/process.js';
import type { Input, Journey } from '../engine/types.js';
import type { Store } from '../store/open.js';
import type { InboxEvent } from '../store/repos/inbox.js';
import type { DueTimer } from '../store/repos/timers.js';
import { applyResults, type PersonState } from './apply-results.js';
import {
  entryTargets,
  inputOf,
  loadEntryCounts,
  noteInbound,
  notePayload,
  resolveReplies,
  type IdentityChange,
} from './batch-inputs.js';
import type { Catalog } from './catalog.js';
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

export type Item = {
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
  const identityChanges: IdentityChange[] = [];
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
        if (item.payload) notePayload(item.payload, person, writes, identityChanges);
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
