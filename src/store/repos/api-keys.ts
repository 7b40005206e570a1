/**
 * API keys. The full key (`rp_<prefix>_<secret>`) is shown once at creation; the store
 * keeps the prefix (to find the row) and a SHA-256 of the key (to check it).
 */
import type { Selectable } from 'kysely';
import type { RepoContext } from '../context.js';
import { fromJson, toJson } from '../json.js';
import type { ApiKeysTable } from '../schema.js';
import { randomToken, sameText, sha256 } from '../secrets.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

const KEY_FORMAT = /^rp_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** `last_used_at` is written at most this often per key, not on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class ApiKeys {
  constructor(private readonly ctx: RepoContext) {}

  /** Creates a key; `key` is the only time the secret is available. */
  async create(
    name: string,
    scopes: readonly string[],
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const prefix = randomToken(12)
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, 12)
      .padEnd(12, '0');
    const key = `rp_${prefix}_${randomToken(32)}`;
    const row: ApiKeysTable = {
      id: this.ctx.newId(),
      name,
      prefix,
      hash: sha256(key),
      scopes: toJson(scopes),
      created_at: this.ctx.now(),
      revoked_at: null,
      last_used_at: null,
    };
    await this.ctx.db.insertInto('api_keys').values(row).execute();
    return { key, record: fromRow(row) };
  }

  /** The key's record if the key is genuine and not revoked (and notes its use). */
  async verify(key: string): Promise<ApiKeyRecord | undefined> {
    const match = KEY_FORMAT.exec(key);
    if (match === null || match[1] === undefined) return undefined;
    const row = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('prefix', '=', match[1])
      .executeTakeFirst();
    if (row === undefined || row.revoked_at !== null || !sameText(row.hash, sha256(key))) {
      return undefined;
    }
    const now = this.ctx.now();
    if (row.last_used_at === null || now - row.last_used_at >= LAST_USED_RESOLUTION_MS) {
      await this.ctx.db
        .updateTable('api_keys')
        .set({ last_used_at: now })
        .where('id', '=', row.id)
        .execute();
      row.last_used_at = now;
    }
    return fromRow(row);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('api_keys')
      .set({ revoked_at: this.ctx.now() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

function fromRow(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: fromJson<string[]>(row.scopes),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}
