/**
 * The user taps a button on a business message.
 *
 * Template quick reply → `type: "button"`:
 * ```json
 * { "context": { "from": "15550783881", "id": "<wamid of the template>" },
 *   "from": "16505551234", "id": "wamid.…", "timestamp": "…", "type": "button",
 *   "button": { "payload": "<payload sent for that index>", "text": "<label>" } }
 * ```
 * Interactive reply button → `interactive: {type: "button_reply", button_reply: {id, title}}`;
 * list row → `interactive: {type: "list_reply", list_reply: {id, title, description}}`; both
 * with `context.id` = the interactive message. Tapping opens the chat, so what it holds is
 * read first (a `read` status precedes the tap, as on a real phone).
 */
import type { EmulatorContext } from './context.js';
import { numberById } from './context.js';
import { readChat } from './delivery.js';
import { ControlError } from './control-error.js';
import { receive } from './inbound.js';
import { isRecord, type Json } from './json-fields.js';
import type { ChatMessage } from './message-log.js';
import type { VirtualPhone } from './phones.js';

export interface TapInput {
  /** The message tapped; default: the phone's latest business message with buttons. */
  messageId?: string;
  /** Button position (template index, reply button or list row position). */
  index?: number;
  /** Button label / row title. */
  label?: string;
  /** Reply-button id or list-row id. */
  id?: string;
}

interface Choice {
  index: number;
  title: string;
  id?: string;
  payload?: string;
  description?: string;
  type: string;
}

export function tap(ctx: EmulatorContext, phone: VirtualPhone, input: TapInput): ChatMessage {
  const target = findTarget(ctx, phone, input.messageId);
  if (!phone.online) throw new ControlError(409, 'The phone is offline.');
  if (target.status !== 'delivered' && target.status !== 'read')
    throw new ControlError(
      409,
      `Message ${target.id} is ${target.status}; the phone has not received it.`,
    );
  const choices = choicesOf(target);
  const choice = pickChoice(choices, input);
  const number = numberById(ctx, target.phoneNumberId);
  if (!number) throw new ControlError(404, `No business number ${target.phoneNumberId}.`);
  readChat(ctx, phone, number.phoneNumberId);
  let message: ChatMessage;
  if (target.type === 'template') {
    if (choice.type !== 'QUICK_REPLY')
      throw new ControlError(
        400,
        `Button ${choice.index} is a ${choice.type} button: tapping it sends no message to the business.`,
      );
    message = receive(ctx, phone, number, {
      type: 'button',
      object: { payload: choice.payload ?? choice.title, text: choice.title },
      contextId: target.id,
    });
  } else {
    const list = choice.type === 'row';
    const reply: Json = { id: choice.id ?? '', title: choice.title };
    if (list && choice.description !== undefined) reply.description = choice.description;
    message = receive(ctx, phone, number, {
      type: 'interactive',
      object: list
        ? { type: 'list_reply', list_reply: reply }
        : { type: 'button_reply', button_reply: reply },
      contextId: target.id,
    });
  }
  const tapRecord = {
    at: ctx.scheduler.now(),
    messageId: message.id,
    index: choice.index,
    title: choice.title,
    ...(choice.payload !== undefined ? { payload: choice.payload } : {}),
    ...(choice.id !== undefined ? { id: choice.id } : {}),
  };
  target.taps.push(tapRecord);
  return message;
}

function hasChoices(message: ChatMessage): boolean {
  return message.direction === 'outbound' && choicesOf(message).length > 0;
}

function findTarget(ctx: EmulatorContext, phone: VirtualPhone, messageId?: string): ChatMessage {
  if (messageId !== undefined) {
    const message = ctx.state.log.get(messageId);
    if (!message || message.phoneKey !== phone.key || message.direction !== 'outbound')
      throw new ControlError(404, `No business message ${messageId} in this phone's chats.`);
    return message;
  }
  const latest = ctx.state.log.chat(phone.key).filter(hasChoices).at(-1);
  if (!latest) throw new ControlError(404, 'This phone has no business message with buttons.');
  return latest;
}

/** The tappable things a business message shows. */
function choicesOf(message: ChatMessage): Choice[] {
  const { content } = message;
  if (message.type === 'template' && Array.isArray(content.buttons))
    return content.buttons.filter(isRecord).map((b) => ({
      index: Number(b.index),
      title: String(b.text ?? ''),
      type: String(b.type),
      ...(typeof b.payload === 'string' ? { payload: b.payload } : {}),
    }));
  if (message.type !== 'interactive') return [];
  if (content.type === 'button' && Array.isArray(content.buttons))
    return content.buttons.filter(isRecord).map((b, index) => ({
      index,
      id: String(b.id),
      title: String(b.title),
      type: 'reply',
    }));
  if (content.type === 'list' && Array.isArray(content.sections))
    return content.sections
      .filter(isRecord)
      .flatMap((s) => (Array.isArray(s.rows) ? s.rows.filter(isRecord) : []))
      .map((r, index) => ({
        index,
        id: String(r.id),
        title: String(r.title),
        type: 'row',
        ...(typeof r.description === 'string' ? { description: r.description } : {}),
      }));
  return [];
}

function pickChoice(choices: Choice[], input: TapInput): Choice {
  let found: Choice | undefined;
  if (input.index !== undefined) found = choices.find((c) => c.index === input.index);
  else if (input.id !== undefined) found = choices.find((c) => c.id === input.id);
  else if (input.label !== undefined)
    found =
      choices.find((c) => c.title === input.label) ??
      choices.find((c) => c.title.toLowerCase() === input.label?.toLowerCase());
  else throw new ControlError(400, 'Say which button: index, label or id.');
  if (!found) {
    const known = choices.map((c) => `${c.index}: ${c.title}`).join(', ');
    throw new ControlError(404, `No such button on this message (it has ${known || 'none'}).`);
  }
  return found;
}
