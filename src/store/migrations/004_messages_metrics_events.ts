/** The message log (statuses, taps), analytics counters, and custom events per contact. */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await t
    .autoId(db.schema.createTable('message_log'))
    .addColumn('key', 'text', (c) => c.unique())
    .addColumn('wamid', 'text', (c) => c.unique())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('journey_id', 'text')
    .addColumn('canvas_id', 'text')
    .addColumn('version', 'integer')
    .addColumn('step_id', 'text')
    .addColumn('visit', 'integer')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('buttons', t.json)
    .addColumn('tapped_button', 'integer')
    .addColumn('preview', 'text', (c) => c.notNull())
    .addColumn('status', 'text')
    .addColumn('status_rank', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('error_title', 'text')
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('message_log_by_contact')
    .on('message_log')
    .columns(['contact_id', 'id'])
    .execute();
  await db.schema
    .createIndex('message_log_by_step')
    .on('message_log')
    .columns(['canvas_id', 'step_id', 'status'])
    .execute();

  await db.schema
    .createTable('metrics')
    .addColumn('canvas_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('hour', t.bigint, (c) => c.notNull())
    .addColumn('count', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('metrics_pk', [
      'canvas_id',
      'version',
      'step_id',
      'metric',
      'label',
      'hour',
    ])
    .execute();
  // Per-hour series over a range for a canvas, across versions and steps.
  await db.schema
    .createIndex('metrics_by_hour')
    .on('metrics')
    .columns(['canvas_id', 'hour'])
    .execute();

  await t
    .autoId(db.schema.createTable('events'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('properties', t.json, (c) => c.notNull())
    .addColumn('at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('events_by_contact')
    .on('events')
    .columns(['contact_id', 'at'])
    .execute();
}
