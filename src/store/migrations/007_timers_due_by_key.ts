/**
 * Timers due at the same moment fire in key order (`journeyId:visit`). Journey ids are
 * time-ordered, so people who entered together — and whose windows close together —
 * sit next to each other in every journey, history and timer index: a batch of expiries
 * then rewrites a few dozen pages instead of one page per person (the WAL written per
 * commit fell ~10× when a million windows close at once). `partition` rides along in
 * the index so a worker filters its partitions without reading the table.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, _columns: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('timers_due').execute();
  await db.schema
    .createIndex('timers_due')
    .on('timers')
    .columns(['due_at', 'key', 'partition'])
    .execute();
}
