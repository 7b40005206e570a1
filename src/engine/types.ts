/**
 * The engine's vocabulary: journeys (state), inputs (what happened) and effects (what the
 * host must do). Everything here is plain data so the host can store it as JSON.
 */
import type { OutboundBody, TemplateCategory } from './outbound.js';

// ── The person ──────────────────────────────────────────────────────────────────────────

export type SubscriptionState = 'subscribed' | 'unsubscribed';

/** A snapshot of the person, taken by the host before a step and updated by effects. */
export interface Contact {
  id: string;
  externalId?: string;
  /** E.164 with '+'. */
  phone?: string;
  /** WhatsApp's business-scoped user id (2026), may be the only address. */
  userId?: string;
  /** Custom and standard attributes (first_name, …), as Braze keeps them. */
  attributes: Record<string, unknown>;
  /** IANA time zone. */
  timeZone?: string;
  /** Subscription state per business number (subscription group id). */
  subscriptions: Record<string, SubscriptionState>;
  /** Last inbound message time (ms) per business number: the 24 h window. */
  lastInboundAt: Record<string, number>;
}

// ── Templates, as the engine needs them (defined beside Meta's template shape) ──────────

export type { TemplateInfo, TemplateStatus } from '../canvas/templates.js';
import type { TemplateInfo } from '../canvas/templates.js';

// ── The journey ─────────────────────────────────────────────────────────────────────────

/** What a journey waits for. `visit` identifies one arrival at the step (see Journey.visit). */
export type Wait =
  | {
      kind: 'action_paths';
      step: string;
      visit: number;
      until: number;
      /** Message sends (step arrivals) whose buttons this wait accepts taps from. */
      accepts: SentRef[];
      /** Ranking on: the best group qualified for so far (index into groups). */
      best?: number;
      /** Ranking off, exit group: matched, leaving at window end. */
      matched?: number;
    }
  | { kind: 'delay'; step: string; visit: number; until: number }
  | { kind: 'webhook'; step: string; visit: number; key: string };

/** One message step arrival that sent something with buttons. */
export interface SentRef {
  visit: number;
  step: string;
}

export type JourneyStatus = 'active' | 'waiting' | 'ended';

/**
 * Every field is always present (null when empty): journeys are created and copied on every
 * input, and V8 keeps fixed-shape objects fast where added or deleted keys are slow.
 */
export interface Journey {
  id: string;
  canvasId: string;
  /** The published version the journey entered on; it stays on it. */
  version: number;
  contactId: string;
  status: JourneyStatus;
  /** Current step (the waiting step, or the last step when ended). */
  stepId: string | null;
  /** Increments on every step arrival; stamps sends, timers and waits so stale ones are known. */
  visit: number;
  wait: Wait | null;
  /** Entry properties (Braze `context` / `canvas_entry_properties`). */
  context: Record<string, unknown>;
  /** Liquid scope carried between steps: the last qualifying event's properties and message. */
  eventProperties: Record<string, unknown> | null;
  whatsApp: InboundLiquid | null;
  /** Messages sent since the last wait, whose buttons the next wait accepts. */
  pendingSends: SentRef[];
  enteredAt: number;
  updatedAt: number;
  endedAt: number | null;
  exitReason: ExitReason | null;
}

export type ExitReason =
  | 'completed'
  | 'exit_step'
  | 'group_exit'
  | 'exit_criteria'
  | 'step_limit'
  | 'cancelled'
  | 'error'
  | 'window_closed';

/** The `whats_app.*` Liquid variables (Braze names). */
export interface InboundLiquid {
  inbound_message_body: string;
  inbound_message_id: string;
  inbound_media_urls: string[];
  inbound_profile_name?: string;
  inbound_flow_response?: string;
  inbound_product_id?: string;
  inbound_catalog_id?: string;
  inbound_button_payload?: string;
}

// ── Inputs ──────────────────────────────────────────────────────────────────────────────

export type InboundKind =
  | 'text'
  | 'button'
  | 'interactive_button'
  | 'interactive_list'
  | 'flow'
  | 'media'
  | 'location'
  | 'contacts'
  | 'reaction'
  | 'order'
  | 'other';

/** An inbound WhatsApp message, normalized by the channel and mapped by the host. */
export interface InboundMessage {
  /** Meta's wamid, the dedupe key. */
  id: string;
  /** Business number alias it came to. */
  number: string;
  kind: InboundKind;
  /** The text a person "said": body, button label, reply title or caption. */
  text: string;
  /** Template button payload, interactive reply id or list row id. */
  payload?: string;
  /** The wamid replied to (a tap carries the template's wamid). */
  contextId?: string;
  /**
   * Set by the host when `contextId` names a message it sent from a journey (message log),
   * so a tap routes to that journey even if its payload was lost.
   */
  repliedTo?: { journeyId: string; visit: number; button?: number };
  profileName?: string;
  mediaUrls?: string[];
  flowResponse?: string;
  productId?: string;
  catalogId?: string;
  at: number;
}

export interface CustomEvent {
  name: string;
  properties: Record<string, unknown>;
  at: number;
}

export type EntryTrigger =
  | { kind: 'api'; context?: Record<string, unknown> }
  | { kind: 'event'; event: CustomEvent }
  | { kind: 'inbound_whatsapp'; message: InboundMessage }
  | { kind: 'schedule'; context?: Record<string, unknown> };

export type Input =
  | { type: 'enter'; trigger: EntryTrigger }
  | { type: 'inbound_message'; message: InboundMessage }
  | { type: 'event'; event: CustomEvent }
  | { type: 'timer_fired'; key: string }
  | { type: 'webhook_result'; key: string; ok: boolean; status?: number; error?: string }
  | { type: 'cancel'; reason?: string };

// ── Effects ─────────────────────────────────────────────────────────────────────────────

/** Where a send goes; the host resolves the person's addresses. */
export interface SendWhatsApp {
  type: 'send_whatsapp';
  /** Idempotency key: `${journeyId}:${visit}` — one send per step arrival. */
  key: string;
  stepId: string;
  number: string;
  body: OutboundBody;
  /** For templates: category (subscription and pricing rules) and name/language. */
  template?: { name: string; language: string; category: TemplateCategory };
  /** Buttons of this message, by index, for analytics and the message log. */
  buttons: string[];
  /** Rendered text for logs and the timeline. */
  preview: string;
}

export interface CallWebhook {
  type: 'call_webhook';
  key: string;
  stepId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  retries: number;
  /** The journey waits for a `webhook_result` input with this key. */
  awaitResult: boolean;
}

export type ContactOp =
  | { op: 'set'; attribute: string; value: unknown }
  | { op: 'inc'; attribute: string; by: number }
  | { op: 'add'; attribute: string; values: Array<string | number> }
  | { op: 'remove'; attribute: string; values: Array<string | number> }
  | { op: 'unset'; attribute: string }
  | { op: 'subscription'; number: string; state: SubscriptionState };

export interface UpdateContact {
  type: 'update_contact';
  stepId: string;
  ops: ContactOp[];
}

export interface SetTimer {
  type: 'set_timer';
  /** Unique per wait: `${journeyId}:${visit}`; a fired key the journey no longer waits on is stale. */
  key: string;
  at: number;
}

export interface CancelTimer {
  type: 'cancel_timer';
  key: string;
}

/** Counters for analytics on the canvas: per step, per group / button / outcome. */
export interface RecordMetric {
  type: 'record_metric';
  stepId: string;
  metric: MetricName;
  /** Group id for Action / Audience / Experiment paths, or the outcome detail. */
  label?: string;
}

export type MetricName =
  | 'entered'
  | 'sent'
  | 'aborted'
  | 'skipped'
  | 'group'
  | 'everyone_else'
  | 'reply'
  /** Labelled with the upper bound, in seconds, of the time from the wait's start to the reply. */
  | 'reply_time'
  | 'stale_reply'
  | 'timed_out'
  | 'exited'
  | 'webhook_called'
  | 'webhook_success'
  | 'webhook_failure'
  | 'updated';

/** A step taken, for the journey's history and the contact timeline. */
export interface StepTaken {
  type: 'step_taken';
  stepId: string;
  /** The branch taken out of the step (group id, yes / no, path id, success / failure). */
  branch?: string;
  at: number;
}

/** A run-time content problem: the step could not do its work; coded, never thrown. */
export interface RuntimeError {
  type: 'error';
  stepId: string;
  code: RuntimeErrorCode;
  message: string;
}

export type RuntimeErrorCode =
  | 'liquid_missing_variable'
  | 'liquid_error'
  | 'template_unknown'
  | 'template_not_approved'
  | 'template_params'
  | 'message_limit'
  | 'marketing_unsubscribed'
  | 'window_closed'
  | 'no_address'
  | 'step_limit'
  | 'unknown_step'
  | 'bad_date';

export interface JourneyEnded {
  type: 'journey_ended';
  reason: ExitReason;
  stepId: string | null;
}

export interface EntryRefused {
  type: 'entry_refused';
  reason:
    | 'reentry_not_allowed'
    | 'reentry_window'
    | 'max_entries'
    | 'audience'
    | 'trigger_mismatch'
    | 'canvas_inactive';
}

export type Effect =
  | SendWhatsApp
  | CallWebhook
  | UpdateContact
  | SetTimer
  | CancelTimer
  | RecordMetric
  | StepTaken
  | RuntimeError
  | JourneyEnded
  | EntryRefused;

// ── The context the host passes in ──────────────────────────────────────────────────────

export interface EntryHistory {
  /** Entries of this person into this canvas so far. */
  count: number;
  lastEnteredAt?: number;
  /** A journey of this person in this canvas is still running. */
  active: boolean;
}

export interface StepContext {
  now: number;
  /** Fresh unique ids (journey ids). */
  newId: () => string;
  contact: Contact;
  templates: (name: string, language: string | undefined) => TemplateInfo | undefined;
  /** Needed for `enter` only. */
  entries?: EntryHistory;
  /** Canvas published version (stamped on new journeys). */
  version?: number;
  /** Canvas display name and business-number default, for Liquid and sends. */
  defaultNumber?: string;
}

export interface StepResult {
  /** What happened: the journey waits, ended, the input was ignored, or entry was refused. */
  outcome: 'waiting' | 'ended' | 'ignored' | 'refused';
  /** Why an input was ignored (stale_message, other_journey, no_group_matched, …). */
  reason?: string;
  journey: Journey | null;
  effects: Effect[];
  /** The contact after this step's updates (effects carry the same ops for the host). */
  contact: Contact;
}
