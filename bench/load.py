"""Fills a database of this API with the shape ../shared/peers/seedstack/load.py gives the old
stack (accounts x events x sessions, tracks per event, the same names and dates, so a search
term matches the same fraction), through the real schema (aether migrate), and writes the
harness's ids file. Run by hand:

    .venv/bin/python bench/load.py --db mysql://root@127.0.0.1:3306/aether_bench --out /tmp/aether-ids.json

Rows go in as multi-row INSERTs with integer ids assigned here, parents before children; each
account gets a write-role API key (the harness's nested_create needs it).
"""

import argparse
import hashlib
import json
import random
import secrets
import time
from datetime import datetime, timedelta

from api.db import DbUrl, connect_sync
from api.migrate import migrate

ADJ = "Advanced Applied Modern Practical Future Open Secure Scalable Rapid Hidden Deep Hybrid".split()
TOPIC = ("Data Cloud Security Design Research Health Energy Finance Robotics Climate Music Language "
         "Privacy Networks Compilers Databases Vision Ethics Education Mobility").split()
KIND = "Workshop Keynote Panel Tutorial Talk Roundtable Demo Poster".split()
WORDS = ("the a of and to in for with on from new how we our results method system study model "
         "approach case practice lessons open source scale field people team").split()
BASE_DAY = datetime(2025, 1, 6, 9, 0)
SESSION_COLUMNS = ("id", "id_random", "account_id", "event_id", "event_track_id", "name", "description",
                   "start_on", "end_on", "sort", "hide")


def id_random():
    return secrets.token_urlsafe(8)[:11]


def insert(cursor, table, columns, rows):
    if rows:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                           rows)


def session(rng, number, account, event, tracks, k, event_start):
    name = f"{rng.choice(ADJ)} {rng.choice(TOPIC)} {rng.choice(KIND)} {k + 1}"
    description = " ".join(rng.choices(WORDS, k=rng.randint(20, 40))).capitalize() + "."
    start = event_start + timedelta(minutes=30 * (k % 20), days=k // 20)
    track = None if k % 5 == 4 or not tracks else tracks[k % len(tracks)]
    return (number, id_random(), account, event, track, name, description, start,
            start + timedelta(minutes=45), k, int(k % 20 == 19))


def load(cursor, args):
    rng = random.Random(args.seed)
    total = args.accounts * args.events_per_account * args.sessions_per_event
    wanted = set(rng.sample(range(total), min(args.samples, total)))
    samples, sessions, n, event_id, track_id = [], [], 0, 0, 0
    for account in range(1, args.accounts + 1):
        account_random, key = id_random(), "ae_bench_" + secrets.token_urlsafe(24)
        insert(cursor, "account", ("id", "id_random", "name"), [(account, account_random, f"Account {account}")])
        insert(cursor, "api_key", ("account_id", "role", "name", "key_hash", "key_prefix"),
               [(account, "write", "bench", hashlib.sha256(key.encode()).hexdigest(), key[:10])])
        events, tracks = [], []
        for _ in range(args.events_per_account):
            event_id += 1
            event_random, start = id_random(), BASE_DAY + timedelta(days=rng.randint(0, 1000))
            events.append((event_id, event_random, account, f"Event {event_id}", start, start + timedelta(days=3)))
            track_ids = []
            for t in range(args.tracks_per_event):
                track_id += 1
                track_ids.append(track_id)
                tracks.append((track_id, id_random(), account, event_id, f"Track {t + 1}", t))
            for k in range(args.sessions_per_event):
                row = session(rng, n + 1, account, event_id, track_ids, k, start)
                if n in wanted:
                    samples.append({"api_key": key, "account_id_random": account_random,
                                    "event_id_random": event_random, "session_id_random": row[1],
                                    "term": row[5].split()[1], "since": start.isoformat()})
                sessions.append(row)
                n += 1
        insert(cursor, "event", ("id", "id_random", "account_id", "name", "start_on", "end_on"), events)
        insert(cursor, "event_track", ("id", "id_random", "account_id", "event_id", "name", "sort"), tracks)
        if len(sessions) >= args.batch or account == args.accounts:
            insert(cursor, "event_session", SESSION_COLUMNS, sessions)
            cursor.execute("COMMIT")
            sessions = []
    for table in ("account", "api_key", "event", "event_track", "event_session"):
        cursor.execute(f"ANALYZE TABLE {table}")
    rng.shuffle(samples)
    return {"db": args.db, "accounts": args.accounts, "events": event_id, "tracks": track_id, "sessions": n,
            "samples": samples}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="mysql://root@127.0.0.1:3306/aether_bench")
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--events-per-account", type=int, default=10)
    parser.add_argument("--sessions-per-event", type=int, default=100)
    parser.add_argument("--tracks-per-event", type=int, default=4)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="aether-ids.json")
    args = parser.parse_args()
    started = time.perf_counter()
    url = DbUrl.parse(args.db)
    with connect_sync(url, database=False) as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{url.database}`")
    migrate(url, say=lambda *_: None)
    with connect_sync(url) as conn, conn.cursor() as cursor:
        cursor.execute("SET unique_checks = 0, foreign_key_checks = 0, autocommit = 0")
        ids = load(cursor, args)
    with open(args.out, "w") as out:
        json.dump({**ids, "db": url.database}, out, indent=1)
    print(f"loaded {ids['sessions']:,} sessions in {time.perf_counter() - started:.1f} s; "
          f"{len(ids['samples'])} samples -> {args.out}")


if __name__ == "__main__":
    main()
