import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { StoreUrlError } from './errors.js';
import { MIGRATION_NAMES, migrate, openStore } from './open.js';
import { TABLES } from './schema.js';
import { forEachDialect } from './testing/dialects.js';
import { parseStoreUrl } from './url.js';

describe('parseStoreUrl', () => {
  it('accepts the documented forms', () => {
    expect(parseStoreUrl('sqlite:./data/riposte.db')).toEqual({
      dialect: 'sqlite',
      path: './data/riposte.db',
    });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('sqlite:/var/riposte.db?synchronous=full')).toEqual({
      dialect: 'sqlite',
      path: '/var/riposte.db',
      synchronous: 'FULL',
    });
    expect(parseStoreUrl('postgres://u:p@db:5432/riposte')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@db:5432/riposte',
    });
    expect(parseStoreUrl('postgresql://db/riposte')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://db/riposte',
    });
  });

  it('names the setting and the accepted forms, and hides the password', () => {
    expect(() => parseStoreUrl('mysql://root:hunter2@db/x')).toThrow(
      new StoreUrlError(
        'DATABASE_URL "mysql://root:***@db/x" is not supported. Use sqlite:./data/riposte.db ' +
          '(a file, created if missing; add ?synchronous=full to fsync every commit), ' +
          'sqlite::memory:, or ' +
          'postgres://user:password@host:5432/database (postgresql:// too).',
      ),
    );
    expect(() => parseStoreUrl('', 'RIPOSTE_DB')).toThrow(/^RIPOSTE_DB is empty\. Use sqlite:/);
    expect(() => parseStoreUrl('sqlite:')).toThrow(/has no SQLite file path/);
    expect(() => parseStoreUrl('sqlite:x.db?synchronous=off')).toThrow(
      'DATABASE_URL "sqlite:x.db?synchronous=off": the only SQLite option is synchronous=normal or synchronous=full.',
    );
  });

  it('says which database it could not reach, without its password', async () => {
    await expect(migrate('postgres://me:secret@127.0.0.1:1/nowhere')).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message: expect.stringMatching(
        /^could not migrate the database at postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
      ) as unknown,
    });
  });

  it('refuses a bad url before touching anything', async () => {
    await expect(openStore({ url: 'redis://localhost' })).rejects.toMatchObject({
      code: 'STORE_BAD_URL',
    });
  });
});

describe('sqlite settings', () => {
  it('creates the directory of the file and applies the pragmas', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'riposte-open-'));
    const store = await openStore({
      url: `sqlite:${join(dir, 'a', 'b', 'r.db')}?synchronous=full`,
    });
    const pragma = async (name: string) =>
      (await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(store.db)).rows[0];
    expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
    expect(await pragma('synchronous')).toEqual({ synchronous: 2 });
    expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
    expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 });
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens an in-memory database, migrated', async () => {
    const store = await openStore({ url: 'sqlite::memory:' });
    expect(store.capabilities).toEqual({
      dialect: 'sqlite',
      skipLocked: false,
      rowLocks: false,
      multiWorker: false,
      maxParameters: 32_766,
      castTypes: { json: 'text', bigint: 'integer' },
      keepsStatements: true,
    });
    expect(await store.canvases.list()).toEqual([]);
    await store.close();
  });
});

forEachDialect((dialect) => {
  it('migrates an empty database, and a second run does nothing', async () => {
    const url = await dialect.emptyDatabase();
    expect(await migrate(url)).toEqual(MIGRATION_NAMES);
    expect(await migrate(url)).toEqual([]);
    const store = await dialect.open({ sameDatabaseAs: undefined });
    const tables = (await store.db.introspection.getTables()).map((t) => t.name);
    for (const table of TABLES) expect(tables).toContain(table);
  });

  it('reports its capabilities', async () => {
    const store = await dialect.open();
    expect(store.capabilities.dialect).toBe(dialect.name);
    expect(store.capabilities.skipLocked).toBe(dialect.name === 'postgres');
    expect(store.capabilities.multiWorker).toBe(dialect.name === 'postgres');
  });

  it('rolls a transaction back entirely when it throws', async () => {
    const store = await dialect.open({ now: () => 1_000 });
    await expect(
      store.transaction(async (tx) => {
        await tx.canvases.create('doomed', { name: 'Doomed', draft: { steps: [] } });
        await tx.inbox.enqueueMany([{ dedupeKey: 'k1', partition: 0, kind: 'x', payload: {} }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.canvases.get('doomed')).toBeUndefined();
    expect(await store.inbox.backlog()).toBe(0);
  });

  it('commits everything a transaction wrote', async () => {
    const store = await dialect.open({ now: () => 1_000 });
    const result = await store.transaction(async (tx) => {
      await tx.canvases.create('kept', { name: 'Kept', draft: {} });
      return tx.inbox.enqueueMany([{ dedupeKey: 'k1', partition: 0, kind: 'x', payload: {} }]);
    });
    expect(result).toEqual([{ dedupeKey: 'k1', id: 1, duplicate: false }]);
    expect((await store.canvases.get('kept'))?.name).toBe('Kept');
  });

  it('serializes concurrent transactions without losing writes', async () => {
    const store = await dialect.open({ now: () => 1_000 });
    await store.canvases.create('c', { name: 'C', draft: {} });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.transaction(async (tx) => {
          await tx.metrics.incrementMany([
            { canvasId: 'c', version: 1, stepId: 's', metric: 'sent', at: 0 },
          ]);
          await tx.events.appendMany([{ contactId: 'p', name: `e${i}`, properties: {}, at: i }]);
        }),
      ),
    );
    expect(await store.metrics.totals('c')).toEqual([
      { stepId: 's', metric: 'sent', label: null, count: 10 },
    ]);
    expect(await store.events.listByContact('p')).toHaveLength(10);
  });
});
