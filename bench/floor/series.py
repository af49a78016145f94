#!/usr/bin/env python3
"""Alternate several servers on one harness scenario: warm-up each, then ROUNDS rounds of
(each server once), medians per server. Uses the harness's bench.py (wrk + its lua scripts).

  python3 series.py --scenario get_one --conc 1 --dur 10 --rounds 3 \
      --server old=http://127.0.0.1:8001,OLD_IDS.json,PID  --server api=...,AETHER_IDS.json,PID ...
PID (optional) is watched with --watch-pid, as is mariadbd (pidof mariadbd).
"""
import argparse, json, os, statistics, subprocess, sys, time
BENCH = os.environ.get("HARNESS_BENCH", os.path.join(os.path.dirname(__file__), "../../../shared/peers/harness/bench.py"))
p = argparse.ArgumentParser()
p.add_argument("--scenario", required=True); p.add_argument("--conc", type=int, default=1)
p.add_argument("--dur", type=int, default=10); p.add_argument("--rounds", type=int, default=3)
p.add_argument("--warmup", type=int, default=3); p.add_argument("--server", action="append", required=True)
p.add_argument("--out", required=True)
p.add_argument("--quiet-pct", type=float, default=20, help="wait until host busy (both cores) < this over 3 s")
p.add_argument("--max-wait", type=int, default=1800, help="seconds to wait for quiet before running anyway")
p.add_argument("--max-foreign", type=float, default=30, help="redo a run when others used more than this %% of one core")
p.add_argument("--retries", type=int, default=4)
a = p.parse_args()
mysqld = subprocess.check_output(["pidof", "mariadbd"], text=True).split()[0]
servers = []
for s in a.server:
    label, rest = s.split("=", 1)
    url, ids, *pid = rest.split(",")
    servers.append((label, url, ids, pid[0] if pid else None))

def busy(sec):
    def ticks():
        v = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return sum(v), v[3] + v[4]
    (t0, i0) = ticks(); time.sleep(sec); (t1, i1) = ticks()
    return 100.0 * (1 - (i1 - i0) / max(1, t1 - t0))

def gate():
    t0 = time.time()
    while True:
        b = busy(3)
        if b < a.quiet_pct: return round(time.time() - t0), round(b, 1)
        if time.time() - t0 > a.max_wait: return -round(time.time() - t0), round(b, 1)

NCPU = os.cpu_count()
def foreign(x):
    c = x["cpu"]; return round(c["host_busy_pct"] * NCPU - sum(c["proc_pct_of_one_core"].values()), 1)

def run(label, url, ids, pid, dur):
    cmd = ["python3", BENCH, "--label", label, "--base", url, "--ids", ids, "--scenario", a.scenario,
           "--concurrency", str(a.conc), "--duration", str(dur), "--watch-pid", mysqld]
    if pid: cmd += ["--watch-pid", pid]
    return json.loads(subprocess.check_output(cmd, text=True))

for s in servers: run(*s, a.warmup)
rows = []
with open(a.out, "a") as f:
    for r in range(a.rounds):
        for s in servers:
            for attempt in range(a.retries + 1):
                waited, b0 = gate()
                x = run(*s, a.dur); x["gate"] = {"waited_s": waited, "busy_before": b0, "attempt": attempt}
                x["foreign_pct_of_one_core"] = foreign(x)
                f.write(json.dumps(x) + "\n"); f.flush()
                if x["foreign_pct_of_one_core"] <= a.max_foreign: break
                print(f"  redo {x['label']}: foreign {x['foreign_pct_of_one_core']}% ({x['rps']} req/s)", file=sys.stderr)
            x["kept"] = True; rows.append(x)
            cpu = x["cpu"]["proc_pct_of_one_core"]
            print(f"{a.scenario} {x['label']:22s} {x['rps']:8.1f} req/s p50 {x['p50_ms']:6.2f} p99 {x['p99_ms']:6.2f} "
                  f"non2xx {x['non2xx']} mariadbd {cpu.get(mysqld)}% server {cpu.get(s[3]) if s[3] else '-'}% host {x['cpu']['host_busy_pct']}% foreign {x['foreign_pct_of_one_core']}% waited {x['gate']['waited_s']}s", file=sys.stderr, flush=True)
print(f"\n{a.scenario} conc={a.conc} medians of {a.rounds} x {a.dur}s")
print(f"{'server':22s} {'req/s':>8s} {'p50 ms':>7s} {'p99 ms':>7s} {'non2xx':>6s} {'mariadbd%':>9s} {'server%':>8s} {'mariadbd ms/req':>15s} {'foreign%':>8s}")
for label, url, ids, pid in servers:
    xs = [x for x in rows if x["label"] == label]
    med = lambda k: statistics.median(x[k] for x in xs)
    mcpu = statistics.median(x["cpu"]["proc_pct_of_one_core"].get(mysqld, 0) for x in xs)
    scpu = statistics.median(x["cpu"]["proc_pct_of_one_core"].get(pid, 0) for x in xs) if pid else float("nan")
    ms_per = statistics.median(10 * x["cpu"]["proc_pct_of_one_core"].get(mysqld, 0) / x["rps"] for x in xs)
    print(f"{label:22s} {med('rps'):8.1f} {med('p50_ms'):7.2f} {med('p99_ms'):7.2f} {sum(x['non2xx'] for x in xs):6d} {mcpu:9.1f} {scpu:8.1f} {ms_per:15.3f} {statistics.median(x['foreign_pct_of_one_core'] for x in xs):8.1f}")
