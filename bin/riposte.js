#!/usr/bin/env node
// The `riposte` command. The CLI is compiled to dist/ by `npm run build` (npm start does it).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Host errors only; user mistakes are reported by the commands themselves.
    console.error(`riposte: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
