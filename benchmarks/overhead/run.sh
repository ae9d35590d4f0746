#!/usr/bin/env bash
# Overhead harness: one application jar, several agent configurations, run interleaved round by
# round on loopback; medians and spread go to a markdown table. See benchmarks/README.md.
#
#   benchmarks/overhead/run.sh --app demo-app/target/reqtrace-demo.jar --name demo \
#       --paths /owners/1,/owners [--rounds 5] [--warmup 5] [--duration 10]
#
# Configurations (--configs, comma list, default all):
#   none             the application alone
#   reqtrace-none    reqtrace, exporter none (request IDs, spans, reports; nothing exported)
#   reqtrace-statsd  reqtrace, exporter statsd to a real statsd daemon (npm statsd, console backend)
#   reqtrace-otlp    reqtrace, exporter otlp to a real receiver (npm @elastic/mockotlpserver)
#   otel-none        OpenTelemetry Java agent, traces/metrics/logs exporters none
#   otel-otlp        OpenTelemetry Java agent, traces and metrics over OTLP/HTTP to the same receiver
# Everything listens on 127.0.0.1; every process started here is killed on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
HELP="$HERE/helpers.py"
# The interpreter itself, not a version-manager shim that costs a fork and 100 ms per call.
PY=$(python3 -c 'import sys; print(sys.executable)')
OTEL_VERSION=2.33.1
OTEL_JAR="$ROOT/benchmarks/target/otel/opentelemetry-javaagent-$OTEL_VERSION.jar"
ALL_CONFIGS=none,reqtrace-none,reqtrace-statsd,reqtrace-otlp,otel-none,otel-otlp

APP= NAME= PATHS= ROUNDS=5 WARMUP=5 DURATION=10 THREADS=2 CONNECTIONS=16
CONFIGS=$ALL_CONFIGS PORT_PROPERTY=port JVM_OPTS="-Xmx512m" APP_ARGS= OUT= REPORT_ONLY=
AGENT="$ROOT/agent/target/reqtrace-agent.jar" AGENT_NOTE= STARTUP_TIMEOUT=180

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
  cat <<EOF
Options: --app JAR (required)  --paths /a,/b (required; the first is polled for start-up)
  --name NAME (default: jar name)  --rounds N (5)  --warmup S (5)  --duration S (10)
  --threads N (2)  --connections N (16)  --configs LIST ($ALL_CONFIGS)
  --port-property P (port: the app gets -DP=<free port>)  --jvm-opts "..." ("$JVM_OPTS")
  --app-args "..."  --agent JAR (agent/target/reqtrace-agent.jar)  --agent-note TEXT (how it
  was built, for the report; default: the tree's commit)  --out FILE
  (benchmarks/overhead/results-NAME.md)  --startup-timeout S (180)  --report-only
EOF
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --app) APP=$2; shift ;;
    --name) NAME=$2; shift ;;
    --paths) PATHS=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --configs) CONFIGS=$2; shift ;;
    --port-property) PORT_PROPERTY=$2; shift ;;
    --jvm-opts) JVM_OPTS=$2; shift ;;
    --app-args) APP_ARGS=$2; shift ;;
    --agent) AGENT=$2; shift ;;
    --agent-note) AGENT_NOTE=$2; shift ;;
    --out) OUT=$2; shift ;;
    --startup-timeout) STARTUP_TIMEOUT=$2; shift ;;
    --report-only) REPORT_ONLY=1 ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage 2 ;;
  esac
  shift
done
[ -n "$APP" ] && [ -n "$PATHS" ] || usage 2
NAME=${NAME:-$(basename "$APP" .jar)}
OUT=${OUT:-$HERE/results-$NAME.md}
WORK="$ROOT/benchmarks/target/overhead/$NAME"
RAW="$WORK/raw.jsonl"
META="$WORK/meta.json"
IFS=, read -r -a CONFIG_LIST <<< "$CONFIGS"
IFS=, read -r -a PATH_LIST <<< "$PATHS"

fail() { echo "run.sh: $*" >&2; exit 1; }
log() { echo "[overhead $(date +%H:%M:%S)] $*" >&2; }
has_config() { [[ ",$CONFIGS," == *",$1,"* ]]; }

if [ -n "$REPORT_ONLY" ]; then
  "$PY" "$HELP" report "$RAW" "$META" "$OUT"
  exit 0
fi

# ---- prerequisites ------------------------------------------------------------------------------
for tool in java jcmd python3 curl; do
  command -v "$tool" >/dev/null || fail "$tool not found"
done
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "wrk not found (apt-get install wrk)"
  log "installing wrk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
    || fail "apt-get install wrk failed"
fi
[ -f "$APP" ] || fail "application jar $APP not found"
if has_config reqtrace-none || has_config reqtrace-statsd || has_config reqtrace-otlp; then
  [ -f "$AGENT" ] || fail "$AGENT not found: cd $ROOT && mvn -q -pl agent -am package -DskipTests"
fi
if has_config reqtrace-statsd || has_config reqtrace-otlp || has_config otel-otlp; then
  command -v node >/dev/null || fail "node not found: bash scripts/install-test-deps.sh"
  [ -f "$ROOT/tools/node_modules/statsd/stats.js" ] \
    && [ -d "$ROOT/tools/node_modules/@elastic/mockotlpserver" ] \
    || fail "statsd/mockotlpserver missing in tools/node_modules: bash scripts/install-test-deps.sh"
fi
if { has_config otel-none || has_config otel-otlp; } && [ ! -f "$OTEL_JAR" ]; then
  log "fetching the OpenTelemetry Java agent $OTEL_VERSION from Maven Central"
  mvn -q -B -f "$ROOT/benchmarks/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy \
    -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION" \
    -DoutputDirectory="$ROOT/benchmarks/target/otel" || fail "could not fetch the OpenTelemetry agent"
fi
# Nothing from the caller's environment may configure one JVM and not another.
unset JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS _JAVA_OPTIONS
for v in $(env | awk -F= '/^(OTEL|REQTRACE)_/{print $1}'); do unset "$v"; done

rm -rf "$WORK"
mkdir -p "$WORK"
# A snapshot: other people rebuilding agent/target mid-run must not change what is measured.
cp "$AGENT" "$WORK/reqtrace-agent.jar"
AGENT_COPY="$WORK/reqtrace-agent.jar"
APP_ORIGINAL=$APP
if ! unzip -p "$APP" META-INF/MANIFEST.MF 2>/dev/null | grep -q '^Class-Path:'; then
  cp "$APP" "$WORK/app.jar" # self-contained: snapshot it too
  APP="$WORK/app.jar"
fi
CLK_TCK=$(getconf CLK_TCK)

# ---- processes, killed whatever happens ---------------------------------------------------------
APP_PID= WRK_PID= STATSD_PID= OTLP_PID=
stop_pid() { # pid, grace seconds
  local pid=$1 grace=$2 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$WRK_PID" 1; stop_pid "$APP_PID" 10; stop_pid "$STATSD_PID" 2; stop_pid "$OTLP_PID" 2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

STATSD_PORT= OTLP_URL=
if has_config reqtrace-statsd; then
  STATSD_PORT=$("$PY" "$HELP" freeport udp)
  mgmt=$("$PY" "$HELP" freeport tcp)
  # Flushing every 2 s keeps the daemon's console output (its proof of receipt) small and recent.
  cat > "$WORK/statsd-config.js" <<EOF
{ port: $STATSD_PORT, address: "127.0.0.1", mgmt_port: $mgmt, mgmt_address: "127.0.0.1",
  flushInterval: 2000, deleteIdleStats: true, backends: ["./backends/console"],
  console: { prettyprint: false } }
EOF
  node "$ROOT/tools/node_modules/statsd/stats.js" "$WORK/statsd-config.js" > "$WORK/statsd.log" 2>&1 &
  STATSD_PID=$!
  "$PY" "$HELP" wait-tcp 127.0.0.1 "$mgmt" 20
  log "statsd daemon on udp 127.0.0.1:$STATSD_PORT (pid $STATSD_PID)"
fi
if has_config reqtrace-otlp || has_config otel-otlp; then
  node "$HERE/otlp-receiver.js" "$ROOT/tools" "$WORK/otlp-counts.json" \
    > "$WORK/otlp.url" 2> "$WORK/otlp.log" &
  OTLP_PID=$!
  for _ in $(seq 200); do
    [ -s "$WORK/otlp.url" ] && break
    sleep 0.1
  done
  OTLP_URL=$(head -1 "$WORK/otlp.url")
  [ -n "$OTLP_URL" ] || fail "OTLP receiver did not start: $(cat "$WORK/otlp.log")"
  log "OTLP receiver at $OTLP_URL (pid $OTLP_PID)"
fi

agent_opts() {
  local svc="service=$NAME"
  case "$1" in
    none) ;;
    reqtrace-none) echo "-javaagent:$AGENT_COPY=exporter=none,$svc" ;;
    reqtrace-statsd) echo "-javaagent:$AGENT_COPY=exporter=statsd,statsd.host=127.0.0.1,statsd.port=$STATSD_PORT,$svc" ;;
    reqtrace-otlp) echo "-javaagent:$AGENT_COPY=exporter=otlp,otlp.endpoint=$OTLP_URL,$svc" ;;
    otel-none) echo "-javaagent:$OTEL_JAR -Dotel.service.name=$NAME -Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none" ;;
    # Same work as reqtrace-otlp: spans and metrics (every 10 s, reqtrace's interval), no log records.
    otel-otlp) echo "-javaagent:$OTEL_JAR -Dotel.service.name=$NAME -Dotel.exporter.otlp.endpoint=$OTLP_URL -Dotel.exporter.otlp.protocol=http/protobuf -Dotel.logs.exporter=none -Dotel.metric.export.interval=10000" ;;
    *) fail "unknown configuration $1 (known: $ALL_CONFIGS)" ;;
  esac
}

run_wrk() { # seconds, output file
  WRK_PATHS=$PATHS "$PY" "$HELP" wrk "$2" -t"$THREADS" -c"$CONNECTIONS" -d"$1s" --timeout 10s \
    --latency -s "$HERE/paths.lua" "$URL" &
  WRK_PID=$!
  wait "$WRK_PID" || true
  WRK_PID=
}

otlp_counts() { cat "$WORK/otlp-counts.json" 2>/dev/null || echo '{}'; }

declare -A SKIP
record() { # JSON object, appended to the raw results
  echo "$1" >> "$RAW"
}
record_note() { # config, round, key (skipped|invalid), text
  record "$("$PY" -c 'import json,sys; print(json.dumps({"config": sys.argv[1], "round": int(sys.argv[2]), sys.argv[3]: sys.argv[4]}))' "$@")"
}

run_one() { # config, round
  local config=$1 round=$2 base="$WORK/r$2-$1" port t0 startup startup_ticks stats procw c0 c1
  local wrkjson procend check="" invalid="" statsd_offset=0 otlp_before warns b0 b1 w0 w1 foreign
  local window_ms
  if [ -n "${SKIP[$config]:-}" ]; then
    return 0
  fi
  port=$("$PY" "$HELP" freeport tcp)
  URL="http://127.0.0.1:$port"
  [ -f "$WORK/statsd.log" ] && statsd_offset=$(stat -c %s "$WORK/statsd.log")
  otlp_before=$(otlp_counts)
  # shellcheck disable=SC2046,SC2086  # options are word lists by design
  t0=$(date +%s%N)
  java $JVM_OPTS $(agent_opts "$config") "-D$PORT_PROPERTY=$port" -jar "$APP" $APP_ARGS \
    > "$base.log" 2>&1 &
  APP_PID=$!
  if ! startup=$("$PY" "$HELP" wait-ready "$APP_PID" "$URL${PATH_LIST[0]}" "$t0" "$STARTUP_TIMEOUT" 2>"$base.ready"); then
    stop_pid "$APP_PID" 10; APP_PID=
    record_note "$config" "$round" invalid "$(cat "$base.ready") (see $base.log)"
    log "round $round $config: did not start: $(cat "$base.ready"); see $base.log"
    # What fails in the first round fails in every round: stop instead of timing out 5 × 6 times.
    [ "$round" -gt 1 ] || fail "giving up"
    return 0
  fi
  startup_ticks=$("$PY" "$HELP" cpu "$APP_PID")
  if [ "$config" = reqtrace-otlp ] \
      && grep -Eq "exporter otlp (is not available|not started)" "$base.log"; then
    SKIP[$config]="the OTLP exporter has not landed in this agent build ($(grep -Eo "exporter otlp (is not available in this build|not started.*)" "$base.log" | head -1))"
    record_note "$config" "$round" skipped "${SKIP[$config]}"
    log "round $round $config: skipped: ${SKIP[$config]}"
    stop_pid "$APP_PID" 10; APP_PID=
    return 0
  fi
  run_wrk "$WARMUP" "$base.warmup.txt"
  procl=$("$PY" "$HELP" proc "$APP_PID") # under load: before GC.run shrinks the heap
  stats=$("$PY" "$HELP" jcmd-stats "$APP_PID")
  procw=$("$PY" "$HELP" proc "$APP_PID")
  read -r w0 b0 c0 <<< "$("$PY" "$HELP" snap "$APP_PID")"
  run_wrk "$DURATION" "$base.wrk.txt"
  read -r w1 b1 c1 <<< "$("$PY" "$HELP" snap "$APP_PID")"
  # What neither this JVM nor wrk used in that window: other people's work, i.e. the noise.
  foreign=$(( (b1 - b0) - (c1 - c0) - $(sed -n 's/^WRK_CPU_TICKS //p' "$base.wrk.txt" || echo 0) ))
  window_ms=$(( (w1 - w0) / 1000000 ))
  procend=$("$PY" "$HELP" proc "$APP_PID")
  stop_pid "$APP_PID" 20; APP_PID=
  wrkjson=$(sed -n 's/^WRK_JSON //p' "$base.wrk.txt")
  if [ -z "$wrkjson" ]; then
    wrkjson='{"requests":0,"duration_us":1,"p50_us":0,"p99_us":0}'
    invalid="wrk printed no summary (see $base.wrk.txt)"
  elif ! "$PY" -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(1 if d["requests"]==0 or d["status_errors"] or d["connect_errors"] or d["read_errors"] or d["write_errors"] or d["timeouts"] else 0)' "$wrkjson"; then
    invalid="wrk saw errors or non-2xx responses: $wrkjson"
  fi
  case "$config" in
    reqtrace-statsd)
      sleep 2.5 # one daemon flush
      check="statsd daemon: $("$PY" "$HELP" statsd-received "$WORK/statsd.log" "$statsd_offset") metrics received in the last run" ;;
    reqtrace-otlp|otel-otlp)
      sleep 1
      check="OTLP receiver: $("$PY" -c 'import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); print(", ".join(f"{b.get(k,0)-a.get(k,0)} {k}" for k in ("spans","metrics","logs")) + " received in the last run")' "$otlp_before" "$(otlp_counts)")" ;;
  esac
  warns=$(grep -c "^\[reqtrace\].* \(WARN\|ERROR\) " "$base.log" || true)
  record "$("$PY" - "$config" "$round" "$startup" "$startup_ticks" "$stats" "$procl" "$procw" "$procend" \
      "$((c1 - c0))" "$CLK_TCK" "$wrkjson" "$check" "$invalid" "$warns" "$foreign" \
      "$(nproc)" "$window_ms" <<'EOF'
import json, sys
(config, rnd, startup, sticks, stats, procl, procw, procend, ticks, clk, wrk, check, invalid,
 warns, foreign, ncpu, window_ms) = sys.argv[1:]
run = {"config": config, "round": int(rnd), "startup_ms": int(startup),
       "startup_cpu_ms": int(sticks) * 1000 // int(clk), "cpu_ticks": int(ticks),
       "clk_tck": int(clk), "agent_warn_lines": int(warns)}
run.update(json.loads(stats))
run.update(json.loads(procw))
run["vmrss_load_kb"] = json.loads(procl)["vmrss_kb"]
run["vmhwm_end_kb"] = json.loads(procend)["vmhwm_kb"]
run.update(json.loads(wrk))
run["foreign_cpu_pct"] = round(100 * int(foreign) / (int(ncpu) * int(window_ms) / 1000 * int(clk)), 1)
if check:
    run["check"] = check
if invalid:
    run["invalid"] = invalid
print(json.dumps(run))
EOF
)"
  log "round $round $config: $(tail -1 "$RAW" | "$PY" "$HELP" summary)"
}

# ---- metadata -----------------------------------------------------------------------------------
agent_note=$AGENT_NOTE
if [ -z "$agent_note" ]; then
  agent_note="built $(date -u -r "$AGENT" +%Y-%m-%dT%H:%MZ) in a tree at git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if [ -n "$(git -C "$ROOT" status --porcelain -- agent instrumentation exporter-statsd 2>/dev/null)" ]; then
    agent_note="$agent_note with uncommitted changes"
  fi
fi
"$PY" - "$META" <<EOF
import json, os, sys
meta = {
    "app_name": "$NAME", "app_jar": os.path.relpath("$APP_ORIGINAL", "$ROOT") if os.path.abspath("$APP_ORIGINAL").startswith("$ROOT") else "$APP_ORIGINAL",
    "paths": "$PATHS".split(","), "configs": "$CONFIGS".split(","), "rounds": $ROUNDS,
    "warmup_s": $WARMUP, "duration_s": $DURATION, "threads": $THREADS,
    "connections": $CONNECTIONS, "jvm_opts": "$JVM_OPTS",
    "date": "$(date -u +%Y-%m-%dT%H:%MZ)",
    "jdk": """$(java -version 2>&1 | sed -n 2p)""".strip(),
    "nproc": $(nproc), "cpu_model": """$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)""".strip(),
    "mem_gb": round($(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 / 1024, 1),
    "load_start": "$(cut -d' ' -f1-3 /proc/loadavg)",
    "agent_jar": "agent/target/reqtrace-agent.jar", "agent_mb": os.path.getsize("$AGENT_COPY") / 1e6,
    "agent_note": "$agent_note",
    "otel_version": "$OTEL_VERSION",
    "otel_mb": os.path.getsize("$OTEL_JAR") / 1e6 if os.path.exists("$OTEL_JAR") else 0,
}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
EOF

# ---- rounds -------------------------------------------------------------------------------------
n=${#CONFIG_LIST[@]}
for ((round = 1; round <= ROUNDS; round++)); do
  log "round $round/$ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  for ((i = 0; i < n; i++)); do
    # The order rotates each round, so no configuration always runs first or after the same one.
    run_one "${CONFIG_LIST[$(((i + round - 1) % n))]}" "$round"
  done
done
"$PY" - "$META" <<EOF
import json, sys
meta = json.load(open(sys.argv[1]))
meta["load_end"] = "$(cut -d' ' -f1-3 /proc/loadavg)"
json.dump(meta, open(sys.argv[1], "w"), indent=1)
EOF
"$PY" "$HELP" report "$RAW" "$META" "$OUT"
log "wrote $OUT (raw runs and logs in $WORK)"
