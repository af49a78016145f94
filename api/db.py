"""The one place that opens database connections: the API's pool, the command line, the tests.

Every connection runs in strict SQL mode and in UTC. SQL is written with pyformat
parameters (`%(name)s`); values are always bound, never interpolated.
"""

import asyncio
import collections
import contextlib
import logging
import random
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote, urlencode, urlsplit

import asyncmy.errors
import databases
import pymysql
import pymysql.cursors
from asyncmy.cursors import Cursor, DictCursor

SQL_MODE = (
    "STRICT_TRANS_TABLES,STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,"
    "NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION,NO_ZERO_DATE,NO_ZERO_IN_DATE"
)
# A write waits at most 5 s for a row lock (then 1205: the API retries, then answers 503).
SESSION_INIT = f"SET SESSION sql_mode='{SQL_MODE}', time_zone='+00:00', innodb_lock_wait_timeout=5"
CONNECT_TIMEOUT = 3
# Client-side errors that mean the connection, not the statement, failed.
LOST_CONNECTION = {2003, 2006, 2013, 2014, 2045, 2055}
# A deadlock, a lock wait timeout or a failed wait for an AUTO-INC lock (1467) rolled the
# statement's whole transaction back (every write procedure owns its transaction), so running
# the statement again is safe.
TRANSIENT = {1205, 1213, 1467}
TRANSIENT_ATTEMPTS = 6

log = logging.getLogger("aether.db")


class DatabaseUnavailable(Exception):
    """MariaDB does not answer: the API answers 503 until it does."""


class DatabaseBusy(Exception):
    """Deadlocks or lock waits outlasted every retry: the API answers 503 with Retry-After."""


class CommitUnknown(DatabaseUnavailable):
    """The connection was lost while COMMIT ran: the writes may or may not have been kept."""


class TransactionLeftOpen(Exception):
    """A statement ended with a transaction still open: a defect of the routine it called."""


@dataclass(frozen=True)
class DbUrl:
    user: str
    password: str
    host: str
    port: int
    database: str

    @classmethod
    def parse(cls, url):
        parts = urlsplit(url)
        if parts.scheme not in ("mysql", "mariadb"):
            raise ValueError(f"database URL must start with mysql://, not {parts.scheme or url!r}")
        return cls(
            user=unquote(parts.username or "root"),
            password=unquote(parts.password or ""),
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 3306,
            database=parts.path.lstrip("/"),
        )

    def with_database(self, name):
        return replace(self, database=name)

    def _netloc(self):
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"{auth}@{self.host}:{self.port}"

    def for_yoyo(self):
        return f"mysql://{self._netloc()}/{self.database}?" + urlencode({"init_command": SESSION_INIT})

    def for_databases(self):
        return f"mysql+asyncmy://{self._netloc()}/{self.database}"

    def url(self):
        return f"mysql://{self._netloc()}/{self.database}"

    def __str__(self):
        """For messages: never the password."""
        return f"mysql://{quote(self.user, safe='')}@{self.host}:{self.port}/{self.database}"


def connect_sync(url, *, database=True):
    """A blocking connection for the command line, migrations and SQL tests."""
    url = DbUrl.parse(url) if isinstance(url, str) else url
    return pymysql.connect(
        host=url.host,
        port=url.port,
        user=url.user,
        password=url.password,
        database=url.database if database else None,
        autocommit=True,
        charset="utf8mb4",
        init_command=SESSION_INIT,
        connect_timeout=CONNECT_TIMEOUT,
        cursorclass=pymysql.cursors.DictCursor,
    )


async def _statement(raw, sql, values, fetch, cursor_class):
    """No connection goes back to the pool inside a transaction: after an error it is rolled
    back; a statement that succeeds but leaves one open is rolled back and refused."""
    try:
        async with raw.cursor(cursor_class) as cursor:
            await cursor.execute(sql, values)
            result = await fetch(cursor)
    except asyncmy.errors.MySQLError:
        await _rollback(raw)
        raise
    if raw.get_transaction_status():
        await _rollback(raw)
        raise TransactionLeftOpen(sql.split("(", 1)[0][:80])
    return result


class NewestFirst(collections.deque):
    """asyncmy's pool takes free connections first in, first out: at low concurrency each query
    goes to another MariaDB thread in turn, colder each time (a serial GET cost 0.73 to 0.83 ms
    through a pool of 10, 0.50 to 0.59 ms through a pool of 1). Its checkout reads `free[0]` and
    `free.popleft()`, and its sweep only `free[-1]`, so this deque hands out the connection
    released last."""

    def __getitem__(self, index):
        return super().__getitem__(-1 if index == 0 else index)

    def popleft(self):
        return self.pop()


def reuse_the_newest(pool):
    pool._free = NewestFirst(pool._free, maxlen=pool._free.maxlen)


def as_pymysql(exc):
    """The driver's error as the PyMySQL error of the same class and arguments: the rest of the
    API (and the command line and tests, which use PyMySQL) knows one vocabulary."""
    return getattr(pymysql.err, type(exc).__name__, pymysql.err.OperationalError)(*exc.args)


def is_lost_connection(exc):
    if isinstance(exc, (ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError)):
        return True
    return isinstance(exc, pymysql.err.OperationalError) and exc.args and exc.args[0] in LOST_CONNECTION


class Database:
    """One pool per process. A database that is down makes requests fail with
    DatabaseUnavailable (503) instead of crashing; the pool reconnects by itself."""

    def __init__(self, url, pool_size=10, max_overflow=10, read_timeout=10):
        self.url = DbUrl.parse(url) if isinstance(url, str) else url
        # Every SELECT the API runs is aborted by MariaDB after this many seconds (1969).
        self.read_prefix = f"SET STATEMENT max_statement_time={float(read_timeout)} FOR " if read_timeout else ""
        self._db = databases.Database(
            self.url.for_databases(),
            min_size=pool_size,
            max_size=pool_size + max_overflow,
            init_command=SESSION_INIT,
            connect_timeout=CONNECT_TIMEOUT,
            charset="utf8mb4",
        )
        self._connecting = asyncio.Lock()

    async def start(self):
        try:
            await self._ensure_connected()
        except DatabaseUnavailable as exc:
            log.warning("database not reachable at start (%s); answering 503 until it is", exc)

    async def stop(self):
        if self._db.is_connected:
            await self._db.disconnect()

    async def _ensure_connected(self):
        if self._db.is_connected:
            return
        async with self._connecting:
            if self._db.is_connected:
                return
            try:
                await self._db.connect()
            except Exception as exc:
                raise DatabaseUnavailable(f"cannot connect to {self.url}") from exc
            reuse_the_newest(self._db._backend._pool)

    async def _run(self, sql, values, fetch, write=None, cursor_class=DictCursor):
        """Runs one statement on a pooled connection. A lost connection is retried once on a
        fresh one, for reads only (a write may have committed before the connection died);
        deadlocks and lock waits are retried a few times, then answered DatabaseBusy. A
        statement is a read when it starts with SELECT, else a write, unless `write` says."""
        await self._ensure_connected()
        write = not is_select(sql) if write is None else write
        lost = transient = 0
        while True:
            try:
                return await self._once(self._bounded(sql, write), values, fetch, cursor_class)
            except Exception as exc:
                if is_lost_connection(exc) and not write and lost == 0:
                    lost += 1
                    log.info("lost a database connection (%s); retrying once on a fresh one", exc)
                elif is_lost_connection(exc):
                    raise DatabaseUnavailable(str(exc)) from exc
                elif errno(exc) in TRANSIENT and transient < TRANSIENT_ATTEMPTS - 1:
                    transient += 1
                    await asyncio.sleep(random.uniform(0.005, 0.01) * 2 ** transient)
                elif errno(exc) in TRANSIENT:
                    raise DatabaseBusy(str(exc)) from exc
                else:
                    raise

    def _bounded(self, sql, write):
        return self.read_prefix + sql if not write and is_select(sql) else sql

    async def _once(self, sql, values, fetch, cursor_class):
        try:
            async with self._db.connection() as conn:
                return await _statement(conn.raw_connection, sql, values, fetch, cursor_class)
        except asyncmy.errors.MySQLError as exc:
            raise as_pymysql(exc) from exc

    async def fetch_all(self, sql, values=None, write=None):
        return await self._run(sql, values, lambda cursor: cursor.fetchall(), write)

    async def fetch_one(self, sql, values=None, write=None):
        return await self._run(sql, values, lambda cursor: cursor.fetchone(), write)

    async def fetch_column(self, sql, values=None):
        """The first column of every row: no dict per row."""
        return await self._run(sql, values, _first_column, False, Cursor)

    async def fetch_val(self, sql, values=None):
        row = await self.fetch_one(sql, values)
        return None if row is None else next(iter(row.values()))

    async def execute(self, sql, values=None, write=True):
        return await self._run(sql, values, _rowcount, write)


    @contextlib.asynccontextmanager
    async def transaction(self):
        """One pinned connection inside START TRANSACTION ... COMMIT, for a caller that must know
        whether its writes were kept: a failure before COMMIT rolls them back (MariaDB rolls
        back the transaction of a connection that dies); a connection lost during COMMIT raises
        CommitUnknown. Nothing is retried."""
        await self._ensure_connected()
        async with contextlib.AsyncExitStack() as stack:
            raw = await _lost_is_unavailable(self._begin(stack))
            try:
                yield Transaction(raw)
            except BaseException:
                await _rollback(raw)
                raise
            try:
                await raw.commit()
            except Exception as exc:
                raise CommitUnknown(str(exc)) from exc

    async def _begin(self, stack):
        conn = await stack.enter_async_context(self._db.connection())
        await conn.raw_connection.begin()
        return conn.raw_connection


async def _lost_is_unavailable(step):
    try:
        return await step
    except asyncmy.errors.MySQLError as exc:
        raise _unavailable_if_lost(as_pymysql(exc)) from exc
    except (ConnectionError, asyncio.IncompleteReadError, OSError) as exc:
        raise DatabaseUnavailable(str(exc)) from exc


class Transaction:
    def __init__(self, raw):
        self._raw = raw

    async def fetch_one(self, sql, values=None):
        return await _lost_is_unavailable(self._fetch_one(sql, values))

    async def _fetch_one(self, sql, values):
        async with self._raw.cursor(DictCursor) as cursor:
            await cursor.execute(sql, values)
            return await cursor.fetchone()


def _unavailable_if_lost(exc):
    return DatabaseUnavailable(str(exc)) if is_lost_connection(exc) else exc


def is_select(sql):
    return sql[:7].upper() == "SELECT "


def errno(exc):
    return exc.args[0] if isinstance(exc, pymysql.err.MySQLError) and exc.args else None


async def _rollback(raw):
    try:
        await raw.rollback()
    except Exception as exc:
        log.warning("could not roll back a failed statement's connection: %s", exc)


async def _first_column(cursor):
    return [row[0] for row in await cursor.fetchall()]


async def _rowcount(cursor):
    return cursor.rowcount
