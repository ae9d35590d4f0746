#!/usr/bin/env bash
# Per-thread CPU A/B: where a configuration's extra CPU per request goes (request threads, GC,
# JIT, the agent's own threads). Fresh JVM per configuration and round, interleaved; after a
# warm-up, CPU of every thread (from /proc) over a measured wrk window, per request, grouped by
# thread name. Found the weak-reference cost of JDBC statement records (GC threads +13 µs/request).
#
#   ROUNDS=3 WARM=30 MEAS=15 benchmarks/overhead/threads-ab.sh \
#       "none=" "agent=-javaagent:agent/target/reqtrace-agent.jar=exporter=none"
#
# Environment: APP (demo-app/target/reqtrace-demo.jar), PATHS (/owners/1,/owners), ROUNDS, WARM,
# MEAS (seconds). The app gets -Dport=<free port>. Needs wrk and python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP=${APP:-$ROOT/demo-app/target/reqtrace-demo.jar}
ROUNDS=${ROUNDS:-3} WARM=${WARM:-30} MEAS=${MEAS:-15} PATHS=${PATHS:-/owners/1,/owners}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; kill $(jobs -p) 2>/dev/null || true' EXIT

thread_cpu() { # pid -> "group<TAB>ticks" lines, sorted
  python3 - "$1" <<'PY'
import collections, os, re, sys
pid = sys.argv[1]
ticks = collections.Counter()
for task in os.listdir(f'/proc/{pid}/task'):
    try:
        stat = open(f'/proc/{pid}/task/{task}/stat').read()
    except OSError:
        continue
    name = stat[stat.index('(') + 1:stat.rindex(')')]
    fields = stat[stat.rindex(')') + 2:].split()
    group = re.sub(r'\d+', 'N', re.sub(r'[-#]?\d+$', '', name))
    ticks[group] += int(fields[11]) + int(fields[12])
for group, value in sorted(ticks.items()):
    print(f'{group}\t{value}')
PY
}

for round in $(seq 1 "$ROUNDS"); do
  for config in "$@"; do
    name=${config%%=*} flags=${config#*=}
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    # shellcheck disable=SC2086
    java -Xmx512m $flags -Dport="$port" -jar "$APP" > "$TMP/app-$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 600); do
      curl -sf -o /dev/null "http://127.0.0.1:$port${PATHS%%,*}" && break
      sleep 0.1
    done
    WRK_PATHS=$PATHS wrk -t2 -c16 -d"${WARM}s" -s "$HERE/paths.lua" "http://127.0.0.1:$port/" > /dev/null
    thread_cpu "$pid" > "$TMP/before"
    requests=$(WRK_PATHS=$PATHS wrk -t2 -c16 -d"${MEAS}s" -s "$HERE/paths.lua" "http://127.0.0.1:$port/" \
      | sed -n 's/.*WRK_JSON {"requests":\([0-9]*\).*/\1/p')
    thread_cpu "$pid" > "$TMP/after"
    echo "round $round $name: $((requests / MEAS)) req/s"
    # Clock ticks are 10 ms: µs per request = ticks * 10000 / requests.
    join -t $'\t' -a2 -e0 -o 0,1.2,2.2 "$TMP/before" "$TMP/after" | awk -F'\t' -v n="$requests" \
      '{ d = $3 - $2; if (d > 0) { printf "  %-28s %7.1f µs/request\n", $1, d * 10000 / n; t += d } }
       END { printf "  %-28s %7.1f µs/request\n", "all threads", t * 10000 / n }'
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
