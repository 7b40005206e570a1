/**
 * Turning the engine's results for one person into rows to write: journey state, history,
 * sends and webhook calls for the outbox (with the message log entry that will receive the
 * wamid), timers, counters and profile changes. No I/O here: it fills a WriteSet.
 */
import type { JourneyResult } from '../engine/process.js';
import type { Contact, Effect, Journey, JourneyStatus } from '../engine/types.js';
import type { WriteSet } from './write-set.js';

/** The payload of an outbox `send_whatsapp` row: all the dispatcher needs, no look-ups. */
export interface SendPayload {
  to: { phone?: string; userId?: string };
  body: Extract<Effect, { type: 'send_whatsapp' }>['body'];
  template?: Extract<Effect, { type: 'send_whatsapp' }>['template'];
  canvasId: string;
  version: number;
  stepId: string;
}

/** The payload of an outbox `call_webhook` row. */
export interface WebhookPayload {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  retries: number;
  awaitResult: boolean;
  canvasId: string;
  version: number;
  stepId: string;
}

export interface StoredJourney {
  rowVersion: number;
  stepId: string | null;
  status: JourneyStatus;
}

export interface PersonState {
  contact: Contact;
  /** Live journeys of the person, by id, updated as results come in. */
  journeys: Map<string, Journey>;
  /** Each journey as loaded: its row version, step and status (absent: new). */
  stored: Map<string, StoredJourney>;
  partition: number;
}

export function applyResults(
  person: PersonState,
  results: readonly JourneyResult[],
  now: number,
  writes: WriteSet,
): void {
  for (const result of results) {
    const journey = result.journey;
    if (result.outcome === 'refused') {
      writes.metrics.push({
        canvasId: result.canvasId,
        version: 0,
        stepId: '$canvas',
        metric: 'refused',
        label: result.reason ?? null,
        at: now,
      });
      continue;
    }
    if (!journey) continue;
    const stored = person.stored.get(journey.id);
    const isNew = !person.journeys.has(journey.id) && stored === undefined;
    if (isNew)
      writes.entries.push({ canvasId: journey.canvasId, contactId: person.contact.id, at: now });
    let branch: string | null = null;
    for (const effect of result.effects) {
      const b = applyEffect(effect, journey, person, now, writes);
      if (b !== undefined) branch = b;
    }
    if (result.outcome !== 'ignored' || isNew) {
      const previous = writes.journeys.get(journey.id);
      writes.journeys.set(journey.id, {
        journey,
        branch: branch ?? previous?.branch ?? null,
        expectedVersion: stored?.rowVersion ?? 0,
        ...(stored ? { stored: { stepId: stored.stepId, status: stored.status } } : {}),
      });
    }
    if (journey.status === 'ended') person.journeys.delete(journey.id);
    else person.journeys.set(journey.id, journey);
  }
}

/** Records one effect; returns the branch when the effect is a step taken with one. */
function applyEffect(
  effect: Effect,
  journey: Journey,
  person: PersonState,
  now: number,
  writes: WriteSet,
): string | undefined {
  const contactId = person.contact.id;
  switch (effect.type) {
    case 'send_whatsapp': {
      const to = {
        ...(person.contact.phone !== undefined ? { phone: person.contact.phone } : {}),
        ...(person.contact.userId !== undefined ? { userId: person.contact.userId } : {}),
      };
      const payload: SendPayload = {
        to,
        body: effect.body,
        canvasId: journey.canvasId,
        version: journey.version,
        stepId: effect.stepId,
        ...(effect.template !== undefined ? { template: effect.template } : {}),
      };
      writes.outbox.push({
        key: effect.key,
        journeyId: journey.id,
        contactId,
        partition: person.partition,
        kind: 'send_whatsapp',
        number: effect.number,
        payload,
      });
      writes.messages.push({
        direction: 'out',
        key: effect.key,
        journeyId: journey.id,
        canvasId: journey.canvasId,
        version: journey.version,
        stepId: effect.stepId,
        visit: Number(effect.key.split(':')[1]),
        contactId,
        number: effect.number,
        kind: effect.body.type,
        buttons: effect.buttons,
        preview: effect.preview,
        at: now,
      });
      return undefined;
    }
    case 'call_webhook': {
      const payload: WebhookPayload = {
        method: effect.method,
        url: effect.url,
        headers: effect.headers,
        timeoutMs: effect.timeoutMs,
        retries: effect.retries,
        awaitResult: effect.awaitResult,
        canvasId: journey.canvasId,
        version: journey.version,
        stepId: effect.stepId,
        ...(effect.body !== undefined ? { body: effect.body } : {}),
      };
      writes.outbox.push({
        key: effect.key,
        journeyId: journey.id,
        contactId,
        partition: person.partition,
        kind: 'call_webhook',
        payload,
      });
      return undefined;
    }
    case 'update_contact':
      writes.addOps(contactId, effect.ops);
      return undefined;
    case 'set_timer':
      writes.setTimer({
        key: effect.key,
        journeyId: journey.id,
        contactId,
        partition: person.partition,
        dueAt: effect.at,
        kind: 'journey',
      });
      return undefined;
    case 'cancel_timer':
      writes.deleteTimer(effect.key);
      return undefined;
    case 'record_metric':
      writes.metrics.push({
        canvasId: journey.canvasId,
        version: journey.version,
        stepId: effect.stepId,
        metric: effect.metric,
        label: effect.label ?? null,
        at: now,
      });
      return undefined;
    case 'step_taken':
      writes.history.push({
        journeyId: journey.id,
        contactId,
        canvasId: journey.canvasId,
        stepId: effect.stepId,
        branch: effect.branch ?? null,
        at: effect.at,
      });
      return effect.branch;
    case 'error':
      writes.metrics.push({
        canvasId: journey.canvasId,
        version: journey.version,
        stepId: effect.stepId,
        metric: 'error',
        label: effect.code,
        at: now,
      });
      return undefined;
    case 'journey_ended':
    case 'entry_refused':
      return undefined;
  }
}
