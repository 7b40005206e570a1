/**
 * `action_paths`: wait for what the person does, with Braze's semantics (see
 * canvas/steps/action_paths.ts). A tap carries a payload naming the journey and the send it
 * came from; a tap naming another journey or an older send never advances this one.
 */
import { ACTION_PATHS_DEFAULT_WINDOW_MS } from '../../canvas/limits.js';
import { parseDuration } from '../../canvas/duration.js';
import type { StepOf } from '../../canvas/schema.js';
import type { ActionGroup } from '../../canvas/steps/action_paths.js';
import { matchesProperties } from '../conditions.js';
import { matchesInbound, type Tap } from '../match.js';
import { decodeButtonToken } from '../payload.js';
import type { Ignored, Outcome, Run, Wake } from '../run.js';
import type { CustomEvent, InboundLiquid, InboundMessage, Wait } from '../types.js';

type ActionPathsStep = StepOf<'action_paths'>;
type ActionWait = Extract<Wait, { kind: 'action_paths' }>;

export function windowMs(step: ActionPathsStep): number {
  return step.window === undefined
    ? ACTION_PATHS_DEFAULT_WINDOW_MS
    : (parseDuration(step.window) ?? ACTION_PATHS_DEFAULT_WINDOW_MS);
}

export function arrive(step: ActionPathsStep, run: Run): Outcome {
  const j = run.journey;
  const until = run.now + windowMs(step);
  // Braze: WhatsApp and event properties last until the next Action Path.
  j.whatsApp = null;
  j.eventProperties = null;
  const wait: ActionWait = {
    kind: 'action_paths',
    step: step.id,
    visit: j.visit,
    until,
    accepts: j.pendingSends,
  };
  j.pendingSends = [];
  run.emit({ type: 'set_timer', key: run.arrivalKey(), at: until });
  return { kind: 'wait', wait };
}

export function resume(step: ActionPathsStep, run: Run, wake: Wake): Outcome | Ignored {
  const wait = run.journey.wait;
  if (wait?.kind !== 'action_paths') return { kind: 'ignored', reason: 'not_waiting' };

  if (wake.type === 'timer_fired') {
    if (wake.key !== run.arrivalKey(wait.visit)) return { kind: 'ignored', reason: 'stale_timer' };
    return windowEnd(step, run, wait);
  }
  if (wake.type === 'inbound_message') return onMessage(step, run, wait, wake.message);
  if (wake.type === 'event') return onEvent(step, run, wait, wake.event);
  return { kind: 'ignored', reason: 'unexpected_input' };
}

function onMessage(
  step: ActionPathsStep,
  run: Run,
  wait: ActionWait,
  message: InboundMessage,
): Outcome | Ignored {
  const token = decodeButtonToken(message.payload);
  const replied =
    token ??
    (message.repliedTo
      ? { ...message.repliedTo, button: message.repliedTo.button ?? -1 }
      : undefined);
  let tap: Tap | undefined;
  if (replied !== undefined) {
    const sent = wait.accepts.find((s) => s.visit === replied.visit);
    if (replied.journeyId !== run.journey.id || sent === undefined) {
      const stepOfTap = sent?.step ?? wait.step;
      run.metric(stepOfTap, 'stale_reply');
      return {
        kind: 'ignored',
        reason: replied.journeyId !== run.journey.id ? 'other_journey' : 'stale_message',
      };
    }
    if (replied.button >= 0) {
      tap = {
        button: replied.button,
        ...(token?.payload !== undefined ? { payload: token.payload } : {}),
      };
      run.metric(sent.step, 'reply', `button:${replied.button}`);
    } else {
      run.metric(sent.step, 'reply', 'text');
    }
  } else {
    const last = wait.accepts[wait.accepts.length - 1];
    if (last !== undefined) run.metric(last.step, 'reply', 'text');
  }
  const index = step.groups.findIndex(
    (g) =>
      g.when.inbound_whatsapp !== undefined &&
      matchesInbound(g.when.inbound_whatsapp, message, tap),
  );
  if (index < 0) return { kind: 'ignored', reason: 'no_group_matched' };
  return qualify(step, run, wait, index, () => {
    run.journey.whatsApp = inboundLiquid(message, tap);
  });
}

function onEvent(
  step: ActionPathsStep,
  run: Run,
  wait: ActionWait,
  event: CustomEvent,
): Outcome | Ignored {
  const index = step.groups.findIndex(
    (g) =>
      g.when.event !== undefined &&
      g.when.event.name === event.name &&
      matchesProperties(g.when.event.where, event.properties),
  );
  if (index < 0) return { kind: 'ignored', reason: 'no_group_matched' };
  return qualify(step, run, wait, index, () => {
    run.journey.eventProperties = event.properties;
  });
}

/** A qualifying action: advance now (ranking off), or remember the best group (ranking on). */
function qualify(
  step: ActionPathsStep,
  run: Run,
  wait: ActionWait,
  index: number,
  keepProperties: () => void,
): Outcome | Ignored {
  const group = step.groups[index] as ActionGroup;
  // Time to reply: from the wait's start to the first qualifying action (later ones in a
  // ranked window only change the group).
  if ((step.ranking ? wait.best : wait.matched) === undefined)
    run.metric(step.id, 'reply_time', replyBucket(run.now - (wait.until - windowMs(step))));
  if (step.ranking) {
    if (wait.best === undefined || index < wait.best) {
      wait.best = index;
      keepProperties();
    }
    return { kind: 'wait', wait };
  }
  if (wait.matched !== undefined) return { kind: 'ignored', reason: 'already_matched' };
  keepProperties();
  if (group.exit) {
    // Braze: a group that exits the canvas does so at the end of the evaluation window.
    wait.matched = index;
    run.metric(step.id, 'group', group.id);
    return { kind: 'wait', wait };
  }
  run.emit({ type: 'cancel_timer', key: run.arrivalKey(wait.visit) });
  return take(step, run, group);
}

function take(step: ActionPathsStep, run: Run, group: ActionGroup, counted = false): Outcome {
  if (!counted) run.metric(step.id, 'group', group.id);
  if (group.exit) return { kind: 'end', reason: 'group_exit', branch: group.id };
  return { kind: 'next', next: group.next, branch: group.id };
}

/** The analytics chart's buckets, in seconds: 1 min, 5 min, 15 min, 1 h, 6 h, 1 day, 3 days, 7 days, 31 days. */
export const REPLY_BUCKETS = [60, 300, 900, 3600, 21_600, 86_400, 259_200, 604_800, 2_678_400];

function replyBucket(elapsedMs: number): string {
  const seconds = Math.max(0, elapsedMs) / 1000;
  const bucket = REPLY_BUCKETS.find((b) => seconds <= b) ?? REPLY_BUCKETS[REPLY_BUCKETS.length - 1];
  return String(bucket);
}

function windowEnd(step: ActionPathsStep, run: Run, wait: ActionWait): Outcome {
  const chosen = wait.matched ?? wait.best;
  if (chosen !== undefined) {
    const group = step.groups[chosen];
    if (group) return take(step, run, group, wait.matched !== undefined);
  }
  run.metric(step.id, 'everyone_else');
  for (const sent of wait.accepts) run.metric(sent.step, 'timed_out');
  return { kind: 'next', next: step.everyone_else, branch: 'everyone_else' };
}

function inboundLiquid(message: InboundMessage, tap: Tap | undefined): InboundLiquid {
  return {
    inbound_message_body: message.text,
    inbound_message_id: message.id,
    inbound_media_urls: message.mediaUrls ?? [],
    ...(message.profileName !== undefined ? { inbound_profile_name: message.profileName } : {}),
    ...(message.flowResponse !== undefined ? { inbound_flow_response: message.flowResponse } : {}),
    ...(message.productId !== undefined ? { inbound_product_id: message.productId } : {}),
    ...(message.catalogId !== undefined ? { inbound_catalog_id: message.catalogId } : {}),
    ...(tap?.payload !== undefined ? { inbound_button_payload: tap.payload } : {}),
  };
}

export { inboundLiquid };
