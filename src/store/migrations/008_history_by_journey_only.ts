/**
 * Journey history keeps one index, by journey. The index by contact cost every reply a
 * page of its own in the commit (a tenth of the pages a reply writes, measured from the
 * WAL at 1,000 replies/s), and a contact's history is reached as well through their
 * journeys (`journeys_by_contact`, then this index). Ended journeys pruned for retention
 * take their history with them, so no row is left that only the contact could find.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, _columns: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('journey_history_by_contact').execute();
}
