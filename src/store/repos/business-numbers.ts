/**
 * WhatsApp business numbers by alias. Settings are plain configuration; the access token
 * is never stored here (it lives in the environment / secret store).
 */
import type { Selectable } from 'kysely';
import type { RepoContext } from '../context.js';
import { fromJson, toJson } from '../json.js';
import type { BusinessNumbersTable } from '../schema.js';

export interface BusinessNumber {
  /** The alias canvases and effects name ('main', 'support'). */
  id: string;
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  /** Messages per second allowed (Meta's tier); null = the default. */
  throughput: number | null;
  settings: Record<string, unknown>;
}

export interface BusinessNumberRecord extends BusinessNumber {
  createdAt: number;
  updatedAt: number;
}

export class BusinessNumbers {
  constructor(private readonly ctx: RepoContext) {}

  async upsert(number: BusinessNumber): Promise<void> {
    const now = this.ctx.now();
    await this.ctx.db
      .insertInto('business_numbers')
      .values({
        id: number.id,
        phone_number_id: number.phoneNumberId,
        waba_id: number.wabaId,
        display_phone_number: number.displayPhoneNumber,
        throughput: number.throughput,
        settings: toJson(number.settings),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          phone_number_id: eb.ref('excluded.phone_number_id'),
          waba_id: eb.ref('excluded.waba_id'),
          display_phone_number: eb.ref('excluded.display_phone_number'),
          throughput: eb.ref('excluded.throughput'),
          settings: eb.ref('excluded.settings'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  async get(id: string): Promise<BusinessNumberRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('business_numbers')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /** Webhooks name the number by Meta's phone_number_id. */
  async getByPhoneNumberId(phoneNumberId: string): Promise<BusinessNumberRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('business_numbers')
      .selectAll()
      .where('phone_number_id', '=', phoneNumberId)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async list(): Promise<BusinessNumberRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('business_numbers')
      .selectAll()
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('business_numbers')
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function fromRow(row: Selectable<BusinessNumbersTable>): BusinessNumberRecord {
  return {
    id: row.id,
    phoneNumberId: row.phone_number_id,
    wabaId: row.waba_id,
    displayPhoneNumber: row.display_phone_number,
    throughput: row.throughput,
    settings: fromJson<Record<string, unknown>>(row.settings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
