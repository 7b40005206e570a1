/** Contacts with their per-number state, and the WhatsApp template library. */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('phone', 'text', (c) => c.unique())
    .addColumn('wa_user_id', 'text', (c) => c.unique())
    .addColumn('parent_user_id', 'text')
    .addColumn('profile_name', 'text')
    .addColumn('attributes', t.json, (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contact_numbers')
    .addColumn('contact_id', 'text', (c) =>
      c.notNull().references('contacts.id').onDelete('cascade'),
    )
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('subscription', 'text')
    .addColumn('last_inbound_at', t.bigint)
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_numbers_pk', ['contact_id', 'number'])
    .execute();

  await db.schema
    .createTable('templates')
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('parameter_format', 'text', (c) => c.notNull())
    .addColumn('components', t.json, (c) => c.notNull())
    .addColumn('quality_score', 'text')
    .addColumn('rejected_reason', 'text')
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('templates_pk', ['waba_id', 'name', 'language'])
    .execute();
  // Sends look templates up by name and language, without knowing the WABA.
  await db.schema
    .createIndex('templates_by_name')
    .on('templates')
    .columns(['name', 'language'])
    .execute();
}
