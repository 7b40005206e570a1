// Runs a benchmark the way production runs: bundled by esbuild (no tsx, whose keepNames
// wrappers cost time in hot code), then `node`. Usage: node bench/run.mjs <name> [args…]
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error('usage: node bench/run.mjs <engine|ingest|turnaround|journeys|entries|api>');
  process.exit(2);
}
// Beside the repository root, so paths relative to the bench files still resolve.
const outfile = `.tmp/bench-${name}.mjs`;
await build({
  entryPoints: [`bench/${name}.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
