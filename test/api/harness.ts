/**
 * A Riposte for route tests: a real SQLite database (in memory), the embedded emulator
 * with the example templates approved, every route registered, driven by `app.inject()`.
 * The runner is not started; tests call `settle()` to process what was made durable, so
 * nothing depends on timing. For the tests of `riposte start` itself: the command as a
 * child process, and the simulator and store checks they share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import { validateCanvasText } from '../../src/canvas/validate.js';
import { SCOPES, type Scope } from '../../src/api/auth/scopes.js';
import {
  createRiposte,
  EMULATED_NUMBER,
  type Riposte,
  type RiposteOptions,
} from '../../src/server/riposte.js';
import type { Store } from '../../src/store/open.js';
import { eventually, json, seedCanvasText, seedTemplates } from '../helpers.js';

export interface Harness {
  riposte: Riposte;
  /** A key with every scope. */
  key: string;
  keyWith(scopes: Scope[]): Promise<string>;
  /**
   * A request with the key: a string body goes as YAML unless `headers` name another type,
   * anything else as JSON. The answer's body is parsed as JSON (`{}` when it is not).
   */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
    headers: Record<string, unknown>;
    text: string;
  }>;
  settle(): Promise<void>;
  /** Rows in the inbox, in any state (a refused request must add none). */
  inboxCount(): Promise<number>;
  close(): Promise<void>;
}

export async function harness(options: Partial<RiposteOptions> = {}): Promise<Harness> {
  const riposte = await createRiposte({
    databaseUrl: 'sqlite::memory:',
    ...options,
    emulator: {
      templates: seedTemplates().map((t) => ({ ...t, status: 'APPROVED' as const })),
      ...options.emulator,
    },
  });
  const keyWith = async (scopes: Scope[]) =>
    (await riposte.store.apiKeys.create(`test ${scopes.join(' ')}`, scopes)).key;
  const key = await keyWith([...SCOPES]);
  return {
    riposte,
    key,
    keyWith,
    async call(method, url, body, headers = {}) {
      const isText = typeof body === 'string';
      const response = await riposte.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined
            ? { 'content-type': isText ? 'application/yaml' : 'application/json' }
            : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: isText ? body : JSON.stringify(body) } : {}),
      });
      const text = response.body;
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        parsed = {};
      }
      return { status: response.statusCode, body: parsed, headers: response.headers, text };
    },
    async settle() {
      await riposte.runner.settle();
    },
    async inboxCount() {
      const row = await riposte.store.db
        .selectFrom('inbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    close: () => riposte.stop(),
  };
}

/** For `call` with a raw string body: send it as JSON (malformed or oversized on purpose). */
export const JSON_TYPE = { 'content-type': 'application/json' };

/** Expects `answer` to be refused with `status`; gives its `error` object to check. */
export function refusal(
  answer: { status: number; body: Record<string, unknown> },
  status: number,
): Record<string, unknown> {
  expect(answer.status).toBe(status);
  return answer.body.error as Record<string, unknown>;
}

/** The example templates into the store, as a sync would put them. */
export async function seedTemplatesInStore(riposte: Riposte): Promise<void> {
  await riposte.store.templates.upsertMany(
    seedTemplates().map((t) => ({
      wabaId: EMULATED_NUMBER.wabaId,
      name: t.name,
      language: t.language,
      id: null,
      status: t.status,
      category: t.category,
      parameterFormat: t.parameter_format.toUpperCase(),
      components: t.components,
      qualityScore: null,
      rejectedReason: null,
    })),
  );
  riposte.runner.catalog.invalidate();
}

/** The seed canvas, created and published (its CRM webhook pointed at `crmUrl`). */
export async function publishSeedCanvas(
  riposte: Riposte,
  crmUrl = 'http://127.0.0.1:9/hook',
): Promise<void> {
  const parsed = validateCanvasText(seedCanvasText(crmUrl));
  if (!parsed.ok) throw new Error('seed canvas invalid');
  await riposte.store.canvases.create('order-feedback', {
    name: parsed.canvas.name,
    draft: parsed.canvas,
  });
  await riposte.store.canvases.publish('order-feedback', parsed.canvas);
  riposte.runner.catalog.invalidate();
}

const ROOT = new URL('../../', import.meta.url).pathname;

export interface StartProcess {
  child: ChildProcess;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
  /** Waits up to 60 s for the one line `riposte start` prints (URL and first API key). */
  startLine(): Promise<string>;
  /** SIGKILL, unless it has exited already (for `afterAll`). */
  kill(): void;
}

/**
 * `riposte start` and `args` as a child process, from source through tsx (no build: on a
 * 2-core CI box a `tsc` build costs ~20 s, tsx a second or two), on a free port.
 */
export function spawnStart(
  args: string[],
  env: { DATABASE_URL: string; LOG_LEVEL: string },
): StartProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'start', ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return {
    child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    startLine: () =>
      eventually(
        () => (stdout.includes('\n') ? stdout : undefined),
        `the start line (stderr: ${stderr})`,
        60_000,
      ),
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A virtual phone of the embedded emulator through a running server's simulator API. */
export function simulatorPhone(url: string, key: string, phone: string) {
  const base = `${url}/api/v1/simulator/phones/${encodeURIComponent(phone)}`;
  const headers = { authorization: `Bearer ${key}` };
  return {
    /** The chat as JSON text, to look for what arrived. */
    chat: async () => JSON.stringify((await json(`${base}/chat`, { headers })).body.messages ?? []),
    /** Taps `label`, retrying until the message is on the phone to be tapped. */
    tap: (label: string, what: string, timeoutMs?: number) =>
      eventually(
        async () => {
          const tap = await json(`${base}/tap`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ label }),
          });
          return tap.status === 201 ? true : undefined;
        },
        what,
        timeoutMs,
      ),
  };
}

/**
 * Nothing half-done after a stop: no inbox claim held, no send in flight. (Statuses that
 * arrived just before the stop may wait, durable, for the next start.)
 */
export async function expectNothingHalfDone(store: Store): Promise<void> {
  const claimed = await store.db
    .selectFrom('inbox')
    .select('id')
    .where('state', '=', 'claimed')
    .execute();
  expect(claimed).toEqual([]);
  expect((await store.outbox.countByState()).in_flight).toBe(0);
}
