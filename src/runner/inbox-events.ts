/**
 * What the inbox holds: every inbound thing, made durable before it is acknowledged, as
 * plain JSON. Each kind names its source; the processor turns them into engine inputs.
 */
import type { ContactOp, InboundMessage } from '../engine/types.js';

export type InboxPayload =
  /** A person's WhatsApp message (already mapped to the engine's shape). */
  | { kind: 'wa.message'; message: InboundMessage; profileName?: string }
  /** A delivery status of a message we sent. */
  | {
      kind: 'wa.status';
      wamid: string;
      status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
      at: number;
      number: string;
      errorCode?: number;
      errorReason?: string;
      callbackData?: string;
    }
  /** WhatsApp says the person changed number or business-scoped user id. */
  | { kind: 'wa.identity'; phone?: string; userId?: string; at: number }
  /** The person stopped or resumed marketing messages in WhatsApp. */
  | { kind: 'wa.preference'; number: string; value: 'stop' | 'resume'; at: number }
  /** Enter a canvas through the API (`/canvas/trigger/send`). */
  | { kind: 'api.enter'; canvasId: string; context: Record<string, unknown>; dispatchId: string }
  /** A custom event (`/users/track` events): enters event canvases, feeds Action Paths. */
  | { kind: 'api.event'; name: string; properties: Record<string, unknown>; at: number }
  /** Profile changes from the API, applied in order with the person's other events. */
  | { kind: 'api.profile'; ops: ContactOp[]; timeZone?: string }
  /** A webhook step's outcome, for journeys that branch on it. */
  | { kind: 'effect.webhook_result'; key: string; ok: boolean; status?: number; error?: string };

export type InboxKind = InboxPayload['kind'];

export function isInboxPayload(value: unknown): value is InboxPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string'
  );
}
