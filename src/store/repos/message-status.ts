/**
 * Monotonic delivery statuses. A batch of status webhooks becomes at most one read and
 * one UPDATE per target status, each guarded by `status_rank < new rank` in SQL, so even
 * two workers applying statuses concurrently can only move a message forward.
 */
import { sql } from 'kysely';
import { chunks, withTransaction, type RepoContext } from '../context.js';
import { StatementCache } from '../statements.js';
import { lockIf, rowsPerStatement } from '../dialect.js';
import type { MessageRecord } from './message-rows.js';

export type MessageStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** Both run for every batch of statuses taken in: compiled once per list length. */
const READ = new StatementCache('messages.applyStatuses.read');
const ADVANCE = new StatementCache('messages.applyStatuses.advance');

/** failed ranks highest: it is terminal, nothing after it changes the status. */
export const STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  accepted: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

export interface StatusUpdate {
  wamid: string;
  status: MessageStatus;
  errorCode?: number;
  errorTitle?: string;
}

/**
 * What moving a message's status reads of it: where it was sent from (what analytics count
 * by) and its status. Not its preview or buttons: two or three statuses come per message.
 */
export type StatusedMessage = Pick<
  MessageRecord,
  | 'id'
  | 'wamid'
  | 'journeyId'
  | 'canvasId'
  | 'version'
  | 'stepId'
  | 'status'
  | 'errorCode'
  | 'errorTitle'
  | 'updatedAt'
>;

export interface StatusTransition {
  wamid: string;
  from: MessageStatus | null;
  to: MessageStatus;
  /** The message after the change. */
  message: StatusedMessage;
}

export interface StatusOutcome {
  applied: StatusTransition[];
  /** Wamids not in the log (not ours, or the send is not recorded yet). */
  unknown: string[];
}

export async function applyStatuses(
  ctx: RepoContext,
  updates: readonly StatusUpdate[],
): Promise<StatusOutcome> {
  // The furthest status per message within the batch; the rest would be no-ops.
  const best = new Map<string, StatusUpdate>();
  for (const u of updates) {
    const seen = best.get(u.wamid);
    if (seen === undefined || STATUS_RANK[u.status] > STATUS_RANK[seen.status])
      best.set(u.wamid, u);
  }
  if (best.size === 0) return { applied: [], unknown: [] };
  return withTransaction(ctx, async (db) => {
    const now = ctx.now();
    const current = new Map<string, StatusedMessage>();
    for (const batch of chunks([...best.keys()], rowsPerStatement(ctx.caps, 1, 1000))) {
      // Locked where rows can be (Postgres), in wamid order so two appliers never deadlock:
      // what is counted is the move from the status read here, so it must not go stale.
      const { rows } = await READ.runWithList(db, ctx.caps, batch, (list) =>
        lockIf(
          ctx.caps,
          db
            .selectFrom('message_log')
            .select([
              'id',
              'wamid',
              'journey_id',
              'canvas_id',
              'version',
              'step_id',
              'status',
              'error_code',
              'error_title',
              'updated_at',
            ])
            .where('wamid', 'in', list)
            .orderBy('wamid'),
        ),
      );
      for (const row of rows)
        if (row.wamid !== null)
          current.set(row.wamid, {
            id: Number(row.id),
            wamid: row.wamid,
            journeyId: row.journey_id,
            canvasId: row.canvas_id,
            version: row.version,
            stepId: row.step_id,
            status: row.status,
            errorCode: row.error_code,
            errorTitle: row.error_title,
            updatedAt: row.updated_at,
          });
    }
    const applied: StatusTransition[] = [];
    const byStatus = new Map<MessageStatus, string[]>();
    for (const [wamid, update] of best) {
      const message = current.get(wamid);
      if (message === undefined) continue;
      const from = toStatus(message.status);
      if (from !== null && STATUS_RANK[from] >= STATUS_RANK[update.status]) continue;
      const after: StatusedMessage = { ...message, status: update.status, updatedAt: now };
      if (update.status === 'failed') {
        after.errorCode = update.errorCode ?? null;
        after.errorTitle = update.errorTitle ?? null;
        await db
          .updateTable('message_log')
          .set({
            status: 'failed',
            status_rank: STATUS_RANK.failed,
            error_code: after.errorCode,
            error_title: after.errorTitle,
            updated_at: now,
          })
          .where('wamid', '=', wamid)
          .where('status_rank', '<', STATUS_RANK.failed)
          .execute();
      } else {
        byStatus.set(update.status, [...(byStatus.get(update.status) ?? []), wamid]);
      }
      applied.push({ wamid, from, to: update.status, message: after });
    }
    for (const [status, wamids] of byStatus) {
      for (const batch of chunks(wamids, rowsPerStatement(ctx.caps, 1, 1000))) {
        const rank = STATUS_RANK[status];
        await ADVANCE.runWithList(
          db,
          ctx.caps,
          batch,
          (list) =>
            db
              .updateTable('message_log')
              .set({ status, status_rank: rank, updated_at: now })
              .where('wamid', 'in', list)
              .where('status_rank', '<', sql.lit(rank)),
          { shape: `${status}:`, before: [status, rank, now] },
        );
      }
    }
    const unknown = [...best.keys()].filter((wamid) => !current.has(wamid));
    return { applied, unknown };
  });
}

const STATUSES: readonly MessageStatus[] = ['accepted', 'sent', 'delivered', 'read', 'failed'];

function toStatus(value: string | null): MessageStatus | null {
  return STATUSES.find((s) => s === value) ?? null;
}
