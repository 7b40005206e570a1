/**
 * Contacts: resolve-or-create by any address (rules in contact-resolve.ts), profile
 * writes (contact-profile.ts), the per-number window and subscription state, search, and
 * deletion of everything of theirs.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Contact, ContactOp } from '../../engine/types.js';
import { chunks, withTransaction, type RepoContext } from '../context.js';
import { rowsPerStatement } from '../dialect.js';
import { StoreNotFoundError } from '../errors.js';
import { eventLoopTurn } from '../event-loop.js';
import type { ContactsTable } from '../schema.js';
import { StatementCache } from '../statements.js';
import { deleteContactData } from './contact-delete.js';
import { ContactNumbers } from './contact-numbers.js';
import {
  applyOps,
  applyOpsMany,
  saveSnapshot,
  updateProfile,
  type ProfilePatch,
} from './contact-profile.js';
import { findByAddresses, pickPrimary } from './contact-find.js';
import {
  resolveContactIds,
  resolveContacts,
  type ResolvedId,
  type ResolveInput,
  type ResolveResult,
} from './contact-resolve.js';
import {
  checkAddress,
  likePattern,
  toContactRecord,
  type ContactAddress,
  type ContactRecord,
} from './contact-rows.js';

export type {
  AddressConflict,
  ResolvedId,
  ResolveInput,
  ResolveResult,
} from './contact-resolve.js';
export type { ProfilePatch } from './contact-profile.js';

export interface ContactPage {
  contacts: ContactRecord[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

type ContactRow = Selectable<ContactsTable>;

const GET_MANY = new StatementCache('contacts.getMany');

/** Contacts a search reads per statement (see `scan`). */
export const SEARCH_SCAN_CHUNK = 10_000;

export class Contacts {
  /** Window and subscription state per business number. */
  readonly numbers: ContactNumbers;

  constructor(private readonly ctx: RepoContext) {
    this.numbers = new ContactNumbers(ctx);
  }

  /** Finds the person by any address, filling in missing ones, or creates them. */
  async resolve(
    address: ContactAddress,
    options: { profileName?: string } = {},
  ): Promise<ResolveResult> {
    const [result] = await resolveContacts(this.ctx, [{ address, ...options }]);
    if (result === undefined) throw new StoreNotFoundError('the contact was not resolved');
    return result;
  }

  /** Resolves a batch (e.g. the senders of 100 inbound messages), results in input order. */
  resolveMany(inputs: readonly ResolveInput[]): Promise<ResolveResult[]> {
    return resolveContacts(this.ctx, inputs);
  }

  /** resolveMany when only the ids matter (ingest): skips reading per-number state. */
  resolveManyIds(inputs: readonly ResolveInput[]): Promise<ResolvedId[]> {
    return resolveContactIds(this.ctx, inputs);
  }

  /** The contact holding this address (the strongest address given decides). */
  async find(address: ContactAddress): Promise<ContactRecord | undefined> {
    const given = checkAddress(address);
    const rows = await findByAddresses(this.ctx, this.ctx.db, [given]);
    if (rows.length === 0) return undefined;
    return this.withNumbers(pickPrimary(rows, given));
  }

  async get(id: string): Promise<ContactRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : this.withNumbers(row);
  }

  /** Many contacts in two queries per batch; missing ids are simply absent from the map. */
  async getMany(ids: readonly string[]): Promise<Map<string, ContactRecord>> {
    const out = new Map<string, ContactRecord>();
    for (const batch of chunks([...new Set(ids)], rowsPerStatement(this.ctx.caps, 1, 1000))) {
      const db = this.ctx.db;
      const { rows } = await GET_MANY.runWithList(db, this.ctx.caps, batch, (list) =>
        db.selectFrom('contacts').selectAll().where('id', 'in', list),
      );
      const numbers = await this.numbers.rowsFor(batch);
      for (const row of rows) out.set(row.id, toContactRecord(row, numbers.get(row.id) ?? []));
    }
    return out;
  }

  /** Applies profile operations atomically and returns the contact after them. */
  applyOps(id: string, ops: readonly ContactOp[]): Promise<ContactRecord> {
    return applyOps(this.ctx, id, ops);
  }

  /** `applyOps` for many contacts in one read and one compiled update each; returns nothing. */
  applyOpsMany(changes: ReadonlyMap<string, readonly ContactOp[]>): Promise<void> {
    return applyOpsMany(this.ctx, changes);
  }

  /** Sets time zone, WhatsApp profile name, parent user id (null clears). */
  update(id: string, patch: ProfilePatch): Promise<ContactRecord> {
    return updateProfile(this.ctx, id, patch);
  }

  /** Stores the engine's `Contact` snapshot (attributes, time zone, per-number state). */
  save(contact: Contact): Promise<ContactRecord> {
    return saveSnapshot(this.ctx, contact);
  }

  /** Text search over external id, phone, WhatsApp user id, profile name and names/email. */
  async search(
    text: string,
    page: { limit?: number; after?: string } = {},
    scanChunk = SEARCH_SCAN_CHUNK,
  ): Promise<ContactPage> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
    const needle = text.trim();
    const rows =
      needle === ''
        ? await this.ctx.db
            .selectFrom('contacts')
            .selectAll()
            .$if(page.after !== undefined, (q) => q.where('id', '>', page.after ?? ''))
            .orderBy('id')
            .limit(limit + 1)
            .execute()
        : await this.scan(needle, limit + 1, page.after, scanChunk);
    const pageRows = rows.slice(0, limit);
    const numbers = await this.numbers.rowsFor(pageRows.map((r) => r.id));
    const contacts = pageRows.map((r) => toContactRecord(r, numbers.get(r.id) ?? []));
    const last = pageRows.at(-1);
    return rows.length > limit && last !== undefined ? { contacts, next: last.id } : { contacts };
  }

  /**
   * Up to `wanted` contacts whose search text holds `needle`, in id order after `after`.
   * A substring match has no index to use, so a search that finds few reads every contact:
   * 31 ms for 200,000 on SQLite, where a statement holds the event loop until it returns.
   * So contacts are read `scanChunk` at a time along their ids, with a turn of the event
   * loop between chunks: webhooks are still taken in while a dashboard searches a million.
   */
  private async scan(
    needle: string,
    wanted: number,
    after: string | undefined,
    scanChunk: number,
  ): Promise<ContactRow[]> {
    const pattern = likePattern(needle);
    const found: ContactRow[] = [];
    let from = after;
    for (;;) {
      // The chunk's last id: an index walk, no row read.
      const edge = await this.ctx.db
        .selectFrom('contacts')
        .select('id')
        .$if(from !== undefined, (q) => q.where('id', '>', from ?? ''))
        .orderBy('id')
        .limit(1)
        .offset(scanChunk - 1)
        .executeTakeFirst();
      const rows = await this.ctx.db
        .selectFrom('contacts')
        .selectAll()
        .where(sql<boolean>`search_text like ${pattern} escape '\\'`)
        .$if(from !== undefined, (q) => q.where('id', '>', from ?? ''))
        .$if(edge !== undefined, (q) => q.where('id', '<=', edge?.id ?? ''))
        .orderBy('id')
        .limit(wanted - found.length)
        .execute();
      found.push(...rows);
      if (found.length >= wanted || edge === undefined) return found;
      from = edge.id;
      await eventLoopTurn();
    }
  }

  /** Deletes the contact and everything of theirs (journeys, timers, effects, logs). */
  delete(id: string): Promise<boolean> {
    return withTransaction(this.ctx, (db) => deleteContactData(db, id));
  }

  private async withNumbers(row: ContactRow): Promise<ContactRecord> {
    const numbers = await this.numbers.rowsFor([row.id]);
    return toContactRecord(row, numbers.get(row.id) ?? []);
  }
}
