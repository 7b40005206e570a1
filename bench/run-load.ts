/** Runs bench/load.ts in a child process and returns its result. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  seconds: number;
  latencies: { p50: number; p99: number };
  sentAt?: Array<{ wamid: string; at: number }>;
}

// From the working directory (the repository): benchmarks also run bundled from .tmp/.
const LOAD = join(process.cwd(), 'bench/load.ts');
const BUNDLED = join(process.cwd(), '.tmp/bench-load.mjs');

export function runLoad(
  url: string,
  options: {
    seconds: number;
    connections?: number;
    rate?: number;
    people?: number;
    text?: string;
    emitSent?: boolean;
    /** Person after person instead of at random (everyone reached once per round). */
    sequential?: boolean;
    /** Three statuses of `wamid.seed.<n>` for every message (bench/load.ts). */
    statusMix?: boolean;
  },
): Promise<LoadResult> {
  const script = existsSync(BUNDLED) ? [BUNDLED] : ['--import', 'tsx', LOAD];
  const args = [
    ...script,
    url,
    String(options.seconds),
    String(options.connections ?? 64),
    String(options.rate ?? 0),
    String(options.people ?? 10_000),
    options.text ?? 'hmm maybe',
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      EMIT_SENT: options.emitSent ? '1' : '0',
      SEQUENTIAL: options.sequential ? '1' : '0',
      STATUS_MIX: options.statusMix ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadResult);
    });
  });
}
