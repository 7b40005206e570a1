/**
 * Every migration, in order, imported statically so they ship inside dist/ with no
 * directory scan. To add one: create `NNN_name.ts` exporting `up(db, columns)` and list it
 * here. Published migrations are never edited; a change is a new migration.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { ColumnTypes } from '../dialect.js';
import * as m001 from './001_contacts_templates.js';
import * as m002 from './002_canvases_journeys.js';
import * as m003 from './003_queues.js';
import * as m004 from './004_messages_metrics_events.js';
import * as m005 from './005_workers_access.js';
import * as m006 from './006_outbox_claimed.js';
import * as m007 from './007_timers_due_by_key.js';
import * as m008 from './008_history_by_journey_only.js';
import * as m009 from './009_broadcasts.js';
import * as m010 from './010_message_log_failed.js';

interface StoreMigration {
  up(db: Kysely<unknown>, columns: ColumnTypes): Promise<void>;
}

export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: StoreMigration]> = [
  ['001_contacts_templates', m001],
  ['002_canvases_journeys', m002],
  ['003_queues', m003],
  ['004_messages_metrics_events', m004],
  ['005_workers_access', m005],
  ['006_outbox_claimed', m006],
  ['007_timers_due_by_key', m007],
  ['008_history_by_journey_only', m008],
  ['009_broadcasts', m009],
  ['010_message_log_failed', m010],
];

/** Binds each migration to the dialect's column types, in the shape kysely's Migrator runs. */
export function migrationProvider(columns: ColumnTypes): MigrationProvider {
  return {
    getMigrations: () => {
      const migrations: Record<string, Migration> = {};
      for (const [name, migration] of MIGRATIONS) {
        migrations[name] = { up: (db) => migration.up(db, columns) };
      }
      return Promise.resolve(migrations);
    },
  };
}
