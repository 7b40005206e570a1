/**
 * A Riposte on its own SQLite file whose emulated Meta holds every send for `holdMs`
 * before accepting it: how the runtime tests make requests stay out long enough to watch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRiposte, type Riposte } from '../../src/server/riposte.js';

export function riposteWithSlowMeta(holdMs: number): Promise<Riposte> {
  return createRiposte({
    databaseUrl: `sqlite:${join(mkdtempSync(join(tmpdir(), 'riposte-slow-meta-')), 'riposte.db')}`,
    pollMs: 10,
    emulator: {
      pairRate: { intervalMs: 1, burst: 1000 },
      faults: {
        sends: {
          serverError: { rate: 0, next: 0, code: 131000 },
          hang: { rate: 1, next: 0, ms: holdMs, accept: true },
        },
      },
    },
  });
}
