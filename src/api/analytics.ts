/**
 * The metrics table rolled up per step: what the native analytics view and Braze's
 * data_summary / data_series both show. Counters are the engine's `record_metric` names
 * (`sent`, `group` by group id, `reply` by `button:N` / `text`, …) plus the delivery
 * statuses the runner counts (`delivered`, `read`, `failed` by Meta error code).
 */
import type { MetricTotal } from '../store/repos/metrics.js';

export interface StepStats {
  entered: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  aborted: number;
  skipped: number;
  timedOut: number;
  replies: Record<string, number>;
  groups: Record<string, number>;
  /** Failed sends by Meta error code. */
  failedByCode: Record<string, number>;
  everyoneElse: number;
  /** Action Paths: first qualifying actions by time since the wait began (bucket upper bound in seconds → count). */
  timeToReply: Record<string, number>;
}

/** The engine counts canvas entries on this pseudo step. */
export const CANVAS_STEP = '$canvas';

export function emptyStats(): StepStats {
  return {
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
    failedByCode: {},
    everyoneElse: 0,
    timeToReply: {},
  };
}

/** The time-to-reply histogram as the dashboard draws it: buckets in order, empty ones left out. */
export function timeToReplyBuckets(
  stats: StepStats | undefined,
): Array<{ upToSeconds: number; count: number }> {
  return Object.entries(stats?.timeToReply ?? {})
    .map(([label, count]) => ({ upToSeconds: Number(label), count }))
    .filter((b) => Number.isFinite(b.upToSeconds))
    .sort((a, b) => a.upToSeconds - b.upToSeconds);
}

export function rollUp(totals: readonly MetricTotal[]): {
  entries: number;
  steps: Map<string, StepStats>;
} {
  const steps = new Map<string, StepStats>();
  let entries = 0;
  for (const t of totals) {
    if (t.stepId === CANVAS_STEP) {
      if (t.metric === 'entered') entries += t.count;
      continue;
    }
    const s = steps.get(t.stepId) ?? emptyStats();
    steps.set(t.stepId, s);
    add(s, t);
  }
  return { entries, steps };
}

function add(s: StepStats, t: MetricTotal): void {
  const label = t.label ?? '';
  switch (t.metric) {
    case 'entered':
      s.entered += t.count;
      break;
    case 'sent':
      s.sent += t.count;
      break;
    case 'delivered':
      s.delivered += t.count;
      break;
    case 'read':
      s.read += t.count;
      break;
    case 'failed':
      s.failed += t.count;
      if (label !== '') s.failedByCode[label] = (s.failedByCode[label] ?? 0) + t.count;
      break;
    case 'aborted':
      s.aborted += t.count;
      break;
    case 'skipped':
      s.skipped += t.count;
      break;
    case 'timed_out':
      s.timedOut += t.count;
      break;
    case 'reply':
      s.replies[label] = (s.replies[label] ?? 0) + t.count;
      break;
    case 'group':
      s.groups[label] = (s.groups[label] ?? 0) + t.count;
      break;
    case 'reply_time':
      s.timeToReply[label] = (s.timeToReply[label] ?? 0) + t.count;
      break;
    case 'everyone_else':
      s.everyoneElse += t.count;
      break;
    default:
      break;
  }
}
