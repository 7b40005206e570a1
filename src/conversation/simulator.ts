/**
 * A host for conversation tests: one person, a virtual clock, and in-memory journeys,
 * timers and message log. It does what the durable runner does — route, step, apply
 * effects — through the same pure `processInput`, without a database or network.
 */
import type { Canvas } from '../canvas/schema.js';
import type { TemplateInfo } from '../canvas/templates.js';
import { processInput, type CanvasEntry } from '../engine/process.js';
import type { Contact, Effect, InboundMessage, Input, Journey } from '../engine/types.js';
import type { OutboundBody } from '../engine/outbound.js';

export interface SentMessage {
  wamid: string;
  canvasId: string;
  journeyId: string;
  visit: number;
  stepId: string;
  body: OutboundBody;
  buttons: string[];
  preview: string;
  at: number;
}

export interface WebhookCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** What happened since the last `drain()`. */
export interface Activity {
  sent: SentMessage[];
  path: Array<{ canvasId: string; step: string; branch?: string }>;
  webhooks: WebhookCall[];
  errors: Array<{ code: string; message: string; stepId: string }>;
  refused: string[];
  ignored: string[];
  /** `step:metric[:label]` for every counter recorded. */
  metrics: string[];
}

const emptyActivity = (): Activity => ({
  sent: [],
  path: [],
  webhooks: [],
  errors: [],
  refused: [],
  ignored: [],
  metrics: [],
});

export class Simulator {
  now: number;
  contact: Contact;
  readonly journeys = new Map<string, Journey>();
  readonly messages: SentMessage[] = [];
  private readonly timers = new Map<string, number>();
  private readonly entries = new Map<string, { count: number; lastEnteredAt?: number }>();
  private activity = emptyActivity();
  private ids = 0;
  private readonly wamids = { in: 0, out: 0 };
  webhookResponse: 'success' | 'failure' = 'success';

  constructor(
    private readonly canvases: Map<string, Canvas>,
    private readonly templates: (
      name: string,
      language: string | undefined,
    ) => TemplateInfo | undefined,
    contact: Contact,
    start: number,
    readonly number: string,
  ) {
    this.contact = contact;
    this.now = start;
  }

  drain(): Activity {
    const out = this.activity;
    this.activity = emptyActivity();
    return out;
  }

  /** Enter through the API (or a schedule) with entry properties. */
  enter(canvasId: string, context: Record<string, unknown>): void {
    const canvas = this.canvas(canvasId);
    this.process(null, [this.entryFor(canvas, context)]);
  }

  event(name: string, properties: Record<string, unknown>): void {
    const input: Input = { type: 'event', event: { name, properties, at: this.now } };
    const targets = [...this.canvases.values()]
      .filter((c) => c.entry.type === 'event')
      .map((c) => this.entryFor(c));
    this.process(input, targets);
  }

  typeText(text: string): void {
    this.inbound({
      id: this.newWamid('in'),
      number: this.number,
      kind: 'text',
      text,
      at: this.now,
    });
  }

  /** Tap a button on a sent message (template quick reply, reply button or list row). */
  tap(message: SentMessage, button: number): void {
    const label = message.buttons[button] ?? '';
    const body = message.body;
    let payload: string | undefined;
    let kind: InboundMessage['kind'] = 'button';
    if (body.type === 'template') {
      const component = body.template.components.find(
        (c) => c.type === 'button' && c.sub_type === 'quick_reply' && c.index === String(button),
      );
      const param = component?.parameters[0];
      payload = param && 'payload' in param ? param.payload : undefined;
    } else if (body.type === 'interactive' && body.interactive.type === 'button') {
      payload = body.interactive.action.buttons[button]?.reply.id;
      kind = 'interactive_button';
    } else if (body.type === 'interactive' && body.interactive.type === 'list') {
      payload = body.interactive.action.sections.flatMap((s) => s.rows)[button]?.id;
      kind = 'interactive_list';
    }
    this.inbound({
      id: this.newWamid('in'),
      number: this.number,
      kind,
      text: label,
      ...(payload !== undefined ? { payload } : {}),
      contextId: message.wamid,
      // The runner resolves context.id through its message log; so does the simulator.
      repliedTo: { journeyId: message.journeyId, visit: message.visit, button },
      at: this.now,
    });
  }

  /** Moves the clock forward, firing every timer that falls due on the way, in order. */
  wait(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      let nextKey: string | undefined;
      let nextAt = Infinity;
      for (const [key, at] of this.timers) {
        if (at <= until && at < nextAt) {
          nextKey = key;
          nextAt = at;
        }
      }
      if (nextKey === undefined) break;
      this.timers.delete(nextKey);
      this.now = Math.max(this.now, nextAt);
      this.process({ type: 'timer_fired', key: nextKey }, []);
    }
    this.now = until;
  }

  setAttributes(values: Record<string, unknown>): void {
    this.contact = { ...this.contact, attributes: { ...this.contact.attributes, ...values } };
  }

  private inbound(message: InboundMessage): void {
    const targets = [...this.canvases.values()]
      .filter((c) => c.entry.type === 'inbound_whatsapp')
      .map((c) => this.entryFor(c));
    this.process({ type: 'inbound_message', message }, targets);
  }

  private entryFor(canvas: Canvas, context?: Record<string, unknown>): CanvasEntry {
    const history = this.entries.get(canvas.id) ?? { count: 0 };
    const active = [...this.journeys.values()].some(
      (j) => j.canvasId === canvas.id && j.status !== 'ended',
    );
    return { canvas, version: 1, entries: { ...history, active }, ...(context ? { context } : {}) };
  }

  private process(input: Exclude<Input, { type: 'enter' }> | null, enter: CanvasEntry[]): void {
    const queue: Array<{ input: Exclude<Input, { type: 'enter' }> | null; enter: CanvasEntry[] }> =
      [{ input, enter }];
    while (queue.length > 0) {
      const item = queue.shift();
      if (!item) break;
      const live = [...this.journeys.values()].filter((j) => j.status !== 'ended');
      const { contact, results } = processInput({
        input: item.input,
        contact: this.contact,
        journeys: live,
        canvasOf: (j) => this.canvases.get(j.canvasId),
        enter: item.enter,
        ctx: {
          now: this.now,
          newId: () => `j${++this.ids}`,
          templates: this.templates,
          defaultNumber: this.number,
        },
      });
      this.contact = contact;
      for (const result of results) {
        if (result.outcome === 'ignored' && result.reason)
          this.activity.ignored.push(result.reason);
        if (result.outcome === 'refused' && result.reason)
          this.activity.refused.push(result.reason);
        if (!result.journey) continue;
        const isNew = !this.journeys.has(result.journey.id);
        this.journeys.set(result.journey.id, result.journey);
        if (isNew) {
          const e = this.entries.get(result.canvasId) ?? { count: 0 };
          this.entries.set(result.canvasId, { count: e.count + 1, lastEnteredAt: this.now });
        }
        for (const effect of result.effects) {
          const follow = this.apply(effect, result.journey, result.canvasId);
          if (follow) queue.push({ input: follow, enter: [] });
        }
      }
    }
  }

  /** Performs one effect; returns an input to feed back (a webhook's result). */
  private apply(
    effect: Effect,
    journey: Journey,
    canvasId: string,
  ): Exclude<Input, { type: 'enter' }> | undefined {
    switch (effect.type) {
      case 'send_whatsapp': {
        const sent: SentMessage = {
          wamid: this.newWamid('out'),
          canvasId,
          journeyId: journey.id,
          visit: Number(effect.key.split(':')[1]),
          stepId: effect.stepId,
          body: effect.body,
          buttons: effect.buttons,
          preview: effect.preview,
          at: this.now,
        };
        this.messages.push(sent);
        this.activity.sent.push(sent);
        return undefined;
      }
      case 'call_webhook': {
        this.activity.webhooks.push({
          method: effect.method,
          url: effect.url,
          headers: effect.headers,
          body: effect.body === undefined ? undefined : parseMaybeJson(effect.body),
        });
        if (!effect.awaitResult) return undefined;
        const ok = this.webhookResponse === 'success';
        return { type: 'webhook_result', key: effect.key, ok, status: ok ? 200 : 500 };
      }
      case 'set_timer':
        this.timers.set(effect.key, effect.at);
        return undefined;
      case 'cancel_timer':
        this.timers.delete(effect.key);
        return undefined;
      case 'step_taken':
        this.activity.path.push({
          canvasId,
          step: effect.stepId,
          ...(effect.branch !== undefined ? { branch: effect.branch } : {}),
        });
        return undefined;
      case 'error':
        this.activity.errors.push({
          code: effect.code,
          message: effect.message,
          stepId: effect.stepId,
        });
        return undefined;
      case 'record_metric':
        this.activity.metrics.push(
          `${effect.stepId}:${effect.metric}${effect.label !== undefined ? `:${effect.label}` : ''}`,
        );
        return undefined;
      case 'update_contact':
      case 'journey_ended':
      case 'entry_refused':
        return undefined;
    }
  }

  private canvas(id: string): Canvas {
    const canvas = this.canvases.get(id);
    if (!canvas) throw new Error(`no canvas "${id}" in this test file`);
    return canvas;
  }

  /** Inbound and outbound messages are numbered separately: `wamid.sim.in.1`, `wamid.sim.out.1`. */
  private newWamid(direction: 'in' | 'out'): string {
    return `wamid.sim.${direction}.${++this.wamids[direction]}`;
  }
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
