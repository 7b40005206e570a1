/**
 * Helpers for the crash tests: the canvas under test, starting and killing child processes,
 * and reading the outcome from the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

/** Enter on JOIN; then every message is counted, remembered and answered, forever. */
export const COUNTING_CANVAS = {
  specVersion: 1,
  id: 'counter',
  name: 'Counter',
  entry: { type: 'inbound_whatsapp', inbound_whatsapp: { body: { is: 'JOIN' } } },
  settings: { number: 'main' },
  steps: [
    { id: 'hello', type: 'message', whatsapp: { text: 'welcome' }, next: 'wait' },
    {
      id: 'wait',
      type: 'action_paths',
      window: '7d',
      groups: [{ id: 'any', when: { inbound_whatsapp: {} }, next: 'count' }],
    },
    {
      id: 'count',
      type: 'user_update',
      inc: { count: 1 },
      set: { last: '{{ whats_app.inbound_message_body }}' },
      next: 'answer',
    },
    {
      id: 'answer',
      type: 'message',
      whatsapp: { text: 'got {{ whats_app.inbound_message_body }}' },
      next: 'wait',
    },
  ],
};

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Child {
  process: ChildProcess;
  ready: Promise<string>;
  output: () => string;
}

const SOURCE = new URL('./child.ts', import.meta.url).pathname;
// One bundle per test file: two files rebuilding one path race a child starting from it.
const BUNDLE = new URL(
  `../../.tmp/crash/child-${process.pid}-${Date.now().toString(36)}.mjs`,
  import.meta.url,
).pathname;

/**
 * The child is bundled once per run: a killed-and-restarted process must come back fast,
 * and transpiling TypeScript on every start would dominate the test's time.
 */
export async function bundleChild(): Promise<void> {
  await build({
    entryPoints: [SOURCE],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: BUNDLE,
    logLevel: 'warning',
  });
}

/**
 * For a crash test file: bundles the child before the tests, and after them undoes what the
 * test pushed onto the returned list (servers, children, stores, databases), last first.
 */
export function crashSuite(): Array<() => Promise<void>> {
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(() => bundleChild(), 60_000);
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });
  return cleanup;
}

export function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BUNDLE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /ready (\S+)/.exec(out);
      if (match) resolve(match[1] ?? '');
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before ready:\n${out}`)),
    );
  });
  ready.catch(() => {});
  return { process: child, ready, output: () => out };
}

export function kill(child: Child, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill(signal);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
