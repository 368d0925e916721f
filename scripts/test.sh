#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing (scripts/setup.sh), then builds and tests every
# module with Maven (JUnit 5), the harness page's Node tests where it has them, and the dashboards' schema
# checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --no-build
mvn -B --no-transfer-progress install
if compgen -G "harness-page/web/test/*.test.mjs" >/dev/null; then
  node --test harness-page/web/test/
fi
node --test dashboards/test/
