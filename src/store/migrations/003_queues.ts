/**
 * The durable queues around the engine: the inbox (inbound events, deduped), timers, and
 * the outbox (effects to perform). Partial indexes cover only the rows a claim looks at,
 * so claims stay fast however many done rows are kept.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await t
    .autoId(db.schema.createTable('inbox'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('received_at', t.bigint, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claim_until', t.bigint)
    .addColumn('done_at', t.bigint)
    .execute();
  // id first, like timers_due: a claim walks pending events in arrival order and stops
  // after `limit` of its partitions, instead of sorting a backlog on every claim.
  await db.schema
    .createIndex('inbox_pending')
    .on('inbox')
    .columns(['id', 'partition'])
    .where(sql.ref('state'), '=', sql.lit('pending'))
    .execute();
  await db.schema
    .createIndex('inbox_claimed')
    .on('inbox')
    .column('claim_until')
    .where(sql.ref('state'), '=', sql.lit('claimed'))
    .execute();
  await db.schema
    .createIndex('inbox_done')
    .on('inbox')
    .column('done_at')
    .where(sql.ref('state'), '=', sql.lit('done'))
    .execute();

  await db.schema
    .createTable('timers')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('journey_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('due_at', t.bigint, (c) => c.notNull())
    .addColumn('fire_at', t.bigint, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // due_at first: a claim walks the index in time order and stops after `limit` rows of
  // its partitions, instead of sorting every due row (a backlog after downtime).
  await db.schema.createIndex('timers_due').on('timers').columns(['due_at', 'partition']).execute();
  // Cancelling a journey's timers, and erasing a contact (through their journeys): no
  // index by contact, one index less to write for every timer set.
  await db.schema.createIndex('timers_by_journey').on('timers').column('journey_id').execute();

  await t
    .autoId(db.schema.createTable('outbox'))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('journey_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('payload', t.json, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', t.bigint, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', t.bigint)
    .addColumn('last_error', 'text')
    .addColumn('result', t.json)
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('outbox_pending')
    .on('outbox')
    .columns(['next_attempt_at', 'id'])
    .where(sql.ref('state'), '=', sql.lit('pending'))
    .execute();
  await db.schema
    .createIndex('outbox_in_flight')
    .on('outbox')
    .column('lease_until')
    .where(sql.ref('state'), '=', sql.lit('in_flight'))
    .execute();
  // One partial index per settled state rather than one on (state, …): every row is in
  // exactly one of them (cheap writes), counts per state read only their index, and the
  // claim cannot be planned on a `state` index that holds every pending row.
  for (const state of ['done', 'failed', 'ambiguous'] as const) {
    await db.schema
      .createIndex(`outbox_${state}`)
      .on('outbox')
      .column('updated_at')
      .where(sql.ref('state'), '=', sql.lit(state))
      .execute();
  }
  await db.schema.createIndex('outbox_by_contact').on('outbox').column('contact_id').execute();
}
