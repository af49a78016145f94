#!/usr/bin/env python3
"""Medians per server over the clean runs (others used <= MAX% of one core) of a series' jsonl.
    python3 summarize.py OUT.jsonl [MAX]"""
import json, statistics, subprocess, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
mx = float(sys.argv[2]) if len(sys.argv) > 2 else 30
mysqld = subprocess.check_output(["pidof", "mariadbd"], text=True).split()[0]
print(f"{'server':22s} {'n':>2s} {'req/s':>8s} {'min-max':>13s} {'p50 ms':>7s} {'p99':>6s} {'db ms/req':>9s} {'srv ms/req':>10s} {'non2xx':>6s}")
for label in dict.fromkeys(r["label"] for r in rows):
    xs = [r for r in rows if r["label"] == label and r["foreign_pct_of_one_core"] <= mx]
    if not xs: print(label, "no clean run"); continue
    m = lambda f: statistics.median(f(x) for x in xs)
    cpu = lambda x, k: x["cpu"]["proc_pct_of_one_core"].get(k, 0)
    srv = lambda x: next((v for k, v in x["cpu"]["proc_pct_of_one_core"].items() if k not in (mysqld, "wrk")), 0)
    rng = f"{min(x['rps'] for x in xs):.0f}-{max(x['rps'] for x in xs):.0f}"
    print(f"{label:22s} {len(xs):2d} {m(lambda x: x['rps']):8.1f} {rng:>13s} {m(lambda x: x['p50_ms']):7.2f} {m(lambda x: x['p99_ms']):6.2f} "
          f"{m(lambda x: 10 * cpu(x, mysqld) / x['rps']):9.3f} {m(lambda x: 10 * srv(x) / x['rps']):10.3f} {sum(x['non2xx'] for x in xs):6d}")
