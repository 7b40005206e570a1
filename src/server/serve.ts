/**
 * `riposte start` and `riposte worker` as functions: build Riposte from the settings,
 * listen (start) or only run the runner (worker), and stop gracefully on SIGTERM / SIGINT —
 * stop accepting requests, let the ones in flight finish (each answered only once its
 * events are durable), drain ingest, stop the runner (the batch in hand commits, sends in
 * flight are recorded), then close. Nothing acknowledged is lost.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Settings } from '../config/settings.js';
import { exampleTemplates, firstKey, loadExample } from './bootstrap.js';
import { createRiposte, type Riposte } from './riposte.js';

export interface ServeOptions {
  /** Worker processes beside this one (Postgres only). */
  workers?: number;
  /** Arguments that make a forked `riposte worker` read the same settings. */
  workerArgs?: string[];
  webDist?: string;
  /** Where the one "where to look" line goes. */
  print?: (line: string) => void;
  /** Runner warnings (a batch retried, a number paused). */
  warn?: (line: string) => void;
}

export interface Serving {
  riposte: Riposte;
  url: string;
  /** Resolves once stopped (by a signal or `stop()`). */
  done: Promise<void>;
  stop(): Promise<void>;
}

const retention = (settings: Settings) =>
  settings.journeyRetentionDays !== undefined
    ? { journeyRetentionDays: settings.journeyRetentionDays }
    : {};

const isPostgres = (url: string) => /^postgres(ql)?:\/\//.test(url);

export async function serve(settings: Settings, options: ServeOptions = {}): Promise<Serving> {
  const workers = options.workers ?? 0;
  if (workers > 0 && !isPostgres(settings.databaseUrl))
    throw new Error('--workers needs a shared database: set DATABASE_URL=postgres://…');
  const emulated = settings.numbers.length === 0;
  const riposte = await createRiposte({
    databaseUrl: settings.databaseUrl,
    numbers: settings.numbers,
    ...retention(settings),
    ...(emulated ? { emulator: { templates: exampleTemplates() } } : {}),
    ...(options.webDist ? { webDist: options.webDist } : {}),
    logger: verbose(settings) ? { level: settings.logLevel } : false,
    log: runnerLog(settings, options.warn),
  });
  try {
    if (emulated) await loadExample(riposte);
    const key = await firstKey(riposte);
    const url = await riposte.start(settings.port, settings.host);
    const children = Array.from({ length: workers }, () =>
      fork(process.argv[1] ?? '', ['worker', ...(options.workerArgs ?? [])], {
        env: {
          ...process.env,
          ...(riposte.emulator ? { RIPOSTE_EMULATOR_URL: riposte.emulator.url } : {}),
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const where = `Riposte is running at ${url} — dashboard ${url}/, API docs ${url}/docs`;
    const access = key
      ? `API key (all scopes, shown once): ${key}`
      : 'use your API key (new one: riposte keys create)';
    const mode = emulated ? ' — WhatsApp: embedded emulator' : '';
    (options.print ?? console.log)(`${where} — ${access}${mode}`);
    return lifecycle(riposte, url, children);
  } catch (error) {
    await riposte.stop();
    throw error;
  }
}

/** `riposte worker`: the runner only, sharing partitions with the others through leases. */
export async function work(
  settings: Settings,
  options: Pick<ServeOptions, 'warn'> = {},
): Promise<Serving> {
  if (!isPostgres(settings.databaseUrl))
    throw new Error(
      'riposte worker shares the database with other processes: set DATABASE_URL=postgres://…',
    );
  const emulatorUrl = process.env.RIPOSTE_EMULATOR_URL;
  const riposte = await createRiposte({
    databaseUrl: settings.databaseUrl,
    numbers: settings.numbers,
    multiWorker: true,
    ...retention(settings),
    ...(settings.numbers.length === 0 && emulatorUrl ? { emulatorUrl } : {}),
    log: runnerLog(settings, options.warn),
  });
  await riposte.runner.start();
  return lifecycle(riposte, '', [], async () => {
    await riposte.runner.stop();
  });
}

function lifecycle(
  riposte: Riposte,
  url: string,
  children: ChildProcess[],
  stopFirst: () => Promise<void> = async () => {},
): Serving {
  let stopping: Promise<void> | undefined;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const stop = () => {
    stopping ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      const exited = children.map(
        (child) =>
          new Promise<void>((resolve) =>
            child.exitCode !== null ? resolve() : child.once('exit', () => resolve()),
          ),
      );
      for (const child of children) child.kill('SIGTERM');
      await stopFirst();
      await riposte.stop();
      await Promise.all(exited);
      resolveDone();
    })();
    return stopping;
  };
  const onSignal = () => void stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return { riposte, url, done, stop };
}

function verbose(settings: Settings): boolean {
  return settings.logLevel === 'debug' || settings.logLevel === 'trace';
}

function runnerLog(settings: Settings, warn?: (line: string) => void) {
  const quiet = ['error', 'fatal', 'silent'].includes(settings.logLevel);
  const out = warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  return (message: string, fields?: Record<string, unknown>) => {
    if (!quiet)
      out(
        JSON.stringify({ level: 'warn', time: new Date().toISOString(), msg: message, ...fields }),
      );
  };
}
