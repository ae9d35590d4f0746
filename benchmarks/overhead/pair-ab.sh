#!/usr/bin/env bash
# Concurrent A/B of two configurations: each round starts one fresh JVM of each, loads both at the
# same time with a wrk of their own, and reads each JVM's CPU per request over the same window.
# On this 2-vCPU VM the machine's own speed moves by ±15% from minute to minute; run one after the
# other (steady-ab.sh), those minutes land on one configuration, and `none` alone spread
# 129–182 µs per request over five rounds. Run side by side, a slow minute slows both. Both JVMs
# share the two CPUs (and their caches), so each runs at about half its single-JVM throughput;
# what is compared is CPU per request, which does not depend on the share.
#
#   ROUNDS=8 benchmarks/overhead/pair-ab.sh "none=-Xmx512m" \
#       "agent=-Xmx512m -javaagent:agent/target/reqtrace-agent.jar=exporter=none"
#
# Environment: APP (demo-app/target/reqtrace-demo.jar), PATHS (/owners/1,/owners), ROUNDS (8),
# WARM (45 s: both JVMs share the CPUs, so C2 takes longer than alone), MEAS (20 s). Which JVM
# starts first alternates by round. Prints each round, then the medians and the round-by-round
# ratio B/A. Needs wrk and python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP=${APP:-$ROOT/demo-app/target/reqtrace-demo.jar}
ROUNDS=${ROUNDS:-8} WARM=${WARM:-45} MEAS=${MEAS:-20} PATHS=${PATHS:-/owners/1,/owners}
[ $# -eq 2 ] || { echo "usage: pair-ab.sh LABEL=JVM-OPTIONS LABEL=JVM-OPTIONS" >&2; exit 2; }
labels=("${1%%=*}" "${2%%=*}")
options=("${1#*=}" "${2#*=}")
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
results="$TMP/results"

load() { # seconds port... -> one wrk per port, at the same time; prints "requests" per port
  local seconds=$1; shift
  local port clients=()
  for port in "$@"; do
    WRK_PATHS=$PATHS wrk -t1 -c8 -d"${seconds}s" -s "$HERE/paths.lua" "http://127.0.0.1:$port/" \
      > "$TMP/wrk-$port" &
    clients+=($!)
  done
  wait "${clients[@]}"
  for port in "$@"; do
    awk '/requests in/ {print $1}' "$TMP/wrk-$port"
  done
}

for round in $(seq 1 "$ROUNDS"); do
  pids=() ports=()
  for k in 0 1; do
    i=$(( (k + round) % 2 ))
    port=$(python3 "$HERE/helpers.py" freeport tcp)
    read -r -a opts <<< "${options[$i]}"
    java "${opts[@]}" -Dport="$port" -jar "$APP" > "$TMP/${labels[$i]}-$round.log" 2>&1 &
    pids[$i]=$! ports[$i]=$port
    python3 "$HERE/helpers.py" wait-ready "${pids[$i]}" "http://127.0.0.1:$port${PATHS%%,*}" \
      "$(date +%s%N)" 180 > /dev/null
  done
  load "$WARM" "${ports[0]}" "${ports[1]}" > /dev/null
  before=($(python3 "$HERE/helpers.py" cpu "${pids[0]}") $(python3 "$HERE/helpers.py" cpu "${pids[1]}"))
  requests=($(load "$MEAS" "${ports[0]}" "${ports[1]}"))
  after=($(python3 "$HERE/helpers.py" cpu "${pids[0]}") $(python3 "$HERE/helpers.py" cpu "${pids[1]}"))
  kill "${pids[0]}" "${pids[1]}"
  wait "${pids[0]}" "${pids[1]}" 2>/dev/null || true
  tick=$(getconf CLK_TCK)
  line=$(python3 -c '
import sys
b0, b1, a0, a1, r0, r1, tick = map(int, sys.argv[1:])
us = lambda ticks, req: ticks / tick / max(req, 1) * 1e6
print(f"{us(a0 - b0, r0):.1f} {us(a1 - b1, r1):.1f} {r0} {r1}")' \
    "${before[0]}" "${before[1]}" "${after[0]}" "${after[1]}" "${requests[0]}" "${requests[1]}" "$tick")
  echo "round $round $line" | tee -a "$results"
done
python3 - "$results" "${labels[0]}" "${labels[1]}" <<'PY'
import statistics, sys
rows = [line.split()[2:] for line in open(sys.argv[1])]
a = [float(r[0]) for r in rows]
b = [float(r[1]) for r in rows]
ratio = [y / x for x, y in zip(a, b)]
la, lb = sys.argv[2], sys.argv[3]
print(f"| round | `{la}` µs CPU/request | `{lb}` µs CPU/request | `{lb}` − `{la}` | `{la}` ÷ `{lb}` (throughput per CPU) |")
print("|---|---|---|---|---|")
for i, (x, y) in enumerate(zip(a, b), 1):
    print(f"| {i} | {x:.1f} | {y:.1f} | {y - x:+.1f} | {x / y:.1%} |")
print(f"| median | {statistics.median(a):.1f} | {statistics.median(b):.1f} | "
      f"{statistics.median([y - x for x, y in zip(a, b)]):+.1f} | {statistics.median([1 / r for r in ratio]):.1%} |")
PY
