#!/usr/bin/env bash
# Hot-path A/B: a request benchmark's noAgent and reqtraceExporterNone as single forks,
# interleaved round by round (the order alternates), so that the machine's slow and fast minutes
# fall on both variants. One JMH fork's CPU ns/op moves by up to 1 µs with its JIT and with the
# neighbours of this VM; JMH's own -f N runs one variant's forks back to back, which puts such a
# minute on one variant only. Prints each round and the medians of CPU ns/op, B/op and of the
# per-round differences.
#
#   ROUNDS=6 QUERIES=0 benchmarks/hotpath-ab.sh
#   BENCH=TomcatRequestBenchmark ROUNDS=6 benchmarks/hotpath-ab.sh
#
# Run from the repository root after `mvn -q -pl agent,benchmarks -am package -DskipTests`.
# Environment: BENCH (ServletRequestBenchmark: Jetty 12, in-process; TomcatRequestBenchmark:
# Tomcat 9 over loopback, whole-JVM CPU), ROUNDS (6), QUERIES (0), OUT (a new temporary
# directory, kept: the JMH JSON files and logs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" # the benchmark forks find the agent jar relative to the repository root
BENCH=${BENCH:-ServletRequestBenchmark} ROUNDS=${ROUNDS:-6} QUERIES=${QUERIES:-0}
OUT=${OUT:-$(mktemp -d /tmp/hotpath-ab.XXXXXX)}
mkdir -p "$OUT"
for jar in benchmarks/target/benchmarks.jar agent/target/reqtrace-agent.jar; do
  [[ -f $jar ]] || { echo "hotpath-ab: $jar is missing; build it first (see the header)" >&2; exit 1; }
done
for round in $(seq 1 "$ROUNDS"); do
  order=(noAgent reqtraceExporterNone)
  (( round % 2 == 0 )) && order=(reqtraceExporterNone noAgent)
  for variant in "${order[@]}"; do
    java -jar benchmarks/target/benchmarks.jar "$BENCH.$variant\$" \
        -p queries="$QUERIES" -f 1 -wi 4 -w 2 -i 3 -r 2 -prof gc \
        -rf json -rff "$OUT/$round-$variant.json" > "$OUT/$round-$variant.log" 2>&1 \
      || { echo "hotpath-ab: round $round $variant failed, see $OUT/$round-$variant.log" >&2; exit 1; }
  done
done
python3 - "$OUT" "$ROUNDS" <<'PY'
import importlib.util, json, statistics, sys
spec = importlib.util.spec_from_file_location("jo", "benchmarks/jmh-overhead.py")
jo = importlib.util.module_from_spec(spec); spec.loader.exec_module(jo)
out, rounds = sys.argv[1], int(sys.argv[2])
rows = []
for r in range(1, rounds + 1):
    a, b = (jo.row(json.load(open(f"{out}/{r}-{v}.json"))[0])
            for v in ("noAgent", "reqtraceExporterNone"))
    rows.append((a["cpu"], b["cpu"], a["bytes"], b["bytes"]))
print(f"results: {out}")
print("| round | noAgent CPU ns/op | reqtrace CPU ns/op | added CPU ns | noAgent B/op | reqtrace B/op | added B |")
print("|---|---|---|---|---|---|---|")
for i, (ca, cb, ba, bb) in enumerate(rows, 1):
    print(f"| {i} | {ca:,.0f} | {cb:,.0f} | {cb - ca:+,.0f} | {ba:,.0f} | {bb:,.0f} | {bb - ba:+,.0f} |")
med = [statistics.median(col) for col in zip(*rows)]
diff = statistics.median(cb - ca for ca, cb, _, _ in rows)
print(f"| median | {med[0]:,.0f} | {med[1]:,.0f} | {diff:+,.0f} (of the rounds' differences) "
      f"| {med[2]:,.0f} | {med[3]:,.0f} | {med[3] - med[2]:+,.0f} |")
PY
