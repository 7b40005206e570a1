/**
 * Which of a person's live journeys an input goes to (pure; the host loads the journeys).
 *
 * - A tap on one of our messages names its journey (button payload, or the host's lookup
 *   of `context.id` in the message log): it goes to that journey only — never to another
 *   canvas that happens to have a button with the same label.
 * - Free text (no tap) goes to every journey waiting in Action Paths with an inbound
 *   WhatsApp group (Braze). When the same canvas holds several entries of the person in the
 *   same step with ranking off, only the earliest gets it (Braze's dedup rule).
 * - Events go to every live journey (Action Paths event groups and exit criteria).
 */
import type { Canvas } from '../canvas/schema.js';
import { decodeButtonToken } from './payload.js';
import { stepIndex } from './run.js';
import type { Input, Journey } from './types.js';

export type CanvasOf = (journey: Journey) => Canvas | undefined;

export function route(input: Input, journeys: readonly Journey[], canvasOf: CanvasOf): Journey[] {
  const live = journeys.filter((j) => j.status !== 'ended');
  switch (input.type) {
    case 'inbound_message': {
      const message = input.message;
      const owner = decodeButtonToken(message.payload)?.journeyId ?? message.repliedTo?.journeyId;
      if (owner !== undefined) {
        const journey = live.find((j) => j.id === owner);
        // A stale tap still reaches its journey, which records it and ignores it.
        return journey ? [journey] : [];
      }
      const waiting = live.filter(
        (j) => listensForInbound(j, canvasOf(j)) || hasInboundExit(canvasOf(j)),
      );
      return earliestPerStep(waiting, canvasOf);
    }
    case 'event':
    case 'cancel':
      return live;
    case 'timer_fired':
    case 'webhook_result': {
      const id = input.key.split(':')[0];
      return live.filter((j) => j.id === id);
    }
    case 'enter':
      return [];
  }
}

function listensForInbound(journey: Journey, canvas: Canvas | undefined): boolean {
  if (!canvas || journey.wait?.kind !== 'action_paths') return false;
  const step = stepIndex(canvas).get(journey.wait.step);
  return (
    step?.type === 'action_paths' && step.groups.some((g) => g.when.inbound_whatsapp !== undefined)
  );
}

function hasInboundExit(canvas: Canvas | undefined): boolean {
  return canvas?.exit_criteria?.some((t) => t.inbound_whatsapp !== undefined) ?? false;
}

function earliestPerStep(journeys: Journey[], canvasOf: CanvasOf): Journey[] {
  const seen = new Set<string>();
  const sorted = [...journeys].sort((a, b) => a.enteredAt - b.enteredAt);
  return sorted.filter((j) => {
    const canvas = canvasOf(j);
    const step = canvas && j.wait ? stepIndex(canvas).get(j.wait.step) : undefined;
    if (step?.type !== 'action_paths' || step.ranking) return true;
    const key = `${j.canvasId}|${j.version}|${step.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
