#!/usr/bin/env bash
# Hot-path A/B: a request benchmark's noAgent and reqtraceExporterNone as single forks,
# interleaved round by round (the order rotates), so that the machine's slow and fast minutes
# fall on every variant. One JMH fork's CPU ns/op moves by up to 1 µs with its JIT and with the
# neighbours of this VM; JMH's own -f N runs one variant's forks back to back, which puts such a
# minute on one variant only. Prints each round and the medians of CPU ns/op, B/op and of the
# per-round differences to noAgent.
#
#   ROUNDS=6 QUERIES=0 benchmarks/hotpath-ab.sh
#   BENCH=TomcatRequestBenchmark ROUNDS=6 benchmarks/hotpath-ab.sh
#   ROUNDS=10 benchmarks/hotpath-ab.sh before=/tmp/old-agent.jar after=agent/target/reqtrace-agent.jar
#
# Without arguments the agent is agent/target/reqtrace-agent.jar; LABEL=JAR arguments compare
# builds instead, each round running noAgent and every jar (copied first, so a rebuild during the
# run changes nothing), each jar's fork started in a directory where the benchmark's relative
# agent path leads to it. Run from the repository root after
# `mvn -q -pl agent,benchmarks -am package -DskipTests`.
# Environment: BENCH (ServletRequestBenchmark: Jetty 12, in-process; TomcatRequestBenchmark:
# Tomcat 9 over loopback, whole-JVM CPU), ROUNDS (6), QUERIES (0), OUT (a new temporary
# directory, kept: the JMH JSON files and logs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" # the benchmark forks find the agent jar relative to their working directory
BENCH=${BENCH:-ServletRequestBenchmark} ROUNDS=${ROUNDS:-6} QUERIES=${QUERIES:-0}
OUT=${OUT:-$(mktemp -d /tmp/hotpath-ab.XXXXXX)}
mkdir -p "$OUT"
(( $# > 0 )) || set -- "reqtrace=agent/target/reqtrace-agent.jar"
[[ -f benchmarks/target/benchmarks.jar ]] \
  || { echo "hotpath-ab: benchmarks/target/benchmarks.jar is missing; build it first (see the header)" >&2; exit 1; }
labels=()
for pair in "$@"; do
  label=${pair%%=*} jar=${pair#*=}
  [[ $pair == *=* && $label =~ ^[A-Za-z0-9_.-]+$ ]] \
    || { echo "hotpath-ab: '$pair' is not LABEL=JAR (label: letters, digits, . _ -)" >&2; exit 1; }
  [[ -f $jar ]] || { echo "hotpath-ab: $jar is missing; build it first (see the header)" >&2; exit 1; }
  mkdir -p "$OUT/$label/agent/target"
  cp "$jar" "$OUT/$label/agent/target/reqtrace-agent.jar"
  labels+=("$label")
done
variants=(noAgent "${labels[@]}")
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!variants[@]}"; do
    variant=${variants[$(( (i + round - 1) % ${#variants[@]} ))]}
    method=reqtraceExporterNone dir=$OUT/$variant
    [[ $variant == noAgent ]] && method=noAgent dir=$ROOT
    (cd "$dir" && java -jar "$ROOT/benchmarks/target/benchmarks.jar" "$BENCH.$method\$" \
        -p queries="$QUERIES" -f 1 -wi 4 -w 2 -i 3 -r 2 -prof gc \
        -rf json -rff "$OUT/$round-$variant.json") > "$OUT/$round-$variant.log" 2>&1 \
      || { echo "hotpath-ab: round $round $variant failed, see $OUT/$round-$variant.log" >&2; exit 1; }
  done
done
python3 - "$OUT" "$ROUNDS" "${labels[@]}" <<'PY'
import importlib.util, json, statistics, sys
spec = importlib.util.spec_from_file_location("jo", "benchmarks/jmh-overhead.py")
jo = importlib.util.module_from_spec(spec); spec.loader.exec_module(jo)
out, rounds, labels = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def result(r, variant):
    return jo.row(json.load(open(f"{out}/{r}-{variant}.json"))[0])
rows = []  # per round: noAgent (cpu, bytes), then per label (cpu, bytes)
for r in range(1, rounds + 1):
    rows.append([result(r, v) for v in ["noAgent"] + labels])
print(f"results: {out}")
head = ["round", "noAgent CPU ns/op"]
for label in labels:
    head += [f"{label} CPU ns/op", "added CPU ns"]
head.append("noAgent B/op")
for label in labels:
    head += [f"{label} B/op", "added B"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
def cells(base, values, key, median=False):
    out = [f"{statistics.median(base) if median else base:,.0f}"]
    for v in values:
        diff = (statistics.median(b - a for a, b in zip(base, v)) if median else v - base)
        out += [f"{statistics.median(v) if median else v:,.0f}",
                f"{diff:+,.0f}" + (" (of the rounds' differences)" if median and key == "cpu" else "")]
    return out
for i, row in enumerate(rows, 1):
    base, agents = row[0], row[1:]
    print("| " + " | ".join([str(i)] + cells(base["cpu"], [a["cpu"] for a in agents], "cpu")
                            + cells(base["bytes"], [a["bytes"] for a in agents], "bytes")) + " |")
col = lambda k, key: [row[k][key] for row in rows]
n = len(labels)
print("| " + " | ".join(["median"] + cells(col(0, "cpu"), [col(k, "cpu") for k in range(1, n + 1)], "cpu", True)
                        + cells(col(0, "bytes"), [col(k, "bytes") for k in range(1, n + 1)], "bytes", True)) + " |")
PY
