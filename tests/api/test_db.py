"""The pool's rules: a lost connection is retried once on a fresh one, for reads only; an
integrity error is never retried; no connection goes back to the pool inside a transaction;
reads have a server-side time limit."""

import asyncio
import threading
import time

import pymysql
import pytest

from api.db import Database, DatabaseBusy, DatabaseUnavailable, TransactionLeftOpen, connect_sync
from api.problems import from_db_error


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


def in_a_pool(db_url, scenario, **options):
    async def run():
        db = Database(db_url.url(), 1, 1, **options)
        await db.start()
        try:
            return await scenario(db)
        finally:
            await db.stop()
    return asyncio.run(run())


def test_a_write_whose_connection_is_lost_is_not_sent_again(db_url):
    async def scenario(db):
        killer = kill_when_running(db_url, "write_marker")
        with pytest.raises(DatabaseUnavailable):
            await db.execute("SELECT SLEEP(0.5) AS write_marker")
        killer.join()
        return await db.fetch_val("SELECT 1")
    assert in_a_pool(db_url, scenario) == 1


def test_a_statement_that_leaves_a_transaction_open_is_rolled_back_and_refused(db_url):
    async def scenario(db):
        with pytest.raises(TransactionLeftOpen):
            await db.execute("START TRANSACTION")
        return await db.fetch_val("SELECT @@in_transaction")
    assert in_a_pool(db_url, scenario) == 0


def test_a_failed_statement_leaves_no_transaction_on_its_connection(db_url):
    async def scenario(db):
        await db.execute("SET autocommit = 0")
        with pytest.raises(pymysql.err.IntegrityError):
            await db.execute("INSERT INTO account (id, name) VALUES (1, 'clash'), (1, 'clash')")
        transaction = await db.fetch_val("SELECT @@in_transaction")
        await db.execute("SET autocommit = 1")
        return transaction
    assert in_a_pool(db_url, scenario) == 0


def test_a_read_that_runs_too_long_is_stopped_by_the_server(db_url):
    async def scenario(db):
        with pytest.raises(pymysql.err.MySQLError) as raised:
            await db.fetch_val("SELECT SLEEP(3)")
        return raised.value.args[0]
    assert in_a_pool(db_url, scenario, read_timeout=0.3) == 1969


def test_busy_writes_are_answered_503_with_retry_after():
    problem = from_db_error(_busy())
    assert (problem.status, problem.code, problem.headers) == (503, "db_busy", {"Retry-After": "1"})


def _busy():
    try:
        try:
            raise pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock")
        except pymysql.err.OperationalError as exc:
            raise DatabaseBusy(str(exc)) from exc
    except DatabaseBusy as busy:
        return busy


def test_queries_one_at_a_time_stay_on_the_connection_released_last(db_url):
    """The pool hands out the warmest connection: at low concurrency one MariaDB thread serves
    every query, instead of each of the pool's connections in turn."""
    async def scenario():
        db = Database(db_url.url(), 4, 0)
        await db.start()
        try:
            together = await asyncio.gather(*(db.fetch_val("SELECT CONNECTION_ID() + SLEEP(0.05) * 0")
                                              for _ in range(4)))
            one_by_one = [await db.fetch_val("SELECT CONNECTION_ID()") for _ in range(8)]
            again = await asyncio.gather(*(db.fetch_val("SELECT CONNECTION_ID() + SLEEP(0.05) * 0")
                                           for _ in range(4)))
            return together, one_by_one, again
        finally:
            await db.stop()
    together, one_by_one, again = asyncio.run(scenario())
    assert len(set(together)) == 4 and len(set(one_by_one)) == 1 and set(again) == set(together)
