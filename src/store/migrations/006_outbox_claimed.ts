/**
 * Outbox rows held by a dispatcher before their request leaves (`claimed`) get their own
 * partial index, like every other state: recovering a dead dispatcher's claims and
 * counting them read only these rows, never the whole outbox.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, _columns: ColumnTypes): Promise<void> {
  await db.schema
    .createIndex('outbox_claimed')
    .on('outbox')
    .column('lease_until')
    .where(sql.ref('state'), '=', sql.lit('claimed'))
    .execute();
}
