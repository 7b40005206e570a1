/**
 * Delivery statuses inside a runner batch. They are not a person's input: they move the
 * message log forward (monotonically: webhooks arrive in any order and repeat) and count
 * delivered / read / failed per step, in the batch's transaction — a crash cannot move a
 * message forward without also counting it. A status whose send was never recorded (a
 * crash between Meta's answer and our record) settles that send by its callback data.
 */
import type { Repositories } from '../store/repositories.js';
import type { InboxEvent } from '../store/repos/inbox.js';
import type { StatusTransition } from '../store/repos/message-status.js';
import type { InboxPayload } from './inbox-events.js';
import type { WriteSet } from './write-set.js';

export type StatusEvent = {
  event: InboxEvent;
  payload: Extract<InboxPayload, { kind: 'wa.status' }>;
};

/** Statuses: monotonic message log updates and sent / delivered / read / failed counters per step. */
export async function applyStatusEvents(
  tx: Repositories,
  statuses: readonly StatusEvent[],
  writes: WriteSet,
  now: number,
): Promise<InboxEvent[]> {
  if (statuses.length === 0) return [];
  const updates = statuses
    .filter((s) => s.payload.status !== 'played')
    .map((s) => ({
      wamid: s.payload.wamid,
      status: s.payload.status as 'sent' | 'delivered' | 'read' | 'failed',
      ...(s.payload.errorCode !== undefined ? { errorCode: s.payload.errorCode } : {}),
      ...(s.payload.errorReason !== undefined ? { errorTitle: s.payload.errorReason } : {}),
    }));
  let outcome = await tx.messages.applyStatuses(updates);
  if (outcome.unknown.length > 0) {
    // A status for a send we have no wamid for: Meta answered, but the answer was never
    // recorded (a crash: the send is ambiguous) or not yet (Meta is fast). The callback
    // data we set names the send, so the status itself settles it.
    const unknown = new Set(outcome.unknown);
    let settled = false;
    for (const s of statuses) {
      const key =
        s.payload.callbackData !== undefined ? sendKeyOf(s.payload.callbackData) : undefined;
      if (!unknown.has(s.payload.wamid) || key === undefined) continue;
      unknown.delete(s.payload.wamid);
      if (await tx.messages.attachWamid(key, s.payload.wamid)) settled = true;
      const item = await tx.outbox.getByKey(key);
      if (item && (item.state === 'ambiguous' || item.state === 'in_flight'))
        await tx.outbox.complete(item.id, { wamid: s.payload.wamid, settledBy: 'status' });
    }
    if (settled) {
      const again = await tx.messages.applyStatuses(
        updates.filter((u) => outcome.unknown.includes(u.wamid)),
      );
      outcome = { applied: [...outcome.applied, ...again.applied], unknown: again.unknown };
    }
  }
  for (const t of outcome.applied) countTransition(t, writes, now);
  const unknown = new Set(outcome.unknown);
  const orphans: InboxEvent[] = [];
  for (const s of statuses) {
    if (unknown.has(s.payload.wamid)) orphans.push(s.event);
    else writes.inboxDone.push(s.event.id);
  }
  return orphans;
}

/** `rp:<journey>:<visit>:<step>` (see engine/payload.ts callbackData) → the send's outbox key. */
function sendKeyOf(callbackData: string): string | undefined {
  const [prefix, journeyId, visit] = callbackData.split(':');
  return prefix === 'rp' && journeyId && visit ? `${journeyId}:${visit}` : undefined;
}

/** `sent` is counted when the step sends (Braze's "Sends"); statuses add delivered and read. */
const COUNTED = ['delivered', 'read'] as const;
const RANK = { accepted: 1, sent: 2, delivered: 3, read: 4, failed: 5 } as const;

/** A jump from sent to read counts delivered too: Meta skips `delivered` when both happen at once. */
function countTransition(t: StatusTransition, writes: WriteSet, now: number): void {
  const m = t.message;
  if (!m.canvasId || !m.stepId) return;
  const base = { canvasId: m.canvasId, version: m.version ?? 0, stepId: m.stepId, at: now };
  if (t.to === 'failed') {
    writes.metrics.push({
      ...base,
      metric: 'failed',
      label: m.errorCode !== null && m.errorCode !== undefined ? String(m.errorCode) : null,
    });
    return;
  }
  const from = t.from === null ? 0 : RANK[t.from];
  for (const status of COUNTED)
    if (RANK[status] > from && RANK[status] <= RANK[t.to])
      writes.metrics.push({ ...base, metric: status, label: null });
}
