#!/usr/bin/env bash
# Where a configuration's CPU per request goes in steady state: start the application, run wrk for
# WARM seconds, then profile MEAS seconds of wrk with async-profiler (cpu, attached with jcmd), and
# print µs of CPU per request by category (the agent's code, GC/VM, JIT, and the application's code
# by the package of its innermost frame outside the JDK). See benchmarks/README.md.
#
#   benchmarks/overhead/steady-profile.sh LABEL [JVM options...]
#   env: APP (demo jar), PATHS (/owners/1,/owners), WARM (60), MEAS (30), AP_LIB (async-profiler's
#        libasyncProfiler.so; unset: async-profiler.sh fetches it from Maven Central once), OUT
#        (benchmarks/target/steady)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LABEL=${1:?usage: steady-profile.sh LABEL [JVM options...]}; shift
APP=${APP:-$ROOT/demo-app/target/reqtrace-demo.jar}
PATHS=${PATHS:-/owners/1,/owners}
WARM=${WARM:-60} MEAS=${MEAS:-30}
OUT=${OUT:-$ROOT/benchmarks/target/steady}
AP_LIB=${AP_LIB:-$("$HERE/async-profiler.sh")}
[ -f "$AP_LIB" ] || { echo "steady-profile.sh: no async-profiler at $AP_LIB" >&2; exit 1; }
mkdir -p "$OUT"
PY=$(python3 -c 'import sys; print(sys.executable)')
port=$("$PY" "$HERE/helpers.py" freeport tcp)
t0=$(date +%s%N)
java "$@" -Dport="$port" -jar "$APP" > "$OUT/$LABEL.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
"$PY" "$HERE/helpers.py" wait-ready "$pid" "http://127.0.0.1:$port${PATHS%%,*}" "$t0" 180 > /dev/null
WRK_PATHS=$PATHS wrk -t2 -c16 -d"${WARM}s" -s "$HERE/paths.lua" "http://127.0.0.1:$port/" > /dev/null
collapsed="$OUT/$LABEL.collapsed"
# jcmd splits a bare argument at '=': the options go quoted, as one token.
jcmd "$pid" JVMTI.agent_load "$AP_LIB" "\"start,event=cpu,interval=1ms,threads,collapsed,file=$collapsed\"" > /dev/null
requests=$(WRK_PATHS=$PATHS wrk -t2 -c16 -d"${MEAS}s" -s "$HERE/paths.lua" "http://127.0.0.1:$port/" \
  | awk '/requests in/ {print $1}')
jcmd "$pid" JVMTI.agent_load "$AP_LIB" "\"stop,collapsed,file=$collapsed\"" > /dev/null
echo "$requests" > "$OUT/$LABEL.requests"
"$PY" "$HERE/profile-split.py" "$OUT/$LABEL"
