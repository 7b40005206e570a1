/**
 * Entry decisions: does this trigger enter this person into this canvas, given the entry
 * type, the audience and the entry controls? Pure: the host passes the person's entry history.
 */
import { parseDuration } from '../canvas/duration.js';
import type { Canvas } from '../canvas/schema.js';
import { evaluate, lookupIn, matchesProperties } from './conditions.js';
import { matchesInbound } from './match.js';
import { userScope } from './scope.js';
import type { Contact, EntryHistory, EntryRefused, EntryTrigger } from './types.js';

export type EntryDecision =
  { ok: true; context: Record<string, unknown> } | { ok: false; reason: EntryRefused['reason'] };

export function decideEntry(
  canvas: Canvas,
  trigger: EntryTrigger,
  contact: Contact,
  history: EntryHistory,
  now: number,
): EntryDecision {
  const entry = canvas.entry;
  if (!triggerFits(canvas, trigger)) return { ok: false, reason: 'trigger_mismatch' };

  const reentry = entry.reentry ?? false;
  if (history.count > 0) {
    if (reentry === false) return { ok: false, reason: 'reentry_not_allowed' };
    if (reentry === true && history.active) return { ok: false, reason: 'reentry_not_allowed' };
    if (typeof reentry !== 'boolean') {
      const window = parseDuration(reentry) ?? 0;
      if (history.lastEnteredAt !== undefined && now - history.lastEnteredAt < window)
        return { ok: false, reason: 'reentry_window' };
    }
  }
  if (entry.max_entries !== undefined && history.count >= entry.max_entries)
    return { ok: false, reason: 'max_entries' };

  const context = entryContext(trigger);
  if (entry.audience !== undefined) {
    const scope = {
      user: userScope(contact),
      context,
      ...(trigger.kind === 'event' ? { event_properties: trigger.event.properties } : {}),
    };
    if (!evaluate(entry.audience, lookupIn(scope))) return { ok: false, reason: 'audience' };
  }
  return { ok: true, context };
}

/** Whether a trigger is the kind this canvas is entered by (and passes its filters). */
export function triggerFits(canvas: Canvas, trigger: EntryTrigger): boolean {
  const entry = canvas.entry;
  switch (entry.type) {
    case 'api':
      return trigger.kind === 'api';
    case 'schedule':
      return trigger.kind === 'schedule';
    case 'event':
      return (
        trigger.kind === 'event' &&
        trigger.event.name === entry.event.name &&
        matchesProperties(entry.event.where, trigger.event.properties)
      );
    case 'inbound_whatsapp':
      return (
        trigger.kind === 'inbound_whatsapp' &&
        (entry.inbound_whatsapp === undefined ||
          matchesInbound(entry.inbound_whatsapp, trigger.message, undefined))
      );
  }
}

/** Braze: the trigger's properties become the entry properties (`context`). */
function entryContext(trigger: EntryTrigger): Record<string, unknown> {
  switch (trigger.kind) {
    case 'api':
    case 'schedule':
      return trigger.context ?? {};
    case 'event':
      return trigger.event.properties;
    case 'inbound_whatsapp':
      return {};
  }
}
