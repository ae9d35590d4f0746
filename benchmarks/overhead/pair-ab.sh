#!/usr/bin/env bash
# Concurrent A/B (or A/B/C...) of JVM configurations: each round starts one fresh JVM of each, loads
# them all at the same time with a wrk of their own, and reads each JVM's CPU per request over the
# same window. On this 2-vCPU VM the machine's own speed moves by ±15% from minute to minute; run
# one after the other (steady-ab.sh), those minutes land on one configuration, and `none` alone
# spread 129–182 µs per request over five rounds. Run side by side, a slow minute slows all. The
# JVMs share the two CPUs (and their caches), so each runs at a fraction of its single-JVM
# throughput; what is compared is CPU per request, which does not depend on the share.
#
#   ROUNDS=8 benchmarks/overhead/pair-ab.sh "none=-Xmx512m" \
#       "agent=-Xmx512m -javaagent:agent/target/reqtrace-agent.jar=exporter=none"
#
# Every configuration after the first is compared with the first. Environment: APP
# (demo-app/target/reqtrace-demo.jar), PATHS (/owners/1,/owners), ROUNDS (8), WARM (45 s: the JVMs
# share the CPUs, so C2 takes longer than alone), MEAS (20 s). The start order rotates by round.
# Prints each round, then two tables of medians and per-round ratios: with all the JVM's threads,
# and without its JIT compiler threads. The JIT's CPU is warm-up that ends some time; on the Spring
# Boot JPA app it was still ~100 µs per request after 40 s of load (of ~600 µs), and differed by
# run. Needs wrk and python3. With PROFILE=DIR, async-profiler (AP_LIB, as for steady-profile.sh)
# samples every JVM's CPU over the measured window, into DIR/LABEL-ROUND.collapsed and .requests,
# the input of profile-split.py.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP=${APP:-$ROOT/demo-app/target/reqtrace-demo.jar}
ROUNDS=${ROUNDS:-8} WARM=${WARM:-45} MEAS=${MEAS:-20} PATHS=${PATHS:-/owners/1,/owners}
[ $# -ge 2 ] || { echo "usage: pair-ab.sh LABEL=JVM-OPTIONS LABEL=JVM-OPTIONS [LABEL=JVM-OPTIONS...]" >&2; exit 2; }
labels=() options=()
for config in "$@"; do
  labels+=("${config%%=*}") options+=("${config#*=}")
done
n=$#
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
results="$TMP/results"
if [ -n "${PROFILE:-}" ]; then
  AP_LIB=${AP_LIB:-$("$HERE/async-profiler.sh")}
  [ -f "$AP_LIB" ] || { echo "pair-ab.sh: no async-profiler at $AP_LIB" >&2; exit 1; }
  mkdir -p "$PROFILE"
fi

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

profile() { # start|stop: async-profiler on every JVM of the round, when PROFILE is set
  [ -n "${PROFILE:-}" ] || return 0
  local i file
  for i in "${!pids[@]}"; do
    file="$PROFILE/${labels[$i]}-$round.collapsed"
    # jcmd splits a bare argument at '=': the options go quoted, as one token.
    jcmd "${pids[$i]}" JVMTI.agent_load "$AP_LIB" \
      "\"$1,event=cpu,interval=1ms,threads,collapsed,file=$file\"" > /dev/null
  done
}

cpu_all() { # pid... -> "<process ticks> <JIT compiler thread ticks>" per pid, on one line
  local pid
  for pid in "$@"; do
    python3 "$HERE/helpers.py" cpu-split "$pid"
  done | tr '\n' ' '
}

for round in $(seq 1 "$ROUNDS"); do
  pids=() ports=()
  for k in $(seq 0 $((n - 1))); do
    i=$(( (k + round) % n ))
    port=$(python3 "$HERE/helpers.py" freeport tcp)
    read -r -a opts <<< "${options[$i]}"
    # A fixed set of compiler threads, so that their CPU can be told apart (helpers.py cpu-split).
    java -XX:-UseDynamicNumberOfCompilerThreads "${opts[@]}" -Dport="$port" -jar "$APP" \
      > "$TMP/${labels[$i]}-$round.log" 2>&1 &
    pids[$i]=$! ports[$i]=$port
    python3 "$HERE/helpers.py" wait-ready "${pids[$i]}" "http://127.0.0.1:$port${PATHS%%,*}" \
      "$(date +%s%N)" 180 > /dev/null
  done
  load "$WARM" "${ports[@]}" > /dev/null
  profile start
  before=$(cpu_all "${pids[@]}")
  requests=$(load "$MEAS" "${ports[@]}" | tr '\n' ' ')
  after=$(cpu_all "${pids[@]}")
  profile stop
  kill "${pids[@]}"
  wait "${pids[@]}" 2>/dev/null || true
  # Per JVM: all its CPU per request, and the same without its JIT compiler threads.
  line=$(python3 -c '
import sys
n, tick = int(sys.argv[1]), int(sys.argv[2])
before, after, requests = (list(map(int, a.split())) for a in sys.argv[3:6])
cells = []
for i in range(n):
    ticks = after[2 * i] - before[2 * i]
    jit = after[2 * i + 1] - before[2 * i + 1]
    us = lambda t: t / tick / max(requests[i], 1) * 1e6
    cells.append(f"{us(ticks):.1f}/{us(ticks - jit):.1f}/{requests[i]}")
print(" ".join(cells))' "$n" "$(getconf CLK_TCK)" "$before" "$after" "$requests")
  echo "round $round $line" | tee -a "$results"
  if [ -n "${PROFILE:-}" ]; then # the requests of each profile, for profile-split.py
    read -r -a counts <<< "$requests"
    for i in "${!pids[@]}"; do echo "${counts[$i]}" > "$PROFILE/${labels[$i]}-$round.requests"; done
  fi
done
python3 - "$results" "${labels[@]}" <<'PY'
import statistics, sys
labels = sys.argv[2:]
rows = [[cell.split("/") for cell in line.split()[2:]] for line in open(sys.argv[1])]
for title, k in (("all threads", 0), ("without the JIT compiler threads", 1)):
    print(f"\nµs CPU per request, {title}:\n")
    print("| round | " + " | ".join(f"`{l}`" for l in labels) + " | "
          + " | ".join(f"`{l}` − `{labels[0]}`" for l in labels[1:]) + " |")
    print("|---" * (2 * len(labels)) + "|")
    values = [[float(cell[k]) for cell in row] for row in rows]
    for r, v in enumerate(values, 1):
        print(f"| {r} | " + " | ".join(f"{x:.1f}" for x in v) + " | "
              + " | ".join(f"{x - v[0]:+.1f}" for x in v[1:]) + " |")
    med = [statistics.median(v[i] for v in values) for i in range(len(labels))]
    diff = [statistics.median(v[i] - v[0] for v in values) for i in range(1, len(labels))]
    ratio = [statistics.median(v[0] / v[i] for v in values) for i in range(1, len(labels))]
    print("| median | " + " | ".join(f"{x:.1f}" for x in med) + " | "
          + " | ".join(f"{d:+.1f} ({q:.1%})" for d, q in zip(diff, ratio)) + " |")
print(f"\n(In the median row, each difference is the median of the rounds' differences, and in"
      f" brackets the median of the rounds' ratios `{labels[0]}` ÷ other: throughput per CPU"
      f" relative to `{labels[0]}`.)")
PY
