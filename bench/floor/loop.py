"""The API's GET-one SELECT in a plain asyncio loop (uvloop), one asyncmy connection, 1 task, no HTTP.

    taskset -c 0 .venv/bin/python loop.py --duration 10 [--sql-file select_one.sql]
"""
import argparse, asyncio, json, os, sys, time
import uvloop
sys.path.insert(0, os.path.dirname(__file__))
import apps

async def main(a):
    await apps.startup()
    keys = apps.state["keys"]
    ids = json.load(open(apps.IDS))["samples"]
    params = [(keys[s["api_key"].encode()], s["session_id_random"]) for s in ids]
    sql = open(a.sql_file).read().strip() if a.sql_file else apps.SELECT_ONE
    conn = apps.state["conn"]
    async def one(p):
        async with conn.cursor() as cur:
            await cur.execute(sql, p)
            return await cur.fetchone()
    for p in params[:200]:
        await one(p)
    lat, miss, i = [], 0, 0
    t0 = time.perf_counter(); end = t0 + a.duration
    while True:
        t = time.perf_counter()
        if t >= end: break
        i += 1
        miss += (await one(params[i % len(params)])) is None
        lat.append(time.perf_counter() - t)
    secs = time.perf_counter() - t0
    lat.sort()
    pct = lambda q: round(1e3 * lat[int(q / 100 * (len(lat) - 1))], 3)
    print(json.dumps({"label": "loop_1conn", "queries": len(lat), "qps": round(len(lat) / secs, 1),
                      "p50_ms": pct(50), "p99_ms": pct(99), "missing_rows": miss}))
    await apps.shutdown()

p = argparse.ArgumentParser(); p.add_argument("--duration", type=int, default=10); p.add_argument("--sql-file")
uvloop.install(); asyncio.run(main(p.parse_args()))
