/**
 * The engine's one entry point:
 *
 *   step(canvas, journey, input, ctx) → { journey, effects, contact }
 *
 * Pure: everything it knows comes in through its arguments (the clock and ids through ctx)
 * and everything it wants done goes out as effects. An input runs the journey through
 * as many steps as it can, until it waits, ends, or hits MAX_STEPS_PER_INPUT.
 */
import { MAX_STEPS_PER_INPUT } from '../canvas/limits.js';
import type { Canvas } from '../canvas/schema.js';
import { matchesProperties } from './conditions.js';
import { decideEntry } from './entry.js';
import { matchesInbound } from './match.js';
import { handlerFor } from './registry.js';
import { Run, type Outcome, type Wake } from './run.js';
import { inboundLiquid } from './steps/action_paths.js';
import type { ExitReason, Input, Journey, StepContext, StepResult } from './types.js';

export function step(
  canvas: Canvas,
  journey: Journey | null,
  input: Input,
  ctx: StepContext,
): StepResult {
  if (input.type === 'enter') return enter(canvas, input, ctx);
  if (journey === null || journey.status === 'ended') {
    return {
      outcome: 'ignored',
      reason: 'no_live_journey',
      journey,
      effects: [],
      contact: ctx.contact,
    };
  }

  const run = new Run(canvas, cloneJourney(journey), ctx.contact, ctx);
  if (input.type === 'cancel') return finish(run, end(run, 'cancelled'));
  if (hitsExitCriteria(canvas, input)) return finish(run, end(run, 'exit_criteria'));

  const wait = run.journey.wait;
  const current = wait ? run.steps.get(wait.step) : undefined;
  if (!wait || !current) return finish(run, { kind: 'ignored', reason: 'not_waiting' });
  const handler = handlerFor(current.type);
  const outcome = handler.resume?.(current as never, run, input as Wake) ?? {
    kind: 'ignored' as const,
    reason: 'not_waiting',
  };
  if (outcome.kind === 'ignored') return finish(run, outcome);
  if (outcome.kind !== 'wait') run.journey.wait = null;
  if (outcome.kind !== 'wait' || outcome.wait !== wait)
    run.emit({ type: 'step_taken', stepId: current.id, at: run.now, ...branchOf(outcome) });
  return finish(run, advance(run, outcome));
}

function enter(
  canvas: Canvas,
  input: Extract<Input, { type: 'enter' }>,
  ctx: StepContext,
): StepResult {
  const history = ctx.entries ?? { count: 0, active: false };
  const decision = decideEntry(canvas, input.trigger, ctx.contact, history, ctx.now);
  if (!decision.ok) {
    return {
      outcome: 'refused',
      reason: decision.reason,
      journey: null,
      effects: [{ type: 'entry_refused', reason: decision.reason }],
      contact: ctx.contact,
    };
  }
  const first = canvas.steps[0];
  const journey: Journey = {
    id: ctx.newId(),
    canvasId: canvas.id,
    version: ctx.version ?? 1,
    contactId: ctx.contact.id,
    status: 'active',
    stepId: null,
    visit: 0,
    wait: null,
    context: decision.context,
    eventProperties: input.trigger.kind === 'event' ? input.trigger.event.properties : null,
    whatsApp: null,
    pendingSends: [],
    enteredAt: ctx.now,
    updatedAt: ctx.now,
    endedAt: null,
    exitReason: null,
  };
  if (input.trigger.kind === 'inbound_whatsapp')
    journey.whatsApp = inboundLiquid(input.trigger.message, undefined);
  const run = new Run(canvas, journey, ctx.contact, ctx);
  run.metric('$canvas', 'entered');
  return finish(run, advance(run, { kind: 'next', next: first?.id }));
}

type Settled = { kind: 'waiting' } | { kind: 'ended' } | { kind: 'ignored'; reason: string };

/** Follows `next` from step to step until a wait or an end. */
function advance(run: Run, first: Outcome): Settled {
  let outcome = first;
  for (let count = 0; ; count++) {
    if (outcome.kind === 'wait') {
      run.journey.wait = outcome.wait;
      run.journey.status = 'waiting';
      return { kind: 'waiting' };
    }
    if (outcome.kind === 'end') return end(run, outcome.reason);
    if (outcome.next === undefined) return end(run, 'completed');
    if (count >= MAX_STEPS_PER_INPUT) {
      run.error(
        outcome.next,
        'step_limit',
        `more than ${MAX_STEPS_PER_INPUT} steps on one input; a loop needs a wait (Action Paths or Delay)`,
      );
      return end(run, 'step_limit');
    }
    const next = run.steps.get(outcome.next);
    if (next === undefined) {
      run.error(
        outcome.next,
        'unknown_step',
        `step "${outcome.next}" does not exist in version ${run.journey.version}`,
      );
      return end(run, 'error');
    }
    const j = run.journey;
    j.visit += 1;
    j.stepId = next.id;
    j.status = 'active';
    run.metric(next.id, 'entered');
    outcome = handlerFor(next.type).arrive(next as never, run);
    if (outcome.kind !== 'wait')
      run.emit({ type: 'step_taken', stepId: next.id, at: run.now, ...branchOf(outcome) });
  }
}

function branchOf(outcome: Outcome): { branch?: string } {
  return outcome.kind !== 'wait' && outcome.branch !== undefined ? { branch: outcome.branch } : {};
}

function end(run: Run, reason: ExitReason): Settled {
  const j = run.journey;
  const wait = j.wait;
  if (wait && wait.kind !== 'webhook')
    run.emit({ type: 'cancel_timer', key: run.arrivalKey(wait.visit) });
  j.wait = null;
  j.status = 'ended';
  j.endedAt = run.now;
  j.exitReason = reason;
  run.emit({ type: 'journey_ended', reason, stepId: j.stepId });
  return { kind: 'ended' };
}

function finish(run: Run, settled: Settled): StepResult {
  if (settled.kind !== 'ignored') run.journey.updatedAt = run.now;
  return {
    outcome: settled.kind,
    journey: run.journey,
    effects: run.effects,
    contact: run.contact,
    ...(settled.kind === 'ignored' ? { reason: settled.reason } : {}),
  };
}

/** Braze's exception events: an event or inbound message that ends the journey. */
function hitsExitCriteria(canvas: Canvas, input: Input): boolean {
  const criteria = canvas.exit_criteria;
  if (!criteria) return false;
  if (input.type === 'event') {
    return criteria.some(
      (t) =>
        t.event !== undefined &&
        t.event.name === input.event.name &&
        matchesProperties(t.event.where, input.event.properties),
    );
  }
  if (input.type === 'inbound_message') {
    return criteria.some(
      (t) =>
        t.inbound_whatsapp !== undefined &&
        matchesInbound(t.inbound_whatsapp, input.message, undefined),
    );
  }
  return false;
}

function cloneJourney(journey: Journey): Journey {
  return {
    ...journey,
    wait: journey.wait ? structuredCloneWait(journey.wait) : null,
    pendingSends: [...journey.pendingSends],
  };
}

function structuredCloneWait(wait: NonNullable<Journey['wait']>): NonNullable<Journey['wait']> {
  return wait.kind === 'action_paths' ? { ...wait, accepts: [...wait.accepts] } : { ...wait };
}
