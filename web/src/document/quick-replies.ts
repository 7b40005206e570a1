/**
 * Building Action Paths groups from the message before them: one group per quick-reply
 * button (matched by button index, so relabelled or translated buttons keep working) and a
 * catch-all for typed text. Reuses inspect's own reading of "the message before".
 */
import type { Canvas, StepOf } from '../../../src/canvas/schema';
import type { ActionGroup } from '../../../src/canvas/steps/action_paths';
import { templateLookup, type TemplateInfo } from '../../../src/canvas/templates';
import { buildGraph } from '../../../src/canvas/inspect/graph';
import { buttonLabels, precedingMessages } from '../../../src/canvas/inspect/replies';
import { slugId } from './edit';

export type QuickReplySource =
  { ok: true; messageId: string; labels: string[] } | { ok: false; reason: string };

/** The quick-reply labels of the message step just before `stepId`. */
export function quickRepliesBefore(
  doc: Canvas,
  stepId: string,
  templates: readonly TemplateInfo[],
): QuickReplySource {
  const messages = precedingMessages(buildGraph(doc), stepId);
  if (messages.length === 0)
    return { ok: false, reason: 'Connect a Message step to this step first.' };
  const lookup = templateLookup(templates);
  for (const message of messages) {
    const labels = buttonLabels(message, lookup);
    if (labels && labels.length > 0) return { ok: true, messageId: message.id, labels };
  }
  const first = messages[0];
  const template = first?.whatsapp.template;
  if (template !== undefined && !lookup(template, first?.whatsapp.language ?? 'en_US'))
    return { ok: false, reason: `Template "${template}" is not known; sync templates first.` };
  return { ok: false, reason: `"${first?.id}" has no quick-reply buttons.` };
}

export function isCatchAll(group: ActionGroup): boolean {
  const trigger = group.when.inbound_whatsapp;
  return trigger !== undefined && trigger.body === undefined && trigger.button === undefined;
}

/** The button index a group listens for, if it matches by index. */
export function buttonIndexOf(group: ActionGroup): number | undefined {
  const button = group.when.inbound_whatsapp?.button;
  if (typeof button === 'number') return button;
  return button?.index;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/**
 * Adds a group for every button no group matches by index yet: `button: <index>`, named
 * after the label, id from the label (`TALK TO SUPPORT` → `talk_to_support`). New groups go
 * before the catch-all so that, with ranking on, a tap outranks "anything else".
 */
export function withGroupPerQuickReply(
  step: StepOf<'action_paths'>,
  labels: readonly string[],
): StepOf<'action_paths'> {
  const covered = new Set(step.groups.map(buttonIndexOf));
  const taken = new Set(step.groups.map((g) => g.id));
  const added: ActionGroup[] = labels
    .map((label, index) => ({ label, index }))
    .filter(({ index }) => !covered.has(index))
    .map(({ label, index }) => ({
      id: uniqueId(slugId(label, '_', `button_${index}`), taken),
      name: label,
      when: { inbound_whatsapp: { button: index } },
    }));
  if (added.length === 0) return step;
  const catchAt = step.groups.findIndex(isCatchAll);
  const at = catchAt < 0 ? step.groups.length : catchAt;
  return { ...step, groups: [...step.groups.slice(0, at), ...added, ...step.groups.slice(at)] };
}

export function missingQuickReplies(step: StepOf<'action_paths'>, labels: readonly string[]) {
  const covered = new Set(step.groups.map(buttonIndexOf));
  return labels.filter((_, i) => !covered.has(i));
}

/** Appends the catch-all group: any inbound message that no earlier group took. */
export function withCatchAll(step: StepOf<'action_paths'>): StepOf<'action_paths'> {
  if (step.groups.some(isCatchAll)) return step;
  const id = uniqueId('other', new Set(step.groups.map((g) => g.id)));
  return {
    ...step,
    groups: [...step.groups, { id, name: 'Anything else', when: { inbound_whatsapp: {} } }],
  };
}
