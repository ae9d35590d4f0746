#!/usr/bin/env bash
# Start-up A/B: time to the first 200 and where the CPU went until then. Fresh JVM per
# configuration and round, interleaved in an order that rotates every round; at the first 200,
# the CPU of the whole JVM, of its main thread and of its JIT compiler threads (from /proc).
# Medians per configuration, and their difference from the first configuration. The main
# thread's CPU shows the agent's own start-up work (premain, the class filter, Byte Buddy); the
# compiler threads' shows the JIT work it adds, which on a 2-core machine competes with the main
# thread.
#
#   ROUNDS=10 benchmarks/overhead/startup-ab.sh \
#       "none=" "agent=-javaagent:agent/target/reqtrace-agent.jar=exporter=none"
#
# Environment: APP (demo-app/target/reqtrace-demo.jar), STARTUP_PATH (/owners/1), ROUNDS (10),
# JVM_OPTS (-Xmx512m). The app gets -Dport=<free port>. Needs curl and python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP=${APP:-$ROOT/demo-app/target/reqtrace-demo.jar}
STARTUP_PATH=${STARTUP_PATH:-/owners/1} ROUNDS=${ROUNDS:-10} JVM_OPTS=${JVM_OPTS:--Xmx512m}
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"; kill $(jobs -p) 2>/dev/null || true' EXIT

cpu_split() { # pid -> "jvm main jit" CPU milliseconds
  python3 - "$1" <<'PY'
import os, sys
pid, tick = sys.argv[1], os.sysconf('SC_CLK_TCK')
jvm = main = jit = 0
for task in os.listdir(f'/proc/{pid}/task'):
    try:
        stat = open(f'/proc/{pid}/task/{task}/stat').read()
    except OSError:
        continue  # a thread that ended meanwhile
    name = stat[stat.index('(') + 1:stat.rindex(')')]
    fields = stat[stat.rindex(')') + 2:].split()
    ms = (int(fields[11]) + int(fields[12])) * 1000 // tick
    jvm += ms
    if name in ('java', 'DestroyJavaVM'):
        main += ms
    elif 'Compiler' in name:
        jit += ms
print(jvm, main, jit)
PY
}

configs=("$@")
for round in $(seq 1 "$ROUNDS"); do
  # The order rotates every round: a configuration always started right after the same other one
  # (still exiting, its files just read) would carry that neighbour in its figure.
  for i in "${!configs[@]}"; do
    config=${configs[$(( (i + round - 1) % ${#configs[@]} ))]}
    name=${config%%=*} flags=${config#*=}
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    java $JVM_OPTS $flags -Dport="$port" -jar "$APP" >/dev/null 2>&1 &
    pid=$!
    deadline=$((SECONDS + 180))
    until curl -sf -o /dev/null "http://127.0.0.1:$port$STARTUP_PATH"; do
      if ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
        echo "startup-ab: $name did not answer $STARTUP_PATH" >&2
        exit 1
      fi
      sleep 0.01
    done
    wall=$((($(date +%s%N) - start) / 1000000))
    line="$name $wall $(cpu_split "$pid")"
    echo "round $round: $line (wall jvm main jit, ms)"
    echo "$line" >> "$RESULTS"
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done

python3 - "$RESULTS" <<'PY'
import collections, statistics, sys
runs = collections.OrderedDict()
for line in open(sys.argv[1]):
    name, *values = line.split()
    runs.setdefault(name, []).append([int(v) for v in values])
base = None
print(f"{'configuration':<16}{'runs':>5}{'to first 200':>18}{'JVM CPU':>18}{'main thread':>18}{'JIT threads':>18}")
for name, rows in runs.items():
    medians = [statistics.median(r[i] for r in rows) for i in range(4)]
    base = base or medians
    cells = ''.join(f"{m:>9.0f} ({m - b:+6.0f})" for m, b in zip(medians, base))
    print(f"{name:<16}{len(rows):>5}{cells}")
PY
