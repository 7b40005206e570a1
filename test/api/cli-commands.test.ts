/**
 * The CLI's remote and database commands as child processes (from source through tsx):
 * canvas push / pull / publish and contacts import against a real server, keys create,
 * users create and migrate on a database file, and a bad setting stopping `start` with
 * its name.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { harness, seedTemplatesInStore, type Harness } from './harness.js';

// Each command is a child process loading the CLI through tsx: a few seconds each on a busy 2-core box.
const ROOT = new URL('../../', import.meta.url).pathname;

function riposte(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('riposte CLI', () => {
  let h: Harness;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'riposte-cli-'));
    h = await harness();
    await seedTemplatesInStore(h.riposte);
    url = await h.riposte.start();
  });
  afterAll(async () => h.close());

  it('pushes, pulls and publishes a canvas', async () => {
    const file = join(dir, 'tiny.yaml');
    const yaml = [
      '# a comment the round trip keeps',
      'specVersion: 1',
      'id: tiny',
      'name: Tiny',
      'entry: { type: api }',
      'steps:',
      '  - { id: done, type: exit }',
      '',
    ].join('\n');
    writeFileSync(file, yaml);
    const env = { RIPOSTE_URL: url, RIPOSTE_API_KEY: h.key };
    const push = await riposte(['canvas', 'push', file], env);
    expect(push).toEqual({ code: 0, stdout: 'saved tiny (draft)\n', stderr: '' });
    const pull = await riposte(['canvas', 'pull', 'tiny'], env);
    expect(pull).toEqual({ code: 0, stdout: yaml, stderr: '' });
    const publish = await riposte(['canvas', 'publish', 'tiny', '--url', url, '--key', h.key]);
    expect(publish).toEqual({ code: 0, stdout: 'published tiny version 1\n', stderr: '' });
    const missing = await riposte(['canvas', 'pull', 'nope'], env);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'riposte: canvas_not_found: no canvas "nope" (id)\n',
    });
    const noKey = await riposte(['canvas', 'pull', 'tiny'], { RIPOSTE_API_KEY: '' });
    expect(noKey).toEqual({
      code: 2,
      stdout: '',
      stderr: 'riposte: an API key is needed: --key or RIPOSTE_API_KEY\n',
    });
  }, 120_000);

  it('imports contacts in chunks with file line numbers', async () => {
    const file = join(dir, 'contacts.csv');
    const rows = Array.from(
      { length: 1200 },
      (_, i) => `c${i},+1555${String(i).padStart(7, '0')},Name ${i}`,
    );
    rows[1100] = 'c1100,12,bad';
    writeFileSync(file, ['external_id,phone,first_name', ...rows].join('\n'));
    const r = await riposte(['contacts', 'import', file], {
      RIPOSTE_URL: url,
      RIPOSTE_API_KEY: h.key,
    });
    expect(r).toEqual({
      code: 1,
      stdout: 'line 1102: phone "12" is not a phone number\nimported 1199, updated 0, failed 1\n',
      stderr: '',
    });
    expect((await h.riposte.store.contacts.find({ externalId: 'c1199' }))?.attributes).toEqual({
      first_name: 'Name 1199',
    });
  });

  it('creates keys and users and migrates a database file', async () => {
    const databaseUrl = `sqlite:${join(dir, 'admin.db')}`;
    const migrate = await riposte(['migrate'], { DATABASE_URL: databaseUrl });
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/^migrated: 001_contacts_templates, /);
    const key = await riposte(
      ['keys', 'create', '--name', 'ci', '--scopes', 'users.track,native'],
      { DATABASE_URL: databaseUrl },
    );
    expect(key.code).toBe(0);
    expect(key.stdout).toMatch(/^rp_[A-Za-z0-9]{12}_\S{43}\n$/);
    const badScope = await riposte(['keys', 'create', '--scopes', 'users.trak'], {
      DATABASE_URL: databaseUrl,
    });
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/^riposte: unknown scope users.trak; known: users.track, /);
    const user = await riposte(
      ['users', 'create', '--email', 'ops@example.com', '--password', 'long enough'],
      { DATABASE_URL: databaseUrl },
    );
    expect(user).toEqual({ code: 0, stdout: 'created ops@example.com\n', stderr: '' });
    const store = await openStore({ url: databaseUrl });
    try {
      expect((await store.apiKeys.list()).map((k) => [k.name, k.scopes])).toEqual([
        ['ci', ['users.track', 'native']],
      ]);
      expect((await store.users.authenticate('ops@example.com', 'long enough'))?.email).toBe(
        'ops@example.com',
      );
    } finally {
      await store.close();
    }
  }, 120_000);

  it('refuses to start with a bad setting, naming it', async () => {
    const r = await riposte(['start'], { DATABASE_URL: 'mysql://db', PORT: 'x' });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'riposte: invalid settings:\n  DATABASE_URL: expected sqlite:… or postgres://…\n  PORT: expected a port number\n',
    });
  });
});
