#!/usr/bin/env bash
# npm run test:system — suites that need Debian packages. Each suite starts its own servers
# (PostgreSQL, Orthanc, the hub, Chromium) on free loopback ports and stops them after.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision.sh
export TELEREAD_TESTDATA="${TELEREAD_TESTDATA:-$(cd .. && pwd)/shared/data}"
if [ ! -d "$TELEREAD_TESTDATA" ]; then
  echo "test data not found at $TELEREAD_TESTDATA (set TELEREAD_TESTDATA)" >&2
  exit 1
fi
# The browser suites serve the web build.
npx vite build --logLevel warn
npx vitest run --project system "$@"
