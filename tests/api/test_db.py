"""The pool's retry rule: a lost connection is retried once on a fresh one; an integrity
error is never retried."""

import asyncio
import threading
import time

import pymysql
import pytest

from api.db import Database, connect_sync


def kill_when_running(db_url, marker):
    """Kills (once) the connection that runs the statement containing marker."""
    def run():
        with connect_sync(db_url) as conn, conn.cursor() as cursor:
            for _ in range(200):
                cursor.execute("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE %s"
                               " AND INFO NOT LIKE '%%PROCESSLIST%%'", (f"%{marker}%",))
                row = cursor.fetchone()
                if row:
                    cursor.execute(f"KILL CONNECTION {int(row['ID'])}")
                    return
                time.sleep(0.01)
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_connection_lost_during_a_query_is_retried_once_on_a_fresh_one(db_url):
    async def scenario():
        db = Database(db_url.url(), 1, 1)
        await db.start()
        try:
            first = await db.fetch_val("SELECT CONNECTION_ID()")
            killer = kill_when_running(db_url, "retry_marker")
            row = await db.fetch_one("SELECT CONNECTION_ID() AS id, SLEEP(0.5) AS retry_marker")
            killer.join()
            return first, row["id"]
        finally:
            await db.stop()
    first, answered_by = asyncio.run(scenario())
    assert answered_by != first


def test_an_integrity_error_is_raised_at_once_and_not_retried(db_url, sql):
    def inserts():
        with sql.cursor() as cursor:
            cursor.execute("SHOW GLOBAL STATUS LIKE 'Com_insert'")
            return int(cursor.fetchone()["Value"])

    async def scenario():
        db = Database(db_url.url(), 1, 1)
        await db.start()
        try:
            await db.execute("INSERT INTO account (name, code) VALUES ('Once', 'retry-once')")
            before = inserts()
            with pytest.raises(pymysql.err.IntegrityError):
                await db.execute("INSERT INTO account (name, code) VALUES ('Twice', 'retry-once')")
            return inserts() - before
        finally:
            await db.stop()
    assert asyncio.run(scenario()) == 1
