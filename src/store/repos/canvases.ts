/**
 * Canvases: an editable draft (the parsed document, plus the YAML text it came from so a
 * round trip keeps comments) and immutable published versions. Journeys stay on the
 * version they entered, so a version row is never changed or deleted.
 */
import type { Selectable } from 'kysely';
import { withTransaction, type RepoContext } from '../context.js';
import { StoreConflictError, StoreInputError, StoreNotFoundError } from '../errors.js';
import { fromJson, toJson } from '../json.js';
import type { CanvasesTable, CanvasVersionsTable } from '../schema.js';

export type CanvasStatus = CanvasesTable['status'];
export const CANVAS_STATUSES: readonly CanvasStatus[] = ['draft', 'live', 'stopped', 'archived'];

export interface CanvasRecord {
  id: string;
  name: string;
  status: CanvasStatus;
  draft: Record<string, unknown>;
  /** The YAML (or JSON) text the draft was parsed from, when it came as text. */
  draftSource: string | null;
  liveVersion: number | null;
  latestVersion: number;
  createdAt: number;
  updatedAt: number;
}

export interface CanvasVersion {
  canvasId: string;
  version: number;
  definition: Record<string, unknown>;
  publishedAt: number;
  publishedBy: string | null;
}

export interface DraftInput {
  name: string;
  draft: Record<string, unknown>;
  draftSource?: string | null;
}

const SLUG = /^[a-z0-9][a-z0-9_-]{0,127}$/;

export class Canvases {
  constructor(private readonly ctx: RepoContext) {}

  /** Creates a canvas in `draft`; its id is a slug chosen by the author. */
  async create(id: string, input: DraftInput): Promise<CanvasRecord> {
    if (!SLUG.test(id)) {
      throw new StoreInputError(
        `canvas id "${id}" must be lower-case letters, digits, "-" or "_" (at most 128)`,
      );
    }
    const now = this.ctx.now();
    const row: CanvasesTable = {
      id,
      name: input.name,
      status: 'draft',
      draft: toJson(input.draft),
      draft_source: input.draftSource ?? null,
      live_version: null,
      latest_version: 0,
      created_at: now,
      updated_at: now,
    };
    const inserted = await this.ctx.db
      .insertInto('canvases')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) throw new StoreConflictError(`canvas "${id}" already exists`);
    return fromRow(row);
  }

  async get(id: string): Promise<CanvasRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('canvases')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async list(filter: { status?: CanvasStatus } = {}): Promise<CanvasRecord[]> {
    let query = this.ctx.db.selectFrom('canvases').selectAll();
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    return (await query.orderBy('id').execute()).map(fromRow);
  }

  async updateDraft(id: string, input: DraftInput): Promise<CanvasRecord> {
    const row = await this.ctx.db
      .updateTable('canvases')
      .set({
        name: input.name,
        draft: toJson(input.draft),
        draft_source: input.draftSource ?? null,
        updated_at: this.ctx.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new StoreNotFoundError(`canvas "${id}" does not exist`);
    return fromRow(row);
  }

  async setStatus(id: string, status: CanvasStatus): Promise<CanvasRecord> {
    if (!CANVAS_STATUSES.includes(status)) {
      throw new StoreInputError(`canvas status must be one of ${CANVAS_STATUSES.join(', ')}`);
    }
    const row = await this.ctx.db
      .updateTable('canvases')
      .set({ status, updated_at: this.ctx.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) throw new StoreNotFoundError(`canvas "${id}" does not exist`);
    return fromRow(row);
  }

  /**
   * Publishes a definition as the next version and makes it live. The version number comes
   * from incrementing `latest_version` on the canvas row, which locks that row until the
   * transaction ends: concurrent publishes get distinct, consecutive numbers.
   */
  async publish(
    id: string,
    definition: Record<string, unknown>,
    publishedBy?: string,
  ): Promise<CanvasVersion> {
    return withTransaction(this.ctx, async (db) => {
      const now = this.ctx.now();
      const bumped = await db
        .updateTable('canvases')
        .set((eb) => ({
          latest_version: eb('latest_version', '+', 1),
          live_version: eb('latest_version', '+', 1),
          status: 'live',
          updated_at: now,
        }))
        .where('id', '=', id)
        .returning('latest_version')
        .executeTakeFirst();
      if (bumped === undefined) throw new StoreNotFoundError(`canvas "${id}" does not exist`);
      const version: CanvasVersionsTable = {
        canvas_id: id,
        version: bumped.latest_version,
        definition: toJson(definition),
        published_at: now,
        published_by: publishedBy ?? null,
      };
      await db.insertInto('canvas_versions').values(version).execute();
      return fromVersionRow(version);
    });
  }

  async getVersion(id: string, version: number): Promise<CanvasVersion | undefined> {
    const row = await this.ctx.db
      .selectFrom('canvas_versions')
      .selectAll()
      .where('canvas_id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return row === undefined ? undefined : fromVersionRow(row);
  }

  /** The live version's definition (what new journeys enter), if the canvas is live. */
  async getLive(id: string): Promise<CanvasVersion | undefined> {
    const row = await this.ctx.db
      .selectFrom('canvas_versions')
      .innerJoin('canvases', 'canvases.id', 'canvas_versions.canvas_id')
      .selectAll('canvas_versions')
      .where('canvases.id', '=', id)
      .where('canvases.status', '=', 'live')
      .whereRef('canvas_versions.version', '=', 'canvases.live_version')
      .executeTakeFirst();
    return row === undefined ? undefined : fromVersionRow(row);
  }

  /** Versions newest first, without their definitions (a history list). */
  async listVersions(id: string): Promise<Array<Omit<CanvasVersion, 'definition'>>> {
    const rows = await this.ctx.db
      .selectFrom('canvas_versions')
      .select(['canvas_id', 'version', 'published_at', 'published_by'])
      .where('canvas_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      canvasId: r.canvas_id,
      version: r.version,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
    }));
  }
}

function fromRow(row: Selectable<CanvasesTable>): CanvasRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    draft: fromJson<Record<string, unknown>>(row.draft),
    draftSource: row.draft_source,
    liveVersion: row.live_version,
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function fromVersionRow(row: Selectable<CanvasVersionsTable>): CanvasVersion {
  return {
    canvasId: row.canvas_id,
    version: row.version,
    definition: fromJson<Record<string, unknown>>(row.definition),
    publishedAt: row.published_at,
    publishedBy: row.published_by,
  };
}
