#!/usr/bin/env bash
# The agent's logging-context work per request (RequestScope.start and the activation's restore)
# in a loop, with Spring Boot's default logging on the class path (Logback behind SLF4J, Log4j's
# API over SLF4J through log4j-to-slf4j): CPU ns and bytes allocated per request, for one or more
# agent jars, in interleaved runs of one fresh JVM each. Per run the best round's CPU (the JIT's
# steady state; rounds of one JVM differ by the machine's moment) and its allocation.
#
#   ROUNDS=3 benchmarks/overhead/mdc-loop.sh "before=/tmp/old-agent.jar" \
#       "after=agent/target/reqtrace-agent.jar"
#
# Only the agent's unshaded bootstrap classes are used from each jar, unless AGENT=1: then each
# JVM runs the jar as its -javaagent (exporter none) and every request also ends, so the agent's
# side of the end is in the figure (route naming, the reports' checks, the active-request count).
# Environment: AGENT (0), ROUNDS (3 interleaved runs), MEASURED (4 measured rounds per run),
# PER_ROUND (2000000 requests), REQUEST_PATH (/owners/1). The logging jars come from Maven Central
# (the versions of the root pom) through the local repository.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${ROUNDS:-3} MEASURED=${MEASURED:-4} PER_ROUND=${PER_ROUND:-2000000}
AGENT=${AGENT:-0} REQUEST_PATH=${REQUEST_PATH:-/owners/1}
[ $# -gt 0 ] || { echo "usage: mdc-loop.sh label=agent.jar..." >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
LOGBACK=$(property logback.version) SLF4J=$(property slf4j.version) LOG4J=$(property log4j.version)
for artifact in "ch.qos.logback:logback-classic:$LOGBACK" "ch.qos.logback:logback-core:$LOGBACK" \
    "org.slf4j:slf4j-api:$SLF4J" "org.apache.logging.log4j:log4j-api:$LOG4J" \
    "org.apache.logging.log4j:log4j-to-slf4j:$LOG4J"; do
  mvn -q -B -f "$ROOT/benchmarks/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    -Dartifact="$artifact" -DoutputDirectory="$WORK/lib" >&2 \
    || { echo "mdc-loop.sh: could not fetch $artifact" >&2; exit 1; }
done
LIB=$(printf '%s:' "$WORK"/lib/*.jar)

for config in "$@"; do
  jar=${config#*=}
  [ -f "$jar" ] || { echo "mdc-loop.sh: no agent jar $jar" >&2; exit 1; }
  # A rebuild mid-run changes nothing; the copy keeps the jar's name, which its Boot-Class-Path
  # names (README "Installing").
  mkdir -p "$WORK/${config%%=*}"
  cp "$jar" "$WORK/${config%%=*}/reqtrace-agent.jar"
done
javac -d "$WORK/classes" -cp "$LIB$WORK/${1%%=*}/reqtrace-agent.jar" "$HERE/MdcLoop.java"

RESULTS="$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for config in "$@"; do
    name=${config%%=*}
    agent=() mode=restore
    [ "$AGENT" = 1 ] && agent=("-javaagent:$WORK/$name/reqtrace-agent.jar=exporter=none") mode=end
    best=$(java -Xmx256m "${agent[@]}" -cp "$WORK/classes:$LIB$WORK/$name/reqtrace-agent.jar" MdcLoop \
      "$MEASURED" "$PER_ROUND" "$mode" "$REQUEST_PATH" | sort -n | head -1)
    echo "run $round: $name $best (ns, B per request)"
    echo "$name $best" >> "$RESULTS"
  done
done

python3 - "$RESULTS" <<'PY'
import collections, statistics, sys
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, ns, b = line.split()
    runs.setdefault(name, []).append((float(ns), float(b)))
print(f"{'agent':<16}{'runs':>5}{'CPU ns':>10}{'range':>18}{'B':>8}")
for name, rows in runs.items():
    ns = [r[0] for r in rows]
    print(f"{name:<16}{len(rows):>5}{statistics.median(ns):>10.1f}"
          f"{f'{min(ns):.0f}-{max(ns):.0f}':>18}{statistics.median(r[1] for r in rows):>8.0f}")
PY
