/**
 * The Liquid variables a step sees (Braze names): `user.*`, `context.*` (also
 * `canvas_entry_properties.*`), `event_properties.*`, `whats_app.*`, `canvas.*`, `step.*`
 * (also `campaign.name`, which Braze maps to the step name inside a canvas).
 */
import type { Canvas, Step } from '../canvas/schema.js';
import type { Contact, Journey } from './types.js';

export function userScope(contact: Contact): Record<string, unknown> {
  return {
    ...contact.attributes,
    id: contact.id,
    user_id: contact.externalId ?? contact.id,
    ...(contact.externalId !== undefined ? { external_id: contact.externalId } : {}),
    ...(contact.phone !== undefined ? { phone: contact.phone, phone_number: contact.phone } : {}),
    ...(contact.timeZone !== undefined ? { time_zone: contact.timeZone } : {}),
  };
}

export function liquidScope(
  canvas: Canvas,
  step: Step,
  journey: Journey,
  contact: Contact,
): Record<string, unknown> {
  const user = userScope(contact);
  return {
    user,
    // Braze's top-level shorthands `{{${user_id}}}` and `{{${phone_number}}}`.
    user_id: user.user_id,
    ...(contact.phone !== undefined ? { phone_number: contact.phone } : {}),
    context: journey.context,
    canvas_entry_properties: journey.context,
    api_trigger_properties: journey.context,
    ...(journey.eventProperties !== undefined ? { event_properties: journey.eventProperties } : {}),
    ...(journey.whatsApp !== undefined ? { whats_app: journey.whatsApp } : {}),
    canvas: { id: canvas.id, name: canvas.name, api_id: canvas.id, version: journey.version },
    step: { id: step.id, name: step.name ?? step.id },
    campaign: { name: step.name ?? step.id },
  };
}
