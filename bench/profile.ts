/**
 * `BENCH_PROFILE=<dir>`: a CPU profile of the measured phase only (not the set-up), written
 * as a .cpuprofile (open it in Chrome DevTools or speedscope). Without the variable, nothing
 * is recorded and the measured code runs as it always does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export async function profiled<T>(name: string, run: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.error(`profile of ${name}: ${file}`);
    session.disconnect();
  }
}
