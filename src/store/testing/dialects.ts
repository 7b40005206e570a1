/**
 * One behavioural suite, every database: `forEachDialect` declares the same tests once
 * per dialect (SQLite on a temp file, Postgres from the global setup). Other suites (the
 * runner's) use it too:
 *
 *   forEachDialect((dialect) => {
 *     it('commits a step', async () => {
 *       const store = await dialect.open({ now: () => 1_000 });
 *       …
 *     });
 *   });
 *
 * Each test file gets its own Postgres database (so files run in parallel); `open()`
 * empties it first, so each test starts from nothing. Tests in one file run one at a time.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, inject } from 'vitest';
import type { DialectName } from '../dialect.js';
import { migrate, openStore, type Store, type StoreOptions } from '../open.js';
import { TABLES } from '../schema.js';
import './provided.js';

export interface TestStoreOptions extends Omit<StoreOptions, 'url'> {
  /** Open a second store on the same database as this one (a second worker). */
  sameDatabaseAs?: Store;
}

export interface DialectUnderTest {
  name: DialectName;
  /** A migrated store over an empty database; closed after the test. */
  open(options?: TestStoreOptions): Promise<Store>;
  /** The URL of a brand-new database with nothing in it (not even migrations). */
  emptyDatabase(): Promise<string>;
}

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

export function forEachDialect(body: (dialect: DialectUnderTest) => void): void {
  for (const name of DIALECTS) {
    describe(name, () => {
      const harness = name === 'sqlite' ? sqliteHarness() : postgresHarness();
      const opened: Store[] = [];
      const urls = new WeakMap<Store, string>();
      beforeAll(() => harness.setup());
      afterEach(async () => {
        await Promise.all(opened.splice(0).map((s) => s.close()));
      });
      afterAll(() => harness.teardown());
      body({
        name,
        async open(options = {}) {
          const { sameDatabaseAs, ...storeOptions } = options;
          const shared = sameDatabaseAs === undefined ? undefined : urls.get(sameDatabaseAs);
          const url = shared ?? (await harness.fresh());
          const store = await openStore({ ...storeOptions, url });
          urls.set(store, url);
          opened.push(store);
          return store;
        },
        emptyDatabase: () => harness.empty(),
      });
    });
  }
}

interface Harness {
  setup(): Promise<void>;
  /** A url to a migrated database with no rows. */
  fresh(): Promise<string>;
  empty(): Promise<string>;
  teardown(): Promise<void>;
}

function sqliteHarness(): Harness {
  let dir = '';
  let n = 0;
  return {
    async setup() {
      dir = await mkdtemp(join(tmpdir(), 'riposte-sqlite-'));
    },
    fresh: () => Promise.resolve(`sqlite:${join(dir, `store-${++n}.db`)}`),
    empty: () => Promise.resolve(`sqlite:${join(dir, `empty-${++n}.db`)}`),
    async teardown() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresHarness(): Harness {
  const server = inject('postgresUrl');
  const created: string[] = [];
  let main = '';
  let cleaner: pg.Pool | undefined;

  async function createDatabase(): Promise<string> {
    const name = `rp_test_${randomBytes(6).toString('hex')}`;
    await admin(server, `CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    return url.toString();
  }

  return {
    async setup() {
      main = await createDatabase();
      await migrate(main);
      cleaner = new pg.Pool({ connectionString: main, max: 1 });
    },
    async fresh() {
      // DELETE, not TRUNCATE: on tables this small it is ~100x faster (TRUNCATE makes new
      // files for every table). Identity counters restart so ids are the same as SQLite's.
      const statements = TABLES.map((t) => `DELETE FROM ${t};`);
      for (const t of TABLES_WITH_AUTO_ID) {
        statements.push(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), 1, false);`);
      }
      await cleaner?.query(statements.join('\n'));
      return main;
    },
    empty: createDatabase,
    async teardown() {
      await cleaner?.end();
      for (const name of created.splice(0)) {
        await admin(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
  };
}

const TABLES_WITH_AUTO_ID = ['journey_history', 'inbox', 'outbox', 'message_log', 'events'];

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
