/**
 * The `riposte` command from source: `node --import tsx src/cli/bin.ts start` runs what
 * `node bin/riposte.js start` runs from the build (tests use it, so they need no build).
 */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Host errors only; user mistakes are reported by the commands themselves.
    process.stderr.write(`riposte: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
