#!/usr/bin/env python3
"""Agent overhead from a JMH JSON result file (java -jar benchmarks.jar ... -prof gc -rf json).

For ServletRequestBenchmark and JdbcQueryBenchmark: per parameter set, each variant's wall ns/op,
CPU ns/op of the benchmark thread (ThreadCpu: cpuNanos / ops, with the min-max over measurement
iterations) and B/op (gc.alloc.rate.norm), and what the agent variants add to noAgent. Standard
library only.

usage: python3 benchmarks/jmh-overhead.py jmh-result.json > table.md
"""
import json
import sys

VARIANTS = ["noAgent", "reqtraceExporterNone", "reqtraceExporterLog"]


def iterations(metric):
    return [x for fork in metric["rawData"] for x in fork]


def row(result):
    sec = result["secondaryMetrics"]
    out = {"ns": result["primaryMetric"]["score"], "ns_err": result["primaryMetric"]["scoreError"]}
    if "cpuNanos" in sec and "ops" in sec:
        cpu, ops = iterations(sec["cpuNanos"]), iterations(sec["ops"])
        per = [c / o for c, o in zip(cpu, ops) if o]
        out["cpu"] = sum(cpu) / max(sum(ops), 1)
        out["cpu_min"], out["cpu_max"] = min(per), max(per)
    if "gc.alloc.rate.norm" in sec:
        out["bytes"] = sec["gc.alloc.rate.norm"]["score"]
        out["bytes_err"] = sec["gc.alloc.rate.norm"]["scoreError"]
    return out


def num(value, decimals=0):
    value = float(value)  # JMH writes "NaN" as a string
    if value != value:  # NaN: a single iteration has no error
        return "–"
    return f"{value:,.{decimals}f}"


def signed(value, decimals=0):
    return f"{'+' if value >= 0 else '−'}{abs(value):,.{decimals}f}"


def main(path):
    with open(path) as f:
        results = json.load(f)
    groups = {}
    for r in results:
        cls, _, method = r["benchmark"].rpartition(".")
        if method not in VARIANTS:
            continue
        key = (cls.rpartition(".")[2], tuple(sorted(r.get("params", {}).items())))
        groups.setdefault(key, {})[method] = row(r)
    print("| benchmark | params | variant | wall ns/op | CPU ns/op [min–max] | B/op |"
          " added wall ns | added CPU ns | added B |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (cls, params), variants in sorted(groups.items()):
        base = variants.get("noAgent")
        label = ", ".join(f"{k}={v}" for k, v in params)
        for method in VARIANTS:
            v = variants.get(method)
            if v is None:
                continue
            cpu = f"{num(v['cpu'])} [{num(v['cpu_min'])}–{num(v['cpu_max'])}]" if "cpu" in v else "–"
            cells = [cls, label, method, f"{num(v['ns'])} ± {num(v['ns_err'])}", cpu,
                     f"{num(v.get('bytes', float('nan')))} ± {num(v.get('bytes_err', float('nan')))}"]
            if base is not None and method != "noAgent":
                cells.append(signed(v["ns"] - base["ns"]))
                cells.append(signed(v["cpu"] - base["cpu"]) if "cpu" in v and "cpu" in base else "–")
                cells.append(signed(v["bytes"] - base["bytes"])
                             if "bytes" in v and "bytes" in base else "–")
            else:
                cells += ["", "", ""]
            print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
