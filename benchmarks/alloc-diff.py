#!/usr/bin/env python3
"""Where the agent's extra bytes per request are allocated, from two async-profiler allocation
profiles of the same JMH benchmark (collapsed stacks with total bytes), one per variant.

Each allocation site is the allocated class and the nearest frame outside the JDK. Byte totals are
turned into bytes per request by scaling each profile to its variant's gc.alloc.rate.norm (the
profiles cover warm-up and measurement alike, so only their proportions are used). Sites are
printed by what the agent variant adds, largest first. Standard library only.

usage: python3 benchmarks/alloc-diff.py NO_AGENT.csv NO_AGENT_B_PER_OP AGENT.csv AGENT_B_PER_OP
       [ROWS]
(see benchmarks/README.md, "Allocation profile", for the JMH command that writes the profiles)
"""
import collections
import sys

JDK = ("java/", "jdk/", "sun/")


def sites(path):
    """(allocated class, nearest non-JDK frame) -> bytes, and the total."""
    by_site = collections.Counter()
    for line in open(path):
        line = line.rstrip()
        if not line:
            continue
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")
        caller = next((f for f in reversed(frames[:-1]) if not f.startswith(JDK)), "")
        by_site[(frames[-1], caller)] += int(count)
    return by_site, sum(by_site.values())


def main(args):
    if len(args) not in (4, 5):
        sys.exit(__doc__)
    base, base_total = sites(args[0])
    agent, agent_total = sites(args[2])
    base_scale = float(args[1]) / base_total
    agent_scale = float(args[3]) / agent_total
    rows = int(args[4]) if len(args) == 5 else 30
    diff = []
    for site in set(base) | set(agent):
        before, after = base[site] * base_scale, agent[site] * agent_scale
        diff.append((after - before, before, after, site))
    diff.sort(reverse=True)
    print("| added B/request | no agent | agent | allocated | by |")
    print("|---:|---:|---:|---|---|")
    for added, before, after, (allocated, caller) in diff[:rows]:
        print("| %+.1f | %.1f | %.1f | `%s` | `%s` |" % (added, before, after, allocated, caller))
    print()
    print("total: %+.1f B/request" % (float(args[3]) - float(args[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
