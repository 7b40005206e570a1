/**
 * `webhook`: render the request and ask the host to call it. Liquid here is lenient (a
 * missing value renders empty, as in Braze): a CRM call should not be lost to a blank field. With on_success / on_failure the
 * journey waits for the result (a `webhook_result` input); otherwise it goes on at once.
 */
import { parseDuration } from '../../canvas/duration.js';
import type { StepOf } from '../../canvas/schema.js';
import type { Ignored, Outcome, Run, Wake } from '../run.js';

type WebhookStep = StepOf<'webhook'>;

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES = 3;

export function arrive(step: WebhookStep, run: Run): Outcome {
  const awaitResult = step.on_success !== undefined || step.on_failure !== undefined;
  const scope = run.scope(step);
  const url = run.render(step, step.request.url, scope, 'lenient');
  const headers: Record<string, string> = {};
  let ok = url !== undefined;
  for (const [name, value] of Object.entries(step.request.headers ?? {})) {
    const text = run.render(step, value, scope, 'lenient');
    if (text === undefined) ok = false;
    else headers[name] = text;
  }
  let body: string | undefined;
  if (step.request.body !== undefined) {
    const rendered = renderJson(step.request.body, (s) => run.render(step, s, scope, 'lenient'));
    if (rendered.ok)
      body = typeof rendered.value === 'string' ? rendered.value : JSON.stringify(rendered.value);
    else ok = false;
  }
  if (!ok || url === undefined) {
    run.metric(step.id, 'aborted');
    return awaitResult
      ? { kind: 'next', next: step.on_failure, branch: 'failure' }
      : { kind: 'next', next: step.next };
  }
  if (
    body !== undefined &&
    typeof step.request.body !== 'string' &&
    headers['Content-Type'] === undefined &&
    headers['content-type'] === undefined
  ) {
    headers['Content-Type'] = 'application/json';
  }
  const key = run.arrivalKey();
  run.emit({
    type: 'call_webhook',
    key,
    stepId: step.id,
    method: step.request.method ?? 'POST',
    url,
    headers,
    timeoutMs:
      step.timeout === undefined
        ? DEFAULT_TIMEOUT_MS
        : (parseDuration(step.timeout) ?? DEFAULT_TIMEOUT_MS),
    retries: step.retries ?? DEFAULT_RETRIES,
    awaitResult,
    ...(body !== undefined ? { body } : {}),
  });
  run.metric(step.id, 'webhook_called');
  if (!awaitResult) return { kind: 'next', next: step.next };
  return { kind: 'wait', wait: { kind: 'webhook', step: step.id, visit: run.journey.visit, key } };
}

export function resume(step: WebhookStep, run: Run, wake: Wake): Outcome | Ignored {
  const wait = run.journey.wait;
  if (wake.type !== 'webhook_result' || wait?.kind !== 'webhook')
    return { kind: 'ignored', reason: 'waiting_for_webhook' };
  if (wake.key !== wait.key) return { kind: 'ignored', reason: 'stale_result' };
  run.metric(step.id, wake.ok ? 'webhook_success' : 'webhook_failure');
  return wake.ok
    ? { kind: 'next', next: step.on_success, branch: 'success' }
    : { kind: 'next', next: step.on_failure, branch: 'failure' };
}

/** Renders every string inside a JSON value; fails as a whole if any string fails. */
function renderJson(
  value: unknown,
  renderString: (s: string) => string | undefined,
): { ok: true; value: unknown } | { ok: false } {
  if (typeof value === 'string') {
    const text = renderString(value);
    return text === undefined ? { ok: false } : { ok: true, value: text };
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const r = renderJson(item, renderString);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return { ok: true, value: out };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = renderJson(v, renderString);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}
