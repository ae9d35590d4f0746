#!/usr/bin/env bash
# The README's test command: installs what the tests need, then builds and runs every test
# (unit tests, then integration tests forking real JVMs with the agent on JDK 17 and JDK 25).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
exec mvn -B -ntp verify "$@"
