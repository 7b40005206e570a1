/**
 * The working state of one `step()` call: the journey and contact being changed, and the
 * effects collected so far. Step handlers read and write through it; nothing here does I/O.
 */
import type { Canvas, Step } from '../canvas/schema.js';
import { render } from './liquid.js';
import { liquidScope } from './scope.js';
import type {
  Contact,
  Effect,
  ExitReason,
  InboundMessage,
  CustomEvent,
  Journey,
  MetricName,
  RuntimeErrorCode,
  StepContext,
  Wait,
} from './types.js';

/** What a step decides on arrival or when woken. */
export type Outcome =
  | { kind: 'next'; next: string | undefined; branch?: string }
  | { kind: 'wait'; wait: Wait }
  | { kind: 'end'; reason: ExitReason; branch?: string };

/** A wake-up the waiting step does not accept (a stale tap, an unrelated event, …). */
export interface Ignored {
  kind: 'ignored';
  reason: string;
}

/** Inputs that wake a waiting step. */
export type Wake =
  | { type: 'inbound_message'; message: InboundMessage }
  | { type: 'event'; event: CustomEvent }
  | { type: 'timer_fired'; key: string }
  | { type: 'webhook_result'; key: string; ok: boolean; status?: number; error?: string };

const indexes = new WeakMap<Canvas, Map<string, Step>>();

export function stepIndex(canvas: Canvas): Map<string, Step> {
  let index = indexes.get(canvas);
  if (!index) {
    index = new Map(canvas.steps.map((s) => [s.id, s]));
    indexes.set(canvas, index);
  }
  return index;
}

export class Run {
  readonly effects: Effect[] = [];
  readonly steps: Map<string, Step>;

  constructor(
    readonly canvas: Canvas,
    public journey: Journey,
    public contact: Contact,
    readonly ctx: StepContext,
  ) {
    this.steps = stepIndex(canvas);
  }

  get now(): number {
    return this.ctx.now;
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  metric(stepId: string, metric: MetricName, label?: string): void {
    this.effects.push({
      type: 'record_metric',
      stepId,
      metric,
      ...(label !== undefined ? { label } : {}),
    });
  }

  error(stepId: string, code: RuntimeErrorCode, message: string): void {
    this.effects.push({ type: 'error', stepId, code, message });
  }

  /** The key of the current step arrival: sends, timers and webhook calls are stamped with it. */
  arrivalKey(visit = this.journey.visit): string {
    return `${this.journey.id}:${visit}`;
  }

  scope(step: Step): Record<string, unknown> {
    return liquidScope(this.canvas, step, this.journey, this.contact);
  }

  /**
   * Renders Liquid for a step; on failure records a coded error and returns undefined, so
   * the caller can abort its work without throwing.
   */
  render(
    step: Step,
    source: string,
    scope = this.scope(step),
    mode: 'strict' | 'lenient' = 'strict',
  ): string | undefined {
    const result = render(source, scope, mode);
    if (result.ok) return result.text;
    this.error(step.id, result.code, result.message);
    return undefined;
  }

  /** The business number a step uses: its own, the canvas default, or the host default. */
  number(explicit: string | undefined): string {
    return explicit ?? this.canvas.settings?.number ?? this.ctx.defaultNumber ?? 'default';
  }

  timeZone(explicit?: string): string {
    return explicit ?? this.contact.timeZone ?? this.canvas.settings?.time_zone ?? 'UTC';
  }
}
