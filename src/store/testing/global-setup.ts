/**
 * Vitest global setup: one real Postgres for the whole run, so the store suite runs on
 * both databases in CI and locally. `DATABASE_URL_POSTGRES` (a server whose user may
 * create databases) wins; otherwise an embedded PostgreSQL 18 starts in a fresh temp
 * directory on a free port (see pg-cluster.ts) and stops at the end.
 *
 * Every temporary file the tests make (databases, web roots, crash-test directories) goes
 * under one directory for the run, removed at the end: the test workers are started after
 * this, with TMPDIR pointing there. Runs used to leave hundreds of directories in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestCluster } from './pg-cluster.js';
import './provided.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL_POSTGRES;
  // Started before TMPDIR moves: its pristine copy is kept in the real temp directory.
  const cluster = given !== undefined && given !== '' ? undefined : await startTestCluster();
  project.provide('postgresUrl', cluster?.url ?? given ?? '');
  const previous = process.env.TMPDIR;
  const runDir = mkdtempSync(join(tmpdir(), 'riposte-test-run-'));
  process.env.TMPDIR = runDir;
  return async () => {
    await cluster?.stop();
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
