// Runs a benchmark the way production runs: bundled by esbuild (no tsx, whose keepNames
// wrappers cost time in hot code), then `node`. Usage: node bench/run.mjs <name> [args…]
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const ALL = [
  'engine',
  'ingest',
  'turnaround',
  'journeys',
  'entries',
  'api',
  'housekeeping',
  'cancel',
  'sqlite-facts',
];
const [name, ...args] = process.argv.slice(2);
if (!name || (name !== 'all' && !ALL.includes(name))) {
  console.error(`usage: node bench/run.mjs <all|${ALL.join('|')}> [args…]`);
  process.exit(2);
}

/** Bundles one benchmark beside the repository root (so paths relative to bench/ resolve) and runs it. */
async function run(bench) {
  const outfile = `.tmp/bench-${bench}.mjs`;
  await build({
    entryPoints: [`bench/${bench}.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  // The load generator too: under tsx it took most of a core from the server it loads.
  await build({
    entryPoints: ['bench/load.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: '.tmp/bench-load.mjs',
    logLevel: 'warning',
  });
  const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], {
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (name !== 'all') process.exit(await run(name));
// `npm run bench`: every benchmark, one after another (each prints its own table).
let failed = 0;
for (const bench of ALL) {
  console.log(`\n## bench:${bench}\n`);
  if ((await run(bench)) !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
