/**
 * The mock API's memory (see mock-api.ts): canvases, templates, virtual phones, counts,
 * and the toy "engine" — entering a phone sends the first template; a tap on a live
 * canvas's Action Paths button counts the group and replies with its next message's text.
 */
import { stringify } from 'yaml';
import type { Canvas } from '../../src/canvas/schema';

export type Json = Record<string, unknown>;
export interface Stored {
  doc: Canvas;
  status: string;
  versions: Array<{ version: number; publishedAt: number; doc: Canvas }>;
  updatedAt: number;
}
export interface Msg {
  id: string;
  direction: 'outbound' | 'inbound';
  at: number;
  type: string;
  content: Json;
  status: string;
  tapped?: Json;
}

export const state = {
  user: undefined as { email: string; password: string } | undefined,
  sessions: new Set<string>(),
  canvases: new Map<string, Stored>(),
  templates: [
    template(
      'order_feedback',
      'APPROVED',
      'Hi {{1}}, how was your order {{2}}?',
      ['YES', 'NO', 'TALK TO SUPPORT'],
      ['Ana', 'A-1042'],
    ),
    template(
      'order_feedback_reminder',
      'APPROVED',
      "Hi {{1}}, we'd still love to hear how your order went.",
      [],
      ['Ana'],
    ),
    template(
      'spring_sale',
      'PENDING',
      'Spring sale! {{1}} off everything.',
      ['Shop now', 'Stop'],
      ['20%'],
    ),
  ] as Json[],
  phones: [] as Array<{ key: string; phone: string; name: string; chat: Msg[] }>,
  stats: new Map<string, Json>(),
  seq: 0,
};

function template(
  name: string,
  status: string,
  body: string,
  buttons: string[],
  example: string[],
): Json {
  return {
    name,
    language: 'en_US',
    status,
    category: 'UTILITY',
    parameter_format: 'positional',
    components: [
      { type: 'BODY', text: body, example: { body_text: [example] } },
      ...(buttons.length > 0
        ? [{ type: 'BUTTONS', buttons: buttons.map((text) => ({ type: 'QUICK_REPLY', text })) }]
        : []),
    ],
  };
}

export const id = (prefix: string) => `${prefix}${++state.seq}`;

export function stepStats(
  canvasId: string,
  stepId: string,
): Json & { groups: Record<string, number>; replies: Record<string, number> } {
  const key = `${canvasId}/${stepId}`;
  let s = state.stats.get(key);
  if (!s) {
    s = {
      entered: 0,
      sent: 0,
      delivered: 0,
      read: 0,
      failed: 0,
      aborted: 0,
      skipped: 0,
      timedOut: 0,
      replies: {},
      groups: {},
      everyoneElse: 0,
      waiting: 0,
      timeToReply: [
        { upToSeconds: 60, count: 0 },
        { upToSeconds: 3600, count: 0 },
        { upToSeconds: 86400, count: 0 },
      ],
    };
    state.stats.set(key, s);
  }
  return s as Json & { groups: Record<string, number>; replies: Record<string, number> };
}

export function detail(c: Stored): Json {
  return {
    id: c.doc.id,
    name: c.doc.name,
    status: c.status,
    liveVersion: c.versions.at(-1)?.version ?? null,
    draft: c.doc,
    yaml: stringify(c.doc),
    issues: [],
    updatedAt: c.updatedAt,
  };
}

export function deliver(
  phone: (typeof state.phones)[number],
  msg: Omit<Msg, 'id' | 'at' | 'status'>,
): void {
  phone.chat.push({ ...msg, id: id('wamid.'), at: Date.now(), status: 'delivered' });
}

/** Enter a phone into a live canvas: send the first step's template. */
export function enter(canvasId: string, phoneNumber: string): boolean {
  const c = state.canvases.get(canvasId);
  const live = c?.versions.at(-1)?.doc;
  const phone =
    state.phones.find((p) => p.phone === phoneNumber) ?? newPhone(phoneNumber, 'API contact');
  const first = live?.steps[0];
  if (!live || first?.type !== 'message' || !first.whatsapp.template) return false;
  const t = state.templates.find((x) => x.name === first.whatsapp.template);
  const comps = (t?.components ?? []) as Json[];
  const bodyText = String(comps.find((x) => x.type === 'BODY')?.text ?? '');
  const params = Array.isArray(first.whatsapp.body) ? first.whatsapp.body : [];
  const buttons = ((comps.find((x) => x.type === 'BUTTONS')?.buttons ?? []) as Json[]).map(
    (b, index) => ({ index, type: 'QUICK_REPLY', text: b.text }),
  );
  deliver(phone, {
    direction: 'outbound',
    type: 'template',
    content: {
      template: { name: t?.name },
      body: bodyText.replace(/\{\{(\d+)\}\}/g, (_, n: string) => params[Number(n) - 1] ?? ''),
      buttons,
      canvas: canvasId,
    },
  });
  stepStats(canvasId, first.id).entered = Number(stepStats(canvasId, first.id).entered) + 1;
  stepStats(canvasId, first.id).sent = Number(stepStats(canvasId, first.id).sent) + 1;
  return true;
}

export function newPhone(phone: string, name: string) {
  const p = { key: `p${state.phones.length + 1}`, phone, name, chat: [] as Msg[] };
  state.phones.push(p);
  return p;
}

/** A tap on a live canvas's template: count it on the Action Paths step and reply. */
export function tapped(phone: (typeof state.phones)[number], message: Msg, index: number): void {
  const canvasId = String(message.content.canvas ?? '');
  const live = state.canvases.get(canvasId)?.versions.at(-1)?.doc;
  if (!live) return;
  const ap = live.steps.find((s) => s.type === 'action_paths');
  if (ap?.type !== 'action_paths') return;
  const group = ap.groups.find((g) => g.when.inbound_whatsapp?.button === index);
  const s = stepStats(canvasId, ap.id);
  s.replies[`button:${index}`] = (s.replies[`button:${index}`] ?? 0) + 1;
  if (!group) return;
  s.groups[group.id] = (s.groups[group.id] ?? 0) + 1;
  const next = live.steps.find((x) => x.id === group.next);
  if (next?.type === 'message' && next.whatsapp.text)
    deliver(phone, { direction: 'outbound', type: 'text', content: { body: next.whatsapp.text } });
}
