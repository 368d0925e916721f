#!/usr/bin/env bash
# Installs everything jitfarm needs on Debian 12 and builds it. Run as root on a fresh machine;
# run again at any time: it only installs what is missing, so it is quick when all is there.
#   scripts/setup.sh             install + build
#   scripts/setup.sh --no-build  install only (the test script builds as part of the tests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=1
[ "${1:-}" = "--no-build" ] && build=0

# Debian packages: the JDK and Maven build the project; Node runs the harness page's unit tests and
# npm fetches the baselines; Chromium and its driver are the browser under test (tools may not
# download browsers here); InfluxDB 1.6 stores metrics; wabt validates generated WebAssembly; clang and
# lld are the conventional C-to-Wasm pipeline that the JIT's compile cost is compared against.
packages=(openjdk-17-jdk-headless maven chromium chromium-driver influxdb influxdb-client wabt clang lld)
# Node and npm may come from elsewhere than Debian; a working pair on the PATH is enough.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: these packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The harness page's npm packages (baselines such as ONNX Runtime Web), served locally, never from a CDN.
if [ -f harness-page/package.json ]; then
  if [ ! -d harness-page/node_modules ] || [ harness-page/package-lock.json -nt harness-page/node_modules ]; then
    (cd harness-page && npm ci --no-audit --no-fund)
  fi
fi

# The npm packages that check the Grafana dashboards: @grafana/schema and the schema generator.
if [ -f dashboards/package.json ]; then
  if [ ! -d dashboards/node_modules ] || [ dashboards/package-lock.json -nt dashboards/node_modules ]; then
    (cd dashboards && npm ci --no-audit --no-fund)
  fi
fi

if [ "$build" = 1 ]; then
  echo "setup: building (mvn install, tests skipped)"
  mvn -B -q --no-transfer-progress -Dstyle.color=never -DskipTests install
  echo "setup: done; the CLI is bin/jitfarm"
fi
