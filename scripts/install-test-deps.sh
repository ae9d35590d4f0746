#!/usr/bin/env bash
# Installs and checks everything the test suite needs on a fresh machine, and fails loudly when
# something cannot be had: a test that needs a service must never skip because it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "install-test-deps: $*" >&2; exit 1; }

apt_install() {
  [ "$(id -u)" = 0 ] || fail "need root to apt-get install $*"
  if [ -z "${APT_UPDATED:-}" ]; then
    apt-get update -qq >/dev/null || fail "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || fail "apt-get install $* failed"
}

command -v java >/dev/null || fail "java (JDK 17) not found"
java -version 2>&1 | grep -q '"17\.' || fail "the default java must be JDK 17: $(java -version 2>&1 | head -1)"
command -v mvn >/dev/null || fail "maven not found"
JDK25="${IT_JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JDK25/bin/java" ] || fail "JDK 25 not found at $JDK25 (set IT_JDK25_HOME)"

command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
command -v chromium >/dev/null && command -v chromedriver >/dev/null || apt_install chromium chromium-driver
# The overhead scripts of benchmarks/overhead, which OverheadScriptsIT runs: load, polling, tables.
command -v wrk >/dev/null || apt_install wrk
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3

# The Etsy StatsD daemon and the OTLP receiver, pinned in tools/package-lock.json.
if [ ! -f tools/node_modules/statsd/stats.js ] || [ ! -d tools/node_modules/@elastic/mockotlpserver ]; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in tools/ failed"
fi
[ -f tools/node_modules/statsd/stats.js ] || fail "statsd daemon missing after npm ci"
[ -f tools/node_modules/@elastic/mockotlpserver/lib/cli.js ] || fail "mockotlpserver missing after npm ci"
echo "install-test-deps: java 17, JDK 25 ($JDK25), maven, node $(node --version), chromium, wrk, curl, python3, statsd, mockotlpserver ready"
