/**
 * The Liquid variables a step sees (Braze names): `user.*`, `context.*` (also
 * `canvas_entry_properties.*`), `event_properties.*`, `whats_app.*`, `canvas.*`, `step.*`
 * (also `campaign.name`, which Braze maps to the step name inside a canvas).
 *
 * Built on every render, so shaped for V8: fixed-shape literals, spreads last. (On Node 20,
 * adding properties after spreading a small object is ~30× slower; see BENCHMARKS.md.)
 */
import type { Canvas, Step } from '../canvas/schema.js';
import type { Contact, Journey } from './types.js';

const STANDARD = ['id', 'user_id', 'external_id', 'phone', 'phone_number', 'time_zone'] as const;

export function userScope(contact: Contact): Record<string, unknown> {
  const user: Record<string, unknown> = {
    id: contact.id,
    user_id: contact.externalId ?? contact.id,
    external_id: contact.externalId,
    phone: contact.phone,
    phone_number: contact.phone,
    time_zone: contact.timeZone,
    ...contact.attributes,
  };
  // Standard fields win over custom attributes of the same name (rare, so checked, not rebuilt).
  for (const key of STANDARD) {
    if (Object.hasOwn(contact.attributes, key)) {
      user[key] =
        key === 'id'
          ? contact.id
          : key === 'user_id'
            ? (contact.externalId ?? contact.id)
            : key === 'external_id'
              ? contact.externalId
              : key === 'time_zone'
                ? contact.timeZone
                : contact.phone;
    }
  }
  return user;
}

export function liquidScope(
  canvas: Canvas,
  step: Step,
  journey: Journey,
  contact: Contact,
): Record<string, unknown> {
  const user = userScope(contact);
  const stepName = step.name ?? step.id;
  return {
    user,
    // Braze's top-level shorthands `{{${user_id}}}` and `{{${phone_number}}}`.
    user_id: user.user_id,
    phone_number: contact.phone,
    context: journey.context,
    canvas_entry_properties: journey.context,
    api_trigger_properties: journey.context,
    event_properties: journey.eventProperties ?? undefined,
    whats_app: journey.whatsApp ?? undefined,
    canvas: { id: canvas.id, name: canvas.name, api_id: canvas.id, version: journey.version },
    step: { id: step.id, name: stepName },
    campaign: { name: stepName },
  };
}
