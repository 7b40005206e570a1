/**
 * Broadcasts: a canvas entry or a one-off message for everyone (or everyone an audience
 * matches) as a durable job. The request stores the job and answers at once, as Braze does; the runner walks the
 * contacts a page at a time, and the cursor saved after each page lets a restarted process
 * carry on where the last one stopped instead of the walk dying with the request.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('broadcasts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('audience', t.json)
    .addColumn('audience_at', t.bigint, (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('queued', t.bigint, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
}
