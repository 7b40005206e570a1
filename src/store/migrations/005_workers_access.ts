/**
 * Partition leases (several workers on one Postgres), business numbers, and dashboard /
 * API access. No secret is stored in clear: keys and session ids are hashed, passwords
 * scrypt-hashed, and WhatsApp access tokens stay in the environment.
 */
import type { Kysely } from 'kysely';
import type { ColumnTypes } from '../dialect.js';

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('partition_leases')
    .addColumn('partition', 'integer', (c) => c.primaryKey())
    .addColumn('owner', 'text')
    .addColumn('lease_until', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('business_numbers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_number_id', 'text', (c) => c.notNull().unique())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('display_phone_number', 'text', (c) => c.notNull())
    .addColumn('throughput', 'integer')
    .addColumn('settings', t.json, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull().unique())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('scopes', t.json, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('revoked_at', t.bigint)
    .addColumn('last_used_at', t.bigint)
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_by_expiry').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('sessions_by_user').on('sessions').column('user_id').execute();
}
