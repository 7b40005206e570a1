/** Custom events per contact (`/users/track` events, API triggers), for the timeline. */
import type { Selectable } from 'kysely';
import { type RepoContext } from '../context.js';
import { statementChunks } from '../statements.js';
import { fromJson, toJson } from '../json.js';
import type { EventsTable } from '../schema.js';

export interface ContactEvent {
  contactId: string;
  name: string;
  properties: Record<string, unknown>;
  at: number;
}

export interface StoredEvent extends ContactEvent {
  id: number;
}

export class Events {
  constructor(private readonly ctx: RepoContext) {}

  async appendMany(events: readonly ContactEvent[]): Promise<void> {
    for (const batch of statementChunks(events, this.ctx.caps, 4)) {
      await this.ctx.db
        .insertInto('events')
        .values(
          batch.map((e) => ({
            contact_id: e.contactId,
            name: e.name,
            properties: toJson(e.properties),
            at: e.at,
          })),
        )
        .execute();
    }
  }

  /** Newest first; page with `before` (the `at` of the last event seen). */
  async listByContact(
    contactId: string,
    page: { before?: number; limit?: number; name?: string } = {},
  ): Promise<StoredEvent[]> {
    let query = this.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(page.limit ?? 100, 1), 1000));
    if (page.before !== undefined) query = query.where('at', '<', page.before);
    if (page.name !== undefined) query = query.where('name', '=', page.name);
    return (await query.execute()).map(fromRow);
  }
}

function fromRow(row: Selectable<EventsTable>): StoredEvent {
  return {
    id: Number(row.id),
    contactId: row.contact_id,
    name: row.name,
    properties: fromJson<Record<string, unknown>>(row.properties),
    at: row.at,
  };
}
