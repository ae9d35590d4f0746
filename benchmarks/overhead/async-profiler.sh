#!/usr/bin/env bash
# Prints the path of async-profiler's native library, fetching it first if need be: from Maven
# Central (tools.profiler:async-profiler, whose linux-x64 jar carries the library) into
# benchmarks/target/async-profiler, so nothing comes from anywhere else. steady-profile.sh and
# pair-ab.sh (PROFILE=DIR) call it when AP_LIB is not set.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=4.1
DIR="$ROOT/benchmarks/target/async-profiler"
LIB="$DIR/linux-x64/libasyncProfiler.so"
if [ ! -f "$LIB" ]; then
  [ "$(uname -sm)" = "Linux x86_64" ] || { echo "async-profiler.sh: only linux-x64 is fetched here" >&2; exit 1; }
  mkdir -p "$DIR"
  mvn -q -B -f "$ROOT/benchmarks/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    -Dartifact="tools.profiler:async-profiler:$VERSION:jar:linux-x64" -DoutputDirectory="$DIR" >&2 \
    || { echo "async-profiler.sh: could not fetch tools.profiler:async-profiler:$VERSION" >&2; exit 1; }
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
    "$DIR/async-profiler-$VERSION-linux-x64.jar" "$DIR"
  [ -f "$LIB" ] || { echo "async-profiler.sh: $LIB not in the fetched jar" >&2; exit 1; }
fi
echo "$LIB"
