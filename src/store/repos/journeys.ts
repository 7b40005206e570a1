/**
 * Journeys: one person's run through one canvas version. The full engine `Journey` is the
 * `state` JSON; the columns beside it (status, step, branch) exist to be indexed.
 *
 * `row_version` is an optimistic-concurrency counter: a write may name the version it read
 * (`expectedVersion`), and loses with a StoreConflictError if someone wrote since — a
 * worker whose partition lease expired cannot overwrite the new owner's progress.
 */
import { sql } from 'kysely';
import type { Journey, JourneyStatus } from '../../engine/types.js';
import { chunks, PRUNE_CHUNK, withTransaction, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { StatementCache, inlineLimit } from '../statements.js';
import { RECORD_COLUMNS, cursor, fromRow, parseCursor } from './journey-rows.js';
import { writeJourneys } from './journey-writes.js';

const LOAD_LIVE = new StatementCache('journeys.loadLive');

export interface JourneyRecord {
  journey: Journey;
  /** Branch taken out of the last step (group id, yes / no …), for "who went where". */
  branch: string | null;
  rowVersion: number;
}

export interface JourneyWrite {
  journey: Journey;
  branch?: string | null;
  /** The row version this write is based on (0 for a new journey); omit to write anyway. */
  expectedVersion?: number;
  /**
   * The step and status the row holds now, when known. A write that keeps both leaves the
   * two indexes over them alone: SQLite rewrites an index whenever its columns are SET,
   * even to the same value, and those two index pages were a ninth of what a reply wrote.
   */
  stored?: { stepId: string | null; status: JourneyStatus };
}

export interface JourneyPage {
  journeys: JourneyRecord[];
  next?: string;
}

export interface StepCount {
  stepId: string | null;
  status: JourneyStatus;
  count: number;
}

export class Journeys {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Writes journeys, a few hundred per statement; returns each one's new row version. With
   * `expectedVersion`, a row changed or deleted since it was read fails the whole call
   * (journey-writes.ts).
   */
  upsertMany(writes: readonly JourneyWrite[]): Promise<Map<string, number>> {
    return writeJourneys(this.ctx, writes);
  }

  async get(id: string): Promise<JourneyRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('journeys')
      .select(RECORD_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** The hot path: live (not ended) journeys of many contacts, one query per batch. */
  loadLiveByContacts(contactIds: readonly string[]): Promise<JourneyRecord[]> {
    return this.loadLive('contact_id', contactIds);
  }

  /** These journeys, if still live (a timer's journey may have ended since it was set). */
  loadLiveByIds(ids: readonly string[]): Promise<JourneyRecord[]> {
    return this.loadLive('id', ids);
  }

  /** Live journeys whose `column` is one of `values`, oldest entry first. */
  private async loadLive(
    column: 'id' | 'contact_id',
    values: readonly string[],
  ): Promise<JourneyRecord[]> {
    const out: JourneyRecord[] = [];
    const db = this.ctx.db;
    for (const batch of chunks([...new Set(values)], rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const { rows } = await LOAD_LIVE.runWithList(
        db,
        this.ctx.caps,
        batch,
        (list) =>
          db
            .selectFrom('journeys')
            .select(RECORD_COLUMNS)
            .where(column, 'in', list)
            .where('status', 'in', [sql.lit('active' as const), sql.lit('waiting' as const)])
            .orderBy('entered_at')
            .orderBy('id'),
        { shape: `${column}:` },
      );
      for (const row of rows) out.push(fromRow(row));
    }
    return out;
  }

  /** All journeys of one contact (ended ones too), newest first: the timeline. */
  async listByContact(contactId: string, limit = 100): Promise<JourneyRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('journeys')
      .select(RECORD_COLUMNS)
      .where('contact_id', '=', contactId)
      .orderBy('entered_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  /**
   * Journeys of a canvas, optionally at one step and status, paged by id (keyset paging:
   * reading a million waiting journeys page by page never holds them all in memory).
   */
  async listByCanvas(
    canvasId: string,
    filter: { stepId?: string; status?: JourneyStatus; after?: string; limit?: number } = {},
  ): Promise<JourneyPage> {
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    const { stepId, status } = filter;
    const after = filter.after === undefined ? undefined : parseCursor(filter.after);
    if (status !== undefined && stepId === undefined)
      return this.pageByStatus(canvasId, status, limit, after);
    // Keyset paging in the order of the (canvas, step, status, id) index: each page is an
    // index range read that stops after `limit` rows, however deep into a million it is.
    let query = this.ctx.db
      .selectFrom('journeys')
      .select([...RECORD_COLUMNS, 'step_id', 'status', 'id'])
      .where('canvas_id', '=', canvasId)
      .orderBy('step_id')
      .orderBy('status')
      .orderBy('id')
      .limit(limit + 1);
    // Each shape is written so SQLite reads one index range in order (checked with EXPLAIN
    // QUERY PLAN).
    if (stepId !== undefined) query = query.where('step_id', '=', stepId);
    if (stepId !== undefined && status !== undefined) {
      query = query.where('status', '=', status);
      if (after !== undefined) query = query.where('id', '>', after[2]);
    } else if (stepId !== undefined) {
      if (after !== undefined) {
        query = query.where((eb) =>
          eb(eb.refTuple('status', 'id'), '>', eb.tuple(after[1], after[2])),
        );
      }
    } else if (after !== undefined) {
      query = query.where((eb) =>
        eb(eb.refTuple('step_id', 'status', 'id'), '>', eb.tuple(after[0], after[1], after[2])),
      );
    }
    const rows = await query.execute();
    return pageOf(rows, limit);
  }

  /**
   * A page of one status across the canvas's steps, in (step, id) order. The index is by
   * canvas, step, status: one range read would also walk every other status of each step,
   * and the ended journeys (kept for good by default) soon outnumber all the rest — a
   * publish moving the waiting ones read them all. So each step is a seek to its journeys
   * of that status, and the next step is found by a seek past the last.
   */
  private async pageByStatus(
    canvasId: string,
    status: JourneyStatus,
    limit: number,
    after: [string, JourneyStatus, string] | undefined,
  ): Promise<JourneyPage> {
    const db = this.ctx.db;
    const nextStep = async (past: string | undefined) => {
      const row = await db
        .selectFrom('journeys')
        .select((eb) => eb.fn.min('step_id').as('step'))
        .where('canvas_id', '=', canvasId)
        .$if(past !== undefined, (q) => q.where('step_id', '>', past ?? ''))
        .executeTakeFirst();
      return row?.step ?? undefined;
    };
    // A cursor names the step it stopped in; the page goes on in that step past its id.
    let step = after !== undefined ? after[0] : await nextStep(undefined);
    let afterId = after !== undefined && after[1] === status ? after[2] : undefined;
    if (after !== undefined && after[1] > status) step = await nextStep(after[0]);
    const rows: PageRow[] = [];
    while (step !== undefined && rows.length <= limit) {
      rows.push(...(await this.stepPage(canvasId, step, status, afterId, limit + 1 - rows.length)));
      step = await nextStep(step);
      afterId = undefined;
    }
    return pageOf(rows, limit);
  }

  private stepPage(
    canvasId: string,
    stepId: string,
    status: JourneyStatus,
    afterId: string | undefined,
    limit: number,
  ) {
    return this.ctx.db
      .selectFrom('journeys')
      .select([...RECORD_COLUMNS, 'step_id', 'status', 'id'])
      .where('canvas_id', '=', canvasId)
      .where('step_id', '=', stepId)
      .where('status', '=', status)
      .$if(afterId !== undefined, (q) => q.where('id', '>', afterId ?? ''))
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Every journey of a canvas (optionally one step / status), page by page: an export or
   * a mass cancel walks a million journeys holding one page in memory.
   */
  async *pages(
    canvasId: string,
    filter: { stepId?: string; status?: JourneyStatus; pageSize?: number } = {},
  ): AsyncGenerator<JourneyRecord[]> {
    let after: string | undefined;
    do {
      const page = await this.listByCanvas(canvasId, {
        ...filter,
        after,
        limit: filter.pageSize ?? 500,
      });
      if (page.journeys.length > 0) yield page.journeys;
      after = page.next;
    } while (after !== undefined);
  }

  /**
   * Live journeys (active or waiting) per step and status of a canvas: the dashboard's and
   * /metrics' "who is where". Ended journeys are kept for good by default and soon outnumber
   * the live ones, and a count over the canvas's range of the (canvas, step, status) index
   * read every one of them (33 ms for 200,000 on SQLite, the event loop held throughout, at
   * every scrape). So the steps are found by skipping through the index (a recursive
   * query: one seek per step), and each step's live statuses are counted by seeks of their
   * own: the cost follows the live journeys and the number of steps, not the history.
   */
  async countLiveByStep(canvasId: string): Promise<StepCount[]> {
    const { rows } = await countLiveQuery(canvasId).execute(this.ctx.db);
    return rows
      .map((r) => ({
        stepId: r.step_id === '' ? null : r.step_id,
        status: r.status,
        count: Number(r.n),
      }))
      .filter((c) => c.count > 0);
  }

  /**
   * Deletes journeys that ended before `before` (retention), with their history: history
   * is found by journey (migration 008), so rows left behind would reach no one, not even
   * an erasure.
   *
   * No index finds ended journeys by age (one would cost every journey's end a write), so
   * this walks the table in id order, `limit` rows a call from `after`. Journey ids are
   * time-ordered, so the walk stops (`next` undefined) at the first chunk in which every
   * journey entered at or after `before`: none after it can have ended before.
   */
  async pruneEnded(
    before: number,
    options: { after?: string; limit?: number } = {},
  ): Promise<{ pruned: number; next: string | undefined }> {
    const limit = options.limit ?? PRUNE_CHUNK;
    return withTransaction(this.ctx, async (db) => {
      let chunk = db
        .selectFrom('journeys')
        .select(['id', 'status', 'ended_at', 'entered_at'])
        .orderBy('id')
        .limit(inlineLimit(limit));
      if (options.after !== undefined) chunk = chunk.where('id', '>', options.after);
      const rows = await chunk.execute();
      const old = rows
        .filter((r) => r.status === 'ended' && r.ended_at !== null && Number(r.ended_at) < before)
        .map((r) => r.id);
      for (const ids of chunks(old, rowsPerStatement(this.ctx.caps, 1, 500))) {
        await db.deleteFrom('journey_history').where('journey_id', 'in', ids).execute();
        await db.deleteFrom('journeys').where('id', 'in', ids).execute();
      }
      const last = rows[rows.length - 1];
      const more = rows.length === limit && rows.some((r) => Number(r.entered_at) < before);
      return { pruned: old.length, next: more && last !== undefined ? last.id : undefined };
    });
  }
}

type PageRow = Parameters<typeof fromRow>[0] & Parameters<typeof cursor>[0];

/** `limit` rows as a page; the row past them, read only to know, makes the cursor. */
function pageOf(rows: readonly PageRow[], limit: number): JourneyPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const journeys = page.map(fromRow);
  return rows.length > limit && last !== undefined
    ? { journeys, next: cursor(last) }
    : { journeys };
}

/** countLiveByStep's query (exported for its plan check). */
export function countLiveQuery(canvasId: string) {
  return sql<{ step_id: string; status: JourneyStatus; n: number | string }>`
      with recursive steps(step_id) as (
        select (select min(step_id) from journeys where canvas_id = ${canvasId})
        union all
        select (
          select min(j.step_id) from journeys j
          where j.canvas_id = ${canvasId} and j.step_id > steps.step_id
        )
        from steps where steps.step_id is not null
      ),
      live(status) as (select 'active' union all select 'waiting')
      select steps.step_id, live.status, (
        select count(*) from journeys j
        where j.canvas_id = ${canvasId} and j.step_id = steps.step_id and j.status = live.status
      ) as n
      from steps cross join live
      where steps.step_id is not null
      order by steps.step_id, live.status`;
}
