/**
 * Vitest global setup: one real Postgres for the whole run, so the store suite runs on
 * both databases in CI and locally. `DATABASE_URL_POSTGRES` (a server whose user may
 * create databases) wins; otherwise an embedded PostgreSQL 18 starts in a fresh temp
 * directory on a free port (see pg-cluster.ts) and stops at the end.
 */
import type { TestProject } from 'vitest/node';
import { startTestCluster } from './pg-cluster.js';
import './provided.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.DATABASE_URL_POSTGRES;
  if (given !== undefined && given !== '') {
    project.provide('postgresUrl', given);
    return;
  }
  const cluster = await startTestCluster();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}
