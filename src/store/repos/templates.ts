/**
 * The WhatsApp template library, synced from Meta (and updated by the
 * `message_template_status_update` webhook). Unique per (WABA, name, language); Meta's
 * template id is kept so status webhooks, which carry only the id, find the row.
 */
import type { Selectable } from 'kysely';
import { chunks, withTransaction, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { fromJson, toJson } from '../json.js';
import type { TemplatesTable } from '../schema.js';

export interface TemplateRecord {
  wabaId: string;
  name: string;
  language: string;
  /** Meta's template id. */
  id: string | null;
  status: string;
  category: string;
  /** 'POSITIONAL' | 'NAMED' as Meta spells it. */
  parameterFormat: string;
  /** Meta's `components` array, as Meta sent it. */
  components: unknown[];
  qualityScore: string | null;
  rejectedReason: string | null;
  updatedAt: number;
}

export type TemplateInput = Omit<TemplateRecord, 'updatedAt'>;

/** Names a template either by Meta's id or by (name, language[, WABA]). */
export type TemplateRef = { id: string } | { name: string; language: string; wabaId?: string };

export class Templates {
  constructor(private readonly ctx: RepoContext) {}

  /** Inserts or replaces templates (a sync); one statement per few hundred rows. */
  async upsertMany(templates: readonly TemplateInput[]): Promise<void> {
    if (templates.length === 0) return;
    const now = this.ctx.now();
    await withTransaction(this.ctx, async (db) => {
      for (const batch of chunks(templates, rowsPerStatement(this.ctx.caps, 11))) {
        await db
          .insertInto('templates')
          .values(batch.map((t) => toRow(t, now)))
          .onConflict((oc) =>
            oc.columns(['waba_id', 'name', 'language']).doUpdateSet((eb) => ({
              id: eb.ref('excluded.id'),
              status: eb.ref('excluded.status'),
              category: eb.ref('excluded.category'),
              parameter_format: eb.ref('excluded.parameter_format'),
              components: eb.ref('excluded.components'),
              quality_score: eb.ref('excluded.quality_score'),
              rejected_reason: eb.ref('excluded.rejected_reason'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    });
  }

  /** By name and language; with several WABAs, pass `wabaId` (else the first by WABA id). */
  async get(name: string, language: string, wabaId?: string): Promise<TemplateRecord | undefined> {
    let query = this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('name', '=', name)
      .where('language', '=', language);
    if (wabaId !== undefined) query = query.where('waba_id', '=', wabaId);
    const row = await query.orderBy('waba_id').limit(1).executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async getById(id: string): Promise<TemplateRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('templates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async list(filter: { wabaId?: string; status?: string } = {}): Promise<TemplateRecord[]> {
    let query = this.ctx.db.selectFrom('templates').selectAll();
    if (filter.wabaId !== undefined) query = query.where('waba_id', '=', filter.wabaId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    const rows = await query.orderBy('name').orderBy('language').orderBy('waba_id').execute();
    return rows.map(fromRow);
  }

  /** Sets the status (and rejection reason); returns how many rows changed. */
  async setStatus(ref: TemplateRef, status: string, rejectedReason?: string): Promise<number> {
    let query = this.ctx.db.updateTable('templates').set({
      status,
      rejected_reason: rejectedReason ?? null,
      updated_at: this.ctx.now(),
    });
    if ('id' in ref) {
      query = query.where('id', '=', ref.id);
    } else {
      query = query.where('name', '=', ref.name).where('language', '=', ref.language);
      if (ref.wabaId !== undefined) query = query.where('waba_id', '=', ref.wabaId);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async delete(wabaId: string, name: string, language: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('templates')
      .where('waba_id', '=', wabaId)
      .where('name', '=', name)
      .where('language', '=', language)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toRow(t: TemplateInput, now: number): TemplatesTable {
  return {
    waba_id: t.wabaId,
    name: t.name,
    language: t.language,
    id: t.id,
    status: t.status,
    category: t.category,
    parameter_format: t.parameterFormat,
    components: toJson(t.components),
    quality_score: t.qualityScore,
    rejected_reason: t.rejectedReason,
    updated_at: now,
  };
}

function fromRow(row: Selectable<TemplatesTable>): TemplateRecord {
  return {
    wabaId: row.waba_id,
    name: row.name,
    language: row.language,
    id: row.id,
    status: row.status,
    category: row.category,
    parameterFormat: row.parameter_format,
    components: fromJson<unknown[]>(row.components),
    qualityScore: row.quality_score,
    rejectedReason: row.rejected_reason,
    updatedAt: row.updated_at,
  };
}
