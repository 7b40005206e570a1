#!/usr/bin/env bash
# Runs every test on a fresh machine: installs exactly the locked dependencies, then checks
# style, types and the build (server and dashboard), finds or installs Chromium for the
# browser tests, then runs the whole suite (which starts its own Postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> npm ci"
npm ci --no-audit --no-fund

echo "==> lint and format"
npm run --silent lint

echo "==> typecheck"
npm run --silent typecheck

echo "==> build"
npm run --silent build

echo "==> browser"
bash scripts/ensure-chromium.sh

echo "==> tests"
npm test
