"""µs of CPU per request by category, from steady-profile.sh's collapsed profiles.

    python3 profile-split.py OUT/none OUT/agent ...   (each a LABEL path: .collapsed and .requests)

One sample is 1 ms of CPU. Categories: the agent's own code (any frame of its packages on the
stack), GC and VM threads, the JIT compilers, else the package (two levels) of the innermost frame
outside the JDK, else "jdk/native".
"""
import collections
import re
import sys

AGENT = re.compile(r"dev/reqtrace/(bootstrap|agent|instrumentation|shaded|exporter)/")
JDK = ("java/", "javax/", "jdk/", "sun/", "com/sun/")


def category(stack):
    frames = stack.split(";")
    thread = frames[0]
    if any(name in thread for name in ("GC Thread", "G1 ", "VM Thread", "GC ")):
        return "gc/vm"
    if "Compiler" in thread:
        return "jit"
    if AGENT.search(stack):
        return "agent"
    for frame in reversed(frames[1:]):
        if "/" in frame and not frame.startswith(JDK) and not frame.startswith("["):
            # Two levels (org/h2), three for this repository's own demo (dev/reqtrace/demo).
            return "/".join(frame.split("/")[:3 if frame.startswith("dev/reqtrace/") else 2])
    return "jdk/native"


def main(labels):
    per_label = {}
    for label in labels:
        requests = int(open(label + ".requests").read().split()[0])
        counts = collections.Counter()
        for line in open(label + ".collapsed"):
            stack, samples = line.rstrip().rsplit(" ", 1)
            counts[category(stack)] += int(samples)
        per_label[label] = (requests, counts)
    names = sorted({c for _, counts in per_label.values() for c in counts},
                   key=lambda c: -max(counts[c] / r for r, counts in per_label.values()))
    short = [label.rsplit("/", 1)[-1] for label in labels]
    print("µs of CPU per request".ljust(28) + "".join(s.rjust(12) for s in short))
    for name in names + ["total"]:
        cells = []
        for label in labels:
            requests, counts = per_label[label]
            samples = sum(counts.values()) if name == "total" else counts[name]
            cells.append(f"{samples * 1000 / requests:12.1f}")
        print(name.ljust(28) + "".join(cells))


if __name__ == "__main__":
    main(sys.argv[1:])
