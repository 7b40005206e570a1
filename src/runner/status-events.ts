/**
 * Delivery statuses. They are not a person's input: they move the message log forward
 * (monotonically: webhooks arrive in any order and repeat, and a status that is not ahead
 * of the stored one changes nothing) and count delivered / read / failed per step, in the
 * caller's transaction — a crash cannot move a message forward without also counting it.
 * A status whose send was never recorded (a crash between Meta's answer and our record, or
 * Meta being faster than our record) settles that send by its callback data.
 *
 * Most statuses are applied where they are taken in (ingest.ts), in the transaction that
 * makes them durable; the runner applies the rest (statuses that came before their send was
 * known, retried from the inbox) through `applyStatusEvents`.
 */
import type { Repositories } from '../store/repositories.js';
import type { InboxEvent } from '../store/repos/inbox.js';
import type { MetricIncrement } from '../store/repos/metrics.js';
import { STATUS_RANK, type StatusTransition } from '../store/repos/message-status.js';
import type { InboxPayload } from './inbox-events.js';
import type { WriteSet } from './write-set.js';

export type StatusPayload = Extract<InboxPayload, { kind: 'wa.status' }>;

export type StatusEvent = {
  event: InboxEvent;
  payload: StatusPayload;
};

export interface StatusesApplied {
  /** delivered / read / failed counts per step for the transitions made. */
  metrics: MetricIncrement[];
  /** Wamids not in the log: not ours, or the send is not recorded yet. */
  unknown: Set<string>;
  /**
   * Whether a status taken in moved its message on: false for a redelivery, or for one a
   * later status overtook. What the webhook counts as a duplicate.
   */
  moved: (status: StatusPayload) => boolean;
}

/** Applies statuses in `tx`: monotonic message log updates and the counts they make. */
export async function applyStatusPayloads(
  tx: Repositories,
  statuses: readonly StatusPayload[],
  now: number,
): Promise<StatusesApplied> {
  const metrics: MetricIncrement[] = [];
  if (statuses.length === 0) return { metrics, unknown: new Set(), moved: () => false };
  const updates = statuses
    .filter((s) => s.status !== 'played')
    .map((s) => ({
      wamid: s.wamid,
      status: s.status as 'sent' | 'delivered' | 'read' | 'failed',
      ...(s.errorCode !== undefined ? { errorCode: s.errorCode } : {}),
      ...(s.errorReason !== undefined ? { errorTitle: s.errorReason } : {}),
    }));
  let outcome = await tx.messages.applyStatuses(updates);
  if (outcome.unknown.length > 0) {
    // A status for a send we have no wamid for: Meta answered, but the answer was never
    // recorded (a crash: the send is ambiguous) or not yet (Meta is fast). The callback
    // data we set names the send, so the status itself settles it.
    const unknown = new Set(outcome.unknown);
    let settled = false;
    for (const s of statuses) {
      const key = s.callbackData !== undefined ? sendKeyOf(s.callbackData) : undefined;
      if (!unknown.has(s.wamid) || key === undefined) continue;
      unknown.delete(s.wamid);
      // The outbox row first, then the log: the order the dispatcher records an answer in,
      // so on Postgres the two cannot deadlock when a status and its answer come together.
      const item = await tx.outbox.getByKey(key);
      if (item && (item.state === 'ambiguous' || item.state === 'in_flight'))
        await tx.outbox.complete(item.id, { wamid: s.wamid, settledBy: 'status' });
      // Attached here, or already by the send's own record meanwhile (then it says false):
      // the status is applied again below and finds its message, if there is one.
      await tx.messages.attachWamid(key, s.wamid);
      settled = true;
    }
    if (settled) {
      const again = await tx.messages.applyStatuses(
        updates.filter((u) => outcome.unknown.includes(u.wamid)),
      );
      outcome = { applied: [...outcome.applied, ...again.applied], unknown: again.unknown };
    }
  }
  for (const t of outcome.applied) countTransition(t, metrics, now);
  const byWamid = new Map(outcome.applied.map((t) => [t.wamid, t]));
  return {
    metrics,
    unknown: new Set(outcome.unknown),
    moved: (status) => movedBy(status, byWamid),
  };
}

/** The message went from before this status to it or past it (`played` is not tracked). */
function movedBy(status: StatusPayload, transitions: Map<string, StatusTransition>): boolean {
  if (status.status === 'played') return true;
  const t = transitions.get(status.wamid);
  if (t === undefined) return false;
  const rank = STATUS_RANK[status.status];
  return (t.from === null || STATUS_RANK[t.from] < rank) && rank <= STATUS_RANK[t.to];
}

/**
 * Statuses taken from the inbox inside a runner batch: counts go to the batch's write set,
 * known ones are done, and those still unknown come back as orphans to try again later.
 */
export async function applyStatusEvents(
  tx: Repositories,
  statuses: readonly StatusEvent[],
  writes: WriteSet,
  now: number,
): Promise<InboxEvent[]> {
  if (statuses.length === 0) return [];
  const { metrics, unknown } = await applyStatusPayloads(
    tx,
    statuses.map((s) => s.payload),
    now,
  );
  writes.metrics.push(...metrics);
  const orphans: InboxEvent[] = [];
  for (const s of statuses) {
    if (unknown.has(s.payload.wamid)) orphans.push(s.event);
    else writes.inboxDone.push(s.event.id);
  }
  return orphans;
}

/**
 * The send's outbox key from its callback data: `rp:<journey>:<visit>:<step>` for a
 * canvas step (engine/payload.ts callbackData), `rp:send:<dispatch>:<contact>` for a
 * one-off send (api/braze/message-queue.ts), whose key is all after `rp:`.
 */
function sendKeyOf(callbackData: string): string | undefined {
  if (callbackData.startsWith('rp:send:')) return callbackData.slice('rp:'.length);
  const [prefix, journeyId, visit] = callbackData.split(':');
  return prefix === 'rp' && journeyId && visit ? `${journeyId}:${visit}` : undefined;
}

/** `sent` is counted when the step sends (Braze's "Sends"); statuses add delivered and read. */
const COUNTED = ['delivered', 'read'] as const;

/** A jump from sent to read counts delivered too: Meta skips `delivered` when both happen at once. */
function countTransition(t: StatusTransition, metrics: MetricIncrement[], now: number): void {
  const m = t.message;
  if (!m.canvasId || !m.stepId) return;
  const base = { canvasId: m.canvasId, version: m.version ?? 0, stepId: m.stepId, at: now };
  if (t.to === 'failed') {
    metrics.push({
      ...base,
      metric: 'failed',
      label: m.errorCode !== null && m.errorCode !== undefined ? String(m.errorCode) : null,
    });
    return;
  }
  const from = t.from === null ? 0 : STATUS_RANK[t.from];
  for (const status of COUNTED)
    if (STATUS_RANK[status] > from && STATUS_RANK[status] <= STATUS_RANK[t.to])
      metrics.push({ ...base, metric: status, label: null });
}
