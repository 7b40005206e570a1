/**
 * Entry counts per (canvas, contact): what the engine's entry controls (re-entry, max
 * entries, re-entry window) read. Whether a journey is still running comes from journeys.
 */
import { chunks, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { StatementCache, statementChunks } from '../statements.js';

const GET_MANY = new StatementCache('entries.getMany');

export interface EntryCount {
  count: number;
  lastEnteredAt: number;
}

export interface EntryMade {
  canvasId: string;
  contactId: string;
  at: number;
}

export class Entries {
  constructor(private readonly ctx: RepoContext) {}

  /** Counts entries; several entries of one pair in a call add up. One statement a batch. */
  async recordMany(entries: readonly EntryMade[]): Promise<void> {
    const merged = new Map<
      string,
      { canvas_id: string; contact_id: string; count: number; last_entered_at: number }
    >();
    for (const e of entries) {
      const key = `${e.canvasId}\u0000${e.contactId}`;
      const seen = merged.get(key);
      if (seen === undefined) {
        merged.set(key, {
          canvas_id: e.canvasId,
          contact_id: e.contactId,
          count: 1,
          last_entered_at: e.at,
        });
      } else {
        seen.count += 1;
        seen.last_entered_at = Math.max(seen.last_entered_at, e.at);
      }
    }
    for (const batch of statementChunks([...merged.values()], this.ctx.caps, 4)) {
      await this.ctx.db
        .insertInto('entries')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['canvas_id', 'contact_id']).doUpdateSet((eb) => ({
            count: eb(eb.ref('entries.count'), '+', eb.ref('excluded.count')),
            last_entered_at: eb
              .case()
              .when('excluded.last_entered_at', '>', eb.ref('entries.last_entered_at'))
              .then(eb.ref('excluded.last_entered_at'))
              .else(eb.ref('entries.last_entered_at'))
              .end(),
          })),
        )
        .execute();
    }
  }

  async get(canvasId: string, contactId: string): Promise<EntryCount | undefined> {
    return (await this.getMany(canvasId, [contactId])).get(contactId);
  }

  /** Entry counts of many contacts into one canvas, keyed by contact id. */
  async getMany(canvasId: string, contactIds: readonly string[]): Promise<Map<string, EntryCount>> {
    const out = new Map<string, EntryCount>();
    for (const batch of chunks(
      [...new Set(contactIds)],
      rowsPerStatement(this.ctx.caps, 1, 1000),
    )) {
      const db = this.ctx.db;
      const { rows } = await GET_MANY.runWithList(
        db,
        this.ctx.caps,
        batch,
        (list) =>
          db
            .selectFrom('entries')
            .select(['contact_id', 'count', 'last_entered_at'])
            .where('canvas_id', '=', canvasId)
            .where('contact_id', 'in', list),
        { before: [canvasId] },
      );
      for (const r of rows)
        out.set(r.contact_id, { count: r.count, lastEnteredAt: r.last_entered_at });
    }
    return out;
  }
}
