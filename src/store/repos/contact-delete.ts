/**
 * Erasing a person (a data-protection request): every table that names the contact, in
 * one transaction. Done inbox rows keep only a dedupe key (their payload is already
 * emptied), so only pending and claimed inbox rows are deleted.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export async function deleteContactData(db: Kysely<Database>, id: string): Promise<boolean> {
  const journeys = db.selectFrom('journeys').select('id').where('contact_id', '=', id);
  await db.deleteFrom('timers').where('journey_id', 'in', journeys).execute();
  await db.deleteFrom('outbox').where('contact_id', '=', id).execute();
  await db.deleteFrom('journey_history').where('journey_id', 'in', journeys).execute();
  await db.deleteFrom('journeys').where('contact_id', '=', id).execute();
  await db.deleteFrom('entries').where('contact_id', '=', id).execute();
  await db.deleteFrom('events').where('contact_id', '=', id).execute();
  await db.deleteFrom('message_log').where('contact_id', '=', id).execute();
  for (const state of ['pending', 'claimed'] as const) {
    await db
      .deleteFrom('inbox')
      .where('state', '=', sql.lit(state))
      .where('contact_id', '=', id)
      .execute();
  }
  await db.deleteFrom('contact_numbers').where('contact_id', '=', id).execute();
  const result = await db.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
