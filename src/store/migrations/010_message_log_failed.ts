/**
 * The message log's index by canvas, step and status served only a count no screen used
 * (analytics count from `metrics`), yet every send inserted into it and every delivery
 * status (two or three per message) moved its entry. It goes. In its place, failed messages
 * get an index of their own: the /metrics scrape counts failures by error code, which
 * scanned the whole log on every scrape. Partial, so it is written only when a send fails.
 */
import { sql, type Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, _columns: ColumnTypes): Promise<void> {
  await db.schema.dropIndex('message_log_by_step').execute();
  await db.schema
    .createIndex('message_log_failed')
    .on('message_log')
    .column('error_code')
    .where(sql.ref('status'), '=', sql.lit('failed'))
    .execute();
}
