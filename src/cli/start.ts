/**
 * `riposte start [--config file] [--workers N]` and `riposte worker`: run until SIGTERM or
 * SIGINT, then stop gracefully and exit 0.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { settingsOrProblems } from './settings.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export async function startCommand(opts: { config?: string; workers?: string }): Promise<number> {
  const settings = settingsOrProblems(opts.config);
  if (typeof settings === 'string') {
    process.stderr.write(`riposte: ${settings}\n`);
    return 2;
  }
  const workers = opts.workers === undefined ? 0 : Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 0) {
    process.stderr.write('riposte: --workers: expected a whole number of worker processes\n');
    return 2;
  }
  try {
    // Loaded after the settings are checked: a bad setting is reported without the wait.
    const { serve } = await import('../server/serve.js');
    const serving = await serve(settings, {
      workers,
      workerArgs: opts.config ? ['--config', opts.config] : [],
      ...(existsSync(WEB_DIST) ? { webDist: WEB_DIST } : {}),
    });
    await serving.done;
    return 0;
  } catch (error) {
    process.stderr.write(`riposte: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export async function workerCommand(opts: { config?: string }): Promise<number> {
  const settings = settingsOrProblems(opts.config);
  if (typeof settings === 'string') {
    process.stderr.write(`riposte: ${settings}\n`);
    return 2;
  }
  try {
    const { work } = await import('../server/serve.js');
    const serving = await work(settings);
    await serving.done;
    return 0;
  } catch (error) {
    process.stderr.write(`riposte: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
