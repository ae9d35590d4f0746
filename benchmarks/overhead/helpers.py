#!/usr/bin/env python3
"""Small helpers of the overhead harness (run.sh). Python 3 standard library only.

  freeport tcp|udp                      a free loopback port
  wait-ready PID URL START_NS TIMEOUT_S ms from START_NS (date +%s%N) to the first 200 of URL
  wait-tcp HOST PORT TIMEOUT_S          until something listens there
  cpu PID                               utime+stime of the process, in clock ticks
  cpu-split PID                         "<process ticks> <ticks of its JIT compiler threads>"
  snap PID                              "<time ns> <machine busy ticks> <process ticks>", at once
  wrk OUT ARGS...                       runs wrk ARGS, its output to OUT plus its own CPU ticks
  proc PID                              JSON: VmRSS/VmHWM (kB), threads
  jcmd-stats PID                        JSON: heap used after GC.run (kB), metaspace, classes loaded
  statsd-received LOG OFFSET            statsd.metrics_received flushed since byte OFFSET of LOG
  summary                               one-line summary of the raw JSON run on stdin
  report RAW.jsonl META.json OUT.md     medians, spread, ratios vs none, targets
"""
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request


def freeport(kind):
    sock_type = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, sock_type) as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_ready(pid, url, start_ns, timeout_s):
    """Polls every 10 ms; the figure is the time the first 200 arrived, minus the launch time."""
    deadline = time.time() + float(timeout_s)
    first_error = None
    while time.time() < deadline:
        if not alive(pid):
            sys.exit(f"process {pid} exited before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    response.read()
                    print(round((time.time_ns() - int(start_ns)) / 1e6))
                    return
        except urllib.error.HTTPError as e:
            # Up, but this path fails: give it a little longer (a lazy route), then say so.
            first_error = first_error or time.time()
            if time.time() - first_error > 10:
                sys.exit(f"{url} answers {e.code}, not 200")
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.01)
    sys.exit(f"{url} gave no 200 within {timeout_s} s")


def wait_tcp(host, port, timeout_s):
    deadline = time.time() + float(timeout_s)
    while time.time() < deadline:
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"nothing listens on {host}:{port} after {timeout_s} s")


def cpu(pid):
    print(process_ticks(pid))


def cpu_split(pid):
    print(process_ticks(pid), compiler_ticks(pid))


def compiler_ticks(pid):
    # The JIT's threads are named "C1 CompilerThre…"/"C2 CompilerThre…" (15-character comm). A
    # compiler thread that ends between two readings takes its ticks along: pair-ab.sh turns
    # dynamic compiler threads off so that the two readings see the same threads.
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                text = f.read()
        except FileNotFoundError:
            continue
        if "CompilerThre" in text[text.index("(") + 1:text.rindex(")")]:
            total += stat_ticks(text)
    return total


def stat_ticks(text):
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def busy_ticks():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: everything but idle and iowait
    return sum(fields[:8]) - fields[3] - fields[4]


def process_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        return stat_ticks(f.read())


def snap(pid):
    print(time.time_ns(), busy_ticks(), process_ticks(pid))


def run_wrk(out, *args):
    """wrk as a child, so its own CPU time (rusage) can be told apart from the machine's."""
    import signal
    with open(out, "w") as f:
        child = subprocess.Popen(["wrk", *args], stdout=f, stderr=subprocess.STDOUT)
        signal.signal(signal.SIGTERM, lambda *_: (child.kill(), sys.exit(143)))
        _, _, usage = os.wait4(child.pid, 0)
        ticks = round((usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK"))
        f.write(f"WRK_CPU_TICKS {ticks}\n")


def proc(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key.lower() + "_kb"] = int(value.split()[0])
            elif key == "Threads":
                out["threads"] = int(value)
    print(json.dumps(out))


def jcmd_stats(pid):
    def jcmd(*args):
        return subprocess.run(["jcmd", str(pid), *args], capture_output=True, text=True,
                              timeout=60).stdout
    jcmd("GC.run")
    time.sleep(0.5)
    heap = jcmd("GC.heap_info")
    out = {}
    # JDK 17: "total 45056K, used 11311K [..."; JDK 21+: "total reserved ..K, committed ..K, used ..K [...".
    m = re.search(r"heap\s+total [^\[]*?used (\d+)K \[(0x[0-9a-f]+), (0x[0-9a-f]+)\)", heap)
    if m:
        out["heap_used_kb"] = int(m.group(1))
        out["heap_rss_kb"] = resident_kb(pid, int(m.group(2), 16), int(m.group(3), 16))
    m = re.search(r"Metaspace\s+used (\d+)K", heap)
    if m:
        out["metaspace_kb"] = int(m.group(1))
    m = re.search(r"java\.cls\.loadedClasses=(\d+)", jcmd("PerfCounter.print"))
    if m:
        out["classes"] = int(m.group(1))
    print(json.dumps(out))


def resident_kb(pid, start, end):
    """Resident kB of the process's mappings inside [start, end): the Java heap's share of RSS.

    G1 sizes the committed heap by its own policy (a metadata-threshold GC cycle shrinks it, then
    the young generation is touched again inside it), so the heap's part of RSS moves with events
    the agent does not control, and the rest is what the agent's classes and code cost.
    """
    total = 0
    inside = False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) ", line)
            if m:
                inside = int(m.group(1), 16) >= start and int(m.group(2), 16) <= end
            elif inside and line.startswith("Rss:"):
                total += int(line.split()[1])
    return total


def statsd_received(log, offset):
    with open(log, "rb") as f:
        f.seek(int(offset))
        text = f.read().decode("utf-8", "replace")
    print(sum(int(n) for n in re.findall(r"'statsd\.metrics_received': (\d+)", text)))


def summary():
    run = json.loads(sys.stdin.read())
    d = derive(run)
    text = (f"start-up {d['startup_ms']} ms ({d['startup_cpu_ms']} ms CPU), RSS {d['rss_mb']:.0f} MB,"
            f" heap {d['heap_mb']:.1f} MB, {d['throughput']:.0f} req/s,"
            f" CPU {d['cpu_us_per_req']:.1f} µs/request, p99 {d['p99_ms']:.1f} ms")
    if "foreign_cpu_pct" in run:
        text += f"; other processes {run['foreign_cpu_pct']:.0f}% CPU"
    if "check" in run:
        text += "; " + run["check"]
    if "invalid" in run:
        text += "; INVALID: " + run["invalid"]
    print(text)


# ---------------------------------------------------------------------------------------------
# Report

COLUMNS = [
    # key, header, unit scale, decimals, comparison vs none: "add" (+x) or "pct" (% of none)
    ("startup_ms", "start-up to first 200 (ms)", 1, 0, "add"),
    ("startup_cpu_ms", "start-up CPU (ms)", 1, 0, "add"),
    ("rss_mb", "RSS after `GC.run` (MB)", 1, 0, "add"),
    ("rss_load_mb", "RSS under load (MB)", 1, 0, "add"),
    ("heap_mb", "heap after GC (MB)", 1, 1, "add"),
    ("rss_outside_heap_mb", "RSS outside the Java heap (MB)", 1, 0, "add"),
    ("cpu_us_per_req", "JVM CPU / request (µs)", 1, 1, "add"),
    ("throughput", "throughput (req/s)", 1, 0, "pct"),
    ("p50_ms", "p50 (ms)", 1, 2, "add"),
    ("p99_ms", "p99 (ms)", 1, 2, "add"),
    ("classes", "classes loaded", 1, 0, "add"),
]


def derive(run):
    d = dict(run)
    d["rss_mb"] = run["vmrss_kb"] / 1024
    if "vmrss_load_kb" in run:  # raw files written before 2026-11-28 afternoon lack it
        d["rss_load_mb"] = run["vmrss_load_kb"] / 1024
    d["heap_mb"] = run.get("heap_used_kb", 0) / 1024
    d["rss_outside_heap_mb"] = (run["vmrss_kb"] - run.get("heap_rss_kb", 0)) / 1024
    d["cpu_us_per_req"] = run["cpu_ticks"] / run["clk_tck"] / max(run["requests"], 1) * 1e6
    d["throughput"] = run["requests"] / (run["duration_us"] / 1e6)
    d["p50_ms"] = run["p50_us"] / 1000
    d["p99_ms"] = run["p99_us"] / 1000
    return d


def fmt(value, decimals):
    return f"{value:,.{decimals}f}"


def signed(value, decimals, unit=""):
    return f"{'+' if value >= 0 else '−'}{abs(value):,.{decimals}f}{unit}"


def report(raw_path, meta_path, out_path):
    with open(meta_path) as f:
        meta = json.load(f)
    runs = []
    with open(raw_path) as f:
        for line in f:
            if line.strip():
                runs.append(json.loads(line))
    by_config = {}
    notes = []
    for run in runs:
        if run.get("skipped"):
            continue
        if run.get("invalid"):
            notes.append(f"round {run['round']} `{run['config']}` left out: {run['invalid']}")
            continue
        by_config.setdefault(run["config"], []).append(derive(run))
    configs = [c for c in meta["configs"] if c in by_config]
    skipped = {r["config"]: r["skipped"] for r in runs if r.get("skipped")}

    columns = [col for col in COLUMNS
               if all(col[0] in r for c in configs for r in by_config[c])]
    med = {c: {k: statistics.median(r[k] for r in by_config[c]) for k, *_ in columns}
           for c in configs}
    lines = [
        f"# Overhead: {meta['app_name']}",
        "",
        f"- date: {meta['date']}",
        f"- JDK: {meta['jdk']}",
        f"- machine: {meta['nproc']} CPUs, {meta['cpu_model']}, {meta['mem_gb']} GB RAM;"
        f" load average at start {meta['load_start']}, at end {meta.get('load_end', '?')}",
        f"- application: `{meta['app_jar']}`, paths {', '.join('`' + p + '`' for p in meta['paths'])}"
        f" (wrk rotates through them)",
        f"- JVM options: `{meta['jvm_opts']}`",
        f"- reqtrace agent: `{meta['agent_jar']}` ({meta['agent_mb']:.2f} MB, {meta['agent_note']});"
        f" OpenTelemetry Java agent {meta['otel_version']} ({meta['otel_mb']:.2f} MB)",
        f"- per round and configuration: start the JVM, poll `{meta['paths'][0]}` every 10 ms until"
        f" the first 200, {meta['warmup_s']} s of wrk warm-up, RSS under load at its end, `jcmd GC.run`,"
        f" RSS and heap, then {meta['duration_s']} s of"
        f" `wrk -t{meta['threads']} -c{meta['connections']} --timeout 10s --latency`; CPU is"
        f" utime+stime of the JVM over the measured wrk run divided by its requests",
        f"- {meta['rounds']} round(s), configurations interleaved (the order rotates every round);"
        f" figures are medians with the min–max spread in brackets; the second line of each"
        f" cell compares the median with `none`",
        "",
    ]
    foreign = sorted(r["foreign_cpu_pct"] for r in runs if "foreign_cpu_pct" in r)
    if foreign:
        median_foreign = statistics.median(foreign)
        lines += [f"- other processes (not this JVM, not wrk) used {median_foreign:.0f}% of the"
                  f" machine's CPU during the median measured window (min {foreign[0]:.0f}%,"
                  f" max {foreign[-1]:.0f}%)", ""]
    else:
        median_foreign = float(meta["load_start"].split()[0]) * 100 / meta["nproc"]
    if meta["rounds"] < 5 or median_foreign > 15:
        lines += [f"**Indicative only**: {meta['rounds']} round(s) on a machine that other builds"
                  f" and tests were using (load average {meta['load_start']} at the start,"
                  f" {meta.get('load_end', '?')} at the end, {meta['nproc']} CPUs). Wall-clock figures"
                  f" (start-up, throughput, latency) mostly measure that load; CPU per request,"
                  f" start-up CPU, classes, heap and RSS suffer less.", ""]
    header = "| configuration | runs | " + " | ".join(h for _, h, *_ in columns) + " |"
    lines += [header, "|" + "---|" * (len(columns) + 2)]
    base = med.get("none")
    for c in configs:
        cells = [f"`{c}`", str(len(by_config[c]))]
        for key, _, _, dec, cmp in columns:
            values = [r[key] for r in by_config[c]]
            cell = f"{fmt(med[c][key], dec)} [{fmt(min(values), dec)}–{fmt(max(values), dec)}]"
            if base is not None and c != "none":
                if cmp == "pct":
                    cell += f"<br>{100 * med[c][key] / base[key]:.1f}%"
                else:
                    delta = med[c][key] - base[key]
                    ratio = med[c][key] / base[key] if base[key] else float("nan")
                    cell += f"<br>{'+' if delta >= 0 else '−'}{fmt(abs(delta), dec)} (×{ratio:.2f})"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for c, why in skipped.items():
        lines.append(f"- `{c}` not run: {why}")
    for c in configs:
        checks = [r.get("check") for r in by_config[c] if r.get("check")]
        if checks:
            lines.append(f"- `{c}`: {checks[-1]}")
    lines += [f"- {n}" for n in notes]

    if base and "reqtrace-none" in med:
        rq = med["reqtrace-none"]
        lines += ["", "## Targets (reqtrace with exporter `none` vs `none`)", "",
                  "| target | measured | met |", "|---|---|---|"]
        startup = rq["startup_ms"] - base["startup_ms"]
        startup_cpu = rq["startup_cpu_ms"] - base["startup_cpu_ms"]
        if "otel-none" in med:
            otel = med["otel-none"]["startup_ms"] - base["startup_ms"]
            otel_cpu = med["otel-none"]["startup_cpu_ms"] - base["startup_cpu_ms"]
            ok = startup <= otel / 10
            lines.append(f"| start-up overhead ≤ 1/10 of the OpenTelemetry agent's (`otel-none`)"
                         f" | wall {signed(startup, 0, ' ms')} vs {signed(otel, 0, ' ms')}"
                         f" (ratio {startup / otel if otel else float('nan'):.2f}); CPU"
                         f" {signed(startup_cpu, 0, ' ms')} vs {signed(otel_cpu, 0, ' ms')}"
                         f" (ratio {startup_cpu / otel_cpu if otel_cpu else float('nan'):.2f})"
                         f" | {'yes' if ok else 'no'} |")
        rss = rq["rss_mb"] - base["rss_mb"]
        outside = rq["rss_outside_heap_mb"] - base["rss_outside_heap_mb"]
        # Judged after GC.run, the steadier figure; under load RSS follows the eden size G1 chose.
        under_load = ""
        if "rss_load_mb" in rq:
            under_load = (f"; under load"
                          f" {signed(rq['rss_load_mb'] - base['rss_load_mb'], 1, ' MB')}")
        lines.append(f"| RSS overhead ≤ 20 MB | {signed(rss, 1, ' MB')} after `GC.run`, of which"
                     f" {signed(rss - outside, 1, ' MB')} resident Java heap and"
                     f" {signed(outside, 1, ' MB')} outside it{under_load}"
                     f" | {'yes' if rss <= 20 else 'no'} |")
        tput = 100 * rq["throughput"] / base["throughput"]
        lines.append(f"| throughput ≥ 97% of none | {tput:.1f}% | {'yes' if tput >= 97 else 'no'} |")
        cpu_add = rq["cpu_us_per_req"] - base["cpu_us_per_req"]
        lines.append(f"| hot path ≤ 1 µs CPU per request (whole JVM, under load) | {signed(cpu_add, 1, ' µs')}"
                     f" | {'yes' if cpu_add <= 1 else 'no'} |")
        lines.append(f"| agent jar ≤ 8 MB | {meta['agent_mb']:.2f} MB"
                     f" | {'yes' if meta['agent_mb'] <= 8 else 'no'} |")
        for other in ("reqtrace-statsd", "reqtrace-otlp"):
            if other in med:
                o = med[other]
                lines.append(f"| (`{other}`) | start-up {signed(o['startup_ms'] - base['startup_ms'], 0, ' ms')},"
                             f" RSS {signed(o['rss_mb'] - base['rss_mb'], 1, ' MB')},"
                             f" CPU {signed(o['cpu_us_per_req'] - base['cpu_us_per_req'], 1, ' µs')}/request,"
                             f" throughput {100 * o['throughput'] / base['throughput']:.1f}% | |")
    lines.append("")
    with open(out_path, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))


def main(argv):
    commands = {
        "freeport": freeport, "wait-ready": wait_ready, "wait-tcp": wait_tcp, "cpu": cpu,
        "cpu-split": cpu_split, "snap": snap, "wrk": run_wrk,
        "proc": proc, "jcmd-stats": jcmd_stats, "statsd-received": statsd_received,
        "summary": summary, "report": report,
    }
    if len(argv) < 2 or argv[1] not in commands:
        sys.exit(__doc__)
    commands[argv[1]](*argv[2:])


if __name__ == "__main__":
    main(sys.argv)
