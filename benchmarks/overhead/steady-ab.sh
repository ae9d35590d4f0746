#!/usr/bin/env bash
# Steady-state A/B of several configurations: runs steady-profile.sh for each, ROUNDS times, the
# order rotating every round (a slow minute on this VM then lands on different configurations),
# and prints each run's µs of CPU per request and, per configuration, the median and the range.
#
#   ROUNDS=4 WARM=30 MEAS=20 benchmarks/overhead/steady-ab.sh "none=-Xmx512m" \
#       "agent=-Xmx512m -javaagent:agent/target/reqtrace-agent.jar=exporter=none"
#
# Environment: ROUNDS (4), and what steady-profile.sh reads (APP, PATHS, WARM, MEAS, AP_LIB; OUT
# defaults to benchmarks/target/steady-ab). Each run's profile stays in OUT as LABEL-ROUND.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${ROUNDS:-4}
export OUT=${OUT:-$ROOT/benchmarks/target/steady-ab}
[ $# -ge 1 ] || { echo "usage: steady-ab.sh LABEL=JVM-OPTIONS..." >&2; exit 2; }
configs=("$@")
n=${#configs[@]}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for i in $(seq 0 $((n - 1))); do
    config=${configs[$(( (i + round) % n ))]}
    label=${config%%=*}
    read -r -a options <<< "${config#*=}"
    total=$("$HERE/steady-profile.sh" "$label-$round" "${options[@]}" | awk '$1 == "total" {print $2}')
    echo "round $round $label $total" | tee -a "$results"
  done
done
python3 - "$results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    _, _, label, total = line.split()
    runs[label].append(float(total))
print("| configuration | µs of JVM CPU per request, median [min–max] | each run |")
print("|---|---|---|")
for label, values in runs.items():
    print(f"| `{label}` | {statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}] | "
          + ", ".join(f"{v:.1f}" for v in values) + " |")
PY
