/**
 * The message log: every WhatsApp message in and out, for tap routing, the contact
 * timeline and per-step delivery analytics.
 *
 * An outbound row is written with the effect that sends it (keyed by the outbox key),
 * then gets its wamid when Meta accepts the send. Statuses only move forward:
 * accepted < sent < delivered < read, and failed is terminal. Webhooks arrive out of
 * order, so a late "delivered" after "read" changes nothing.
 */
import { sql } from 'kysely';
import { chunks, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { toJson } from '../json.js';
import { StatementCache, padList, statementChunks, valuesList } from '../statements.js';
import { fromRow, type MessageRecord } from './message-rows.js';
import {
  applyStatuses,
  STATUS_RANK,
  type StatusOutcome,
  type StatusUpdate,
} from './message-status.js';

const ATTACH = new StatementCache('messages.attachWamids');
const RECORD = new StatementCache('messages.recordMany');
const RECORD_COLUMNS = [
  'key',
  'wamid',
  'direction',
  'journey_id',
  'canvas_id',
  'version',
  'step_id',
  'visit',
  'contact_id',
  'number',
  'kind',
  'buttons',
  'tapped_button',
  'preview',
  'status',
  'status_rank',
  'error_code',
  'error_title',
  'created_at',
  'updated_at',
] as const;

export type {
  MessageStatus,
  StatusOutcome,
  StatusTransition,
  StatusUpdate,
} from './message-status.js';
export { STATUS_RANK } from './message-status.js';
export type { MessageRecord } from './message-rows.js';

export interface MessageInput {
  direction: 'out' | 'in';
  /** Outbound: the outbox key. */
  key?: string | null;
  wamid?: string | null;
  journeyId?: string | null;
  canvasId?: string | null;
  version?: number | null;
  stepId?: string | null;
  visit?: number | null;
  contactId: string;
  number?: string | null;
  /** 'template' | 'text' | 'interactive' | inbound kinds ('text', 'button', …). */
  kind: string;
  /** Button labels by index (outbound with buttons). */
  buttons?: string[] | null;
  /** Inbound: the button index tapped, when known. */
  tappedButton?: number | null;
  preview: string;
  at?: number;
}

/** Failed messages with one error code (null: failed without one). */
export interface FailureCount {
  errorCode: number | null;
  count: number;
}

export class MessageLog {
  constructor(private readonly ctx: RepoContext) {}

  /** Records messages; a key or wamid already logged is skipped (redeliveries). */
  async recordMany(messages: readonly MessageInput[]): Promise<void> {
    const now = this.ctx.now();
    const db = this.ctx.db;
    for (const batch of statementChunks(messages, this.ctx.caps, 20)) {
      const rows = batch.map((m) => ({
        key: m.key ?? null,
        wamid: m.wamid ?? null,
        direction: m.direction,
        journey_id: m.journeyId ?? null,
        canvas_id: m.canvasId ?? null,
        version: m.version ?? null,
        step_id: m.stepId ?? null,
        visit: m.visit ?? null,
        contact_id: m.contactId,
        number: m.number ?? null,
        kind: m.kind,
        buttons: m.buttons === undefined || m.buttons === null ? null : toJson(m.buttons),
        tapped_button: m.tappedButton ?? null,
        preview: m.preview,
        status: null,
        status_rank: 0,
        error_code: null,
        error_title: null,
        created_at: m.at ?? now,
        updated_at: m.at ?? now,
      }));
      await RECORD.runWithRows(db, this.ctx.caps, rows, RECORD_COLUMNS, () =>
        db
          .insertInto('message_log')
          .values(rows)
          .onConflict((oc) => oc.doNothing()),
      );
    }
  }

  /**
   * Meta accepted the send: attach its wamid and move the status to `accepted`. False when
   * there is no such message or it carries this wamid already.
   */
  async attachWamid(key: string, wamid: string): Promise<boolean> {
    return (await this.attachWamids([{ key, wamid }])) > 0;
  }

  /**
   * `attachWamid` for many sends (a dispatcher's wave): one statement, the sends joined from
   * a VALUES list. Returns how many messages it attached a wamid to.
   *
   * A message that already carries its wamid (a status came before the send's answer was
   * recorded, and settled it) is left alone, not even locked. On Postgres a status being
   * applied holds that message's row, and may be waiting for an outbox row of this same
   * wave (another early status, settled by its callback data): updating the message anyway
   * made the two wait for each other, a deadlock.
   */
  async attachWamids(sends: ReadonlyArray<{ key: string; wamid: string }>): Promise<number> {
    let found = 0;
    const now = this.ctx.now();
    const db = this.ctx.db;
    const latest = [...new Map(sends.map((s) => [s.key, s])).values()];
    for (const batch of statementChunks(latest, this.ctx.caps, 2)) {
      const rows = batch.map((s) => [s.key, s.wamid]);
      const build = () =>
        db
          .updateTable('message_log')
          .from(valuesList(rows, 'v'))
          .set((eb) => ({
            wamid: sql.ref<string>('v.column2'),
            status: eb
              .case()
              .when('message_log.status_rank', '<', 1)
              .then('accepted')
              .else(eb.ref('message_log.status'))
              .end(),
            status_rank: eb
              .case()
              .when('message_log.status_rank', '<', 1)
              .then(1)
              .else(eb.ref('message_log.status_rank'))
              .end(),
            updated_at: now,
          }))
          .where(sql<boolean>`${sql.ref('message_log.key')} = ${sql.ref('v.column1')}`)
          .where((eb) =>
            eb.or([
              eb('message_log.wamid', 'is', null),
              eb('message_log.wamid', '<>', sql.ref<string>('v.column2')),
            ]),
          );
      const parameters = [1, 'accepted', 1, now, ...rows.flat()];
      const shape = String(rows.length);
      const { numAffectedRows } = await ATTACH.run(db, this.ctx.caps, shape, parameters, build);
      found += Number(numAffectedRows ?? 0n);
    }
    return found;
  }

  /**
   * Applies status webhooks (any order, any repeats) monotonically; returns the changes
   * made, with the status each message had before, for analytics.
   */
  applyStatuses(updates: readonly StatusUpdate[]): Promise<StatusOutcome> {
    return applyStatuses(this.ctx, updates);
  }

  /**
   * Marks the button tapped on an outbound message (its wamid is the tap's context.id).
   * Only the first tap counts; returns whether this one was it.
   */
  async markTapped(wamid: string, button: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('message_log')
      .set({ tapped_button: button, updated_at: this.ctx.now() })
      .where('wamid', '=', wamid)
      .where('tapped_button', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Meta refused the send itself (no wamid, so no status webhook will come): the message
   * is failed with Meta's code. Returns false if it had already moved on.
   */
  async failByKey(key: string, errorCode: number, errorTitle: string): Promise<boolean> {
    return (await this.fail([key], { error_code: errorCode, error_title: errorTitle })) > 0;
  }

  /** Messages that will never be sent (withdrawn before sending): failed with `reason`. */
  failManyByKey(keys: readonly string[], reason: string): Promise<number> {
    return this.fail(keys, { error_title: reason });
  }

  /** Fails the messages of these keys that are not failed yet; returns how many. */
  private async fail(
    keys: readonly string[],
    error: { error_code?: number; error_title: string },
  ): Promise<number> {
    let failed = 0;
    for (const batch of chunks(keys, rowsPerStatement(this.ctx.caps, 1, 500))) {
      const result = await this.ctx.db
        .updateTable('message_log')
        .set({
          status: 'failed',
          status_rank: STATUS_RANK.failed,
          ...error,
          updated_at: this.ctx.now(),
        })
        .where('key', 'in', padList(batch))
        .where('status_rank', '<', STATUS_RANK.failed)
        .executeTakeFirst();
      failed += Number(result.numUpdatedRows);
    }
    return failed;
  }

  /** Routes a tap: the message a `context.id` names. */
  async getByWamid(wamid: string): Promise<MessageRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('message_log')
      .selectAll()
      .where('wamid', '=', wamid)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async getByKey(key: string): Promise<MessageRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('message_log')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** A contact's messages, newest first; page with `before` (an id). */
  async listByContact(
    contactId: string,
    page: { before?: number; limit?: number } = {},
  ): Promise<MessageRecord[]> {
    let query = this.ctx.db
      .selectFrom('message_log')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(page.limit ?? 100, 1), 1000));
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    return (await query.execute()).map(fromRow);
  }

  /** Failed messages by error code, from the partial index of failed ones (no log scan). */
  async failuresByCode(): Promise<FailureCount[]> {
    const rows = await this.ctx.db
      .selectFrom('message_log')
      .select(['error_code', sql<number>`cast(count(*) as integer)`.as('n')])
      .where('status', '=', sql.lit('failed'))
      .groupBy('error_code')
      .execute();
    // Codes in order, no code last (the two databases sort nulls apart).
    return rows
      .map((r) => ({ errorCode: r.error_code, count: Number(r.n) }))
      .sort((a, b) => (a.errorCode ?? Infinity) - (b.errorCode ?? Infinity));
  }
}
