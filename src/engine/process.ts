/**
 * Everything one input does to one person, across all their journeys (pure). The runner
 * and the conversation-test simulator both call this, then persist or record the results.
 *
 * Order: an inbound message first refreshes the 24 h window; then the person's live
 * journeys that the input routes to are stepped one after another (each sees the profile
 * changes of the previous ones); then canvases that the input enters are entered.
 */
import type { Canvas } from '../canvas/schema.js';
import { route } from './route.js';
import { step } from './step.js';
import type { Contact, EntryHistory, Input, Journey, StepContext, StepResult } from './types.js';

export interface CanvasEntry {
  canvas: Canvas;
  version: number;
  entries: EntryHistory;
  /** Entry properties for api / schedule entries. */
  context?: Record<string, unknown>;
}

export interface ProcessArgs {
  input: Exclude<Input, { type: 'enter' }> | null;
  contact: Contact;
  /** The person's live journeys. */
  journeys: readonly Journey[];
  /** The canvas (version) each journey runs on. */
  canvasOf: (journey: Journey) => Canvas | undefined;
  /** Canvases this input may enter the person into (the host filters by entry type). */
  enter?: readonly CanvasEntry[];
  ctx: Omit<StepContext, 'contact' | 'entries' | 'version'>;
}

export interface JourneyResult extends StepResult {
  canvasId: string;
}

export interface ProcessResult {
  contact: Contact;
  results: JourneyResult[];
}

export function processInput(args: ProcessArgs): ProcessResult {
  let contact = args.contact;
  const input = args.input;
  if (input?.type === 'inbound_message') {
    const m = input.message;
    const last = contact.lastInboundAt[m.number];
    if (last === undefined || last < m.at)
      contact = {
        ...contact,
        lastInboundAt: Object.assign({}, contact.lastInboundAt, { [m.number]: m.at }),
      };
  }
  const results: JourneyResult[] = [];
  if (input !== null) {
    for (const journey of route(input, args.journeys, args.canvasOf)) {
      const canvas = args.canvasOf(journey);
      if (!canvas) continue;
      const result = step(canvas, journey, input, withContact(args.ctx, contact));
      contact = result.contact;
      results.push(tagged(result, journey.canvasId));
    }
  }
  for (const target of args.enter ?? []) {
    const trigger =
      input === null
        ? {
            kind:
              target.canvas.entry.type === 'schedule' ? ('schedule' as const) : ('api' as const),
            context: target.context ?? {},
          }
        : input.type === 'event'
          ? { kind: 'event' as const, event: input.event }
          : input.type === 'inbound_message'
            ? { kind: 'inbound_whatsapp' as const, message: input.message }
            : undefined;
    if (trigger === undefined) continue;
    const result = step(
      target.canvas,
      null,
      { type: 'enter', trigger },
      { ...args.ctx, contact, entries: target.entries, version: target.version },
    );
    contact = result.contact;
    results.push({ ...result, canvasId: target.canvas.id });
  }
  return { contact, results };
}

/** Literals, not spreads: this runs for every journey on every input (V8 keeps them fast). */
function withContact(ctx: ProcessArgs['ctx'], contact: Contact): StepContext {
  return {
    now: ctx.now,
    newId: ctx.newId,
    templates: ctx.templates,
    contact,
    ...(ctx.defaultNumber !== undefined ? { defaultNumber: ctx.defaultNumber } : {}),
  };
}

function tagged(result: StepResult, canvasId: string): JourneyResult {
  return {
    outcome: result.outcome,
    journey: result.journey,
    effects: result.effects,
    contact: result.contact,
    canvasId,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
  };
}
