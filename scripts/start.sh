#!/usr/bin/env bash
# The main job on a fresh machine: install if needed, build (server and dashboard), start
# Riposte with the embedded WhatsApp emulator, the example canvas and a first API key.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build
exec node bin/riposte.js start "$@"
