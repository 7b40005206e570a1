/** Canvases, their immutable published versions, journeys, history and entry counts. */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('canvases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('draft', t.json, (c) => c.notNull())
    .addColumn('draft_source', 'text')
    .addColumn('live_version', 'integer')
    .addColumn('latest_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('canvas_versions')
    .addColumn('canvas_id', 'text', (c) =>
      c.notNull().references('canvases.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('published_at', t.bigint, (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addPrimaryKeyConstraint('canvas_versions_pk', ['canvas_id', 'version'])
    .execute();

  await db.schema
    .createTable('journeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('canvas_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('branch', 'text')
    .addColumn('state', t.json, (c) => c.notNull())
    .addColumn('entered_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addColumn('ended_at', t.bigint)
    .addColumn('row_version', 'integer', (c) => c.notNull())
    .execute();
  // The hot path: a person's live journeys, for every inbound event (status in the index
  // so ended journeys are skipped without reading their rows).
  await db.schema
    .createIndex('journeys_by_contact')
    .on('journeys')
    .columns(['contact_id', 'status'])
    .execute();
  // Who is where: counting and paging journeys per canvas step (dashboard, exports).
  // Pages follow this index's order, so reading page n never sorts the whole canvas.
  await db.schema
    .createIndex('journeys_by_step')
    .on('journeys')
    .columns(['canvas_id', 'step_id', 'status', 'id'])
    .execute();

  await t
    .autoId(db.schema.createTable('journey_history'))
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('canvas_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('branch', 'text')
    .addColumn('at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('journey_history_by_journey')
    .on('journey_history')
    .columns(['journey_id', 'id'])
    .execute();
  await db.schema
    .createIndex('journey_history_by_contact')
    .on('journey_history')
    .columns(['contact_id', 'id'])
    .execute();

  await db.schema
    .createTable('entries')
    .addColumn('canvas_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_entered_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('entries_pk', ['canvas_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('entries_by_contact').on('entries').column('contact_id').execute();
}
