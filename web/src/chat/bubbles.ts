/**
 * Messages of every source (a template preview, an emulator chat, a contact timeline)
 * turned into one bubble shape that ChatBubble draws the way WhatsApp does.
 */
import type { TemplateInfo } from '../../../src/canvas/templates';
import type { SimMessage, TimelineItem } from '../api/types';

export interface BubbleButton {
  index: number;
  label: string;
  /** Quick replies and reply buttons send a message back; URL / phone buttons do not. */
  replies: boolean;
}

export interface Bubble {
  id: string;
  /** `theirs` is drawn on the left (white), `mine` on the right (green). */
  side: 'theirs' | 'mine';
  header?: string;
  text: string;
  footer?: string;
  buttons: BubbleButton[];
  tapped?: number;
  at?: number | string;
  status?: string;
}

/** A template as the phone would show it, placeholders filled with the parameters given. */
export function templateBubble(
  info: TemplateInfo,
  body?: string[] | Record<string, string>,
  header?: string,
): Bubble {
  const values = (name: string, index: number) =>
    Array.isArray(body) ? (body[Number(name) - 1] ?? body[index]) : body?.[name];
  const text = info.bodyText.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => {
    const value = values(name, info.bodyParams.indexOf(name));
    return value === undefined || value === '' ? whole : value;
  });
  return {
    id: `${info.name}-${info.language}`,
    side: 'theirs',
    ...(header !== undefined ? { header } : {}),
    text,
    buttons: info.buttons.map((b, index) => ({
      index,
      label: b.text,
      replies: b.type === 'QUICK_REPLY',
    })),
  };
}

function rec(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The text an inbound (person → business) message shows. */
function inboundText(content: Record<string, unknown>, type: string): string {
  switch (type) {
    case 'text':
      return str(rec(content.text).body) ?? '';
    case 'button':
      return str(rec(content.button).text) ?? '';
    case 'interactive': {
      const i = rec(content.interactive);
      return str(rec(i.button_reply).title) ?? str(rec(i.list_reply).title) ?? '[reply]';
    }
    default:
      return str(rec(content[type]).caption) ?? `[${type}]`;
  }
}

/** One emulator chat message as the phone shows it (`mine` = sent by the phone). */
export function simBubble(message: SimMessage): Bubble {
  const c = message.content;
  const base = {
    id: message.id,
    at: message.at,
    status: message.status,
    ...(message.tapped ? { tapped: message.tapped.index } : {}),
  };
  if (message.direction === 'inbound')
    return { ...base, side: 'mine', text: inboundText(c, message.type), buttons: [] };
  const header = str(c.header) ?? str(rec(c.header).text);
  const footer = str(c.footer);
  const text =
    typeof c.body === 'string'
      ? c.body
      : (str(rec(c.body).text) ?? str(c.caption) ?? `[${message.type}]`);
  const rawButtons =
    list(c.buttons).length > 0
      ? list(c.buttons)
      : list(c.sections).flatMap((s) => list(rec(s).rows));
  const buttons = rawButtons.map((b, i) => {
    const r = rec(b);
    const type = str(r.type) ?? 'reply';
    return {
      index: typeof r.index === 'number' ? r.index : i,
      label: str(r.text) ?? str(r.title) ?? '',
      replies: type === 'QUICK_REPLY' || type === 'reply' || message.type === 'interactive',
    };
  });
  return {
    ...base,
    side: 'theirs',
    ...(header !== undefined ? { header } : {}),
    ...(footer !== undefined ? { footer } : {}),
    text,
    buttons,
  };
}

/** A timeline message from the business's side: the contact's messages on the left. */
export function timelineBubble(
  item: Extract<TimelineItem, { type: 'message' }>,
  key: string,
): Bubble {
  return {
    id: item.wamid ?? key,
    side: item.direction === 'in' ? 'theirs' : 'mine',
    text: item.text,
    buttons: item.buttons.map((label, index) => ({ index, label, replies: true })),
    ...(item.tapped !== undefined ? { tapped: item.tapped } : {}),
    at: item.at,
    ...(item.status !== undefined ? { status: item.status } : {}),
  };
}
