/**
 * Checking an `expect` against what the simulator saw. Each mismatch names the field and
 * carries both sides, so the report can print a readable diff.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ExpectSpec, SentSpec, WebhookSpec } from './spec.js';
import type { Activity, Simulator } from './simulator.js';
import { viewOf, type SentView } from './views.js';

export interface Mismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

/** Only the keys the author wrote are compared. */
function pick<T extends object>(actual: T, expected: object): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(expected))
    (out as Record<string, unknown>)[key] = (actual as Record<string, unknown>)[key];
  return out;
}

function compareLists<E extends object, A extends object>(
  field: string,
  expected: E[],
  actual: A[],
  out: Mismatch[],
): void {
  // Show each actual item through the keys its expected counterpart names; extras in full.
  const shown = actual.map((a, i) => {
    const e = expected[i];
    return e !== undefined && Object.keys(e).every((k) => k in a) ? pick(a, e) : a;
  });
  const same =
    expected.length === actual.length &&
    expected.every((e, i) => isDeepStrictEqual(shown[i], stripUndefined(e)));
  if (!same) out.push({ field, expected, actual: shown });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function check(
  expect: ExpectSpec,
  activity: Activity,
  sim: Simulator,
  multiCanvas: boolean,
): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.sent !== undefined) {
    const views: SentView[] = activity.sent.map(viewOf);
    compareLists<SentSpec, SentView>('sent', expect.sent, views, out);
  }
  if (expect.webhooks !== undefined) {
    compareLists<WebhookSpec, (typeof activity.webhooks)[number]>(
      'webhooks',
      expect.webhooks,
      activity.webhooks,
      out,
    );
  }
  const path = activity.path.map(
    (p) =>
      `${multiCanvas ? `${p.canvasId}/` : ''}${p.step}${p.branch !== undefined ? `.${p.branch}` : ''}`,
  );
  if (expect.path !== undefined && !isDeepStrictEqual(expect.path, path))
    out.push({ field: 'path', expected: expect.path, actual: path });
  if (expect.took !== undefined && !path.includes(expect.took))
    out.push({ field: 'took', expected: expect.took, actual: path });
  if (expect.errors !== undefined) {
    const codes = activity.errors.map((e) => e.code);
    if (!isDeepStrictEqual(expect.errors, codes))
      out.push({ field: 'errors', expected: expect.errors, actual: activity.errors });
  }
  if (expect.refused !== undefined && !activity.refused.includes(expect.refused)) {
    out.push({ field: 'refused', expected: expect.refused, actual: activity.refused });
  }
  if (expect.ignored !== undefined && !activity.ignored.includes(expect.ignored)) {
    out.push({ field: 'ignored', expected: expect.ignored, actual: activity.ignored });
  }
  if (expect.metrics !== undefined) {
    const actual = [...activity.metrics].sort();
    if (!isDeepStrictEqual([...expect.metrics].sort(), actual))
      out.push({ field: 'metrics', expected: [...expect.metrics].sort(), actual });
  }
  const journeys = [...sim.journeys.values()];
  if (expect.at !== undefined) {
    const waiting = journeys
      .filter((j) => j.status === 'waiting')
      .map((j) => (multiCanvas ? `${j.canvasId}/${j.stepId}` : (j.stepId ?? '')));
    if (!waiting.includes(expect.at))
      out.push({
        field: 'at',
        expected: expect.at,
        actual: waiting.length === 1 ? waiting[0] : waiting,
      });
  }
  const latest = journeys[journeys.length - 1];
  if (expect.ended !== undefined) {
    const ended = latest?.status === 'ended';
    if (ended !== expect.ended) out.push({ field: 'ended', expected: expect.ended, actual: ended });
  }
  if (expect.exit_reason !== undefined && latest?.exitReason !== expect.exit_reason) {
    out.push({
      field: 'exit_reason',
      expected: expect.exit_reason,
      actual: latest?.exitReason ?? null,
    });
  }
  if (expect.contact !== undefined) {
    const actual = pick(sim.contact.attributes, expect.contact);
    const normalized = Object.fromEntries(
      Object.entries(actual).map(([k, v]) => [k, v === undefined ? null : v]),
    );
    if (!isDeepStrictEqual(normalized, expect.contact))
      out.push({ field: 'contact', expected: expect.contact, actual: normalized });
  }
  if (expect.subscription !== undefined) {
    const actual = pick(sim.contact.subscriptions, expect.subscription);
    if (!isDeepStrictEqual(actual, expect.subscription))
      out.push({ field: 'subscription', expected: expect.subscription, actual });
  }
  return out;
}
