/**
 * Commands that work on the database directly (no server needed): `riposte migrate`,
 * `riposte keys create`, `riposte users create`.
 */
import { createInterface } from 'node:readline/promises';
import { SCOPES, isScope } from '../api/auth/scopes.js';
import { StoreError } from '../store/errors.js';
import { migrate, openStore } from '../store/index.js';
import { settingsOrProblems } from './settings.js';

export async function migrateCommand(opts: { config?: string }): Promise<number> {
  const settings = settingsOrProblems(opts.config);
  if (typeof settings === 'string') return problem(settings, 2);
  try {
    const ran = await migrate(settings.databaseUrl);
    process.stdout.write(
      ran.length === 0 ? 'the database is up to date\n' : `migrated: ${ran.join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    return problem(error instanceof Error ? error.message : String(error), 1);
  }
}

export async function keysCreate(opts: {
  config?: string;
  name?: string;
  scopes?: string;
}): Promise<number> {
  const settings = settingsOrProblems(opts.config);
  if (typeof settings === 'string') return problem(settings, 2);
  const scopes = opts.scopes ? opts.scopes.split(',').map((s) => s.trim()) : [...SCOPES];
  const unknown = scopes.filter((s) => !isScope(s));
  if (unknown.length > 0)
    return problem(`unknown scope ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`, 2);
  const store = await openStore({ url: settings.databaseUrl });
  try {
    const { key, record } = await store.apiKeys.create(opts.name ?? 'cli key', scopes);
    process.stdout.write(`${key}\n`);
    process.stderr.write(
      `key ${record.id} (${record.scopes.join(', ')}): the secret above is shown once\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

export async function usersCreate(opts: {
  config?: string;
  email: string;
  password?: string;
}): Promise<number> {
  const settings = settingsOrProblems(opts.config);
  if (typeof settings === 'string') return problem(settings, 2);
  const password = opts.password ?? process.env.RIPOSTE_PASSWORD ?? (await readLine('password: '));
  const store = await openStore({ url: settings.databaseUrl });
  try {
    const user = await store.users.create(opts.email, password);
    process.stdout.write(`created ${user.email}\n`);
    return 0;
  } catch (error) {
    if (error instanceof StoreError) return problem(error.message, 1);
    throw error;
  } finally {
    await store.close();
  }
}

async function readLine(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(prompt)).trim();
  } finally {
    rl.close();
  }
}

function problem(message: string, code: number): number {
  process.stderr.write(`riposte: ${message}\n`);
  return code;
}
