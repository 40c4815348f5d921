#!/usr/bin/env python3
"""Wall time of several commands run alternately (A B, B A, A B, ...), so a
busy or drifting machine affects them alike: each command is warmed up 3
times, then run RUNS times; prints mean, median, minimum and 10th percentile.

    python3 benches/interleave.py 100 "OLD check ... a.txt b.md" "NEW check ... a.txt b.md"
"""
import subprocess, sys, time, statistics, shlex, os
runs=int(sys.argv[1]); cmds=[shlex.split(c) for c in sys.argv[2:]]
ts=[[] for _ in cmds]
for c in cmds:
    for _ in range(3): subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for i in range(runs):
    order = list(range(len(cmds))) if i%2==0 else list(reversed(range(len(cmds))))
    for k in order:
        t=time.perf_counter(); subprocess.run(cmds[k], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); ts[k].append((time.perf_counter()-t)*1e3)
for k,c in enumerate(sys.argv[2:]):
    v=sorted(ts[k])
    print(f"{k}: mean {statistics.mean(v):7.2f}  median {statistics.median(v):7.2f}  min {v[0]:7.2f}  p10 {v[len(v)//10]:7.2f} ms  {c[:60]}")
