#!/usr/bin/env bash
# Advisory static analysis of the Electron shell (DOMAIN.md §7.3). Findings are for review, never a
# red build: Electronegativity cannot see through spreads or injected dependencies, and the guards
# are unit-tested in electron/**/*.test.ts. Output: test-results/electronegativity.sarif.
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
npx --yes @doyensec/electronegativity@1.10.3 -i electron -e 41.0.0 -x AvailableSecurityFixesGlobalCheck -o test-results/electronegativity.sarif -v false || true
