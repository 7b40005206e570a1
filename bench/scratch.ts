/**
 * Temporary directories for a benchmark's databases, removed when the benchmark's process
 * exits: a million waiting journeys leave a gigabyte behind, and runs add up in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dirs: string[] = [];

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (dirs.length === 0)
    process.on('exit', () => {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });
  dirs.push(dir);
  return dir;
}
