/** Steps taken by journeys (append-only): the journey's path and the contact timeline. */
import type { Selectable } from 'kysely';
import { type RepoContext } from '../context.js';
import type { JourneyHistoryTable } from '../schema.js';
import { StatementCache, statementChunks } from '../statements.js';

const APPEND = new StatementCache('history.appendMany');
const APPEND_COLUMNS = [
  'journey_id',
  'contact_id',
  'canvas_id',
  'step_id',
  'branch',
  'at',
] as const;

export interface StepTakenRecord {
  journeyId: string;
  contactId: string;
  canvasId: string;
  stepId: string;
  branch: string | null;
  at: number;
}

export interface HistoryEntry extends StepTakenRecord {
  id: number;
}

export class History {
  constructor(private readonly ctx: RepoContext) {}

  async appendMany(steps: readonly StepTakenRecord[]): Promise<void> {
    for (const batch of statementChunks(steps, this.ctx.caps, 6)) {
      const values = batch.map((s) => ({
        journey_id: s.journeyId,
        contact_id: s.contactId,
        canvas_id: s.canvasId,
        step_id: s.stepId,
        branch: s.branch,
        at: s.at,
      }));
      const db = this.ctx.db;
      await APPEND.runWithRows(db, this.ctx.caps, values, APPEND_COLUMNS, () =>
        db.insertInto('journey_history').values(values),
      );
    }
  }

  /** A journey's steps in the order taken. */
  async listByJourney(journeyId: string): Promise<HistoryEntry[]> {
    const rows = await this.ctx.db
      .selectFrom('journey_history')
      .selectAll()
      .where('journey_id', '=', journeyId)
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  /** A contact's steps, newest first; page with `before` (an id from the last page). */
  async listByContact(
    contactId: string,
    page: { before?: number; limit?: number } = {},
  ): Promise<HistoryEntry[]> {
    let query = this.ctx.db
      .selectFrom('journey_history')
      .selectAll()
      // Through the person's journeys: history is indexed by journey only (migration 008).
      .where('journey_id', 'in', (eb) =>
        eb
          .selectFrom('journeys')
          .select('journeys.id')
          .where('journeys.contact_id', '=', contactId),
      )
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(page.limit ?? 100, 1), 1000));
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    return (await query.execute()).map(fromRow);
  }
}

function fromRow(row: Selectable<JourneyHistoryTable>): HistoryEntry {
  return {
    id: Number(row.id),
    journeyId: row.journey_id,
    contactId: row.contact_id,
    canvasId: row.canvas_id,
    stepId: row.step_id,
    branch: row.branch,
    at: row.at,
  };
}
