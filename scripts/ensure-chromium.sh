#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through playwright-core (a test tool's own
# browser download cannot work here). Find it, or install it with apt; say clearly if not.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "The browser tests need Chromium at /usr/bin/chromium: install Debian's 'chromium' package (apt-get install chromium) as root." >&2
    exit 1
  fi
fi
echo "==> installing Debian's chromium (apt)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium did not install at /usr/bin/chromium; the browser tests cannot run." >&2
  exit 1
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
