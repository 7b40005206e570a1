/**
 * The process the crash test kills: Riposte (webhook endpoint + runner) on the database
 * named by DATABASE_URL, sending through the emulator at EMULATOR_URL, listening on PORT.
 * With MULTI_WORKER=1 it shares partitions with other workers through leases.
 */
import { createRiposte, EMULATED_NUMBER } from '../../src/server/riposte.js';

const riposte = await createRiposte({
  databaseUrl: process.env.DATABASE_URL ?? '',
  numbers: [{ ...EMULATED_NUMBER, graphBaseUrl: process.env.EMULATOR_URL ?? '' }],
  multiWorker: process.env.MULTI_WORKER === '1',
  pollMs: 10,
  log: (message, fields) => process.stderr.write(`${message} ${JSON.stringify(fields ?? {})}\n`),
});
// The test sends several replies to one person within seconds; Meta's pair rate is not under test.
riposte.channels.configurePairRate({ intervalMs: 1, burst: 1000 });
// A send in flight at a kill is ambiguous: one at a time, so each kill costs at most one.
riposte.channels.maxInFlight = Number(process.env.SEND_CONCURRENCY ?? 64);
const url = await riposte.start(Number(process.env.PORT ?? 0));
process.stdout.write(`ready ${url} ${riposte.runner.owner}\n`);

process.on('SIGTERM', () => {
  void riposte.stop().then(() => process.exit(0));
});
