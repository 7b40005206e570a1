/**
 * A contact's state per business number: the subscription (null = unknown) and the last
 * inbound message time, which opens WhatsApp's 24 h customer-service window.
 */
import type { Selectable } from 'kysely';
import type { SubscriptionState } from '../../engine/types.js';
import { chunks, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import type { ContactNumbersTable } from '../schema.js';
import { StatementCache, statementChunks } from '../statements.js';

const ROWS_FOR = new StatementCache('contactNumbers.rowsFor');
const LAST_INBOUND = new StatementCache('contactNumbers.setLastInbound');
const LAST_INBOUND_COLUMNS = [
  'contact_id',
  'number',
  'subscription',
  'last_inbound_at',
  'updated_at',
] as const;

export interface InboundSeen {
  contactId: string;
  number: string;
  at: number;
}

export class ContactNumbers {
  constructor(private readonly ctx: RepoContext) {}

  /**
   * Records inbound messages; the window only moves forward, so a late redelivery of an
   * old message does not shorten it. One statement per batch.
   */
  async setLastInbound(seen: readonly InboundSeen[]): Promise<void> {
    const now = this.ctx.now();
    // One row per (contact, number): Postgres refuses an upsert touching a row twice.
    const latest = new Map<string, InboundSeen>();
    for (const s of seen) {
      const key = `${s.contactId}\u0000${s.number}`;
      const known = latest.get(key);
      if (known === undefined || s.at > known.at) latest.set(key, s);
    }
    const db = this.ctx.db;
    for (const batch of statementChunks([...latest.values()], this.ctx.caps, 5)) {
      const rows = batch.map((s) => ({
        contact_id: s.contactId,
        number: s.number,
        subscription: null,
        last_inbound_at: s.at,
        updated_at: now,
      }));
      await LAST_INBOUND.runWithRows(db, this.ctx.caps, rows, LAST_INBOUND_COLUMNS, () =>
        db
          .insertInto('contact_numbers')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['contact_id', 'number']).doUpdateSet((eb) => ({
              last_inbound_at: eb
                .case()
                .when('contact_numbers.last_inbound_at', 'is', null)
                .then(eb.ref('excluded.last_inbound_at'))
                .when('excluded.last_inbound_at', '>', eb.ref('contact_numbers.last_inbound_at'))
                .then(eb.ref('excluded.last_inbound_at'))
                .else(eb.ref('contact_numbers.last_inbound_at'))
                .end(),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          ),
      );
    }
  }

  /** Sets (or, with null, forgets) the subscription state on one business number. */
  async setSubscription(
    contactId: string,
    number: string,
    state: SubscriptionState | null,
  ): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.db
      .insertInto('contact_numbers')
      .values({
        contact_id: contactId,
        number,
        subscription: state,
        last_inbound_at: null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['contact_id', 'number']).doUpdateSet({ subscription: state, updated_at: now }),
      )
      .execute();
  }

  /** The rows of these contacts, grouped by contact id. */
  async rowsFor(
    contactIds: readonly string[],
  ): Promise<Map<string, Array<Selectable<ContactNumbersTable>>>> {
    const out = new Map<string, Array<Selectable<ContactNumbersTable>>>();
    if (contactIds.length === 0) return out;
    const db = this.ctx.db;
    for (const batch of chunks(contactIds, rowsPerStatement(this.ctx.caps, 1, 1000))) {
      // Padded: ingest calls this per group commit, with as many ids as the batch had.
      const { rows } = await ROWS_FOR.runWithList(db, this.ctx.caps, batch, (ids) =>
        db.selectFrom('contact_numbers').selectAll().where('contact_id', 'in', ids),
      );
      for (const row of rows) {
        const list = out.get(row.contact_id);
        if (list === undefined) out.set(row.contact_id, [row]);
        else list.push(row);
      }
    }
    return out;
  }
}
